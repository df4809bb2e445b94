/*
 * Application passwords, their form: generated from 140 random bits as 7 groups of 4
 * lower-case letters and digits (no 0, 1, l or o, which are read one for the other), hashed
 * as typed without case, dashes or spaces; and the HTTP Basic credentials they arrive in.
 * No database here (tests/unit/auth/test_app_password_format.c).
 */
#include <string.h>

#include <sodium.h>

#include "auth.h"

#define GROUP 4
#define BASIC_MAX 1024  /* bytes of an Authorization header we read */

static const char alphabet[] = "23456789abcdefghijkmnpqrstuvwxyz";

const char *const apppw_protocols[APPPW__MAX] = {
	[APPPW_CALDAV] = "caldav",
	[APPPW_CARDDAV] = "carddav",
	[APPPW_WEBDAV] = "webdav",
	[APPPW_MAIL] = "mail",
};

char *apppw_new(struct arena *a)
{
	unsigned char bits[(APPPW_CHARS * 5 + 7) / 8];
	char *out = arena_alloc(a, APPPW_LEN + 1);
	size_t o = 0;
	sec_random(bits, sizeof(bits));
	for (size_t i = 0; i < APPPW_CHARS; i++) {
		/* Five bits from bit 5i on (big-endian): the alphabet has 32 letters, so each
		 * letter carries exactly five random bits. */
		size_t bit = i * 5, byte = bit / 8, shift = bit % 8;
		unsigned v = (unsigned)bits[byte] << 8 | (byte + 1 < sizeof(bits) ? bits[byte + 1] : 0);
		v = (v >> (11 - shift)) & 31u;
		if (i > 0 && i % GROUP == 0)
			out[o++] = '-';
		out[o++] = alphabet[v];
	}
	out[o] = '\0';
	sodium_memzero(bits, sizeof(bits));
	return out;
}

bool apppw_canonical(const char *s, char out[APPPW_CHARS + 1])
{
	size_t n = 0;
	for (; *s != '\0'; s++) {
		char c = *s;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c == '\0' || strchr(alphabet, c) == NULL || n == APPPW_CHARS)
			return false;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == APPPW_CHARS;
}

bool apppw_hash(const struct conf *c, const char *s, unsigned char out[32])
{
	char canon[APPPW_CHARS + 1];
	if (!apppw_canonical(s, canon))
		return false;
	sec_keyed_hash(c, APPPW_HASH_PURPOSE, canon, APPPW_CHARS, out);
	sodium_memzero(canon, sizeof(canon));
	return true;
}

int apppw_basic(struct arena *a, const char *header, const char **user, const char **password)
{
	size_t len;
	if (header == NULL || strncasecmp(header, "Basic ", 6) != 0)
		return -1;
	header += 6;
	while (*header == ' ')
		header++;
	len = strnlen(header, BASIC_MAX + 1);
	while (len > 0 && header[len - 1] == ' ')
		len--;
	if (len == 0 || len > BASIC_MAX)
		return -1;
	unsigned char *bin = arena_alloc(a, len + 1);
	size_t n;
	if (sodium_base642bin(bin, len, header, len, NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return -1;
	bin[n] = '\0';
	/* The user is an e-mail address; the password is ours. Neither holds a control byte. */
	for (size_t i = 0; i < n; i++)
		if (bin[i] < 0x20 || bin[i] == 0x7f)
			return -1;
	char *colon = memchr(bin, ':', n);
	if (colon == NULL)
		return -1;
	*colon = '\0';
	*user = (const char *)bin;
	*password = colon + 1;
	return 0;
}

int apppw_protocol(const char *name)
{
	for (int i = 0; name != NULL && i < APPPW__MAX; i++)
		if (strcmp(name, apppw_protocols[i]) == 0)
			return i;
	return -1;
}
