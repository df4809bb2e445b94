/*
 * multipart/form-data bodies (RFC 7578): text parts go through the form's declarations,
 * file parts become uploads. Binary-safe; every limit is a hard refusal.
 */
#include <string.h>
#include <strings.h>

#include "core.h"

#define BOUNDARY_MAX 70    /* RFC 2046 */
#define HEADER_LINE_MAX 1024
#define PART_HEADERS_MAX 16
#define PARTS_MAX 200

/* A byte range inside the input; not NUL-terminated. */
struct span {
	const char *p;
	size_t len;
};

/* What the headers of one part said. */
struct part_head {
	struct span name;          /* Content-Disposition name */
	struct span filename;      /* Content-Disposition filename, p NULL when absent */
	struct span content_type;  /* p NULL when absent */
	bool disposition;          /* a Content-Disposition header was seen */
};

/* True for an RFC 7230 token character. */
static bool is_tchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* True for an RFC 2046 boundary character (space only inside). */
static bool is_bchar(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("'()+_,-./:=? ", c) != NULL;
}

/* Advances *p past spaces and tabs before end. */
static void skip_ows(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* True when s equals the NUL-terminated lower-case word w, ignoring case. */
static bool span_is(struct span s, const char *w)
{
	return s.len == strlen(w) && strncasecmp(s.p, w, s.len) == 0;
}

/* Reads the next "; name=value" parameter (value a token or a quoted string) at *p.
 * Returns 1 with name and value set, 0 at the end, or -1 when malformed. */
static int param_next(const char **p, const char *end, struct span *name, struct span *value)
{
	skip_ows(p, end);
	if (*p == end)
		return 0;
	if (**p != ';')
		return -1;
	(*p)++;
	skip_ows(p, end);
	if (*p == end)
		return 0; /* a trailing ';' */
	name->p = *p;
	while (*p < end && is_tchar((unsigned char)**p))
		(*p)++;
	name->len = (size_t)(*p - name->p);
	if (name->len == 0 || *p == end || **p != '=')
		return -1;
	(*p)++;
	if (*p < end && **p == '"') {
		const char *q = memchr(*p + 1, '"', (size_t)(end - *p - 1));
		if (q == NULL)
			return -1;
		value->p = *p + 1;
		value->len = (size_t)(q - value->p);
		*p = q + 1;
		return 1;
	}
	value->p = *p;
	while (*p < end && is_tchar((unsigned char)**p))
		(*p)++;
	value->len = (size_t)(*p - value->p);
	return value->len > 0 ? 1 : -1;
}

/* True when s[0..len) starts with the type word w followed by nothing, OWS or ';'; sets
 * *rest to what follows the word. */
static bool type_is(const char *s, size_t len, const char *w, const char **rest)
{
	size_t n = strlen(w);

	if (len < n || strncasecmp(s, w, n) != 0)
		return false;
	if (len > n && s[n] != ';' && s[n] != ' ' && s[n] != '\t')
		return false;
	*rest = s + n;
	return true;
}

/* The boundary of a multipart/form-data Content-Type (1..70 boundary characters, quoted or
 * not) in the arena, or NULL when there is none, it is invalid, or it is given twice. */
const char *multipart_boundary(struct arena *a, const char *ctype)
{
	struct span name, value, found = {NULL, 0};
	const char *p, *end;
	int rc;

	if (ctype == NULL)
		return NULL;
	end = ctype + strlen(ctype);
	if (!type_is(ctype, (size_t)(end - ctype), "multipart/form-data", &p))
		return NULL;
	while ((rc = param_next(&p, end, &name, &value)) == 1) {
		if (!span_is(name, "boundary"))
			continue;
		if (found.p != NULL)
			return NULL;
		found = value;
	}
	if (rc < 0 || found.p == NULL || found.len == 0 || found.len > BOUNDARY_MAX)
		return NULL;
	for (size_t i = 0; i < found.len; i++)
		if (!is_bchar((unsigned char)found.p[i]))
			return NULL;
	if (found.p[found.len - 1] == ' ')
		return NULL;
	return arena_strndup(a, found.p, found.len);
}

/* Reads a Content-Disposition value: form-data with a name and an optional filename.
 * Returns 0, or -1 when it is malformed or a parameter is repeated. */
static int parse_disposition(const char *v, size_t len, struct part_head *h)
{
	const char *p, *end = v + len;
	struct span name, value;
	int rc;

	if (!type_is(v, len, "form-data", &p))
		return -1;
	while ((rc = param_next(&p, end, &name, &value)) == 1) {
		struct span *dst = NULL;
		if (span_is(name, "name"))
			dst = &h->name;
		else if (span_is(name, "filename"))
			dst = &h->filename;
		if (dst == NULL)
			continue;
		if (dst->p != NULL)
			return -1;
		*dst = value;
	}
	return rc < 0 || h->name.p == NULL ? -1 : 0;
}

/* Reads one header line (no CRLF) into h. Returns 0, or -1 when malformed: a control byte,
 * no name, folding, or Content-Disposition or Content-Type given twice. */
static int header_line(const char *s, size_t len, struct part_head *h)
{
	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return -1;
	const char *colon = memchr(s, ':', len);
	if (colon == NULL || colon == s)
		return -1;
	struct span name = {s, (size_t)(colon - s)};
	for (size_t i = 0; i < name.len; i++)
		if (!is_tchar((unsigned char)s[i]))
			return -1;
	const char *v = colon + 1, *end = s + len;
	skip_ows(&v, end);
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (span_is(name, "content-disposition")) {
		if (h->disposition)
			return -1;
		h->disposition = true;
		return parse_disposition(v, (size_t)(end - v), h);
	}
	if (span_is(name, "content-type")) {
		if (h->content_type.p != NULL)
			return -1;
		h->content_type = (struct span){v, (size_t)(end - v)};
	}
	return 0;
}

/* Reads the headers of a part from *p up to and including the blank line, advancing *p.
 * Returns 0, or -1 when they are malformed, too long, too many, or lack a disposition. */
static int part_headers(const unsigned char **p, const unsigned char *end, struct part_head *h)
{
	memset(h, 0, sizeof(*h));
	for (size_t n = 0;; n++) {
		size_t avail = (size_t)(end - *p);
		size_t win = avail < HEADER_LINE_MAX + 2 ? avail : HEADER_LINE_MAX + 2;
		const unsigned char *eol = memmem(*p, win, "\r\n", 2);
		if (eol == NULL)
			return -1;
		size_t len = (size_t)(eol - *p);
		const char *line = (const char *)*p;
		*p = eol + 2;
		if (len == 0)
			break;
		if (n == PART_HEADERS_MAX || header_line(line, len, h) < 0)
			return -1;
	}
	return h->disposition ? 0 : -1;
}

/* Records a text part for its declared field (FERR_DUPLICATE the second time); parts for
 * undeclared fields are ignored. */
static void text_part(struct arena *a, struct form *f, const struct part_head *h,
                      const unsigned char *data, size_t len)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *name = f->decl[i].name;
		if (strlen(name) != h->name.len || memcmp(name, h->name.p, h->name.len) != 0)
			continue;
		struct field_value *v = &f->v[i];
		if (v->present || v->err != FERR_NONE || v->s != NULL) {
			memset(v, 0, sizeof(*v));
			v->err = FERR_DUPLICATE;
		} else {
			(void)field_check(a, &f->decl[i], (const char *)data, len, v);
		}
		return;
	}
}

/* A new upload for a file part, its data copied into the arena. */
static struct upload *file_part(struct arena *a, const struct part_head *h,
                                const unsigned char *data, size_t len)
{
	struct upload *u = arena_calloc(a, 1, sizeof(*u));
	unsigned char *copy = arena_alloc(a, len + 1);

	memcpy(copy, data, len);
	copy[len] = '\0';
	u->field = arena_strndup(a, h->name.p, h->name.len);
	u->filename = arena_strndup(a, h->filename.p, h->filename.len);
	if (h->content_type.p != NULL)
		u->content_type = arena_strndup(a, h->content_type.p, h->content_type.len);
	else
		u->content_type = "application/octet-stream";
	u->data = copy;
	u->len = len;
	return u;
}

/* Parses a multipart/form-data body into f and the upload list *files (in body order). A
 * file input left empty (filename "" and no data) is skipped. Returns 0, or -1 when the
 * body is malformed or over a limit: more than max_files files, a file over max_file bytes,
 * more than 200 parts, a header line over 1024 bytes, more than 16 headers in a part. */
int multipart_parse(struct arena *a, struct form *f, struct upload **files, const char *ctype,
                    const unsigned char *body, size_t len, size_t max_files, size_t max_file)
{
	const unsigned char *p, *end = body + len;
	struct upload **tail = files;
	size_t nparts = 0, nfiles = 0;

	*files = NULL;
	const char *b = multipart_boundary(a, ctype);
	if (b == NULL || body == NULL)
		return -1;
	size_t blen = strlen(b), dlen = blen + 4;
	char *delim = arena_alloc(a, dlen);
	memcpy(delim, "\r\n--", 4);
	memcpy(delim + 4, b, blen);

	/* The first delimiter opens the body, or ends a preamble. */
	if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
		p = body + dlen - 2;
	} else {
		p = memmem(body, len, delim, dlen);
		if (p == NULL)
			return -1;
		p += dlen;
	}
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return 0; /* the close delimiter; the epilogue is ignored */
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n' || ++nparts > PARTS_MAX)
			return -1;
		p += 2;
		struct part_head h;
		if (part_headers(&p, end, &h) < 0)
			return -1;
		const unsigned char *q = memmem(p, (size_t)(end - p), delim, dlen);
		if (q == NULL)
			return -1;
		size_t n = (size_t)(q - p);
		if (h.filename.p == NULL) {
			text_part(a, f, &h, p, n);
		} else if (h.filename.len > 0 || n > 0) {
			if (++nfiles > max_files || n > max_file)
				return -1;
			*tail = file_part(a, &h, p, n);
			tail = &(*tail)->next;
		}
		p = q + dlen;
	}
}
