/*
 * Crypto helpers over libsodium: random tokens, keyed hashes for stored secrets, argon2id
 * passwords, constant-time comparison; and the weak-password check with cracklib.
 */
#include <ctype.h>
#include <string.h>

#include <crack.h>
#include <sodium.h>

#include "core.h"

static char dummy_hash[crypto_pwhash_STRBYTES];

/* 0 on success; computes the hash that unknown e-mails are checked against. */
int sec_init(void)
{
	if (sodium_init() < 0)
		return -1;
	static const char pw[] = "kontor-dummy-password";
	return crypto_pwhash_str(dummy_hash, pw, sizeof(pw) - 1, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

void sec_random(void *buf, size_t n)
{
	randombytes_buf(buf, n);
}

char *sec_token(struct arena *a, size_t n)
{
	unsigned char raw[64];
	if (n > sizeof(raw))
		n = sizeof(raw);
	randombytes_buf(raw, n);
	size_t len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = arena_alloc(a, len);
	sodium_bin2base64(out, len, raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return out;
}

/* BLAKE2b-256 keyed with the server key; the purpose separates uses of one key. */
void sec_keyed_hash(const struct conf *c, const char *purpose, const void *in, size_t len,
                    unsigned char out[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, c->secret, sizeof(c->secret), 32);
	crypto_generichash_update(&st, (const unsigned char *)purpose, strlen(purpose) + 1);
	crypto_generichash_update(&st, in, len);
	crypto_generichash_final(&st, out, 32);
}

int sec_password_hash(const char *pw, size_t len, char *out)
{
	return crypto_pwhash_str(out, pw, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
}

int sec_password_verify(const char *hash, const char *pw, size_t len, bool *rehash)
{
	if (crypto_pwhash_str_verify(hash, pw, len) != 0)
		return -1;
	*rehash = crypto_pwhash_str_needs_rehash(hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
	return 0;
}

void sec_password_dummy(const char *pw, size_t len)
{
	if (crypto_pwhash_str_verify(dummy_hash, pw, len) == 0)
		return;  /* nobody's password; the time spent is the point */
}

/* cracklib's dictionary check, plus the account's own address. NULL when acceptable. */
const char *sec_password_weak(const char *pw, const char *email)
{
	if (email != NULL) {
		const char *at = strchr(email, '@');
		size_t local = at ? (size_t)(at - email) : strlen(email);
		if (local >= 4 && strstr(pw, email) != NULL)
			return "password.contains_email";
		if (local >= 4) {
			char buf[256];
			if (local >= sizeof(buf))
				local = sizeof(buf) - 1;
			memcpy(buf, email, local);
			buf[local] = '\0';
			if (strcasestr(pw, buf) != NULL)
				return "password.contains_email";
		}
	}
	/* FascistCheckUser, not FascistCheck: the latter compares with the process's own
	 * account (root's), which says nothing about this user. */
	if (FascistCheckUser(pw, GetDefaultCracklibDict(), "kontor", NULL) != NULL)
		return "password.weak";
	/* cracklib accepts a word with digits or symbols around it ("password1234"): check
	 * the core between them too. */
	const char *b = pw, *e = pw + strlen(pw);
	while (*b && !isalpha((unsigned char)*b))
		b++;
	while (e > b && !isalpha((unsigned char)e[-1]))
		e--;
	if ((b != pw || *e != '\0') && e - b >= 4 && e - b < 256) {
		char core[256];
		memcpy(core, b, (size_t)(e - b));
		core[e - b] = '\0';
		bool weak = FascistCheckUser(core, GetDefaultCracklibDict(), "kontor", NULL) != NULL;
		sodium_memzero(core, sizeof(core));
		if (weak)
			return "password.weak";
	}
	return NULL;
}

bool sec_token_hash(const struct conf *c, const char *purpose, const char *value,
                    unsigned char out[32])
{
	unsigned char raw[32];
	size_t len = 0;
	if (value == NULL || strlen(value) != 43 ||
	    sodium_base642bin(raw, sizeof(raw), value, 43, NULL, &len, NULL,
	                      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != 32)
		return false;
	sec_keyed_hash(c, purpose, raw, sizeof(raw), out);
	sodium_memzero(raw, sizeof(raw));
	return true;
}

bool sec_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

char *sec_hex(struct arena *a, const unsigned char *p, size_t n)
{
	char *out = arena_alloc(a, n * 2 + 1);
	sodium_bin2hex(out, n * 2 + 1, p, n);
	return out;
}

/* Base62 of the big-endian number in in[]: repeated division, digits reversed at the end. */
size_t sec_base62(const unsigned char *in, size_t n, char *out, size_t outlen)
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
	unsigned char num[64];
	size_t len = 0;

	if (n > sizeof(num) || outlen == 0)
		return 0;
	memcpy(num, in, n);
	size_t start = 0;
	while (start < n && num[start] == 0)
		start++;
	while (start < n) {
		unsigned rem = 0;
		for (size_t i = start; i < n; i++) {
			unsigned cur = rem * 256 + num[i];
			num[i] = (unsigned char)(cur / 62);
			rem = cur % 62;
		}
		if (len + 1 >= outlen)
			return 0;
		out[len++] = digits[rem];
		while (start < n && num[start] == 0)
			start++;
	}
	if (len == 0)
		out[len++] = '0';
	for (size_t i = 0; i < len / 2; i++) {
		char t = out[i];
		out[i] = out[len - 1 - i];
		out[len - 1 - i] = t;
	}
	out[len] = '\0';
	sodium_memzero(num, sizeof(num));
	return len;
}

/* The sealing key for a purpose: a keyed hash of the purpose under the server key. */
static void seal_key(const struct conf *c, const char *purpose, unsigned char key[32])
{
	sec_keyed_hash(c, "seal", purpose, strlen(purpose), key);
}

char *sec_seal(const struct conf *c, struct arena *a, const char *purpose, const char *text)
{
	unsigned char key[32];
	size_t n = strlen(text);
	size_t blen = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + n;
	unsigned char *box = arena_alloc(a, blen);
	seal_key(c, purpose, key);
	randombytes_buf(box, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(box + crypto_secretbox_NONCEBYTES, (const unsigned char *)text, n, box, key);
	sodium_memzero(key, sizeof(key));
	size_t olen = sodium_base64_encoded_len(blen, sodium_base64_VARIANT_ORIGINAL);
	char *out = arena_alloc(a, olen);
	sodium_bin2base64(out, olen, box, blen, sodium_base64_VARIANT_ORIGINAL);
	return out;
}

char *sec_unseal(const struct conf *c, struct arena *a, const char *purpose, const char *sealed)
{
	unsigned char key[32];
	size_t slen = strlen(sealed), blen = 0;
	unsigned char *box = arena_alloc(a, slen + 1);
	if (sodium_base642bin(box, slen + 1, sealed, slen, NULL, &blen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    blen < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
		return NULL;
	size_t n = blen - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES;
	char *out = arena_alloc(a, n + 1);
	seal_key(c, purpose, key);
	int rc = crypto_secretbox_open_easy((unsigned char *)out, box + crypto_secretbox_NONCEBYTES,
	                                    blen - crypto_secretbox_NONCEBYTES, box, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return NULL;
	out[n] = '\0';
	return out;
}

#define PASSWORD_MIN 12
#define PASSWORD_MAX 256

const char *sec_password_problem(const struct field_value *pw, const struct field_value *pw2,
                                 const char *email)
{
	if (!pw->present)
		return "password.missing";
	if (pw->len < PASSWORD_MIN)
		return "password.too_short";
	if (pw->len > PASSWORD_MAX)
		return "password.too_long";
	if (!pw2->present || pw2->len != pw->len || memcmp(pw->s, pw2->s, pw->len) != 0)
		return "password.mismatch";
	return sec_password_weak(pw->s, email);
}

/* The key for binary sealing: derived apart from sec_seal's (another algorithm). */
static void seal_bytes_key(const struct conf *c, const char *purpose, unsigned char key[32])
{
	sec_keyed_hash(c, "seal-bytes", purpose, strlen(purpose), key);
}

unsigned char *sec_seal_bytes(const struct conf *c, struct arena *a, const char *purpose,
                              const void *ad, size_t adlen, const void *in, size_t n,
                              size_t *outlen)
{
	unsigned char key[32];
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	unsigned char *out = arena_alloc(a, nb + n + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	unsigned long long clen = 0;
	seal_bytes_key(c, purpose, key);
	randombytes_buf(out, nb);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out + nb, &clen, in, n, ad, adlen, NULL, out, key);
	sodium_memzero(key, sizeof(key));
	*outlen = nb + (size_t)clen;
	return out;
}

unsigned char *sec_unseal_bytes(const struct conf *c, struct arena *a, const char *purpose,
                                const void *ad, size_t adlen, const void *in, size_t n,
                                size_t *outlen)
{
	unsigned char key[32];
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	const unsigned char *box = in;
	unsigned long long mlen = 0;
	*outlen = 0;
	if (n < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES)
		return NULL;
	/* One byte more than the text: an empty text still gets a pointer of its own. */
	unsigned char *out = arena_alloc(a, n - nb - crypto_aead_xchacha20poly1305_ietf_ABYTES + 1);
	seal_bytes_key(c, purpose, key);
	int rc = crypto_aead_xchacha20poly1305_ietf_decrypt(out, &mlen, NULL, box + nb, n - nb, ad,
	                                                    adlen, box, key);
	sodium_memzero(key, sizeof(key));
	if (rc != 0)
		return NULL;
	*outlen = (size_t)mlen;
	return out;
}
