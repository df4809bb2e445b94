#!/usr/bin/env bash
# Builds the libFuzzer targets for the parsers (tests/fuzz/<target>.c) into build/fuzz/ and
# runs each for FUZZ_SECONDS (default 60) on a copy of its committed corpus. Fails when a
# target does not build or a run finds a crash, leak or sanitizer error.
#   FUZZ_SECONDS=10 scripts/fuzz.sh            all targets
#   scripts/fuzz.sh cookie json                some of them
set -euo pipefail
cd "$(dirname "$0")/.."

secs=${FUZZ_SECONDS:-60}
cc=${FUZZ_CC:-clang}
out=build/fuzz
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(urlencoded multipart cookie json)

# The parsers and what they need from the core, compiled straight into every target.
core=(fcgi/core/form.c fcgi/core/multipart.c fcgi/core/cookie.c fcgi/core/json.c fcgi/core/arena.c)
cflags=(-std=c17 -D_GNU_SOURCE -g -O1 -Wall -Wextra -fno-omit-frame-pointer
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Ifcgi/core)
read -r -a pkg_cflags <<<"$(pkg-config --cflags jansson)"
read -r -a pkg_libs <<<"$(pkg-config --libs jansson)"

mkdir -p "$out"
failed=()
for t in "${targets[@]}"; do
	echo "== fuzz $t: build"
	"$cc" "${cflags[@]}" "${pkg_cflags[@]}" -o "$out/$t" "tests/fuzz/$t.c" "${core[@]}" \
		"${pkg_libs[@]}"
	work="$out/$t-corpus"
	rm -rf "$work"
	cp -r "tests/fuzz/corpus/$t" "$work"
	echo "== fuzz $t: ${secs}s"
	if "$out/$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$out/$t-" -print_final_stats=1 "$work" >"$out/$t.log" 2>&1; then
		grep -E '^stat::number_of_executed_units|^Done' "$out/$t.log" || true
	else
		echo "!! fuzz $t failed; the log is $out/$t.log, the input $out/$t-crash-*:"
		tail -n 40 "$out/$t.log"
		failed+=("$t")
	fi
done
if [ ${#failed[@]} -gt 0 ]; then
	echo "fuzz: failed: ${failed[*]}"
	exit 1
fi
echo "fuzz: ${#targets[@]} targets clean"
