/*
 * The Cookie request header (RFC 6265 section 5.4): "name=value" pairs separated by ';'.
 */
#include <limits.h>
#include <string.h>

#include "core.h"

/* True for an RFC 7230 token character, the characters of a cookie name. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* True for a space or tab. */
static bool is_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* Reads one pair s[0..len) (already trimmed) into c, the value unquoted, both copied into the
 * arena. Returns 0, or -1 when there is no '=', the name is empty or not a token, or the
 * value holds a control byte. */
static int cookie_pair(struct arena *a, const char *s, size_t len, struct cookie *c)
{
	const char *eq = memchr(s, '=', len);

	if (eq == NULL)
		return -1;
	size_t nlen = (size_t)(eq - s);
	while (nlen > 0 && is_ows(s[nlen - 1]))
		nlen--;
	if (nlen == 0)
		return -1;
	for (size_t i = 0; i < nlen; i++)
		if (!is_tchar((unsigned char)s[i]))
			return -1;
	const char *v = eq + 1;
	size_t vlen = len - (size_t)(v - s);
	while (vlen > 0 && is_ows(*v))
		v++, vlen--;
	if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"')
		v++, vlen -= 2;
	for (size_t i = 0; i < vlen; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return -1;
	c->name = arena_strndup(a, s, nlen);
	c->value = arena_strndup(a, v, vlen);
	return 0;
}

/* Parses a Cookie header into out, at most max pairs (later ones are ignored); empty pairs
 * and spaces around them are tolerated, and a malformed pair is skipped: another
 * application's odd cookie on the same domain (a PHP "cart[items]=3") must not hide ours and
 * lock users out. Returns the count (0 for a NULL header). */
int cookie_parse(struct arena *a, const char *header, struct cookie *out, size_t max)
{
	size_t n = 0;

	if (max > INT_MAX)
		max = INT_MAX;
	for (const char *p = header; p != NULL && *p != '\0' && n < max;) {
		const char *semi = strchr(p, ';');
		const char *e = semi != NULL ? semi : p + strlen(p);
		while (p < e && is_ows(*p))
			p++;
		while (e > p && is_ows(e[-1]))
			e--;
		if (e > p && cookie_pair(a, p, (size_t)(e - p), &out[n]) == 0)
			n++;
		p = semi != NULL ? semi + 1 : NULL;
	}
	return (int)n;
}

/* The value of the first cookie called name among c[0..n), or NULL. */
const char *cookie_find(const struct cookie *c, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return c[i].value;
	return NULL;
}
