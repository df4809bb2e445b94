/* Unit tests for fcgi/core/json.c: JSON request bodies. */
#include <jansson.h>

#include "unit.h"


/* Parses a NUL-terminated body. */
static json_t *parse(const char *s, const char **err)
{
	return json_body_parse(&A, s, strlen(s), err);
}

/* Asserts that s is refused with a message containing want. */
static void refused(const char *s, size_t len, const char *want)
{
	const char *err = NULL;
	json_t *v = json_body_parse(&A, s, len, &err);
	if (v != NULL)
		fail_msg("accepted %.*s", (int)len, s);
	assert_non_null(err);
	if (strstr(err, want) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err, want);
}

static void test_object(void **state)
{
	const char *err = "unset";
	(void)state;
	json_t *v = parse(" {\"name\": \"Z\\u00fcrich\", \"n\": [1, 2.5, true, null]}\n", &err);
	assert_non_null(v);
	assert_null(err);
	assert_true(json_is_object(v));
	assert_string_equal(json_string_value(json_object_get(v, "name")), "Z\xc3\xbcrich");
	assert_int_equal(json_array_size(json_object_get(v, "n")), 4);
	/* the arena holds the only reference and drops it at reset (ASan would see a leak) */
	assert_int_equal(v->refcount, 1);
}

static void test_scalars(void **state)
{
	const char *err;
	(void)state;
	json_t *v = parse("42", &err);
	assert_non_null(v);
	assert_int_equal(json_integer_value(v), 42);
	v = parse("\"s\"", &err);
	assert_non_null(v);
	assert_string_equal(json_string_value(v), "s");
	assert_non_null(parse("null", &err));
	assert_non_null(parse("[]", NULL)); /* err may be NULL */
}

static void test_duplicates(void **state)
{
	(void)state;
	refused("{\"x\": 1, \"x\": 2}", 16, "duplicate");
	refused("{\"a\": {\"x\": 1, \"x\": 2}}", 23, "line 1");
	const char *err;
	assert_non_null(parse("{\"x\": 1, \"y\": {\"x\": 2}}", &err)); /* same key, other object */
}

static void test_syntax(void **state)
{
	(void)state;
	refused("", 0, "empty");
	refused("{", 1, "line");
	refused("[1,]", 4, "line 1");
	refused("{\"a\":1}\n{\"b\":2}", 15, "line 2"); /* one value only */
	refused("1 2", 3, "line");
	refused("{'a': 1}", 8, "line");
	refused("[\"a\nb\"]", 7, "line");              /* raw control byte in a string */
	const char *err;
	assert_null(json_body_parse(&A, NULL, 0, &err));
	assert_non_null(err);
}

static void test_utf8(void **state)
{
	(void)state;
	refused("\"\xc0\xaf\"", 4, "line");             /* overlong */
	refused("\"\xed\xa0\x80\"", 5, "line");         /* surrogate */
	refused("\"\\ud800\"", 8, "line");              /* escaped lone surrogate */
	refused("\"\xff\"", 3, "line");
	refused("\xef\xbb\xbf{}", 5, "line");           /* byte-order mark */
	refused("{\"a\":1}\0", 8, "NUL");
	refused("\"a\\u0000b\"", 10, "line");           /* escaped NUL */
	const char *err = "unset";
	assert_non_null(parse("\"\xf0\x9f\x98\x80\"", &err));
	assert_null(err);
}

static void test_error_is_ascii(void **state)
{
	const char *err;
	(void)state;
	/* jansson quotes the input after "near"; the message stays printable ASCII */
	assert_null(json_body_parse(&A, "[\"\xc3\xa9\", \x01]", 10, &err));
	assert_non_null(err);
	for (const char *c = err; *c != '\0'; c++)
		assert_true(*c >= 0x20 && *c <= 0x7e);
}

/* n nested arrays around 0: "[[[0]]]" for n = 3. */
static char *nested(size_t n, char open, char close)
{
	char *s = arena_alloc(&A, 2 * n + 2);
	memset(s, open, n);
	s[n] = '0';
	memset(s + n + 1, close, n);
	s[2 * n + 1] = '\0';
	return s;
}

static void test_depth(void **state)
{
	const char *err;
	(void)state;
	assert_non_null(parse(nested(32, '[', ']'), &err));
	refused(nested(33, '[', ']'), 67, "deeper than 32");
	refused(nested(3000, '[', ']'), 6001, "line"); /* jansson's own limit */
	/* objects count too */
	char obj[400] = "";
	size_t n = 0;
	for (int i = 0; i < 33; i++)
		n += (size_t)snprintf(obj + n, sizeof(obj) - n, "{\"a\":");
	obj[n++] = '1';
	memset(obj + n, '}', 33);
	obj[n + 33] = '\0';
	refused(obj, strlen(obj), "deeper than 32");
	obj[strlen(obj) - 1] = '\0';
	assert_non_null(parse(obj + 5, &err)); /* 32 levels */
	assert_non_null(parse("[{\"a\":[{}]}, 1]", &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_object, reset),
		cmocka_unit_test_teardown(test_scalars, reset),
		cmocka_unit_test_teardown(test_duplicates, reset),
		cmocka_unit_test_teardown(test_syntax, reset),
		cmocka_unit_test_teardown(test_utf8, reset),
		cmocka_unit_test_teardown(test_error_is_ascii, reset),
		cmocka_unit_test_teardown(test_depth, reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
