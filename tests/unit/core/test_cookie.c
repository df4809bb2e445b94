/* Unit tests for fcgi/core/cookie.c: the Cookie request header. */
#include "unit.h"


static void test_pairs(void **state)
{
	struct cookie c[8];
	(void)state;
	assert_int_equal(cookie_parse(&A, "a=b; __Host-sid=XyZ_09-; lang=de", c, 8), 3);
	assert_string_equal(c[0].name, "a");
	assert_string_equal(c[0].value, "b");
	assert_string_equal(c[1].name, "__Host-sid");
	assert_string_equal(c[1].value, "XyZ_09-");
	assert_string_equal(c[2].name, "lang");
	assert_string_equal(c[2].value, "de");
}

static void test_spacing(void **state)
{
	struct cookie c[8];
	(void)state;
	assert_int_equal(cookie_parse(&A, "a=1;b=2 ;  c=3\t; ", c, 8), 3);
	assert_string_equal(c[0].value, "1");
	assert_string_equal(c[1].name, "b");
	assert_string_equal(c[1].value, "2");
	assert_string_equal(c[2].name, "c");
	assert_string_equal(c[2].value, "3");
	assert_int_equal(cookie_parse(&A, "a=1;;b=2", c, 8), 2);
	assert_int_equal(cookie_parse(&A, "", c, 8), 0);
	assert_int_equal(cookie_parse(&A, "  ", c, 8), 0);
	assert_int_equal(cookie_parse(&A, NULL, c, 8), 0);
}

static void test_values(void **state)
{
	struct cookie c[8];
	(void)state;
	assert_int_equal(cookie_parse(&A, "q=\"quoted value\"; e=; eq=a=b==; h=\"", c, 8), 4);
	assert_string_equal(c[0].value, "quoted value");
	assert_string_equal(c[1].value, "");
	assert_string_equal(c[2].value, "a=b==");
	assert_string_equal(c[3].value, "\""); /* a lone quote is kept */
	assert_int_equal(cookie_parse(&A, "q=\"\"", c, 8), 1);
	assert_string_equal(c[0].value, "");
	assert_int_equal(cookie_parse(&A, "u=caf\xc3\xa9", c, 8), 1);
	assert_string_equal(c[0].value, "caf\xc3\xa9");
}

static void test_malformed(void **state)
{
	struct cookie c[8];
	(void)state;
	const char *bad[] = {
		"novalue", "a=1; novalue", "=v", " =v", "a b=1", "a,b=1", "a\"=1", "a(=1", "a@=1",
		"a/b=1", "a=1\x01", "a=\x7f", "\xc3\xa9=1", "a=1; b=2; =3",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int n = cookie_parse(&A, bad[i], c, 8);
		/* Malformed pairs are skipped; the well-formed ones around them stay. */
		int want = strncmp(bad[i], "a=1; b=2", 8) == 0 ? 2 : strncmp(bad[i], "a=1; ", 5) == 0 ? 1 : 0;
		if (n != want)
			fail_msg("header %zu (%s): %d pairs, want %d", i, bad[i], n, want);
		for (int k = 0; k < n; k++)
			assert_true(strchr("ab", c[k].name[0]) != NULL && c[k].name[1] == '\0');
	}
}

/* Regression (review S7): a sibling application's cookie must not hide the session. */
static void test_bug_odd_cookie_does_not_hide_others(void **state)
{
	struct cookie c[8];
	(void)state;
	int n = cookie_parse(&A, "cart[items]=3; __Host-kontor=abc; a b=1; lang=de", c, 8);
	assert_int_equal(n, 2);
	assert_string_equal(cookie_find(c, n, "__Host-kontor"), "abc");
	assert_string_equal(cookie_find(c, n, "lang"), "de");
}

static void test_max(void **state)
{
	struct cookie c[2];
	(void)state;
	assert_int_equal(cookie_parse(&A, "a=1; b=2; c=3; d=4", c, 2), 2);
	assert_string_equal(c[1].name, "b");
	/* what lies beyond max is not looked at */
	assert_int_equal(cookie_parse(&A, "a=1; b=2; bogus; =", c, 2), 2);
	assert_int_equal(cookie_parse(&A, "a=1; bogus", c, 2), 1);
	assert_int_equal(cookie_parse(&A, "a=1", c, 0), 0);
}

static void test_find(void **state)
{
	struct cookie c[8];
	(void)state;
	int n = cookie_parse(&A, "sid=first; lang=fr; sid=second; SID=upper", c, 8);
	assert_int_equal(n, 4);
	assert_string_equal(cookie_find(c, n, "sid"), "first");
	assert_string_equal(cookie_find(c, n, "lang"), "fr");
	assert_string_equal(cookie_find(c, n, "SID"), "upper");
	assert_null(cookie_find(c, n, "si"));
	assert_null(cookie_find(c, n, "missing"));
	assert_null(cookie_find(c, 0, "sid"));
	assert_null(cookie_find(c, 1, "lang")); /* only the first n are searched */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_pairs, reset),
		cmocka_unit_test_teardown(test_spacing, reset),
		cmocka_unit_test_teardown(test_values, reset),
		cmocka_unit_test_teardown(test_malformed, reset),
		cmocka_unit_test_teardown(test_bug_odd_cookie_does_not_hide_others, reset),
		cmocka_unit_test_teardown(test_max, reset),
		cmocka_unit_test_teardown(test_find, reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
