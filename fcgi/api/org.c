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

/* PATCH /api/1/organizations/{org}: any of the coordinates; "terms_accepted": true required,
 * as the page's checkbox is. */
int api_organization_update(struct req *r)
{
	static const char *const allowed[] = {"name", "entity_type", "country", "address", "phone",
	                                      "email", "vat_number", "uid_number", "terms_accepted", NULL};
	static const char *const address_keys[] = {"street", "postcode", "city", NULL};
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
	struct db_rows cur;
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
	/* The current coordinates, for a member only: another organization answers 404. */
	rc = db_exec(r->app->db, r->arena, PS_ORG_GET, DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id)),
	             &cur);
	if (rc != DB_OK)
		return rc;
	if (cur.nrows != 1)
		return 404;
	json_t *fields = json_object();
	struct org_coords c = {db_cell(&cur, 0, 1), 0, db_cell(&cur, 0, 3),
	                       db_cell(&cur, 0, 4), db_cell(&cur, 0, 5), db_cell(&cur, 0, 6),
	                       db_cell(&cur, 0, 7), db_cell(&cur, 0, 8), db_cell(&cur, 0, 9),
	                       db_cell(&cur, 0, 13)};
	for (int i = 0; org_entity_types[i]; i++)
		if (strcmp(org_entity_types[i], db_cell(&cur, 0, 2)) == 0)
			c.entity_type = i;
	const char *v;
	if ((v = api_body_string(r, r->json, "name", &d_name, fields)) != NULL)
		c.name = v;
	json_t *et = json_object_get(r->json, "entity_type");
	if (et != NULL) {
		struct field_value fv;
		if (!json_is_string(et) ||
		    field_check(r->arena, &d_entity, json_string_value(et), json_string_length(et), &fv) != FERR_NONE ||
		    !fv.present)
			json_object_set_new(fields, "entity_type", json_string("must be one of individual, company, association, public_body"));
		else
			c.entity_type = (int)fv.i;
	}
	if ((v = api_body_string(r, r->json, "country", &d_country, fields)) != NULL)
		c.country = v;
	if (addr != NULL) {
		if ((v = api_body_string(r, addr, "street", &d_street, fields)) != NULL)
			c.street = v;
		if ((v = api_body_string(r, addr, "postcode", &d_postcode, fields)) != NULL)
			c.postcode = v;
		if ((v = api_body_string(r, addr, "city", &d_city, fields)) != NULL)
			c.city = v;
	}
	if ((v = api_body_string(r, r->json, "phone", &d_phone, fields)) != NULL)
		c.phone = v;
	if ((v = api_body_string(r, r->json, "email", &d_email, fields)) != NULL)
		c.email = v;
	if ((v = api_body_string(r, r->json, "vat_number", &d_vat, fields)) != NULL)
		c.vat_number = v;
	if ((v = api_body_string(r, r->json, "uid_number", &d_uid, fields)) != NULL)
		c.uid_number = v;
	if (!json_is_true(json_object_get(r->json, "terms_accepted")))
		json_object_set_new(fields, "terms_accepted", json_string(i18n_get(LOCALE_EN, "org.terms_required")));
	if (json_object_size(fields) == 0) {
		struct org_problem problems[ORG_MAX_PROBLEMS];
		size_t n = org_coords_check(r->arena, &c, problems);
		for (size_t i = 0; i < n; i++)
			json_object_set_new(fields, problems[i].field, json_string(i18n_get(LOCALE_EN, problems[i].key)));
	}
	if (json_object_size(fields) > 0)
		return validation_failed(r, fields);
	json_decref(fields);
	struct org_actor who = actor(r);
	rc = org_coords_save(r->app->db, r->arena, &who, r->args[0], &c, r->now);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return refused(r, rc);
	return api_organization(r);
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

/* The member as the API shows it, after a change. */
static int member_answer(struct req *r)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, PS_MEMBER_GET,
	                 DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id), DB_INT(r->args[1])), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	return api_ok(r, 200, json_pack("{s:I,s:s,s:s,s:s}", "user_id", (json_int_t)db_int(&rows, 0, 0),
	                                "email", db_cell(&rows, 0, 1), "name", db_cell(&rows, 0, 2),
	                                "role", db_cell(&rows, 0, 3)));
}

/* PATCH /api/1/organizations/{org}/members/{user} {"role"}. */
int api_member_update(struct req *r)
{
	static const char *const allowed[] = {"role", NULL};
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
	struct org_actor who = actor(r);
	rc = org_member_change(r->app->db, r->arena, &who, r->args[0], r->args[1], role);
	if (rc < 0)
		return rc;
	if (rc > 0 && rc != ORG_UNCHANGED)
		return refused(r, rc);
	return member_answer(r);
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
