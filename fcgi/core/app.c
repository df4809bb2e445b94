/*
 * The FastCGI loop every area shares: start-up does everything expensive once; each request
 * is parsed, routed, checked (session, CSRF, staff), handed to its handler and rendered,
 * and its arena released.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <libxml/xmlerror.h>

#include "core.h"

#define BODY_MAX (64 * 1024)
#define MULTIPART_MAX (32 * 1024 * 1024)
#define MULTIPART_FILES 8
/* A file is bounded by the body only: each route's handler refuses files over its own limit
 * with a message at the field (a parse failure could only answer a bare 400). */
#define MULTIPART_FILE_MAX MULTIPART_MAX

static void quiet_xml_errors(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

void app_init(struct app *app, const char *name, const struct db_sql *sql,
              const struct route *routes, size_t nroutes, const char *const *pages,
              size_t npages)
{
	memset(app, 0, sizeof(*app));
	app->name = name;
	app->routes = routes;
	app->nroutes = nroutes;
	log_set_name(name);
	conf_load(&app->conf);
	if (sec_init() != 0) {
		fprintf(stderr, "kontor: %s: libsodium does not initialise\n", name);
		exit(1);
	}
	i18n_load(app->conf.templates);
	view_init(app->conf.templates, pages, npages);
	xmlSetGenericErrorFunc(NULL, quiet_xml_errors);
	mail_init(&app->conf);
	arena_init(&app->arena);
	app->db = db_open(&app->conf, sql);
	if (FCGX_Init() != 0) {
		fprintf(stderr, "kontor: %s: FastCGI does not initialise\n", name);
		exit(1);
	}
}

/* Reads the body up to its declared length; 413 when over limit, 400 when short. */
static int app_read_body(struct req *r, size_t limit)
{
	const char *cl = req_param(r, "CONTENT_LENGTH");
	if (cl == NULL || *cl == '\0')
		return 0;
	char *end;
	unsigned long long n = strtoull(cl, &end, 10);
	if (*end != '\0')
		return 400;
	if (n > limit)
		return 413;
	char *buf = arena_alloc(r->arena, (size_t)n + 1);
	FCGX_Request *f = r->fcgi;
	size_t got = 0;
	while (got < n) {
		int k = FCGX_GetStr(buf + got, (int)(n - got), f->in);
		if (k <= 0)
			return 400;
		got += (size_t)k;
	}
	buf[n] = '\0';
	r->body = buf;
	r->body_len = (size_t)n;
	return 0;
}

static bool ctype_is(const char *ctype, const char *want)
{
	size_t n = strlen(want);
	return ctype != NULL && strncasecmp(ctype, want, n) == 0 &&
	       (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

/* Parses the route's declared fields from the query (GET) or the body (unsafe methods). */
static int app_parse_input(struct req *r)
{
	const struct route *rt = r->route;
	if (r->method == M_GET || r->method == M_HEAD) {
		if (req_query(r, &r->form, rt->fields, rt->nfields) != 0)
			return 400;
		return 0;
	}
	int st = app_read_body(r, (rt->flags & ROUTE_MULTIPART) ? MULTIPART_MAX : BODY_MAX);
	if (st != 0)
		return st;
	form_init(r->arena, &r->form, rt->fields, rt->nfields);
	if (rt->flags & ROUTE_JSON) {
		if (r->body_len == 0)
			return 0;
		if (!ctype_is(r->content_type, "application/json"))
			return 415;
		r->json = json_body_parse(r->arena, r->body ? r->body : "", r->body_len, &r->api_text);
		return r->json != NULL ? 0 : 400;
	}
	if (ctype_is(r->content_type, "multipart/form-data") && (rt->flags & ROUTE_MULTIPART))
		return multipart_parse(r->arena, &r->form, &r->uploads, r->content_type,
		                       (const unsigned char *)(r->body ? r->body : ""), r->body_len,
		                       MULTIPART_FILES, MULTIPART_FILE_MAX) == 0 ? 0 : 400;
	if (r->body_len == 0 || ctype_is(r->content_type, "application/x-www-form-urlencoded"))
		return form_parse_urlencoded(r->arena, &r->form, r->body ? r->body : "", r->body_len) == 0 ? 0 : 400;
	return 415;
}

static const char *form_value(const struct form *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->decl[i].name, name) == 0)
			return f->v[i].present ? f->v[i].s : NULL;
	return NULL;
}

static void app_locale(struct req *r)
{
	int l = r->sess ? r->sess->locale : -1;
	if (l < 0)
		l = i18n_locale(req_cookie(r, "kontor_lang"));
	if (l < 0)
		l = i18n_negotiate(r->accept_language);
	r->locale = l;
}

/* Our paths are printable ASCII: anything else is refused before it reaches a page. */
static bool path_ok(const char *p)
{
	if (p == NULL || p[0] != '/')
		return false;
	for (const unsigned char *c = (const unsigned char *)p; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f)
			return false;
	return true;
}

/* The pages a user who must set up 2FA again may reach. */
static bool setup_path(const char *path)
{
	static const char *const prefixes[] = {"/account/2fa", "/account/devices", "/logout", "/locale"};
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t n = strlen(prefixes[i]);
		if (strncmp(path, prefixes[i], n) == 0 && (path[n] == '\0' || path[n] == '/' || path[n] == '?'))
			return true;
	}
	return false;
}

int app_handle(struct app *app, struct req *r)
{
	int st;
	r->app = app;
	r->locale = i18n_negotiate(r->accept_language);
	if (r->method == M__MAX)
		return resp_error(r, 405);
	if (!path_ok(r->path)) {
		/* Not echoed into the error page (its language form carries the path). */
		r->path = "/";
		return resp_error(r, 400);
	}
	const char *ch = req_param(r, "HTTP_COOKIE");
	if (ch != NULL) {
		r->ncookies = cookie_parse(r->arena, ch, r->cookies, REQ_MAX_COOKIES);
	}
	int cl = req_cookie(r, "kontor_lang") ? i18n_locale(req_cookie(r, "kontor_lang")) : -1;
	if (cl >= 0)
		r->locale = cl;
	r->route = route_match(app->routes, app->nroutes, r->method, r->path, r->args, &st);
	if (r->route == NULL)
		return resp_error(r, st);
	if ((st = app_parse_input(r)) != 0)
		return resp_error(r, st);
	unsigned fl = r->route->flags;
	/* A missing or mistyped token is refused without the database, even during an outage. */
	if ((fl & ROUTE_API) && token_bearer(r) == NULL)
		return resp_error(r, 401);
	if (db_ensure(app->db) != DB_OK)
		return resp_error(r, 503);
	if (fl & ROUTE_API) {
		/* Scripts authenticate with a token, never with the browser's cookie. */
		if ((st = token_auth(r, SCOPE(r->route->scope))) != 0)
			return resp_error(r, st == DB_DOWN ? 503 : st < 0 ? 500 : st);
	} else if (fl & ROUTE_KEY) {
		/* No cookie counts here: the handler authenticates the request's key itself. */
	} else if ((st = sess_load(r)) != DB_OK) {
		return resp_error(r, st == DB_DOWN ? 503 : 500);
	}
	app_locale(r);
	if ((fl & ROUTE_NEEDS_SESSION) && r->sess == NULL) {
		if (strncmp(r->path, "/api/", 5) == 0)
			return resp_error(r, 401);
		/* A session cookie that no longer names a session: it expired or was ended. */
		if (req_cookie(r, "kontor") != NULL)
			return resp_redirect(r, "/login?notice=expired");
		return resp_redirect(r, "/login");
	}
	if ((fl & ROUTE_ANON_ONLY) && r->sess != NULL)
		return resp_redirect(r, "/");
	/* Staff turned 2FA off after a recovery request: nothing but setting it up again (and
	 * logging out, and the language) until it is. */
	if (r->sess != NULL && r->sess->setup_2fa && !setup_path(r->path))
		return resp_redirect(r, "/account/2fa?notice=setup_required");
	if ((fl & ROUTE_STAFF_ONLY) && (r->sess == NULL || !r->sess->staff))
		return resp_error(r, 404);
	/* Every browser form that changes something carries the token; a route cannot forget. */
	bool unsafe = r->method != M_GET && r->method != M_HEAD;
	if (((fl & ROUTE_NEEDS_CSRF) || (unsafe && !(fl & (ROUTE_API | ROUTE_KEY)))) &&
	    !csrf_check(r, form_value(&r->form, "csrf"))) {
		log_warn("CSRF check failed for %s from %s", r->path, r->remote_addr);
		return resp_error(r, 403);
	}
	/* Fault hook for the end-to-end tests: the nth statement of this request fails. */
	const char *fault = app->conf.test_faults ? req_param(r, "HTTP_X_KONTOR_FAULT") : NULL;
	if (fault != NULL)
		db_fail_after(app->db, (unsigned)strtoul(fault, NULL, 10));
	st = r->route->fn(r);
	if (fault != NULL)
		db_fail_after(app->db, 0);
	if (st == DB_DOWN)
		st = 503;
	else if (st < 0)
		st = 500;
	if (!r->headers_sent)
		return resp_error(r, st >= 400 ? st : 500);
	return st;
}

/* The User-Agent as stored and shown (sessions, pending logins, device approvals): printable
 * ASCII, at most 255 bytes. A header is any bytes; cut UTF-8 or a control byte would fail
 * the insert or confuse the page. */
static const char *user_agent_clean(struct req *r, const char *ua)
{
	if (ua == NULL)
		return "";
	char *out = arena_strndup(r->arena, ua, strnlen(ua, 255));
	for (char *c = out; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
			*c = '?';
	return out;
}

static void app_fill(struct req *r, FCGX_Request *f, struct arena *a)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	r->fcgi = f;
	r->now = time(NULL);
	r->method = method_parse(req_param(r, "REQUEST_METHOD"));
	r->path = req_param(r, "DOCUMENT_URI");
	if (r->path == NULL)
		r->path = req_param(r, "SCRIPT_NAME");
	r->query = req_param(r, "QUERY_STRING");
	r->remote_addr = req_param(r, "REMOTE_ADDR");
	r->user_agent = user_agent_clean(r, req_param(r, "HTTP_USER_AGENT"));
	r->content_type = req_param(r, "CONTENT_TYPE");
	r->origin = req_param(r, "HTTP_ORIGIN");
	r->host = req_param(r, "HTTP_HOST");
	r->authorization = req_param(r, "HTTP_AUTHORIZATION");
	r->accept_language = req_param(r, "HTTP_ACCEPT_LANGUAGE");
	if (r->remote_addr == NULL)
		r->remote_addr = "";
}

int app_run(struct app *app)
{
	FCGX_Request f;
	if (FCGX_InitRequest(&f, 0, 0) != 0)
		return 1;
	log_info("ready");
	while (FCGX_Accept_r(&f) >= 0) {
		struct req r;
		app_fill(&r, &f, &app->arena);
		int st = app_handle(app, &r);
		if (st >= 500)
			log_warn("%d for %s", st, r.path ? r.path : "-");
		FCGX_Finish_r(&f);
		arena_reset(&app->arena);
		xmlResetLastError();
	}
	return 0;
}
