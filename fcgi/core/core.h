/*
 * Kontor core library: the one header an area includes.
 * Types, enums and prototypes shared by every executable; nothing area-specific.
 */
#ifndef KONTOR_CORE_H
#define KONTOR_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define WUR __attribute__((warn_unused_result))
/* libxml2 strings (xmlChar is unsigned char) from C strings, keeping const. */
#define XC(s) ((const unsigned char *)(s))

struct _xmlNode;
struct _xmlDoc;
struct json_t;

/* ---------------------------------------------------------------- arena */

struct arena_chunk;
struct arena_cleanup;

struct arena {
	struct arena_chunk *head;        /* newest chunk first */
	struct arena_cleanup *cleanups;  /* run in reverse order at reset */
	size_t used;                     /* bytes handed out since the last reset */
};

void arena_init(struct arena *a);
/* Memory aligned for any type; aborts on out-of-memory, never returns NULL. */
void *arena_alloc(struct arena *a, size_t n);
void *arena_calloc(struct arena *a, size_t nmemb, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Runs fn(p) when the arena is reset: for an xmlDoc, a json_t, a result set. */
void arena_cleanup(struct arena *a, void (*fn)(void *), void *p);
/* Runs the cleanups and keeps the first chunk for the next request. */
void arena_reset(struct arena *a);
void arena_free(struct arena *a);

/* ------------------------------------------------------------ form input */

/* What a declared field accepts. */
enum field_kind {
	FIELD_TEXT,     /* UTF-8 text, no control bytes but tab, trimmed, minlen..maxlen bytes */
	FIELD_LINES,    /* like TEXT but newlines are allowed */
	FIELD_SECRET,   /* a password: kept as sent (no trim), minlen..maxlen bytes */
	FIELD_EMAIL,    /* one address, lower-cased domain, no CR/LF, at most maxlen */
	FIELD_INT,      /* decimal integer in [min, max] */
	FIELD_ENUM,     /* one of enums[] (NULL-terminated); value is its index in .i */
	FIELD_BOOL,     /* a checkbox: present means true */
	FIELD_TOKEN,    /* base64url/base62 token characters only, minlen..maxlen */
	FIELD_DATE,     /* YYYY-MM-DD, a real calendar date */
	FIELD_IDS,      /* ids 1..max (2^53 when 0), repeated fields or comma-separated, at most
	                 * maxlen of them; s is the comma-joined list, i the count */
	FIELD__MAX
};

struct field_decl {
	const char *name;          /* the form field's name */
	enum field_kind kind;
	size_t minlen, maxlen;     /* bytes; for TEXT, SECRET, TOKEN, EMAIL */
	long long min, max;        /* for INT */
	const char *const *enums;  /* for ENUM, NULL-terminated */
};

/* Why a field was refused; the catalogue key is field_error_key(). */
enum field_error {
	FERR_NONE,
	FERR_MISSING,
	FERR_TOO_SHORT,
	FERR_TOO_LONG,
	FERR_INVALID,      /* wrong characters or format */
	FERR_RANGE,        /* number outside [min, max] */
	FERR_DUPLICATE,    /* the same field sent twice */
	FERR__MAX
};

struct field_value {
	bool present;            /* sent, and valid */
	enum field_error err;    /* FERR_NONE when valid or absent */
	const char *s;           /* normalised value, NUL-terminated, in the arena */
	size_t len;              /* length of s */
	long long i;             /* INT value, ENUM index, BOOL 1 */
};

struct form {
	const struct field_decl *decl;  /* the route's declaration */
	size_t n;                       /* number of declared fields */
	struct field_value *v;          /* one per declared field, same index */
};

struct upload {
	const char *field;          /* form field name */
	const char *filename;       /* as sent by the client; never used as a path */
	const char *content_type;   /* as sent by the client; not trusted */
	const unsigned char *data;  /* in the arena */
	size_t len;
	struct upload *next;
};

/* The value of a hex digit (either case), or -1. */
int hexval(unsigned char c);
/* Percent-decoding: '+' as space when plus_space. Returns the decoded length, or -1 on a
 * malformed escape or a control byte (other than tab, and newline when allow_nl). */
long url_decode(char *dst, const char *src, size_t len, bool plus_space, bool allow_nl) WUR;
/* Validates and normalises one raw value against its declaration into out. */
enum field_error field_check(struct arena *a, const struct field_decl *d, const char *raw,
                             size_t len, struct field_value *out);
const char *field_error_key(enum field_error e);
/* The length of s cut to at most max bytes without splitting a UTF-8 character (a column
 * of max characters takes it). */
size_t text_clip(const char *s, size_t max);
void form_init(struct arena *a, struct form *f, const struct field_decl *decl, size_t n);
/* Parses application/x-www-form-urlencoded (also query strings). Undeclared fields are
 * ignored; declared ones are validated. Returns 0, or -1 when the encoding is malformed. */
int form_parse_urlencoded(struct arena *a, struct form *f, const char *body, size_t len) WUR;
/* The CSRF token every state-changing form carries (checked by the route machinery). */
#define CSRF_FIELD {"csrf", FIELD_TOKEN, 16, 64, 0, 0, NULL}
/* Checks that every field a handler requires is present; sets FERR_MISSING. 0 if all valid. */
int form_require(struct form *f, const unsigned *idx, size_t n) WUR;
/* True when no sent field was refused. */
bool form_ok(const struct form *f);

/* multipart/form-data: boundary taken from the Content-Type header value. Text parts go
 * through the form's declarations; file parts become uploads (at most max_files, each at
 * most max_file bytes). Returns 0, or -1 when the body is malformed or over a limit. */
int multipart_parse(struct arena *a, struct form *f, struct upload **files, const char *ctype,
                    const unsigned char *body, size_t len, size_t max_files, size_t max_file) WUR;
/* The boundary parameter of a multipart Content-Type, or NULL. */
const char *multipart_boundary(struct arena *a, const char *ctype);

/* ------------------------------------------------------------ cookies */

struct cookie {
	const char *name;
	const char *value;
};

/* Parses a Cookie header into at most max pairs, skipping malformed ones. Returns the count. */
int cookie_parse(struct arena *a, const char *header, struct cookie *out, size_t max) WUR;
const char *cookie_find(const struct cookie *c, int n, const char *name);

/* ------------------------------------------------------------ JSON bodies */

/* Parses a JSON body: UTF-8, duplicate keys refused, depth at most 32, one value.
 * Returns the value (decref'd at arena reset) or NULL with a message in *err. */
struct json_t *json_body_parse(struct arena *a, const char *body, size_t len, const char **err);

/* ------------------------------------------------------------ configuration */

struct conf {
	const char *path;              /* the file read */
	const char *db_socket;         /* MariaDB unix socket */
	const char *db_host;           /* or host, when no socket */
	unsigned db_port;
	const char *db_name;
	const char *db_user;
	const char *db_password;
	unsigned char secret[32];      /* server key: keyed hashes, CSRF, encryption */
	const char *templates;         /* folder with the stylesheets and catalogues */
	const char *base_url;          /* https://host:port, for links in mails */
	const char *smtp_url;          /* smtp://127.0.0.1:2525 */
	const char *mail_from;         /* Kontor <noreply@...> */
	unsigned session_idle;         /* seconds */
	unsigned session_absolute;     /* seconds */
	unsigned reset_ttl;            /* seconds a reset link stays valid */
	const char *cookie_prefix;     /* "__Host-" (empty only for plain-HTTP tests) */
	bool test_faults;              /* honour X-Kontor-Fault (test stacks only) */
	const char *vies_url;          /* EU VIES check-vat-number endpoint; empty: no online check */
	unsigned vies_timeout;         /* seconds one VIES request may take */
	const char *sms_gateway_url;   /* HTTP(S) SMS gateway taking POST {"to","text"}; empty: none */
	unsigned sms_gateway_timeout;  /* seconds one gateway request may take */
	const char *uploads_dir;       /* uploaded files (sealed), outside the web root */
	const char *dav_dir;           /* per-account WebDAV folders made for /dav/; empty: none */
};

/* Reads KONTOR_CONF or var/kontor.conf. Exits with one clear line on a bad file. */
void conf_load(struct conf *c);

/* ------------------------------------------------------------ logging */

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_name(const char *name);

/* ------------------------------------------------------------ crypto helpers */

int sec_init(void) WUR;
void sec_random(void *buf, size_t n);
/* A random token: n bytes as base64url without padding, in the arena. */
char *sec_token(struct arena *a, size_t n);
/* Keyed hash (BLAKE2b keyed with the server key and a purpose) of a secret: 32 bytes. */
void sec_keyed_hash(const struct conf *c, const char *purpose, const void *in, size_t len,
                    unsigned char out[32]);
/* The keyed hash (for purpose) of a 256-bit token sent as 43 base64url characters (a session
 * or pending-login cookie): false when value is not such a token. */
bool sec_token_hash(const struct conf *c, const char *purpose, const char *value,
                    unsigned char out[32]);
/* argon2id hash of a password into out (crypto_pwhash_STRBYTES). */
int sec_password_hash(const char *pw, size_t len, char *out) WUR;
/* 0 if the password matches; *rehash set when the parameters changed. */
int sec_password_verify(const char *hash, const char *pw, size_t len, bool *rehash) WUR;
/* Burns the time of one verification (unknown e-mail answers in the same time). */
void sec_password_dummy(const char *pw, size_t len);
/* Weak-password check with cracklib; NULL when acceptable, else a catalogue key. */
const char *sec_password_weak(const char *pw, const char *email);
/* The rules of a new password (given twice): length, confirmation, dictionary. NULL when
 * acceptable, else the catalogue key of the reason. */
const char *sec_password_problem(const struct field_value *pw, const struct field_value *pw2,
                                 const char *email);
bool sec_equal(const void *a, const void *b, size_t n);
/* Encrypts text with a key derived from the server key for purpose (XChaCha20-Poly1305):
 * base64 of nonce and ciphertext, in the arena. */
char *sec_seal(const struct conf *c, struct arena *a, const char *purpose, const char *text);
/* The text sealed by sec_seal, or NULL when it was tampered with or sealed otherwise. */
char *sec_unseal(const struct conf *c, struct arena *a, const char *purpose, const char *sealed);
/* Encrypts n bytes (a file) with a key derived from the server key for purpose
 * (XChaCha20-Poly1305); ad (adlen bytes, may be NULL) is authenticated, not stored: the same
 * ad must be given to unseal (a stored file's name, so files cannot be swapped). Returns
 * nonce, ciphertext and tag in the arena; *outlen is n plus 40. */
unsigned char *sec_seal_bytes(const struct conf *c, struct arena *a, const char *purpose,
                              const void *ad, size_t adlen, const void *in, size_t n,
                              size_t *outlen);
/* The bytes sealed by sec_seal_bytes (*outlen set), or NULL when they were tampered with,
 * sealed for another purpose, key or ad, or are too short. */
unsigned char *sec_unseal_bytes(const struct conf *c, struct arena *a, const char *purpose,
                                const void *ad, size_t adlen, const void *in, size_t n,
                                size_t *outlen);
char *sec_hex(struct arena *a, const unsigned char *p, size_t n);
/* base62 encoding of n bytes (big-endian number), for tokens: written to out, returns len. */
size_t sec_base62(const unsigned char *in, size_t n, char *out, size_t outlen);

/* ------------------------------------------------------------ database */

enum db_type { DBT_END, DBT_INT, DBT_TEXT, DBT_BLOB, DBT_NULL };

struct dbv {
	enum db_type t;
	long long i;       /* DBT_INT */
	const void *p;     /* DBT_TEXT, DBT_BLOB */
	size_t len;
};

#define DB_INT(x) ((struct dbv){DBT_INT, (long long)(x), NULL, 0})
#define DB_TEXT(s) ((struct dbv){DBT_TEXT, 0, (s), strlen(s)})
#define DB_TEXTN(s, n) ((struct dbv){DBT_TEXT, 0, (s), (n)})
#define DB_BLOB(p, n) ((struct dbv){DBT_BLOB, 0, (p), (n)})
#define DB_NULL ((struct dbv){DBT_NULL, 0, NULL, 0})
#define DB_END ((struct dbv){DBT_END, 0, NULL, 0})
#define DB_ARGS(...) ((const struct dbv[]){__VA_ARGS__, DB_END})

/* A result set copied into the arena: every cell as text (NULL for SQL NULL). */
struct db_rows {
	size_t nrows, ncols;
	char **cell;       /* nrows * ncols */
	size_t *len;       /* byte length of each cell */
};

enum db_status {
	DB_OK = 0,
	DB_ERROR = -1,     /* a statement failed; logged */
	DB_DOWN = -2,      /* the server cannot be reached: answer 503 */
	DB_DEADLOCK = -3,  /* 1213 or 1205: run the whole transaction again */
	DB_DUPLICATE = -4, /* 1062: a unique key refused the row */
};

struct db;

/* Statements by name: core statements first, then the area's, one table of SQL texts. An
 * area that uses another area's domain code (the API uses the organizations' rules) builds on
 * that area's table: base's statements come first, the area's own are numbered after them. */
struct db_sql {
	const char *const *sql;      /* SQL text per statement id */
	size_t n;                    /* count */
	const struct db_sql *base;   /* statements numbered before these, or NULL */
};

/* Connects lazily: a process starts even while the database is down. */
struct db *db_open(const struct conf *c, const struct db_sql *area);
void db_close(struct db *db);
/* Makes sure a connection exists (reconnecting if needed). DB_OK or DB_DOWN. */
int db_ensure(struct db *db) WUR;
/* Runs statement id with binds (terminated by DB_END; NULL for none). Rows, if out is
 * non-NULL, are copied into the arena. Returns a db_status. */
int db_exec(struct db *db, struct arena *a, unsigned id, const struct dbv *binds,
            struct db_rows *out) WUR;
unsigned long long db_affected(const struct db *db);
unsigned long long db_insert_id(const struct db *db);
int db_begin(struct db *db) WUR;
int db_commit(struct db *db) WUR;
void db_rollback(struct db *db);
/* Runs fn inside a transaction, again on deadlock (up to 5 times). fn returns a db_status
 * or a positive value that means "roll back and return this". */
int db_txn(struct db *db, int (*fn)(struct db *, void *), void *ctx) WUR;
const char *db_cell(const struct db_rows *r, size_t row, size_t col);
long long db_int(const struct db_rows *r, size_t row, size_t col);
/* Fault hook for tests: the nth statement executed from now fails (0 = off). */
void db_fail_after(struct db *db, unsigned n);

/* Core statements: sessions, users, throttling, outbox. Areas number theirs from CS__MAX. */
enum core_stmt {
	CS_SESSION_GET,
	CS_SESSION_INSERT,
	CS_SESSION_TOUCH,
	CS_SESSION_DELETE,
	CS_SESSION_DELETE_USER_OTHERS,
	CS_USER_LOCALE_SET,
	CS_OUTBOX_INSERT,
	CS_THROTTLE_GET,
	CS_THROTTLE_FAIL,
	CS_THROTTLE_CLEAR,
	CS_NOW,
	CS_TOKEN_GET,
	CS_TOKEN_USED,
	CS_TOKEN_PRODUCT,
	CS_TOKEN_INSERT,
	CS_TOKEN_PRODUCT_ADD,
	CS_USER_PASSWORD_HASH,
	CS_SESSION_REAUTH,
	CS_THROTTLE_HOLD,
	CS__MAX
};

/* ------------------------------------------------------------ i18n */

enum { LOCALE_EN, LOCALE_DE, LOCALE_FR, LOCALE_IT, LOCALE__MAX };
extern const char *const locale_names[LOCALE__MAX];

/* Loads templates/i18n/<locale>.xml for every locale; exits with one line on error. */
void i18n_load(const char *dir);
/* The message for key in locale, falling back to English, then to the key itself. */
const char *i18n_get(int locale, const char *key);
/* A locale index for a name ("de", "de-CH"), or -1. */
int i18n_locale(const char *name);
/* Best locale for an Accept-Language header; English when nothing matches. */
int i18n_negotiate(const char *accept_language);
/* Number of keys in a locale's catalogue (for tests comparing catalogues). */
size_t i18n_count(int locale);

/* ------------------------------------------------------------ requests */

enum method { M_GET, M_HEAD, M_POST, M_PUT, M_PATCH, M_DELETE, M__MAX };

#define ROUTE_NEEDS_SESSION 0x01u  /* no session: redirect to /login (or 401 for API) */
#define ROUTE_NEEDS_CSRF 0x02u     /* CSRF token and Origin checked (always, for unsafe
                                    * methods outside the API, whether flagged or not) */
#define ROUTE_STAFF_ONLY 0x08u     /* provider staff only; others get 404 */
#define ROUTE_MULTIPART 0x10u      /* accepts multipart/form-data */
#define ROUTE_ANON_ONLY 0x20u      /* logged-in users are sent to / */
#define ROUTE_JSON 0x40u           /* takes an application/json body (the API) */
#define ROUTE_API 0x80u            /* authenticated by an API token with the route's scope */
/* A client without cookies (a registered device) that authenticates with a key of its own in
 * the Authorization header, which the handler checks: no session is loaded and no CSRF
 * token or Origin is asked for. That is safe because nothing ambient authenticates such a
 * request: a browser sends cookies by itself, never an Authorization header, and it cannot
 * send a cross-site JSON body (ROUTE_JSON asks for application/json) without a preflight
 * that no route answers. Errors are answered in the API's JSON shape. */
#define ROUTE_KEY 0x100u

struct req;
typedef int (*handler_fn)(struct req *r);

struct route {
	enum method method;
	const char *pattern;             /* "/login", "/orgs/{id}/members": {id} matches 1..2^53 */
	handler_fn fn;
	unsigned flags;
	const struct field_decl *fields; /* the fields the body (or query for GET) may carry */
	size_t nfields;
	unsigned sess_stmt;              /* 0, or a statement that loads the session and the
	                                  * page's rows in one round trip (see SESSION_COLUMNS) */
	unsigned scope;                  /* ROUTE_API: the token scope it needs (SCOPE_*) */
};

/* The session look-up as the start of a page's statement: its columns come first (in this
 * order), the page's own columns after them (from SESSION_NCOLS on), and its one parameter
 * is the session's id hash. A page whose main query needs only the user can thus be served
 * with one database round trip: "SELECT " SESSION_COLUMNS ", x.a, x.b FROM " SESSION_FROM
 * " LEFT JOIN ... WHERE s.id_hash = ?". Rows whose page columns are NULL carry no page row. */
#define SESSION_COLUMNS                                                                     \
	"s.user_id, UNIX_TIMESTAMP(s.created_at), UNIX_TIMESTAMP(s.last_seen),"                  \
	" UNIX_TIMESTAMP(s.reauth_at), u.email, u.name, u.is_staff, u.locale, u.twofa_setup_required"
#define SESSION_FROM "sessions s JOIN users u ON u.id = s.user_id"
#define SESSION_NCOLS 9

/* API token scopes, "<area>:<read|write>", as bits; scope_names[] has their names. */
enum scope_bit {
	SCOPE_PROFILE_READ,
	SCOPE_ORGANIZATIONS_READ,
	SCOPE_ORGANIZATIONS_WRITE,
	SCOPE_PRODUCTS_READ,
	SCOPE_PRODUCTS_WRITE,
	SCOPE_BILLING_READ,
	SCOPE_BILLING_WRITE,
	SCOPE_PARTNERS_READ,
	SCOPE_PARTNERS_WRITE,
	SCOPE_TENDERS_READ,
	SCOPE_TENDERS_WRITE,
	SCOPE_PROFILE_WRITE,
	SCOPE__MAX
};
#define SCOPE(bit) (1u << (bit))
extern const char *const scope_names[SCOPE__MAX];

/* The API token a request was authenticated with. */
struct token {
	long long id;
	long long user_id;
	unsigned scopes;     /* SCOPE() bits */
	bool all_products;   /* false: only the products listed for the token */
};

struct session {
	long long user_id;
	unsigned char id_hash[32];  /* keyed hash of the cookie value */
	const char *email;
	const char *name;
	bool staff;
	bool setup_2fa;             /* staff turned 2FA off after a recovery: set it up first */
	int locale;
	time_t created, last_seen, reauth_at;
};

#define REQ_MAX_COOKIES 64
#define REQ_MAX_ARGS 4
#define REQ_MAX_HEADERS 8

struct app;

struct req {
	struct arena *arena;
	struct app *app;
	void *fcgi;                   /* FCGX_Request */
	enum method method;
	const char *path;             /* decoded path, no query */
	const char *query;            /* raw query string */
	const char *remote_addr;
	const char *user_agent;
	const char *content_type;
	const char *origin;
	const char *host;
	const char *authorization;
	const char *accept_language;
	const char *body;             /* raw body (NUL-terminated), or NULL */
	size_t body_len;
	struct cookie cookies[REQ_MAX_COOKIES];
	int ncookies;
	long long args[REQ_MAX_ARGS]; /* the route's {id} values, in order */
	const struct route *route;
	struct form form;             /* the route's declared fields */
	struct upload *uploads;
	struct json_t *json;          /* JSON body, when the route takes one */
	struct session *sess;         /* NULL when anonymous */
	struct token *token;          /* the API token, on ROUTE_API routes */
	const char *api_code;         /* the API error code to answer, when not the status's */
	const char *api_text;         /* and its description, when not the code's usual one */
	struct db_rows sess_rows;     /* the rows of the route's sess_stmt, when it has one */
	int locale;
	const char *csrf;             /* the token this page's forms must carry */
	const char *set_cookie[REQ_MAX_HEADERS];
	int nset_cookie;
	const char *incident;         /* set when an error page is shown */
	struct _xmlDoc *model;        /* the page model being built (view_page) */
	bool headers_sent;
	time_t now;
};

/* Reads a request header (CGI name like "HTTP_X_FOO"); NULL if absent. */
const char *req_param(struct req *r, const char *name);
/* The value of our cookie name (the configured prefix is added), or NULL. */
const char *req_cookie(struct req *r, const char *name);
/* Parses the query string against decls into f. 0, or -1 when malformed. */
int req_query(struct req *r, struct form *f, const struct field_decl *decls, size_t n) WUR;

/* Matches method and path against the table. Returns the route, or NULL with *status 404
 * (no such path) or 405 (path exists, method does not). Fills args. */
const struct route *route_match(const struct route *routes, size_t n, enum method m,
                                const char *path, long long *args, int *status);
enum method method_parse(const char *s);

/* ------------------------------------------------------------ responses */

/* Adds a Set-Cookie header: name gets the configured prefix; max_age < 0 for a session
 * cookie, 0 to delete. */
void resp_cookie(struct req *r, const char *name, const char *value, long max_age);
/* Writes status line and headers (the one place that does). extra may be NULL; it replaces
 * the default "Cache-Control: no-store" when it starts with a Cache-Control header. */
void resp_headers(struct req *r, int status, const char *content_type, const char *extra);
void resp_write(struct req *r, const void *p, size_t n);
/* 303 See Other to a local path. Returns 303. */
int resp_redirect(struct req *r, const char *location);
/* Renders the error page for status in the user's language; 5xx get an incident id. */
int resp_error(struct req *r, int status);
/* A JSON response (the value is serialised with jansson). */
int resp_json(struct req *r, int status, struct json_t *v);

/* ------------------------------------------------------------ views */

/* Names of the stylesheets an executable uses, relative to templates/, without ".xsl". */
void view_init(const char *templates, const char *const *pages, size_t n);
/* A new page model: <page lang=".." path=".." csrf=".."> with <user> when logged in.
 * Returns the root node; the document is freed at arena reset. */
struct _xmlNode *view_page(struct req *r, const char *title_key);
/* Adds <name>text</name> under parent (text escaped by the serializer). */
struct _xmlNode *view_text(struct _xmlNode *parent, const char *name, const char *text);
struct _xmlNode *view_node(struct _xmlNode *parent, const char *name);
void view_attr(struct _xmlNode *n, const char *name, const char *value);
void view_attr_int(struct _xmlNode *n, const char *name, long long v);
/* The notice a redirect named (?notice=saved), as an info message with the catalogue key
 * prefix + value; nothing when the field is absent. */
void view_notice(struct req *r, struct _xmlNode *root, const char *prefix,
                 const struct field_value *v);
/* Marks a paged list: page="n", and previous/next when there are such pages. */
void view_pager(struct _xmlNode *list, long long page, long long per_page, long long total);
/* Adds <error field="name" key="..."/>: a refusal the layout shows at that field. */
void view_field_error(struct _xmlNode *root, const char *field, const char *key);
/* Adds <wait minutes="n"/>: how long a throttled user waits (seconds, rounded up to minutes),
 * which the layout puts into the "too many attempts" message. */
void view_wait(struct _xmlNode *root, long seconds);
/* Adds <error field="name" key="..."/> for every refused field of the form. */
void view_form_errors(struct _xmlNode *root, const struct form *f);
/* Adds <message key="..." kind="error|info"/>. */
void view_message(struct _xmlNode *root, const char *kind, const char *key);
/* Transforms the request's model with page (an index into the names given to view_init)
 * and writes it. Returns status. */
int view_render(struct req *r, int status, unsigned page);
/* Renders the error page model already in r->model (plain text if that fails). */
int view_error_page(struct req *r, int status);
/* Renders a mail template (templates/mail/<name>.xsl, text output) for a model; the
 * subject is the first line. Returns 0 and sets *subject, *body in the arena. */
int view_mail(struct arena *a, int locale, const char *name, struct _xmlDoc *model,
              const char **subject, const char **body) WUR;

/* ------------------------------------------------------------ sessions and CSRF */

/* Loads the session from the cookie; expires idle/absolute ones. DB_OK or DB_DOWN. */
int sess_load(struct req *r) WUR;
/* Starts a new session for user (fresh id, old one ended) and sets the cookie. */
int sess_start(struct req *r, long long user_id) WUR;
/* Ends the current session on the server and clears the cookie. */
int sess_end(struct req *r) WUR;
/* Ends every other session of the current user. */
int sess_end_others(struct req *r) WUR;
/* True when the password was last given (login or again) over five minutes ago: a
 * sensitive action then asks for it again. */
bool sess_reauth_needed(const struct req *r);
/* The logged-in user's password given again, throttled like a login: 0 when right (the
 * session remembers the time), 1 when wrong (the failure is counted), 2 while throttled
 * (*wait seconds), or a DB status < 0. */
int sess_password_again(struct req *r, const struct field_value *pw, long *wait) WUR;
/* The CSRF token for this request (session-bound, or bound to the pre-session cookie). */
const char *csrf_token(struct req *r);
/* True when the posted token and the Origin header are right. */
bool csrf_check(struct req *r, const char *posted);

/* ------------------------------------------------------------ API tokens */

#define TOKEN_PREFIX "kontor_"
#define TOKEN_LEN 46  /* prefix, 33 base62 characters of 192 random bits, 6 of a CRC32 */

/* A new token in the arena. */
char *token_new(struct arena *a);
/* True when t has the prefix, the length, the alphabet and a matching checksum: a typo or a
 * truncated paste is refused without a database look-up. */
bool token_well_formed(const char *t);
/* CRC-32 (IEEE 802.3) of n bytes. */
uint32_t token_crc32(const void *p, size_t n);
/* Scope bits from a comma-separated list of names; -1 when a name is unknown. */
long token_scopes_parse(const char *list);
/* Authenticates the request's bearer token and checks the scope bits it needs. 0 when
 * allowed (r->token and a session-like r->sess set); else 401 (r->api_code says why:
 * not_authenticated, token_expired, token_revoked, token_deactivated) or 403 forbidden,
 * or a DB status < 0. Records the use at most once a minute. */
int token_auth(struct req *r, unsigned scopes) WUR;
/* The well-formed token of the request's "Authorization: Bearer" header, or NULL (with
 * r->api_code not_authenticated) when there is none or it is mistyped: no database needed. */
const char *token_bearer(struct req *r);
/* What a new token is: its owner, name, scope bits, the products it is limited to (a comma
 * list of ids, or NULL for all the user's products) and its last valid day (YYYY-MM-DD, UTC;
 * NULL for unlimited). */
struct token_spec {
	long long user_id;
	const char *name;
	unsigned scopes;
	const char *products;
	const char *expires;
};
/* Why a last valid day (YYYY-MM-DD) cannot be: NULL when it is today or later and at most
 * 5 years ahead, else the catalogue key of the reason. */
const char *token_expiry_problem(const char *day, time_t now);
/* Creates the token in the caller's transaction; *out is the token to show once. Returns
 * DB_OK, a DB status, or 1 when a product is not one the user manages (nothing kept once
 * the caller rolls back). */
int token_create(struct db *db, struct arena *a, const struct conf *c,
                 const struct token_spec *spec, const char **out) WUR;
/* 1 when the token may act on the product, 0 when not (answer 404), or a DB status < 0. */
int token_product_allowed(struct req *r, long long product_id) WUR;

/* ------------------------------------------------------------ the JSON API */

/* {"result":"success","data":data}. Returns status. */
int api_ok(struct req *r, int status, struct json_t *data);
/* A page of a list: {"result":"success","data":items,"total":..,"page":..,"pages":..}. */
int api_list(struct req *r, struct json_t *items, long long total, long page, long per_page);
/* {"result":"error","error":{"code":code,"description":text[,"fields":fields]}}. */
int api_error(struct req *r, int status, const char *code, const char *text,
              struct json_t *fields);
/* ?page=&per_page= (per_page 1..100, default 20). 0, or 400 when malformed. */
int api_page(struct req *r, long *page, long *per_page) WUR;
/* 0 when every key of the JSON object is in allowed (NULL-terminated), else 400 sent with
 * the unknown keys in "fields". */
int api_known_fields(struct req *r, struct json_t *obj, const char *const *allowed) WUR;

/* ------------------------------------------------------------ throttling */

enum throttle_scope {
	THR_LOGIN_ACCOUNT,
	THR_LOGIN_ADDRESS,
	THR_RESET_ADDRESS,
	THR_CODE_ACCOUNT,    /* second-factor codes: authenticator, SMS, emergency, device */
	THR_CODE_ADDRESS,
	THR_APPPW_ACCOUNT,   /* application passwords (nginx auth_request) */
	THR_APPPW_ADDRESS,
	THR_DEVICE_ADDRESS,  /* wrong device keys and registration tokens (the device endpoint) */
	THR__MAX
};

/* Seconds to wait before another attempt is allowed (0 = go), or a DB status < 0. */
long throttle_wait(struct req *r, enum throttle_scope s, const char *subject) WUR;
int throttle_fail(struct req *r, enum throttle_scope s, const char *subject) WUR;
/* For a statement that reads throttle rows along with its own (one round trip): the subject
 * as the throttle table stores it (lower-cased, an IPv6 address as its /64) with its length,
 * and the wait of a row whose failures, UNIX_TIMESTAMP(window_start) and
 * UNIX_TIMESTAMP(last_failure) are the cells from col on (NULL failures: no row, 0). */
const char *throttle_subject(struct req *r, const char *subject, size_t *len);
long throttle_wait_row(struct req *r, enum throttle_scope s, const struct db_rows *rows,
                       size_t row, size_t col);
int throttle_clear(struct req *r, enum throttle_scope s, const char *subject) WUR;
/* Inside the caller's transaction: writes the subject's counter row (one more attempt), so
 * that a parallel request for the same subject waits for this transaction (or, on a cluster,
 * conflicts with it and runs again): a wait read after it and a failure counted before the
 * commit cannot be overtaken by a request in between. */
int throttle_hold(struct req *r, enum throttle_scope s, const char *subject) WUR;
/* The delay policy: seconds to wait after failures in the current hour (pure). */
long throttle_delay(enum throttle_scope s, long failures, long since_last);

/* ------------------------------------------------------------ outbox */

/* Queues a mail rendered from templates/mail/<tpl>.xsl with model, inside the caller's
 * transaction. The address must not contain CR or LF. */
int mail_queue(struct db *db, struct arena *a, int locale, const char *to, const char *tpl,
               struct _xmlDoc *model) WUR;
/* Remembers the base URL that mail models carry for links (and sets up sms_init). */
void mail_init(const struct conf *c);
/* A mail model: <mail base="..."> root, for templates. */
struct _xmlDoc *mail_model(struct arena *a, struct _xmlNode **root);
/* True when a header value is safe (no CR, LF or NUL, at most 998 bytes). */
bool mail_header_safe(const char *s);

/* SMS (fcgi/core/sms.c): a phone number in E.164, '+' and 8 to 15 digits. */
#define SMS_PHONE_MAX 16         /* bytes: '+' and 15 digits */
#define SMS_PHONE_MIN_DIGITS 8
#define SMS_TEXT_MAX 480         /* bytes of one message (three SMS parts at most) */
/* Remembers the configuration (the sealing key); sms_queue refuses before it. */
void sms_init(const struct conf *c);
/* The number as typed ("+41 79 123-45-67") in E.164 ("+41791234567") into out; false when it
 * is not '+' and 8 to 15 digits (spaces and dashes between them allowed, no leading 0). */
bool sms_phone_normal(const char *in, char out[SMS_PHONE_MAX + 1]);
/* True when a text may be sent: 1 to SMS_TEXT_MAX bytes, no control characters. */
bool sms_text_safe(const char *s);
/* The catalogue text key in locale with {1} replaced by arg, in the arena. */
char *sms_text(struct arena *a, int locale, const char *key, const char *arg);
/* Queues an SMS to a number in E.164 inside the caller's transaction (sealed in the outbox,
 * kind 'sms'). DB_ERROR (logged) for a malformed number or text. */
int sms_queue(struct db *db, struct arena *a, const char *to, const char *text) WUR;

/* ------------------------------------------------------------ the application */

struct app {
	const char *name;              /* "auth" */
	struct conf conf;
	struct db *db;
	const struct route *routes;
	size_t nroutes;
	struct arena arena;
};

/* Start-up for an FastCGI area: config, crypto, catalogues, stylesheets, database. */
void app_init(struct app *app, const char *name, const struct db_sql *sql,
              const struct route *routes, size_t nroutes, const char *const *pages,
              size_t npages);
/* The accept loop; returns when the FastCGI listener is closed. */
int app_run(struct app *app);
/* Handles one parsed request (exposed for tests). */
int app_handle(struct app *app, struct req *r);

#endif
