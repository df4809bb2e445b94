/*
 * Request access: CGI parameters from FastCGI, and the query string parsed against the
 * route's declared fields.
 */
#include <string.h>

#include <fcgiapp.h>

#include "core.h"

const char *req_param(struct req *r, const char *name)
{
	FCGX_Request *f = r->fcgi;
	return f != NULL ? FCGX_GetParam(name, f->envp) : NULL;
}

const char *req_cookie(struct req *r, const char *name)
{
	const char *prefix = r->app ? r->app->conf.cookie_prefix : "";
	size_t n = strlen(prefix);
	for (int i = 0; i < r->ncookies; i++)
		if (strncmp(r->cookies[i].name, prefix, n) == 0 && strcmp(r->cookies[i].name + n, name) == 0)
			return r->cookies[i].value;
	return NULL;
}

int req_query(struct req *r, struct form *f, const struct field_decl *decls, size_t n)
{
	form_init(r->arena, f, decls, n);
	if (r->query == NULL || *r->query == '\0')
		return 0;
	return form_parse_urlencoded(r->arena, f, r->query, strlen(r->query));
}
