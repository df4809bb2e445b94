/* Unit tests for fcgi/core/sec.c: tokens, keyed hashes, passwords, base62. */
#include <sodium.h>

#include "unit.h"

static int sec_setup(void **state)
{
	(void)state;
	return sec_init();
}

static void test_base62(void **state)
{
	char out[64];
	(void)state;
	const unsigned char zero[2] = {0, 0}, sixtyone[2] = {0, 61}, b256[2] = {1, 0};
	assert_int_equal(sec_base62(zero, 2, out, sizeof(out)), 1);
	assert_string_equal(out, "0");
	sec_base62(sixtyone, 2, out, sizeof(out));
	assert_string_equal(out, "z");
	sec_base62(b256, 2, out, sizeof(out));
	assert_string_equal(out, "48");
	/* 2^32 - 1 = 4294967295 = "4gfFC3" in base62 (0-9A-Za-z). */
	const unsigned char max32[4] = {0xff, 0xff, 0xff, 0xff};
	sec_base62(max32, 4, out, sizeof(out));
	assert_string_equal(out, "4gfFC3");
	/* Too small an output buffer is refused, not overrun. */
	assert_int_equal(sec_base62(max32, 4, out, 4), 0);
}

static void test_tokens_are_random_and_urlsafe(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	char *t1 = sec_token(&a, 32), *t2 = sec_token(&a, 32);
	assert_int_equal(strlen(t1), 43);
	assert_string_not_equal(t1, t2);
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	arena_free(&a);
}

static void test_keyed_hash(void **state)
{
	struct conf c1, c2;
	unsigned char h1[32], h2[32], h3[32], h4[32];
	(void)state;
	memset(&c1, 0, sizeof(c1));
	memset(&c2, 0, sizeof(c2));
	c2.secret[0] = 1;
	sec_keyed_hash(&c1, "session", "abc", 3, h1);
	sec_keyed_hash(&c1, "session", "abc", 3, h2);
	sec_keyed_hash(&c1, "csrf", "abc", 3, h3);
	sec_keyed_hash(&c2, "session", "abc", 3, h4);
	assert_memory_equal(h1, h2, 32);
	/* Another purpose or another server key gives another hash. */
	assert_memory_not_equal(h1, h3, 32);
	assert_memory_not_equal(h1, h4, 32);
}

static void test_passwords(void **state)
{
	char hash[crypto_pwhash_STRBYTES];
	bool rehash = true;
	(void)state;
	assert_int_equal(sec_password_hash("Granit-Wolke-Leiter-73", 22, hash), 0);
	assert_true(strncmp(hash, "$argon2id$", 10) == 0);
	assert_int_equal(sec_password_verify(hash, "Granit-Wolke-Leiter-73", 22, &rehash), 0);
	assert_false(rehash);
	assert_int_equal(sec_password_verify(hash, "Granit-Wolke-Leiter-74", 22, &rehash), -1);
	assert_true(sec_equal("abc", "abc", 3));
	assert_false(sec_equal("abc", "abd", 3));
}

static void test_weak_passwords(void **state)
{
	(void)state;
	assert_non_null(sec_password_weak("password1234", NULL));
	assert_non_null(sec_password_weak("aaaaaaaaaaaaaaaa", NULL));
	assert_string_equal(sec_password_weak("xx-anna.muster-Zug-7", "anna.muster@example.ch"),
	                    "password.contains_email");
	assert_null(sec_password_weak("Granit-Wolke-Leiter-73", "anna.muster@example.ch"));
}

/* A cookie's 256-bit token: its keyed hash depends on the purpose and the key; anything not
 * 43 base64url characters of 32 bytes is no token. */
static void test_token_hash(void **state)
{
	struct conf c1, c2;
	unsigned char a[32], b[32], d[32];
	(void)state;
	memset(&c1, 0, sizeof(c1));
	memset(&c2, 0, sizeof(c2));
	c2.secret[0] = 1;
	const char *t = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8";
	assert_true(sec_token_hash(&c1, "session", t, a));
	assert_true(sec_token_hash(&c1, "login-challenge", t, b));
	assert_true(sec_token_hash(&c2, "session", t, d));
	assert_memory_not_equal(a, b, 32);
	assert_memory_not_equal(a, d, 32);
	assert_true(sec_token_hash(&c1, "session", t, b));
	assert_memory_equal(a, b, 32);
	assert_false(sec_token_hash(&c1, "session", NULL, a));
	assert_false(sec_token_hash(&c1, "session", "", a));
	assert_false(sec_token_hash(&c1, "session", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh", a));
	assert_false(sec_token_hash(&c1, "session", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8A", a));
	assert_false(sec_token_hash(&c1, "session", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh+", a));
	assert_false(sec_token_hash(&c1, "session", "../../etc/passwd/AAECAwQFBgcICQoLDA0ODxAREh", a));
}

static void test_seal(void **state)
{
	struct conf c1, c2;
	struct arena a;
	(void)state;
	memset(&c1, 0, sizeof(c1));
	memset(&c2, 0, sizeof(c2));
	c1.secret[0] = 7;
	c2.secret[0] = 8;
	arena_init(&a);
	const char *text = "Reset: https://x.test/reset/confirm?token=abc\n";
	char *s1 = sec_seal(&c1, &a, "outbox", text), *s2 = sec_seal(&c1, &a, "outbox", text);
	assert_null(strstr(s1, "token"));
	assert_string_not_equal(s1, s2);  /* a fresh nonce each time */
	assert_string_equal(sec_unseal(&c1, &a, "outbox", s1), text);
	assert_string_equal(sec_unseal(&c1, &a, "outbox", s2), text);
	assert_null(sec_unseal(&c2, &a, "outbox", s1));   /* another server key */
	assert_null(sec_unseal(&c1, &a, "other", s1));    /* another purpose */
	s1[10] = s1[10] == 'A' ? 'B' : 'A';
	assert_null(sec_unseal(&c1, &a, "outbox", s1));   /* tampered */
	assert_null(sec_unseal(&c1, &a, "outbox", "short"));
	assert_null(sec_unseal(&c1, &a, "outbox", "not base64 !"));
	assert_string_equal(sec_unseal(&c1, &a, "outbox", sec_seal(&c1, &a, "outbox", "")), "");
	arena_free(&a);
}

/* Binary sealing (identity documents): round trip of any bytes, NUL included; a fresh nonce;
 * refused with another key, purpose or associated data, when tampered or truncated. */
static void test_seal_bytes(void **state)
{
	struct conf c1, c2;
	struct arena a;
	size_t n1, n2, n;
	(void)state;
	memset(&c1, 0, sizeof(c1));
	memset(&c2, 0, sizeof(c2));
	c1.secret[0] = 7;
	c2.secret[0] = 8;
	arena_init(&a);
	unsigned char in[300];
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 7);  /* NUL bytes and every high byte */
	unsigned char *s1 = sec_seal_bytes(&c1, &a, "doc", "name1", 5, in, sizeof(in), &n1);
	unsigned char *s2 = sec_seal_bytes(&c1, &a, "doc", "name1", 5, in, sizeof(in), &n2);
	assert_int_equal(n1, sizeof(in) + 40);
	assert_int_equal(n2, n1);
	assert_memory_not_equal(s1, s2, n1);              /* a fresh nonce each time */
	assert_null(memmem(s1, n1, in + 24, 32));         /* no plaintext run in the output */
	unsigned char *out = sec_unseal_bytes(&c1, &a, "doc", "name1", 5, s1, n1, &n);
	assert_non_null(out);
	assert_int_equal(n, sizeof(in));
	assert_memory_equal(out, in, sizeof(in));
	assert_null(sec_unseal_bytes(&c2, &a, "doc", "name1", 5, s1, n1, &n));    /* another key */
	assert_int_equal(n, 0);
	assert_null(sec_unseal_bytes(&c1, &a, "other", "name1", 5, s1, n1, &n));  /* purpose */
	assert_null(sec_unseal_bytes(&c1, &a, "doc", "name2", 5, s1, n1, &n));    /* swapped file */
	assert_null(sec_unseal_bytes(&c1, &a, "doc", NULL, 0, s1, n1, &n));
	assert_null(sec_unseal_bytes(&c1, &a, "doc", "name1", 5, s1, n1 - 1, &n)); /* truncated */
	assert_null(sec_unseal_bytes(&c1, &a, "doc", "name1", 5, s1, 39, &n));     /* too short */
	s1[100] ^= 1;
	assert_null(sec_unseal_bytes(&c1, &a, "doc", "name1", 5, s1, n1, &n));    /* tampered */
	/* Not the text variant's key: a sealed text does not open as bytes. */
	char *t = sec_seal(&c1, &a, "doc", "hello");
	assert_null(sec_unseal_bytes(&c1, &a, "doc", NULL, 0, t, strlen(t), &n));
	/* Empty input round-trips, and an absent ad is the empty ad. */
	unsigned char *e = sec_seal_bytes(&c1, &a, "doc", NULL, 0, "", 0, &n1);
	assert_int_equal(n1, 40);
	assert_non_null(sec_unseal_bytes(&c1, &a, "doc", "", 0, e, n1, &n));
	assert_int_equal(n, 0);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base62),
		cmocka_unit_test(test_tokens_are_random_and_urlsafe),
		cmocka_unit_test(test_keyed_hash),
		cmocka_unit_test(test_passwords),
		cmocka_unit_test(test_weak_passwords),
		cmocka_unit_test(test_token_hash),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_seal_bytes),
	};
	return cmocka_run_group_tests(tests, sec_setup, NULL);
}
