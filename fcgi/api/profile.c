/* GET /api/1/profile and GET /api/1/organizations: the token's user and their organizations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "api.h"

/* ISO 8601 UTC from Unix seconds. */
static json_t *iso_time(long long t)
{
	char buf[32];
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(buf);
}

int api_profile(struct req *r)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, PS_PROFILE, DB_ARGS(DB_INT(r->token->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	const char *locale = db_cell(&rows, 0, 3);
	return api_ok(r, 200, json_pack("{s:I,s:s,s:s,s:s,s:o}", "id", (json_int_t)db_int(&rows, 0, 0),
	                                "email", db_cell(&rows, 0, 1), "name", db_cell(&rows, 0, 2),
	                                "locale", *locale ? locale : "en", "created_at",
	                                iso_time(db_int(&rows, 0, 4))));
}

/* PATCH /api/1/profile {"name": "...", "locale": "de"}: either or both. */
int api_profile_update(struct req *r)
{
	static const char *const allowed[] = {"name", "locale", NULL};
	static const char *const locales[] = {"en", "de", "fr", "it", NULL};
	static const struct field_decl name = {"name", FIELD_TEXT, 1, 200, 0, 0, NULL};
	static const struct field_decl locale = {"locale", FIELD_ENUM, 0, 0, 0, 0, locales};
	if (r->json == NULL)
		return api_error(r, 400, "validation_failed", "Send a JSON object with name and/or locale.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *fields = json_object();
	const char *n = api_body_string(r, r->json, "name", &name, fields);
	const char *l = api_body_string(r, r->json, "locale", &locale, fields);
	if (json_object_size(fields) > 0)
		return api_error(r, 400, "validation_failed", NULL, fields);
	json_decref(fields);
	if (n == NULL && l == NULL)
		return api_error(r, 400, "validation_failed", "Send name and/or locale.", NULL);
	rc = db_exec(r->app->db, r->arena, PS_PROFILE_UPDATE,
	             DB_ARGS(n ? DB_TEXT(n) : DB_NULL, l ? DB_TEXT(l) : DB_NULL, DB_INT(r->token->user_id)),
	             NULL);
	if (rc != DB_OK)
		return rc;
	return api_profile(r);
}

json_t *api_organization_json(const struct db_rows *rows, size_t i)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:s,s:s,s:s?,s:s,s:s?,s:b,s:s}",
	                 "id", (json_int_t)db_int(rows, i, 0), "name", db_cell(rows, i, 1),
	                 "entity_type", db_cell(rows, i, 2), "country", db_cell(rows, i, 3),
	                 "address", "street", db_cell(rows, i, 4), "postcode", db_cell(rows, i, 5),
	                 "city", db_cell(rows, i, 6), "phone", db_cell(rows, i, 7),
	                 "email", db_cell(rows, i, 8), "vat_number",
	                 *db_cell(rows, i, 9) ? db_cell(rows, i, 9) : NULL,
	                 "vat_status", db_cell(rows, i, 10), "uid_number",
	                 *db_cell(rows, i, 12) ? db_cell(rows, i, 12) : NULL,
	                 "is_partner", (int)db_int(rows, i, 11), "role", db_cell(rows, i, 13));
}

/* Runs a page statement: its parameters are lead (DB_END-terminated) then LIMIT and OFFSET,
 * and its column col is COUNT(*) OVER (). *total is right even for a page past the end,
 * whose rows cannot carry it: the first page is asked for one row then. */
static int page_rows(struct req *r, unsigned stmt, const struct dbv *lead, long page,
                     long per_page, size_t col, struct db_rows *rows, long long *total)
{
	struct dbv binds[8];
	size_t n = 0;
	while (lead[n].t != DBT_END && n < 5) {
		binds[n] = lead[n];
		n++;
	}
	binds[n] = DB_INT(per_page);
	binds[n + 1] = DB_INT((page - 1) * per_page);
	binds[n + 2] = DB_END;
	int rc = db_exec(r->app->db, r->arena, stmt, binds, rows);
	if (rc != DB_OK || rows->nrows > 0 || page == 1) {
		*total = rows->nrows > 0 ? db_int(rows, 0, col) : 0;
		return rc;
	}
	struct db_rows first;
	binds[n] = DB_INT(1);
	binds[n + 1] = DB_INT(0);
	if ((rc = db_exec(r->app->db, r->arena, stmt, binds, &first)) != DB_OK)
		return rc;
	*total = first.nrows > 0 ? db_int(&first, 0, col) : 0;
	return DB_OK;
}

int api_organizations(struct req *r)
{
	struct db_rows rows;
	long page, per_page;
	long long total;
	int rc = api_page(r, &page, &per_page);
	if (rc != 0)
		return rc;
	if ((rc = page_rows(r, PS_ORGS_PAGE, DB_ARGS(DB_INT(r->token->user_id)), page, per_page, 14,
	                    &rows, &total)) != DB_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = 0; i < rows.nrows; i++)
		json_array_append_new(items, api_organization_json(&rows, i));
	return api_list(r, items, total, page, per_page);
}

/* GET /api/1/organizations/{org}: 404 unless the token's user is a member. */
int api_organization(struct req *r)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, PS_ORG_GET,
	                 DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	return api_ok(r, 200, api_organization_json(&rows, 0));
}

/* GET /api/1/organizations/{org}/members: a page of members (user_id, email, name, role). */
int api_members(struct req *r)
{
	struct db_rows rows;
	long page, per_page;
	long long total;
	int rc = api_page(r, &page, &per_page);
	if (rc != 0)
		return rc;
	if ((rc = page_rows(r, PS_MEMBERS_PAGE, DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id)),
	                    page, per_page, 4, &rows, &total)) != DB_OK)
		return rc;
	/* A member counts among the members: none means the user is not one (or no such org). */
	if (total == 0)
		return 404;
	json_t *items = json_array();
	for (size_t i = 0; i < rows.nrows; i++)
		json_array_append_new(items, json_pack("{s:I,s:s,s:s,s:s}", "user_id",
		                                       (json_int_t)db_int(&rows, i, 0), "email", db_cell(&rows, i, 1),
		                                       "name", db_cell(&rows, i, 2), "role", db_cell(&rows, i, 3)));
	return api_list(r, items, total, page, per_page);
}
