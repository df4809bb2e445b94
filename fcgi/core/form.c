/*
 * Form input by declaration: percent-decoding, per-field validation and normalisation,
 * application/x-www-form-urlencoded bodies and query strings.
 */
#include <assert.h>
#include <limits.h>
#include <string.h>

#include "core.h"

#define EMAIL_MAX 254      /* RFC 5321 path limit, when the declaration gives none */
#define EMAIL_LOCAL_MAX 64 /* RFC 5321 local-part limit */
#define DNS_LABEL_MAX 63

int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* True for a byte that may stand in decoded input: not a control byte, except tab, and
 * newline or carriage return when allow_nl. */
static bool byte_allowed(unsigned char c, bool allow_nl)
{
	if (c == '\t')
		return true;
	if (c == '\n' || c == '\r')
		return allow_nl;
	return c >= 0x20 && c != 0x7f;
}

/* Decodes len bytes of src into dst, which holds at least len + 1 bytes (dst may be src),
 * and NUL-terminates it. Returns the decoded length, or -1 on a malformed escape or a
 * control byte, raw or escaped. */
long url_decode(char *dst, const char *src, size_t len, bool plus_space, bool allow_nl)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)src[i];
		if (c == '%') {
			if (len - i < 3)
				return -1;
			int hi = hexval((unsigned char)src[i + 1]);
			int lo = hexval((unsigned char)src[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			c = (unsigned char)(hi << 4 | lo);
			i += 2;
		} else if (c == '+' && plus_space) {
			c = ' ';
		}
		if (!byte_allowed(c, allow_nl))
			return -1;
		dst[o++] = (char)c;
	}
	dst[o] = '\0';
	return (long)o;
}

/* Length of the UTF-8 sequence at p (at most n bytes available), or 0 when it is not a
 * valid, shortest-form encoding of a scalar value (no surrogates, nothing over U+10FFFF). */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	size_t need;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 2;
	else if (c >= 0xe0 && c <= 0xef)
		need = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0; /* overlong */
	else if (c == 0xed)
		hi = 0x9f; /* surrogates */
	else if (c == 0xf0)
		lo = 0x90; /* overlong */
	else if (c == 0xf4)
		hi = 0x8f; /* over U+10FFFF */
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t k = 2; k < need; k++)
		if (p[k] < 0x80 || p[k] > 0xbf)
			return 0;
	return need;
}

/* True when s[0..len) is valid UTF-8 without control bytes (tab allowed; CR and LF only
 * when allow_nl). */
static bool text_valid(const char *s, size_t len, bool allow_nl)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		if (p[i] < 0x80 && !byte_allowed(p[i], allow_nl))
			return false;
		size_t k = utf8_seq(p + i, len - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

/* True for ASCII whitespace: space and tab, and CR and LF when nl. */
static bool is_space(char c, bool nl)
{
	return c == ' ' || c == '\t' || (nl && (c == '\n' || c == '\r'));
}

/* Narrows [*s, *s + *len) to drop leading and trailing whitespace (CR and LF too when nl). */
static void trim(const char **s, size_t *len, bool nl)
{
	while (*len > 0 && is_space(**s, nl)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_space((*s)[*len - 1], nl))
		(*len)--;
}

/* FERR_TOO_SHORT, FERR_TOO_LONG or FERR_NONE for a length against the declaration. */
static enum field_error check_len(const struct field_decl *d, size_t len)
{
	if (len < d->minlen)
		return FERR_TOO_SHORT;
	if (len > d->maxlen)
		return FERR_TOO_LONG;
	return FERR_NONE;
}

/* A copy of the LINES value s in the arena with CRLF and lone CR turned into LF; sets *olen. */
static char *lines_normalise(struct arena *a, const char *s, size_t len, size_t *olen)
{
	char *out = arena_alloc(a, len + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r') {
			out[o++] = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	*olen = o;
	return out;
}

/* FERR_NONE and the trimmed (for LINES, newline-normalised) value, or why it was refused. */
static enum field_error check_text(struct arena *a, const struct field_decl *d, const char *raw,
                                   size_t len, struct field_value *out)
{
	bool lines = d->kind == FIELD_LINES;

	if (!text_valid(raw, len, lines))
		return FERR_INVALID;
	trim(&raw, &len, lines);
	if (lines) {
		out->s = lines_normalise(a, raw, len, &out->len);
	} else {
		out->s = arena_strndup(a, raw, len);
		out->len = len;
	}
	return check_len(d, out->len);
}

/* FERR_NONE and the value as sent, or why a secret was refused. */
static enum field_error check_secret(struct arena *a, const struct field_decl *d, const char *raw,
                                     size_t len, struct field_value *out)
{
	if (!text_valid(raw, len, false))
		return FERR_INVALID;
	out->s = arena_strndup(a, raw, len);
	out->len = len;
	return check_len(d, len);
}

/* True for a character of an RFC 5322 dot-atom other than the dot. */
static bool is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* True for a letter or digit. */
static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* True when s[0..len) is a dot-atom: atext runs joined by single dots. */
static bool local_valid(const char *s, size_t len)
{
	if (len == 0 || len > EMAIL_LOCAL_MAX || s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (s[i - 1] == '.')
				return false;
		} else if (!is_atext((unsigned char)s[i])) {
			return false;
		}
	}
	return true;
}

/* True when s[0..len) is a host name of at least two labels, each 1..63 letters, digits or
 * inner hyphens. */
static bool domain_valid(const char *s, size_t len)
{
	size_t label = 0, dots = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (label == 0 || label > DNS_LABEL_MAX || s[i - 1] == '-')
				return false;
			label = 0;
			dots += i < len;
			continue;
		}
		if (s[i] == '-' && label == 0)
			return false;
		if (s[i] != '-' && !is_alnum((unsigned char)s[i]))
			return false;
		label++;
	}
	return dots > 0;
}

/* FERR_NONE and the address with its domain lower-cased, or why it was refused. */
static enum field_error check_email(struct arena *a, const struct field_decl *d, const char *raw,
                                    size_t len, struct field_value *out)
{
	size_t max = d->maxlen != 0 ? d->maxlen : EMAIL_MAX;

	if (len > max)
		return FERR_TOO_LONG;
	const char *at = memchr(raw, '@', len);
	if (at == NULL)
		return FERR_INVALID;
	size_t llen = (size_t)(at - raw);
	if (!local_valid(raw, llen) || !domain_valid(at + 1, len - llen - 1))
		return FERR_INVALID;
	char *s = arena_strndup(a, raw, len);
	for (size_t i = llen + 1; i < len; i++)
		if (s[i] >= 'A' && s[i] <= 'Z')
			s[i] = (char)(s[i] - 'A' + 'a');
	out->s = s;
	out->len = len;
	return FERR_NONE;
}

/* FERR_NONE and the number in out->i, FERR_RANGE outside [min, max] (or long long), or
 * FERR_INVALID when it is not an optionally negative run of digits. */
static enum field_error check_int(const struct field_decl *d, const char *raw, size_t len,
                                  struct field_value *out)
{
	bool neg = len > 0 && raw[0] == '-';
	size_t i = neg;
	unsigned long long v = 0;
	bool over = false;
	const unsigned long long lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;

	if (i == len)
		return FERR_INVALID;
	for (; i < len; i++) {
		if (raw[i] < '0' || raw[i] > '9')
			return FERR_INVALID;
		unsigned digit = (unsigned)(raw[i] - '0');
		if (v > (lim - digit) / 10)
			over = true;
		else
			v = v * 10 + digit;
	}
	if (over)
		return FERR_RANGE;
	long long n = neg ? (v == lim ? LLONG_MIN : -(long long)v) : (long long)v;
	if (n < d->min || n > d->max)
		return FERR_RANGE;
	out->i = n;
	return FERR_NONE;
}

/* FERR_NONE and the index of the matching enums[] entry, or FERR_INVALID. */
static enum field_error check_enum(const struct field_decl *d, const char *raw, size_t len,
                                   struct field_value *out)
{
	for (size_t k = 0; d->enums != NULL && d->enums[k] != NULL; k++) {
		if (strlen(d->enums[k]) == len && memcmp(d->enums[k], raw, len) == 0) {
			out->s = d->enums[k];
			out->len = len;
			out->i = (long long)k;
			return FERR_NONE;
		}
	}
	return FERR_INVALID;
}

/* FERR_NONE with i = 1 for a checkbox's "1", "on", "true" or "yes"; else FERR_INVALID. */
static enum field_error check_bool(const char *raw, size_t len, struct field_value *out)
{
	static const char *const yes[] = {"1", "on", "true", "yes"};

	for (size_t k = 0; k < sizeof(yes) / sizeof(yes[0]); k++) {
		if (strlen(yes[k]) == len && memcmp(yes[k], raw, len) == 0) {
			out->s = yes[k];
			out->len = len;
			out->i = 1;
			return FERR_NONE;
		}
	}
	return FERR_INVALID;
}

/* FERR_NONE for letters, digits, '_' and '-' within minlen..maxlen; else why not. */
static enum field_error check_token(struct arena *a, const struct field_decl *d, const char *raw,
                                    size_t len, struct field_value *out)
{
	for (size_t i = 0; i < len; i++)
		if (!is_alnum((unsigned char)raw[i]) && raw[i] != '_' && raw[i] != '-')
			return FERR_INVALID;
	enum field_error e = check_len(d, len);
	if (e == FERR_NONE) {
		out->s = arena_strndup(a, raw, len);
		out->len = len;
	}
	return e;
}

/* The number of n digits at s, or -1 if one is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* FERR_NONE with i = YYYYMMDD for a real calendar date written YYYY-MM-DD; else FERR_INVALID. */
static enum field_error check_date(struct arena *a, const char *raw, size_t len,
                                   struct field_value *out)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (len != 10 || raw[4] != '-' || raw[7] != '-')
		return FERR_INVALID;
	int y = digits(raw, 4), m = digits(raw + 5, 2), dd = digits(raw + 8, 2);
	if (y < 1 || m < 1 || m > 12 || dd < 1)
		return FERR_INVALID;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (dd > mdays[m - 1] + (m == 2 && leap))
		return FERR_INVALID;
	out->s = arena_strndup(a, raw, len);
	out->len = len;
	out->i = (long long)y * 10000 + m * 100 + dd;
	return FERR_NONE;
}

/* True for the kinds where an empty value means "not given" rather than a wrong value. */
/* A comma-separated list of ids, each 1..max without leading zeros, at most maxlen ids. */
static enum field_error check_ids(const struct field_decl *d, const char *raw, size_t len,
                                  struct field_value *out)
{
	long long max = d->max > 0 ? d->max : 1LL << 53, count = 0;
	size_t i = 0;
	while (i < len) {
		size_t start = i;
		long long v = 0;
		while (i < len && raw[i] >= '0' && raw[i] <= '9') {
			if (i - start >= 16)
				return FERR_RANGE;
			v = v * 10 + (raw[i] - '0');
			i++;
		}
		if (i == start || raw[start] == '0')
			return FERR_INVALID;
		if (v > max)
			return FERR_RANGE;
		if (++count > (long long)d->maxlen)
			return FERR_TOO_LONG;
		if (i < len && (raw[i] != ',' || i + 1 == len))
			return FERR_INVALID;
		i++;
	}
	out->i = count;
	return FERR_NONE;
}

static bool empty_is_absent(enum field_kind k)
{
	return k == FIELD_EMAIL || k == FIELD_INT || k == FIELD_ENUM || k == FIELD_DATE ||
	       k == FIELD_IDS;
}

/* Validates raw[0..len) against d into out: present with the normalised value, or not
 * present with err saying why. For EMAIL, INT, ENUM and DATE an empty value (an untouched
 * input) counts as not given: present false, err FERR_NONE, s "". Returns out->err. */
enum field_error field_check(struct arena *a, const struct field_decl *d, const char *raw,
                             size_t len, struct field_value *out)
{
	enum field_error e = FERR_INVALID;

	memset(out, 0, sizeof(*out));
	if (d->kind == FIELD_EMAIL)
		trim(&raw, &len, false);
	if (len == 0 && empty_is_absent(d->kind)) {
		out->s = "";
		return FERR_NONE;
	}
	switch (d->kind) {
	case FIELD_TEXT:
	case FIELD_LINES:
		e = check_text(a, d, raw, len, out);
		break;
	case FIELD_SECRET:
		e = check_secret(a, d, raw, len, out);
		break;
	case FIELD_EMAIL:
		e = check_email(a, d, raw, len, out);
		break;
	case FIELD_INT:
		e = check_int(d, raw, len, out);
		break;
	case FIELD_ENUM:
		e = check_enum(d, raw, len, out);
		break;
	case FIELD_BOOL:
		e = check_bool(raw, len, out);
		break;
	case FIELD_TOKEN:
		e = check_token(a, d, raw, len, out);
		break;
	case FIELD_DATE:
		e = check_date(a, raw, len, out);
		break;
	case FIELD_IDS:
		e = check_ids(d, raw, len, out);
		break;
	case FIELD__MAX:
		break;
	}
	if (e != FERR_NONE) {
		memset(out, 0, sizeof(*out));
		out->err = e;
		return e;
	}
	if (out->s == NULL) { /* INT keeps the digits as sent */
		out->s = arena_strndup(a, raw, len);
		out->len = len;
	}
	out->present = true;
	return FERR_NONE;
}

/* The catalogue key for a field error, or NULL for FERR_NONE. */
const char *field_error_key(enum field_error e)
{
	switch (e) {
	case FERR_MISSING:
		return "field.missing";
	case FERR_TOO_SHORT:
		return "field.too_short";
	case FERR_TOO_LONG:
		return "field.too_long";
	case FERR_INVALID:
		return "field.invalid";
	case FERR_RANGE:
		return "field.range";
	case FERR_DUPLICATE:
		return "field.duplicate";
	case FERR_NONE:
	case FERR__MAX:
		break;
	}
	return NULL;
}

/* Binds the declaration to f with every field absent. */
void form_init(struct arena *a, struct form *f, const struct field_decl *decl, size_t n)
{
	f->decl = decl;
	f->n = n;
	f->v = arena_calloc(a, n != 0 ? n : 1, sizeof(*f->v));
}

/* The index of the declared field called name, or -1. */
static long form_find(const struct form *f, const char *name, size_t len)
{
	for (size_t i = 0; i < f->n; i++)
		if (strlen(f->decl[i].name) == len && memcmp(f->decl[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

/* Records one received value for the declared field idx: validated the first time,
 * FERR_DUPLICATE when it was sent before. */
static void form_set(struct arena *a, struct form *f, size_t idx, const char *raw, size_t len)
{
	struct field_value *v = &f->v[idx];

	if (f->decl[idx].kind == FIELD_IDS) {
		/* Checkboxes of one list arrive as repeated fields: joined, then checked whole. The
		 * first refusal stays; empty values add nothing. */
		if (v->err != FERR_NONE || len == 0)
			return;
		if (v->present) {
			raw = arena_printf(a, "%s,%.*s", v->s, (int)len, raw);
			len = strlen(raw);
		}
		(void)field_check(a, &f->decl[idx], raw, len, v);
		return;
	}
	if (v->present || v->err != FERR_NONE || v->s != NULL) {
		memset(v, 0, sizeof(*v));
		v->err = FERR_DUPLICATE;
		return;
	}
	(void)field_check(a, &f->decl[idx], raw, len, v);
}

/* Decodes one name=value pair of a urlencoded body into f. Returns 0, or -1 when the pair's
 * encoding is malformed. */
static int form_pair(struct arena *a, struct form *f, const char *p, size_t len)
{
	const char *eq = memchr(p, '=', len);
	size_t nlen = eq != NULL ? (size_t)(eq - p) : len;
	const char *val = eq != NULL ? eq + 1 : p + len;
	size_t vlen = len - nlen - (eq != NULL);
	char *name = arena_alloc(a, nlen + 1);
	long n = url_decode(name, p, nlen, true, false);

	if (n < 0)
		return -1;
	char *value = arena_alloc(a, vlen + 1);
	long m = url_decode(value, val, vlen, true, true);
	if (m < 0)
		return -1;
	long idx = form_find(f, name, (size_t)n);
	if (idx >= 0)
		form_set(a, f, (size_t)idx, value, (size_t)m);
	return 0;
}

/* Parses name=value pairs separated by '&' (empty pairs skipped) into f. Returns 0, or -1
 * when an escape or a control byte is malformed (the caller answers 400). */
int form_parse_urlencoded(struct arena *a, struct form *f, const char *body, size_t len)
{
	size_t i = 0;

	while (i < len) {
		const char *amp = memchr(body + i, '&', len - i);
		size_t end = amp != NULL ? (size_t)(amp - body) : len;
		if (end > i && form_pair(a, f, body + i, end - i) < 0)
			return -1;
		i = end + 1;
	}
	return 0;
}

/* Marks every listed field that was neither sent validly nor refused as FERR_MISSING.
 * Returns 0 when all listed fields are present, else -1. */
int form_require(struct form *f, const unsigned *idx, size_t n)
{
	int rc = 0;

	for (size_t k = 0; k < n; k++) {
		assert(idx[k] < f->n);
		struct field_value *v = &f->v[idx[k]];
		if (v->present)
			continue;
		if (v->err == FERR_NONE)
			v->err = FERR_MISSING;
		rc = -1;
	}
	return rc;
}

/* True when no field of f carries an error. */
bool form_ok(const struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].err != FERR_NONE)
			return false;
	return true;
}

size_t text_clip(const char *s, size_t max)
{
	size_t n = strnlen(s, max + 1);
	if (n <= max)
		return n;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}
