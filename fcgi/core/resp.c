/*
 * Responses: the one function that writes status and headers, cookies, redirects, error
 * pages in the user's language (5xx with an incident id, never internals), JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fcgiapp.h>
#include <jansson.h>
#include <libxml/tree.h>

#include "core.h"

void resp_cookie(struct req *r, const char *name, const char *value, long max_age)
{
	if (r->nset_cookie >= REQ_MAX_HEADERS)
		return;
	const char *prefix = r->app ? r->app->conf.cookie_prefix : "__Host-";
	const char *secure = strncmp(prefix, "__Host-", 7) == 0 ? "; Secure" : "";
	char age[40] = "";
	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	r->set_cookie[r->nset_cookie++] = arena_printf(
		r->arena, "%s%s=%s; Path=/%s; HttpOnly; SameSite=Lax%s", prefix, name, value, secure, age);
}

static const char *status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Internal Server Error" : "Error";
	}
}

void resp_headers(struct req *r, int status, const char *content_type, const char *extra)
{
	FCGX_Request *f = r->fcgi;
	if (r->headers_sent)
		return;
	r->headers_sent = true;
	if (f == NULL)
		return;
	FCGX_FPrintF(f->out, "Status: %d %s\r\n", status, status_text(status));
	if (content_type != NULL)
		FCGX_FPrintF(f->out, "Content-Type: %s\r\n", content_type);
	/* Pages carry personal data and CSRF tokens: never cached (unless the caller's extra
	 * headers start with a Cache-Control of their own, for a versioned resource). */
	if (extra == NULL || strncmp(extra, "Cache-Control:", 14) != 0)
		FCGX_FPrintF(f->out, "Cache-Control: no-store\r\n");
	for (int i = 0; i < r->nset_cookie; i++)
		FCGX_FPrintF(f->out, "Set-Cookie: %s\r\n", r->set_cookie[i]);
	if (extra != NULL)
		FCGX_PutS(extra, f->out);
	FCGX_PutS("\r\n", f->out);
}

void resp_write(struct req *r, const void *p, size_t n)
{
	FCGX_Request *f = r->fcgi;
	if (f != NULL && r->method != M_HEAD)
		FCGX_PutStr(p, (int)n, f->out);
}

/* True for a local path that every browser reads as one: "/" then no second slash or
 * backslash, and no byte that URL parsers drop or mangle (controls, space, backslash,
 * non-ASCII): "/\t/evil.example" would become "//evil.example". */
static bool local_path(const char *p)
{
	if (p == NULL || p[0] != '/' || p[1] == '/')
		return false;
	for (const unsigned char *c = (const unsigned char *)p; *c; c++)
		if (*c <= 0x20 || *c >= 0x7f || *c == '\\')
			return false;
	return true;
}

int resp_redirect(struct req *r, const char *location)
{
	/* Only local paths: an open redirect would help phishing. */
	if (!local_path(location))
		location = "/";
	resp_headers(r, 303, NULL, arena_printf(r->arena, "Location: %s\r\n", location));
	return 303;
}

int resp_error(struct req *r, int status)
{
	if (r->headers_sent)
		return status;
	if (status >= 500 && r->incident == NULL) {
		r->incident = sec_token(r->arena, 6);
		log_err("incident %s: %d for %s %s", r->incident, status,
		        r->route ? r->route->pattern : "-", r->path ? r->path : "-");
	}
	if ((r->path != NULL && strncmp(r->path, "/api/", 5) == 0) ||
	    (r->route != NULL && (r->route->flags & ROUTE_KEY)))
		return api_error(r, status, r->api_code, r->api_text, NULL);
	struct _xmlNode *root = view_page(r, "error.title");
	struct _xmlNode *e = view_node(root, "error");
	view_attr_int(e, "status", status);
	if (r->incident != NULL)
		view_attr(e, "incident", r->incident);
	return view_error_page(r, status);
}

int resp_json(struct req *r, int status, json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	resp_headers(r, status, "application/json", NULL);
	if (s != NULL) {
		resp_write(r, s, strlen(s));
		free(s);
	}
	return status;
}
