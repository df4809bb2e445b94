/*
 * Changing organizations over the API: coordinates (PATCH /organizations/{org}), invitations
 * (POST /organizations/{org}/members), roles and removal (PATCH, DELETE
 * /organizations/{org}/members/{user}). The rules are fcgi/org's, as for the pages; a refusal
 * becomes its error code (409 last_legal_representative, ...).
 */
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "api.h"

const char *api_body_string(struct req *r, json_t *body, const char *name,
                            const struct field_decl *d, json_t *fields)
{
	struct field_value v;
	json_t *j = json_object_get(body, name);
	if (j == NULL)
		return NULL;
	if (!json_is_string(j)) {
		json_object_set_new(fields, name, json_string("must be a string"));
		return NULL;
	}
	enum field_error e = field_check(r->arena, d, json_string_value(j), json_string_length(j), &v);
	if (e == FERR_NONE && !v.present && d->minlen > 0)
		e = FERR_MISSING;
	if (e != FERR_NONE) {
		json_object_set_new(fields, name, json_string(i18n_get(LOCALE_EN, field_error_key(e))));
		return NULL;
	}
	return v.s;
}

static struct org_actor actor(struct req *r)
{
	return (struct org_actor){r->sess->user_id, r->sess->name ? r->sess->name : r->sess->email,
	                          r->remote_addr, r->sess->locale >= 0 ? r->sess->locale : LOCALE_EN};
}

/* A refusal of the rules as the API's error. */
static int refused(struct req *r, int refusal)
{
	int status;
	const char *code = org_refusal_code(refusal, &status);
	return api_error(r, status, code, i18n_get(LOCALE_EN, org_refusal_key(refusal)), NULL);
}

static int validation_failed(struct req *r, json_t *fields)
{
	return api_error(r, 400, "validation_failed", NULL, fields);
}

/* The body's value of one coordinate (checked like the form's field), or the current one. */
static const char *merged(struct req *r, json_t *obj, const char *name, const struct field_decl *d,
                          json_t *fields, const char *current)
{
	const char *v = api_body_string(r, obj, name, d, fields);
	return v != NULL ? v : current;
}

struct patch {
	struct req *r;
	json_t *fields;        /* refusals, by field (address.city for the address's) */
	struct db_rows answer; /* the organization as it is after the change */
};

#define PATCH_INVALID 100  /* a positive db_txn answer: refused values, nothing written */

/* Read, merge, check and write in one transaction: the row is read FOR UPDATE (and its write
 * conflicts on a cluster), so two PATCHes of different keys both take effect. */
static int patch_txn(struct db *db, void *p)
{
	static const struct field_decl d_name = {"name", FIELD_TEXT, 1, 200, 0, 0, NULL};
	static const struct field_decl d_entity = {"entity_type", FIELD_ENUM, 0, 0, 0, 0, org_entity_types};
	static const struct field_decl d_country = {"country", FIELD_TEXT, 2, 2, 0, 0, NULL};
	static const struct field_decl d_street = {"street", FIELD_TEXT, 0, 200, 0, 0, NULL};
	static const struct field_decl d_postcode = {"postcode", FIELD_TEXT, 0, 20, 0, 0, NULL};
	static const struct field_decl d_city = {"city", FIELD_TEXT, 0, 100, 0, 0, NULL};
	static const struct field_decl d_phone = {"phone", FIELD_TEXT, 0, 40, 0, 0, NULL};
	static const struct field_decl d_email = {"email", FIELD_EMAIL, 0, 254, 0, 0, NULL};
	static const struct field_decl d_vat = {"vat_number", FIELD_TEXT, 0, 30, 0, 0, NULL};
	static const struct field_decl d_uid = {"uid_number", FIELD_TEXT, 0, 30, 0, 0, NULL};
	struct patch *pt = p;
	struct req *r = pt->r;
	struct org_actor who = actor(r);
	struct db_rows cur;
	json_object_clear(pt->fields);  /* a rerun after a deadlock starts afresh */
	int rc = org_may_manage(db, r->arena, &who, r->args[0]);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(db, r->arena, OS_ORG_COORDS_GET, DB_ARGS(DB_INT(r->args[0])), &cur)) != DB_OK)
		return rc;
	if (cur.nrows != 1)
		return ORG_NOT_FOUND;
	json_t *body = r->json, *addr = json_object_get(body, "address"), *f = pt->fields;
	struct org_coords c = {0};
	c.name = merged(r, body, "name", &d_name, f, db_cell(&cur, 0, 0));
	for (int i = 0; org_entity_types[i]; i++)
		if (strcmp(org_entity_types[i], db_cell(&cur, 0, 1)) == 0)
			c.entity_type = i;
	json_t *et = json_object_get(body, "entity_type");
	if (et != NULL) {
		struct field_value fv;
		if (!json_is_string(et) ||
		    field_check(r->arena, &d_entity, json_string_value(et), json_string_length(et), &fv) != FERR_NONE ||
		    !fv.present)
			json_object_set_new(f, "entity_type", json_string("must be one of individual, company, association, public_body"));
		else
			c.entity_type = (int)fv.i;
	}
	c.country = merged(r, body, "country", &d_country, f, db_cell(&cur, 0, 2));
	c.street = db_cell(&cur, 0, 3);
	c.postcode = db_cell(&cur, 0, 4);
	c.city = db_cell(&cur, 0, 5);
	if (addr != NULL) {
		json_t *af = json_object();
		c.street = merged(r, addr, "street", &d_street, af, c.street);
		c.postcode = merged(r, addr, "postcode", &d_postcode, af, c.postcode);
		c.city = merged(r, addr, "city", &d_city, af, c.city);
		const char *k;
		json_t *v;
		json_object_foreach(af, k, v)
			json_object_set(f, arena_printf(r->arena, "address.%s", k), v);
		json_decref(af);
	}
	c.phone = merged(r, body, "phone", &d_phone, f, db_cell(&cur, 0, 6));
	c.email = merged(r, body, "email", &d_email, f, db_cell(&cur, 0, 7));
	c.vat_number = merged(r, body, "vat_number", &d_vat, f, db_cell(&cur, 0, 8));
	c.uid_number = merged(r, body, "uid_number", &d_uid, f, db_cell(&cur, 0, 9));
	if (!json_is_true(json_object_get(body, "terms_accepted")))
		json_object_set_new(f, "terms_accepted", json_string(i18n_get(LOCALE_EN, "org.terms_required")));
	if (json_object_size(f) == 0) {
		struct org_problem problems[ORG_MAX_PROBLEMS];
		size_t n = org_coords_check(r->arena, &c, problems);
		for (size_t i = 0; i < n; i++)
			json_object_set_new(f, problems[i].field, json_string(i18n_get(LOCALE_EN, problems[i].key)));
	}
	if (json_object_size(f) > 0)
		return PATCH_INVALID;
	if ((rc = org_coords_write(db, r->arena, &who, r->args[0], &c, r->now)) != DB_OK)
		return rc;
	/* The answer is read before the commit: a failure after it would otherwise say "nothing
	 * was changed" about a change that was made. */
	return db_exec(db, r->arena, PS_ORG_GET, DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id)),
	               &pt->answer);
}

/* PATCH /api/1/organizations/{org}: any of the coordinates; "terms_accepted": true required,
 * as the page's checkbox is. */
int api_organization_update(struct req *r)
{
	static const char *const allowed[] = {"name", "entity_type", "country", "address", "phone",
	                                      "email", "vat_number", "uid_number", "terms_accepted", NULL};
	static const char *const address_keys[] = {"street", "postcode", "city", NULL};
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object with the coordinates to change.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *addr = json_object_get(r->json, "address");
	if (addr != NULL && !json_is_object(addr))
		return validation_failed(r, json_pack("{s:s}", "address", "must be an object"));
	if (addr != NULL && (rc = api_known_fields(r, addr, address_keys)) != 0)
		return rc;
	struct patch pt = {r, json_object(), {0}};
	rc = db_txn(r->app->db, patch_txn, &pt);
	if (rc == PATCH_INVALID)
		return validation_failed(r, pt.fields);
	json_decref(pt.fields);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return refused(r, rc);
	if (pt.answer.nrows != 1)
		return 404;
	return api_ok(r, 200, api_organization_json(&pt.answer, 0));
}

static const struct field_decl d_member_email = {"email", FIELD_EMAIL, 3, 254, 0, 0, NULL};
static const struct field_decl d_role = {"role", FIELD_ENUM, 0, 0, 0, 0, org_role_names};

/* The role member of a body: the role's index, or -1 with the reason in fields. */
static int body_role(struct req *r, json_t *fields)
{
	struct field_value fv;
	json_t *j = json_object_get(r->json, "role");
	if (j != NULL && json_is_string(j) &&
	    field_check(r->arena, &d_role, json_string_value(j), json_string_length(j), &fv) == FERR_NONE &&
	    fv.present)
		return (int)fv.i;
	json_object_set_new(fields, "role", json_string("must be one of legal_representative, admin, user"));
	return -1;
}

/* POST /api/1/organizations/{org}/members {"email", "role"}: an invitation, mailed. */
int api_member_invite(struct req *r)
{
	static const char *const allowed[] = {"email", "role", NULL};
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object with email and role.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *fields = json_object();
	const char *email = api_body_string(r, r->json, "email", &d_member_email, fields);
	if (email == NULL && json_object_get(fields, "email") == NULL)
		json_object_set_new(fields, "email", json_string("is required"));
	int role = body_role(r, fields);
	if (json_object_size(fields) > 0)
		return validation_failed(r, fields);
	json_decref(fields);
	struct org_actor who = actor(r);
	long long id;
	rc = org_invite(r->app->db, r->arena, &r->app->conf, &who, r->args[0], email, role, &id);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return refused(r, rc);
	char expires[32];
	time_t t = time(NULL) + INVITE_TTL;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(expires, sizeof(expires), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return api_ok(r, 201, json_pack("{s:I,s:s,s:s,s:s}", "invitation_id", (json_int_t)id, "email",
	                                email, "role", org_role_names[role], "expires_at", expires));
}

/* PATCH /api/1/organizations/{org}/members/{user} {"role"}. The member is read first (404
 * for a forged id) and the answer built from it and the new role, so that nothing after the
 * commit can fail. */
int api_member_update(struct req *r)
{
	static const char *const allowed[] = {"role", NULL};
	struct db_rows m;
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object with the role.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *fields = json_object();
	int role = body_role(r, fields);
	if (role < 0)
		return validation_failed(r, fields);
	json_decref(fields);
	rc = db_exec(r->app->db, r->arena, PS_MEMBER_GET,
	             DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id), DB_INT(r->args[1])), &m);
	if (rc != DB_OK)
		return rc;
	if (m.nrows != 1)
		return 404;
	struct org_actor who = actor(r);
	rc = org_member_change(r->app->db, r->arena, &who, r->args[0], r->args[1], role);
	if (rc < 0)
		return rc;
	if (rc > 0 && rc != ORG_UNCHANGED)
		return refused(r, rc);
	return api_ok(r, 200, json_pack("{s:I,s:s,s:s,s:s}", "user_id", (json_int_t)db_int(&m, 0, 0),
	                                "email", db_cell(&m, 0, 1), "name", db_cell(&m, 0, 2),
	                                "role", org_role_names[role]));
}

/* DELETE /api/1/organizations/{org}/members/{user}. */
int api_member_remove(struct req *r)
{
	struct org_actor who = actor(r);
	int rc = org_member_change(r->app->db, r->arena, &who, r->args[0], r->args[1], -1);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return refused(r, rc);
	return api_ok(r, 200, json_pack("{s:I,s:b}", "user_id", (json_int_t)r->args[1], "removed", 1));
}
