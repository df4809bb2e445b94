/*
 * API tokens: "kontor_" + 33 base62 characters of 192 random bits + 6 base62 characters
 * of the CRC-32 of those 33. The fixed prefix lets secret scanners find a leaked token; the
 * checksum refuses a mistyped one without a database look-up. The database holds only the
 * keyed hash, so a token is looked up in O(1) and can never be shown again.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core.h"

#define RANDOM_BYTES 24
#define BODY_LEN 33
#define CRC_LEN 6
#define PREFIX_LEN (sizeof(TOKEN_PREFIX) - 1)

static const char base62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

const char *const scope_names[SCOPE__MAX] = {
	[SCOPE_PROFILE_READ] = "profile:read",
	[SCOPE_ORGANIZATIONS_READ] = "organizations:read",
	[SCOPE_ORGANIZATIONS_WRITE] = "organizations:write",
	[SCOPE_PRODUCTS_READ] = "products:read",
	[SCOPE_PRODUCTS_WRITE] = "products:write",
	[SCOPE_BILLING_READ] = "billing:read",
	[SCOPE_BILLING_WRITE] = "billing:write",
	[SCOPE_PARTNERS_READ] = "partners:read",
	[SCOPE_PARTNERS_WRITE] = "partners:write",
	[SCOPE_TENDERS_READ] = "tenders:read",
	[SCOPE_TENDERS_WRITE] = "tenders:write",
	[SCOPE_PROFILE_WRITE] = "profile:write",
};

uint32_t token_crc32(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint32_t crc = 0xffffffffu;
	for (size_t i = 0; i < n; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
	}
	return ~crc;
}

/* n bytes as exactly width base62 digits (left-padded with '0'); -1 if they do not fit. */
static int base62_fixed(const unsigned char *in, size_t n, char *out, size_t width)
{
	char tmp[64];
	size_t len = sec_base62(in, n, tmp, sizeof(tmp));
	if (len == 0 || len > width)
		return -1;
	memset(out, '0', width - len);
	memcpy(out + width - len, tmp, len);
	return 0;
}

static void crc_digits(const char *body, char out[CRC_LEN])
{
	uint32_t crc = token_crc32(body, BODY_LEN);
	unsigned char be[4] = {(unsigned char)(crc >> 24), (unsigned char)(crc >> 16),
	                       (unsigned char)(crc >> 8), (unsigned char)crc};
	(void)base62_fixed(be, 4, out, CRC_LEN);
}

char *token_new(struct arena *a)
{
	unsigned char raw[RANDOM_BYTES];
	char *t = arena_alloc(a, TOKEN_LEN + 1);
	randombytes_buf(raw, sizeof(raw));
	memcpy(t, TOKEN_PREFIX, PREFIX_LEN);
	if (base62_fixed(raw, sizeof(raw), t + PREFIX_LEN, BODY_LEN) != 0)
		abort();  /* 2^192 < 62^33: cannot happen */
	crc_digits(t + PREFIX_LEN, t + PREFIX_LEN + BODY_LEN);
	t[TOKEN_LEN] = '\0';
	sodium_memzero(raw, sizeof(raw));
	return t;
}

bool token_well_formed(const char *t)
{
	char crc[CRC_LEN];
	if (t == NULL || strlen(t) != TOKEN_LEN || strncmp(t, TOKEN_PREFIX, PREFIX_LEN) != 0)
		return false;
	for (size_t i = PREFIX_LEN; i < TOKEN_LEN; i++)
		if (strchr(base62, t[i]) == NULL || t[i] == '\0')
			return false;
	crc_digits(t + PREFIX_LEN, crc);
	return memcmp(crc, t + PREFIX_LEN + BODY_LEN, CRC_LEN) == 0;
}

long token_scopes_parse(const char *list)
{
	long bits = 0;
	while (list != NULL && *list != '\0') {
		size_t n = strcspn(list, ",");
		int found = -1;
		for (int i = 0; i < SCOPE__MAX; i++)
			if (strlen(scope_names[i]) == n && strncmp(scope_names[i], list, n) == 0)
				found = i;
		if (found < 0)
			return -1;
		bits |= 1L << found;
		list += n;
		if (*list == ',')
			list++;
	}
	return bits;
}

static int token_refuse(struct req *r, int status, const char *code)
{
	r->api_code = code;
	return status;
}

const char *token_bearer(struct req *r)
{
	const char *auth = r->authorization;
	if (auth == NULL || strncasecmp(auth, "Bearer ", 7) != 0) {
		r->api_code = "not_authenticated";
		return NULL;
	}
	auth += 7;
	while (*auth == ' ')
		auth++;
	if (!token_well_formed(auth)) {
		r->api_code = "not_authenticated";
		return NULL;
	}
	return auth;
}

int token_auth(struct req *r, unsigned scopes)
{
	unsigned char h[32];
	struct db_rows rows;
	const char *auth = token_bearer(r);

	if (auth == NULL)
		return 401;
	sec_keyed_hash(&r->app->conf, "api-token", auth, TOKEN_LEN, h);
	int rc = db_exec(r->app->db, r->arena, CS_TOKEN_GET,
	                 DB_ARGS(DB_INT(r->now), DB_INT(r->now), DB_BLOB(h, 32)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return token_refuse(r, 401, "not_authenticated");
	if (db_int(&rows, 0, 5))
		return token_refuse(r, 401, "token_revoked");
	if (db_int(&rows, 0, 6))
		return token_refuse(r, 401, "token_deactivated");
	if (db_int(&rows, 0, 4))
		return token_refuse(r, 401, "token_expired");
	struct token *t = arena_calloc(r->arena, 1, sizeof(*t));
	t->id = db_int(&rows, 0, 0);
	t->user_id = db_int(&rows, 0, 1);
	long bits = token_scopes_parse(db_cell(&rows, 0, 2));
	t->scopes = bits > 0 ? (unsigned)bits : 0;
	t->all_products = db_int(&rows, 0, 3) != 0;
	r->token = t;
	/* Handlers read the user as for a browser session. */
	struct session *s = arena_calloc(r->arena, 1, sizeof(*s));
	s->user_id = t->user_id;
	s->email = db_cell(&rows, 0, 7);
	s->name = db_cell(&rows, 0, 8);
	s->locale = i18n_locale(db_cell(&rows, 0, 9));
	r->sess = s;
	rc = db_exec(r->app->db, r->arena, CS_TOKEN_USED,
	             DB_ARGS(DB_INT(r->now), DB_TEXT(r->remote_addr), DB_INT(r->now), DB_INT(t->id),
	                     DB_INT(r->now)),
	             NULL);
	if (rc != DB_OK)
		return rc;
	if ((t->scopes & scopes) != scopes)
		return token_refuse(r, 403, "forbidden");
	return 0;
}

const char *token_expiry_problem(const char *day, time_t now)
{
	char today[16], limit[16];
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	tm.tm_year += 5;
	strftime(limit, sizeof(limit), "%Y-%m-%d", &tm);
	if (strcmp(day, today) < 0)
		return "token_new.expires_past";
	if (strcmp(day, limit) > 0)
		return "token_new.expires_far";
	return NULL;
}

/* The scope names of bits as the SET column takes them: "a,b,c". */
static char *scopes_text(struct arena *a, unsigned bits)
{
	char *out = arena_calloc(a, 1, 256);
	size_t len = 0;
	for (int i = 0; i < SCOPE__MAX; i++) {
		if (!(bits & SCOPE(i)))
			continue;
		size_t n = strlen(scope_names[i]);
		if (len != 0)
			out[len++] = ',';
		memcpy(out + len, scope_names[i], n);
		len += n;
	}
	return out;
}

int token_create(struct db *db, struct arena *a, const struct conf *c,
                 const struct token_spec *spec, const char **out)
{
	unsigned char h[32];
	char *t = token_new(a);
	time_t now = time(NULL);
	sec_keyed_hash(c, "api-token", t, TOKEN_LEN, h);
	int rc = db_exec(db, a, CS_TOKEN_INSERT,
	                 DB_ARGS(DB_INT(spec->user_id), DB_TEXT(spec->name), DB_BLOB(h, 32),
	                         DB_TEXT(scopes_text(a, spec->scopes)), DB_INT(spec->products == NULL),
	                         DB_INT(now), spec->expires ? DB_TEXT(spec->expires) : DB_NULL,
	                         DB_INT(now)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	long long id = (long long)db_insert_id(db);
	for (const char *p = spec->products; p != NULL && *p != '\0';) {
		long long pid = strtoll(p, NULL, 10);
		rc = db_exec(db, a, CS_TOKEN_PRODUCT_ADD,
		             DB_ARGS(DB_INT(id), DB_INT(pid), DB_INT(spec->user_id)), NULL);
		if (rc == DB_DUPLICATE)
			rc = DB_OK;  /* named twice */
		else if (rc == DB_OK && db_affected(db) != 1)
			return 1;
		if (rc != DB_OK)
			return rc;
		p = strchr(p, ',');
		p = p ? p + 1 : NULL;
	}
	*out = t;
	return DB_OK;
}

int token_product_allowed(struct req *r, long long product_id)
{
	struct db_rows rows;
	if (r->token == NULL || r->token->all_products)
		return 1;
	int rc = db_exec(r->app->db, r->arena, CS_TOKEN_PRODUCT,
	                 DB_ARGS(DB_INT(r->token->id), DB_INT(product_id)), &rows);
	if (rc != DB_OK)
		return rc;
	return rows.nrows == 1;
}
