/* GET /api/1/profile and GET /api/1/organizations: the token's user and their organizations. */
#include <stdio.h>
#include <stdlib.h>
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

json_t *api_organization_json(const struct db_rows *rows, size_t i)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:{s:s,s:s,s:s},s:s,s:s,s:s?,s:s,s:b}",
	                 "id", (json_int_t)db_int(rows, i, 0), "name", db_cell(rows, i, 1),
	                 "entity_type", db_cell(rows, i, 2), "country", db_cell(rows, i, 3),
	                 "address", "street", db_cell(rows, i, 4), "postcode", db_cell(rows, i, 5),
	                 "city", db_cell(rows, i, 6), "phone", db_cell(rows, i, 7),
	                 "email", db_cell(rows, i, 8), "vat_number",
	                 *db_cell(rows, i, 9) ? db_cell(rows, i, 9) : NULL,
	                 "vat_status", db_cell(rows, i, 10), "is_partner", (int)db_int(rows, i, 11));
}

int api_organizations(struct req *r)
{
	struct db_rows count, rows;
	long page, per_page;
	int rc = api_page(r, &page, &per_page);
	if (rc != 0)
		return rc;
	long long uid = r->token->user_id, total;
	if ((rc = db_exec(r->app->db, r->arena, PS_ORGS_PAGE,
	                  DB_ARGS(DB_INT(uid), DB_INT(per_page), DB_INT((page - 1) * per_page)),
	                  &rows)) != DB_OK)
		return rc;
	if (rows.nrows > 0) {
		total = db_int(&rows, 0, 13);
	} else {
		/* A page past the end has no row to carry the total. */
		if ((rc = db_exec(r->app->db, r->arena, PS_ORGS_COUNT, DB_ARGS(DB_INT(uid)), &count)) != DB_OK)
			return rc;
		total = db_int(&count, 0, 0);
	}
	json_t *items = json_array();
	for (size_t i = 0; i < rows.nrows; i++) {
		json_t *o = api_organization_json(&rows, i);
		json_object_set_new(o, "role", json_string(db_cell(&rows, i, 12)));
		json_array_append_new(items, o);
	}
	return api_list(r, items, total, page, per_page);
}
