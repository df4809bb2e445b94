# Kontor: build, run, test, bench.  Plain GNU make, no configure.
#   make run     install what is missing, build, start the whole stack on https://localhost:8443
#   make test    install what is missing, build with -Werror, unit tests (plain and ASan/UBSan),
#                end-to-end and browser tests against a private stack
#   make bench   wrk against a private stack: static file, login page, home page
#   make fuzz    libFuzzer targets for the parsers (FUZZ_SECONDS each, default 60)

CC ?= cc
PKGS := libxslt libxml-2.0 jansson libsodium libcurl liboath libqrencode libmagic
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null) $(shell mariadb_config --include 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null) $(shell mariadb_config --libs 2>/dev/null) -lfcgi -lcrack -lexslt -lm

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
        -Wcast-qual -fno-common -fstack-protector-strong
ifeq ($(WERROR),1)
WARN += -Werror
endif
OPT ?= -O2 -g
CFLAGS_ALL := -std=c17 -D_GNU_SOURCE $(WARN) $(OPT) -Ifcgi/core $(PKG_CFLAGS) $(CFLAGS)
# mimalloc as the allocator: libxml2/libxslt spend a third of their time in malloc/free
# (measured in ../shared/notes/rendering-performance.md; see README for our figures).
ALLOC_LIBS ?= -lmimalloc

B := build
ifeq ($(SAN),1)
B := build-san
CFLAGS_ALL += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN := -fsanitize=address,undefined
ALLOC_LIBS :=
endif

LIBS = $(PKG_LIBS) $(ALLOC_LIBS)

CORE_SRC := $(wildcard fcgi/core/*.c)
CORE_OBJ := $(CORE_SRC:fcgi/%.c=$(B)/%.o)
AREAS := $(filter-out core worker ctl,$(notdir $(wildcard fcgi/*)))
BINS := $(AREAS:%=bin/%) bin/worker bin/kontorctl
UNIT_SRC := $(wildcard tests/unit/*/*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

.PHONY: all deps run test unit e2e fuzz bench install clean check-werror
all: $(BINS)

# A change of flags (WERROR, SAN, allocator) rebuilds everything: the stamp's name is a hash
# of them, so a new set of flags is a new, missing prerequisite.
FLAGS_STAMP := $(B)/.flags-$(shell echo '$(CFLAGS_ALL) $(PKG_LIBS) $(ALLOC_LIBS)' | md5sum | cut -c1-12)
$(FLAGS_STAMP):
	@mkdir -p $(B)
	@rm -f $(B)/.flags-*
	@touch $@

$(B)/%.o: fcgi/%.c fcgi/core/core.h $(wildcard fcgi/*/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(CFLAGS_ALL) -c -o $@ $<

$(B)/libcore.a: $(CORE_OBJ)
	ar rcs $@ $^

# An area that applies another area's rules links that area's rule files (the API and
# kontorctl change organizations through fcgi/org's members, invitations and coordinates).
ORG_RULES := org/sql org/members org/invite org/coords org/vat
ORG_PAGES := $(ORG_RULES) org/context
PRODUCT_RULES := products/sql products/tags products/tag_color
USES_api := $(ORG_RULES) $(PRODUCT_RULES)
USES_ctl := $(ORG_RULES)
USES_products := $(ORG_PAGES)

# One executable per folder of fcgi/ (core is the library, ctl builds kontorctl).
define exe
bin/$(1): $$(patsubst fcgi/%.c,$$(B)/%.o,$$(wildcard fcgi/$(2)/*.c)) $$(USES_$(2):%=$$(B)/%.o) $$(B)/libcore.a
	@mkdir -p bin
	@echo "LD $$@"; $$(CC) $$(LDSAN) -o $$@ $$(filter %.o,$$^) $$(B)/libcore.a $$(LIBS)
endef
$(foreach a,$(AREAS) worker,$(eval $(call exe,$(a),$(a))))
$(eval $(call exe,kontorctl,ctl))

# Unit tests mirror the source path: tests/unit/core/test_form.c tests fcgi/core/form.c.
# A test may #include the .c under test to reach statics; it links the rest of libcore.
$(B)/tests/%: tests/unit/%.c $(B)/libcore.a tests/unit/unit.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@echo "CC $<"; $(CC) $(CFLAGS_ALL) -Wno-missing-prototypes -Itests/unit -o $@ $< $(B)/libcore.a $(LIBS) -lcmocka $(LDSAN)

deps:
	@scripts/deps.sh

run: deps all
	@scripts/stack.sh run

unit: $(UNIT_BIN)
	@scripts/unit.sh $(UNIT_BIN)

check-werror:
	$(MAKE) WERROR=1 all
	$(MAKE) WERROR=1 $(UNIT_BIN)
	$(MAKE) WERROR=1 SAN=1 $(patsubst $(B)/%,build-san/%,$(UNIT_BIN))

test: deps
	$(MAKE) WERROR=1 all
	$(MAKE) WERROR=1 unit
	$(MAKE) WERROR=1 SAN=1 unit
	@scripts/e2e.sh

e2e: deps all
	@scripts/e2e.sh

fuzz: deps
	@scripts/fuzz.sh

bench: all
	@scripts/bench.sh

install: all
	install -d $(DESTDIR)/usr/local/lib/kontor/bin
	install -m 755 $(BINS) $(DESTDIR)/usr/local/lib/kontor/bin/
	cp -r templates schema nginx $(DESTDIR)/usr/local/lib/kontor/

clean:
	rm -rf build build-san bin
