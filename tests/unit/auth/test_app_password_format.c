/* Unit tests for fcgi/auth/app_password_format.c: the generated passwords, how a typed one
 * is read, and HTTP Basic credentials. */
#include <sodium.h>

#include "unit.h"
#include "../../../fcgi/auth/app_password_format.c"

static int format_setup(void **state)
{
	(void)state;
	arena_init(&A);
	return sodium_init() < 0 ? -1 : 0;
}

static void test_new_passwords_have_the_form(void **state)
{
	(void)state;
	char canon[APPPW_CHARS + 1];
	char *a = apppw_new(&A), *b = apppw_new(&A);
	assert_int_equal(strlen(a), APPPW_LEN);
	assert_string_not_equal(a, b);
	for (size_t i = 0; i < APPPW_LEN; i++) {
		if (i % 5 == 4)
			assert_int_equal(a[i], '-');
		else
			assert_non_null(strchr(alphabet, a[i]));
	}
	assert_true(apppw_canonical(a, canon));
	assert_int_equal(strlen(canon), APPPW_CHARS);
}

/* Every letter of the alphabet turns up at every position, the last one too (its five bits
 * straddle the last two random bytes): no position is stuck or biased to half the letters. */
static void test_every_letter_at_every_position(void **state)
{
	(void)state;
	static bool seen[APPPW_CHARS][32];
	for (int n = 0; n < 3000; n++) {
		char canon[APPPW_CHARS + 1];
		assert_true(apppw_canonical(apppw_new(&A), canon));
		for (int i = 0; i < APPPW_CHARS; i++)
			seen[i][strchr(alphabet, canon[i]) - alphabet] = true;
		if (n % 100 == 0)
			arena_reset(&A);
	}
	for (int i = 0; i < APPPW_CHARS; i++)
		for (int k = 0; k < 32; k++)
			assert_true(seen[i][k]);
}

static void test_typed_forms_are_one_password(void **state)
{
	(void)state;
	struct conf c;
	unsigned char h1[32], h2[32], h3[32], h4[32];
	memset(&c, 0, sizeof(c));
	const char *pw = "abcd-efgh-ijkm-npqr-stuv-wxyz-2345";
	assert_true(apppw_hash(&c, pw, h1));
	assert_true(apppw_hash(&c, "ABCD EFGH IJKM NPQR STUV WXYZ 2345", h2));
	assert_true(apppw_hash(&c, "abcdefghijkmnpqrstuvwxyz2345", h3));
	assert_memory_equal(h1, h2, 32);
	assert_memory_equal(h1, h3, 32);
	assert_true(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-2346", h4));
	assert_memory_not_equal(h1, h4, 32);
	/* Not one of ours: too short, too long, letters outside the alphabet, empty. */
	assert_false(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-234", h4));
	assert_false(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-23456", h4));
	assert_false(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-2340", h4));
	assert_false(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-234l", h4));
	assert_false(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-234o", h4));
	assert_false(apppw_hash(&c, "abcd-efgh-ijkm-npqr-stuv-wxyz-234_", h4));
	assert_false(apppw_hash(&c, "", h4));
	assert_false(apppw_hash(&c, "Granit-Wolke-Leiter-73", h4));
}

static const char *b64(const char *s)
{
	char *out = arena_alloc(&A, sodium_base64_ENCODED_LEN(strlen(s), sodium_base64_VARIANT_ORIGINAL));
	return sodium_bin2base64(out, sodium_base64_ENCODED_LEN(strlen(s), sodium_base64_VARIANT_ORIGINAL),
	                         (const unsigned char *)s, strlen(s), sodium_base64_VARIANT_ORIGINAL);
}

static void test_basic_credentials(void **state)
{
	(void)state;
	const char *user, *pw;
	assert_int_equal(apppw_basic(&A, arena_printf(&A, "Basic %s", b64("anna@example.ch:ab-cd")), &user, &pw), 0);
	assert_string_equal(user, "anna@example.ch");
	assert_string_equal(pw, "ab-cd");
	/* The scheme in any case, spaces around; a colon in the password belongs to it. */
	assert_int_equal(apppw_basic(&A, arena_printf(&A, "basic   %s  ", b64("a@b.c:x:y")), &user, &pw), 0);
	assert_string_equal(user, "a@b.c");
	assert_string_equal(pw, "x:y");
	assert_int_equal(apppw_basic(&A, arena_printf(&A, "Basic %s", b64(":p")), &user, &pw), 0);
	assert_string_equal(user, "");
	/* Refused: another scheme, no credentials, bad base64, no colon, a control byte. */
	const char *no[] = {NULL, "", "Basic", "Basic ", "Bearer kontor_x", "Basic !!!!",
	                    arena_printf(&A, "Basic %s", b64("no-colon")),
	                    arena_printf(&A, "Basic %s", b64("a@b.c:pw\n")),
	                    arena_printf(&A, "Basic %s", b64("a@b.c\r:pw"))};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_int_equal(apppw_basic(&A, no[i], &user, &pw), -1);
	/* Longer than any real header: refused before decoding. */
	char *big = arena_alloc(&A, 3000);
	memcpy(big, "Basic ", 6);
	memset(big + 6, 'A', 2990);
	big[2996] = '\0';
	assert_int_equal(apppw_basic(&A, big, &user, &pw), -1);
}

static void test_protocol_names(void **state)
{
	(void)state;
	assert_int_equal(apppw_protocol("caldav"), APPPW_CALDAV);
	assert_int_equal(apppw_protocol("carddav"), APPPW_CARDDAV);
	assert_int_equal(apppw_protocol("webdav"), APPPW_WEBDAV);
	assert_int_equal(apppw_protocol("mail"), APPPW_MAIL);
	assert_int_equal(apppw_protocol("WebDAV"), -1);
	assert_int_equal(apppw_protocol(""), -1);
	assert_int_equal(apppw_protocol(NULL), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_new_passwords_have_the_form, reset),
		cmocka_unit_test_teardown(test_every_letter_at_every_position, reset),
		cmocka_unit_test_teardown(test_typed_forms_are_one_password, reset),
		cmocka_unit_test_teardown(test_basic_credentials, reset),
		cmocka_unit_test_teardown(test_protocol_names, reset),
	};
	return cmocka_run_group_tests(tests, format_setup, teardown);
}
