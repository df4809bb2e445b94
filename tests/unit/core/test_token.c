/* Unit tests for fcgi/core/token.c (format, checksum, scopes) and fcgi/core/api.c
 * (pagination, unknown fields). */
#include <jansson.h>
#include <sodium.h>

#include "unit.h"

static int token_setup(void **state)
{
	(void)state;
	arena_init(&A);
	return sodium_init() < 0 ? -1 : 0;
}

static void test_crc32(void **state)
{
	(void)state;
	/* The standard check value of CRC-32/ISO-HDLC. */
	assert_int_equal(token_crc32("123456789", 9), 0xCBF43926u);
	assert_int_equal(token_crc32("", 0), 0);
}

static void test_new_tokens_are_well_formed_and_distinct(void **state)
{
	(void)state;
	char *a = token_new(&A), *b = token_new(&A);
	assert_int_equal(strlen(a), TOKEN_LEN);
	assert_true(strncmp(a, "kontor_", 7) == 0);
	assert_true(token_well_formed(a));
	assert_true(token_well_formed(b));
	assert_string_not_equal(a, b);
	for (int i = 0; i < 200; i++)
		assert_true(token_well_formed(token_new(&A)));
}

static void test_typos_are_refused(void **state)
{
	(void)state;
	char *t = token_new(&A);
	char bad[TOKEN_LEN + 2];
	/* Every single-character change in the random part or the checksum is caught. */
	for (size_t i = 7; i < TOKEN_LEN; i++) {
		memcpy(bad, t, TOKEN_LEN + 1);
		bad[i] = bad[i] == 'a' ? 'b' : 'a';
		assert_false(token_well_formed(bad));
	}
	/* Swapping two different neighbours too. */
	memcpy(bad, t, TOKEN_LEN + 1);
	for (size_t i = 7; i + 1 < TOKEN_LEN; i++)
		if (bad[i] != bad[i + 1]) {
			char c = bad[i];
			bad[i] = bad[i + 1];
			bad[i + 1] = c;
			assert_false(token_well_formed(bad));
			break;
		}
	assert_false(token_well_formed(NULL));
	assert_false(token_well_formed(""));
	memcpy(bad, t, TOKEN_LEN + 1);
	bad[TOKEN_LEN - 1] = '\0';
	assert_false(token_well_formed(bad));
	memcpy(bad, t, TOKEN_LEN + 1);
	memcpy(bad, "kontox_", 7);
	assert_false(token_well_formed(bad));
	memcpy(bad, t, TOKEN_LEN + 1);
	bad[20] = '-';
	assert_false(token_well_formed(bad));
}

static void test_scopes(void **state)
{
	(void)state;
	assert_int_equal(token_scopes_parse("profile:read"), SCOPE(SCOPE_PROFILE_READ));
	assert_int_equal(token_scopes_parse("profile:read,tenders:write"),
	                 SCOPE(SCOPE_PROFILE_READ) | SCOPE(SCOPE_TENDERS_WRITE));
	assert_int_equal(token_scopes_parse(""), 0);
	assert_int_equal(token_scopes_parse("profile:delete"), -1);
	assert_int_equal(token_scopes_parse("profile:read,,x"), -1);
	assert_int_equal(token_scopes_parse("profile:readx"), -1);
	for (int i = 0; i < SCOPE__MAX; i++)
		assert_int_equal(token_scopes_parse(scope_names[i]), SCOPE(i));
}

static void test_api_page(void **state)
{
	struct req r;
	long page, per;
	(void)state;
	const char *good[][3] = {{"", "1", "20"}, {"page=3&per_page=100", "3", "100"}, {"per_page=1", "1", "1"}};
	for (size_t i = 0; i < 3; i++) {
		memset(&r, 0, sizeof(r));
		r.arena = &A;
		r.query = good[i][0];
		assert_int_equal(api_page(&r, &page, &per), 0);
		assert_int_equal(page, atol(good[i][1]));
		assert_int_equal(per, atol(good[i][2]));
	}
	const char *bad[] = {"page=0", "per_page=101", "per_page=0", "page=abc", "page=%zz", "page=1&page=2"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&r, 0, sizeof(r));
		r.arena = &A;
		r.query = bad[i];
		assert_int_equal(api_page(&r, &page, &per), 400);
	}
}

static void test_api_known_fields(void **state)
{
	struct req r;
	static const char *const allowed[] = {"name", "color", NULL};
	(void)state;
	memset(&r, 0, sizeof(r));
	r.arena = &A;
	json_t *ok = json_pack("{s:s,s:s}", "name", "x", "color", "#fff");
	json_t *unknown = json_pack("{s:s,s:b}", "name", "x", "is_admin", 1);
	json_t *array = json_array();
	assert_int_equal(api_known_fields(&r, ok, allowed), 0);
	assert_int_equal(api_known_fields(&r, unknown, allowed), 400);
	assert_int_equal(api_known_fields(&r, array, allowed), 400);
	json_decref(ok);
	json_decref(unknown);
	json_decref(array);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32),
		cmocka_unit_test(test_new_tokens_are_well_formed_and_distinct),
		cmocka_unit_test(test_typos_are_refused),
		cmocka_unit_test(test_scopes),
		cmocka_unit_test_teardown(test_api_page, reset),
		cmocka_unit_test_teardown(test_api_known_fields, reset),
	};
	return cmocka_run_group_tests(tests, token_setup, teardown);
}
