/*
 * The JSON API's envelopes (DESIGN.md, "The JSON API"): success, lists with pagination,
 * and errors with a stable code, an English description for the developer, and the fields
 * at fault. JSON is built with jansson, never by string concatenation.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core.h"

static const struct {
	int status;
	const char *code;
	const char *text;
} api_codes[] = {
	{400, "validation_failed", "The request is malformed or a field is not valid."},
	{401, "not_authenticated", "Send a valid API token: Authorization: Bearer kontor_..."},
	{401, "token_expired", "The API token has expired."},
	{401, "token_revoked", "The API token has been revoked."},
	{401, "token_deactivated", "The API token was deactivated after a year without use."},
	{403, "forbidden", "The API token lacks the scope this request needs."},
	{404, "not_found", "No such object, or the token may not see it."},
	{405, "method_not_allowed", "This path does not take this method."},
	{409, "conflict", "The change conflicts with the current state."},
	{413, "payload_too_large", "The request body is too large."},
	{415, "unsupported_media_type", "Send the body as Content-Type: application/json."},
	{429, "too_many_requests", "Too many requests; retry after the seconds in Retry-After."},
	{503, "unavailable", "The service is temporarily unavailable; nothing was changed."},
	{500, "internal_error", "The request failed; nothing was changed."},
};

int api_ok(struct req *r, int status, json_t *data)
{
	return resp_json(r, status, json_pack("{s:s,s:o}", "result", "success", "data", data));
}

int api_list(struct req *r, json_t *items, long long total, long page, long per_page)
{
	long long pages = (total + per_page - 1) / per_page;
	return resp_json(r, 200, json_pack("{s:s,s:o,s:I,s:i,s:I}", "result", "success", "data",
	                                   items, "total", (json_int_t)total, "page", (int)page,
	                                   "pages", (json_int_t)pages));
}

/* True when the request carried a bearer token, good or not. */
static bool bearer_sent(const struct req *r)
{
	const char *a = r->authorization;
	if (a == NULL || strncasecmp(a, "Bearer ", 7) != 0)
		return false;
	a += 7;
	return a[strspn(a, " ")] != '\0';
}

int api_error(struct req *r, int status, const char *code, const char *text, json_t *fields)
{
	const char *found = NULL;
	for (size_t i = 0; i < sizeof(api_codes) / sizeof(api_codes[0]); i++) {
		if (code == NULL && api_codes[i].status == status)
			code = api_codes[i].code;
		if (code != NULL && strcmp(api_codes[i].code, code) == 0) {
			found = api_codes[i].text;
			break;
		}
	}
	if (code == NULL)
		code = status >= 500 ? "internal_error" : "validation_failed";
	json_t *err = json_pack("{s:s,s:s}", "code", code, "description",
	                        text ? text : found ? found : "Error.");
	if (fields != NULL)
		json_object_set_new(err, "fields", fields);
	if (r->incident != NULL)
		json_object_set_new(err, "incident", json_string(r->incident));
	json_t *body = json_pack("{s:s,s:o}", "result", "error", "error", err);
	if (status != 401)
		return resp_json(r, status, body);
	/* RFC 6750: a 401 names the scheme, and why when a token was sent (malformed, unknown,
	 * expired, revoked or deactivated alike). */
	char *s = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	resp_headers(r, status, "application/json",
	             strcmp(code, "not_authenticated") == 0 && !bearer_sent(r)
	                     ? "WWW-Authenticate: Bearer realm=\"kontor\"\r\n"
	                     : "WWW-Authenticate: Bearer realm=\"kontor\", error=\"invalid_token\"\r\n");
	if (s != NULL) {
		resp_write(r, s, strlen(s));
		free(s);
	}
	return status;
}

static const char *const page_names[] = {"page", "per_page"};

int api_page(struct req *r, long *page, long *per_page)
{
	static const struct field_decl decl[] = {
		{"page", FIELD_INT, 0, 0, 1, 1000000, NULL},
		{"per_page", FIELD_INT, 0, 0, 1, 100, NULL},
	};
	struct form f;
	*page = 1;
	*per_page = 20;
	if (req_query(r, &f, decl, 2) != 0 || !form_ok(&f)) {
		json_t *fields = json_object();
		for (size_t i = 0; i < 2; i++)
			if (f.v[i].err != FERR_NONE)
				json_object_set_new(fields, page_names[i], json_string(i == 0 ?
				                    "one whole number from 1 to 1000000" :
				                    "one whole number from 1 to 100"));
		return api_error(r, 400, "validation_failed", NULL, fields);
	}
	if (f.v[0].present)
		*page = (long)f.v[0].i;
	if (f.v[1].present)
		*per_page = (long)f.v[1].i;
	return 0;
}

int api_known_fields(struct req *r, json_t *obj, const char *const *allowed)
{
	const char *key;
	json_t *value;
	json_t *unknown = NULL;
	if (!json_is_object(obj))
		return api_error(r, 400, "validation_failed", "The body must be a JSON object.", NULL);
	json_object_foreach(obj, key, value) {
		bool ok = false;
		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, key) == 0;
		if (!ok) {
			if (unknown == NULL)
				unknown = json_object();
			json_object_set_new(unknown, key, json_string("unknown field"));
		}
	}
	if (unknown != NULL)
		return api_error(r, 400, "validation_failed", "The body has fields this endpoint does not take.", unknown);
	return 0;
}
