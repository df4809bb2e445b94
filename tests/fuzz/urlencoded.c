/* libFuzzer target: form_parse_urlencoded and field_check against one field of each kind. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define CHECK(x) ((x) ? (void)0 : abort())

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const char *const colours[] = {"red", "green", "blue", NULL};
static const struct field_decl decls[] = {
	{"name", FIELD_TEXT, 1, 40, 0, 0, NULL},
	{"bio", FIELD_LINES, 0, 200, 0, 0, NULL},
	{"password", FIELD_SECRET, 8, 128, 0, 0, NULL},
	{"email", FIELD_EMAIL, 0, 254, 0, 0, NULL},
	{"n", FIELD_INT, 0, 0, -1000, 1000000, NULL},
	{"colour", FIELD_ENUM, 0, 0, 0, 0, colours},
	{"agree", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"token", FIELD_TOKEN, 16, 64, 0, 0, NULL},
	{"date", FIELD_DATE, 0, 0, 0, 0, NULL},
};
#define NDECLS (sizeof(decls) / sizeof(decls[0]))

/* Aborts unless v obeys the field_value contract. */
static void check_value(const struct field_decl *d, const struct field_value *v)
{
	if (!v->present) {
		CHECK(v->s == NULL || (v->err == FERR_NONE && v->len == 0));
		return;
	}
	CHECK(v->err == FERR_NONE && v->s != NULL && strlen(v->s) == v->len);
	if (d->kind <= FIELD_SECRET || d->kind == FIELD_TOKEN)
		CHECK(v->len >= d->minlen && v->len <= d->maxlen);
	if (d->kind == FIELD_EMAIL)
		CHECK(v->len <= 254 && strchr(v->s, '@') != NULL && strpbrk(v->s, "\r\n ") == NULL);
	if (d->kind == FIELD_INT)
		CHECK(v->i >= d->min && v->i <= d->max);
	if (d->kind == FIELD_TEXT)
		CHECK(strpbrk(v->s, "\r\n") == NULL);
}

/* Runs the parser on one input and checks its contract; returns 0 (libFuzzer's convention). */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct arena a;
	static int ready;
	struct form f;
	struct field_value v;
	const unsigned all[] = {0, 3, 4};

	if (!ready) {
		arena_init(&a);
		ready = 1;
	}
	form_init(&a, &f, decls, NDECLS);
	if (form_parse_urlencoded(&a, &f, (const char *)data, size) == 0) {
		for (size_t i = 0; i < NDECLS; i++)
			check_value(&decls[i], &f.v[i]);
		(void)form_ok(&f);
		if (form_require(&f, all, 3) == 0)
			CHECK(f.v[0].present && f.v[3].present && f.v[4].present);
	}
	/* the raw bytes against one declaration, chosen by the first byte */
	if (size > 0) {
		const struct field_decl *d = &decls[data[0] % NDECLS];
		(void)field_check(&a, d, (const char *)data + 1, size - 1, &v);
		check_value(d, &v);
	}
	arena_reset(&a);
	return 0;
}
