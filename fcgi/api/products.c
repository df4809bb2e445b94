/*
 * Products and tags over the API: GET /organizations/{org}/products, GET /products/{id}, GET
 * and POST /organizations/{org}/tags, PATCH and DELETE /tags/{id}, PUT /products/{id}/tags.
 * What a member sees is what the pages show them (a member with role user: the kinds and
 * products granted, and tags only on those, counted only on those); a token limited to
 * chosen products sees only those. The tag rules are fcgi/products' (tags.c, tag_color.c).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api.h"

#define PRODUCT_TAGS_MAX TAGS_PER_ORG  /* ids a PUT may name (an organization has no more) */

static struct org_actor actor(struct req *r)
{
	return (struct org_actor){r->sess->user_id, r->sess->name ? r->sess->name : r->sess->email,
	                          r->remote_addr, r->sess->locale >= 0 ? r->sess->locale : LOCALE_EN};
}

/* The tag as the API shows it, from an id, name and colour (the count when >= 0). */
static json_t *tag_json(const char *id, const char *name, const char *color, long long count)
{
	json_t *t = json_pack("{s:I,s:s,s:s}", "id", (json_int_t)strtoll(id, NULL, 10), "name", name,
	                      "color", color);
	if (count >= 0)
		json_object_set_new(t, "products_count", json_integer((json_int_t)count));
	return t;
}

/* The product as the API shows it, from row i of PS_PRODUCTS_PAGE or PD_PRODUCT (the same
 * first ten columns), with its organization, its payer and its tags. */
static json_t *product_json(const struct db_rows *rows, size_t i, long long org, long long payer,
                            json_t *tags)
{
	return json_pack("{s:I,s:s,s:s,s:s,s:s,s:b,s:o,s:{s:s,s:s,s:s,s:s},s:I,s:I}",
	                 "id", (json_int_t)db_int(rows, i, 0), "kind", db_cell(rows, i, 1),
	                 "name", db_cell(rows, i, 2), "status", db_cell(rows, i, 3),
	                 "expires_at", db_cell(rows, i, 4), "auto_renew", db_int(rows, i, 5) != 0,
	                 "tags", tags, "holder", "name", db_cell(rows, i, 6), "organization",
	                 db_cell(rows, i, 7), "email", db_cell(rows, i, 8), "country",
	                 db_cell(rows, i, 9), "organization_id", (json_int_t)org,
	                 "payer_organization_id", (json_int_t)payer);
}

/* The tags of rows ptags (PD_PAGE_TAGS: product, id, name, colour) on one product. */
static json_t *tags_of(const struct db_rows *ptags, const char *product)
{
	json_t *a = json_array();
	for (size_t t = 0; t < ptags->nrows; t++)
		if (strcmp(db_cell(ptags, t, 0), product) == 0)
			json_array_append_new(a, tag_json(db_cell(ptags, t, 1), db_cell(ptags, t, 2),
			                                  db_cell(ptags, t, 3), -1));
	return a;
}

/* The tags of a product (PD_PRODUCT_TAGS rows: id, name, colour). */
static json_t *product_tags_json(const struct db_rows *tags)
{
	json_t *a = json_array();
	for (size_t t = 0; t < tags->nrows; t++)
		json_array_append_new(a, tag_json(db_cell(tags, t, 0), db_cell(tags, t, 1),
		                                  db_cell(tags, t, 2), -1));
	return a;
}

/* The token user's role in org into *role: 0, 404 for a non-member, or a DB status. */
static int member_role(struct req *r, long long org, int *role)
{
	int rc = org_role_of(r->app->db, r->arena, org, r->token->user_id, role);
	if (rc != DB_OK)
		return rc;
	return *role < 0 ? 404 : 0;
}

/* A refusal of the tag rules as the API's error. */
static int tag_refused(struct req *r, int rc)
{
	switch (rc) {
	case TAG_NOT_FOUND:
		return 404;
	case TAG_FORBIDDEN:
		return api_error(r, 403, "forbidden",
		                 "Only administrators and legal representatives of the organization change tags.",
		                 NULL);
	case TAG_DUPLICATE:
		return api_error(r, 409, "duplicate", i18n_get(LOCALE_EN, "tag.duplicate"), NULL);
	case TAG_TOO_MANY:
		return api_error(r, 409, "too_many_tags", i18n_get(LOCALE_EN, "tag.too_many"), NULL);
	default:
		return rc < 0 ? rc : 500;
	}
}

static int forbidden_user(struct req *r)
{
	return tag_refused(r, TAG_FORBIDDEN);
}

/* ------------------------------------------------------------------ products */

enum { PQ_PAGE, PQ_PER_PAGE, PQ_KIND, PQ_SEARCH, PQ_TAG };

/* GET /api/1/organizations/{org}/products?tag=&kind=&search=&page=&per_page=: a page of the
 * products the token may see, by name, each with its tags. 400 for a malformed filter, 404
 * for a non-member. A page past the end is empty. */
int api_products(struct req *r)
{
	static const struct field_decl decl[] = {
		[PQ_PAGE] = {"page", FIELD_INT, 0, 0, 1, 1000000, NULL},
		[PQ_PER_PAGE] = {"per_page", FIELD_INT, 0, 0, 1, 100, NULL},
		[PQ_KIND] = {"kind", FIELD_ENUM, 0, 0, 0, 0, kinds_or_all},
		[PQ_SEARCH] = {"search", FIELD_TEXT, 0, 100, 0, 0, NULL},
		[PQ_TAG] = {"tag", FIELD_IDS, 0, LIST_TAGS_MAX, 0, 0, NULL},
	};
	static const char *const why[] = {
		[PQ_PAGE] = "one whole number from 1 to 1000000",
		[PQ_PER_PAGE] = "one whole number from 1 to 100",
		[PQ_KIND] = "one of domain, hosting, mail, other",
		[PQ_SEARCH] = "one text of at most 100 bytes",
		[PQ_TAG] = "tag ids (whole numbers), at most 5",
	};
	struct form f;
	if (req_query(r, &f, decl, sizeof(decl) / sizeof(decl[0])) != 0 || !form_ok(&f)) {
		json_t *fields = json_object();
		for (size_t i = 0; i < f.n; i++)
			if (f.v[i].err != FERR_NONE)
				json_object_set_new(fields, decl[i].name, json_string(why[i]));
		return api_error(r, 400, "validation_failed", NULL, fields);
	}
	long page = f.v[PQ_PAGE].present ? (long)f.v[PQ_PAGE].i : 1;
	long per_page = f.v[PQ_PER_PAGE].present ? (long)f.v[PQ_PER_PAGE].i : 20;
	const char *kind = f.v[PQ_KIND].present ? kinds_or_all[f.v[PQ_KIND].i] : "";
	const char *search = f.v[PQ_SEARCH].present && f.v[PQ_SEARCH].s ? f.v[PQ_SEARCH].s : "";
	long long tags[LIST_TAGS_MAX] = {0};
	size_t ntags = 0;
	for (const char *s = f.v[PQ_TAG].present ? f.v[PQ_TAG].s : ""; *s && ntags < LIST_TAGS_MAX;) {
		tags[ntags++] = strtoll(s, NULL, 10);
		s += strcspn(s, ",");
		s += *s == ',';
	}
	long long org = r->args[0], uid = r->token->user_id;
	int role;
	int rc = member_role(r, org, &role);
	if (rc != 0)
		return rc;
	/* The conditions, then LIMIT and OFFSET: the page and one row more. */
	struct dbv binds[] = {
		DB_INT(org), DB_TEXT(kind), DB_TEXT(kind), DB_TEXT(search), DB_TEXT(search),
		DB_INT(tags[0]), DB_INT(tags[0]), DB_INT(tags[1]), DB_INT(tags[1]), DB_INT(tags[2]),
		DB_INT(tags[2]), DB_INT(tags[3]), DB_INT(tags[3]), DB_INT(tags[4]), DB_INT(tags[4]),
		DB_INT(role != ROLE_USER), DB_INT(org), DB_INT(uid), DB_INT(org), DB_INT(uid),
		DB_INT(r->token->all_products), DB_INT(r->token->id),
		DB_INT(per_page + 1), DB_INT((long long)(page - 1) * per_page), DB_END,
	};
	size_t nwhere = sizeof(binds) / sizeof(binds[0]) - 3;
	struct db_rows rows;
	if ((rc = db_exec(r->app->db, r->arena, PS_PRODUCTS_PAGE, binds, &rows)) != DB_OK)
		return rc;
	/* The total from the page when it is the last one; counted only when more follow or the
	 * page is past the end. */
	long long total = (long long)(page - 1) * per_page + (long long)rows.nrows;
	if (rows.nrows > (size_t)per_page || (rows.nrows == 0 && page > 1)) {
		struct db_rows count;
		binds[nwhere] = DB_END;
		if ((rc = db_exec(r->app->db, r->arena, PS_PRODUCTS_COUNT, binds, &count)) != DB_OK)
			return rc;
		total = db_int(&count, 0, 0);
	}
	size_t n = rows.nrows < (size_t)per_page ? rows.nrows : (size_t)per_page;
	/* The page's tags, fifty products a statement. */
	struct db_rows ptags[2] = {{0}, {0}};
	for (size_t part = 0; part * PRODUCTS_PER_PAGE < n; part++) {
		struct dbv ids[PRODUCTS_PER_PAGE + 1];
		for (size_t i = 0; i < PRODUCTS_PER_PAGE; i++) {
			size_t k = part * PRODUCTS_PER_PAGE + i;
			ids[i] = DB_INT(k < n ? db_int(&rows, k, 0) : 0);
		}
		ids[PRODUCTS_PER_PAGE] = DB_END;
		if ((rc = db_exec(r->app->db, r->arena, PD_PAGE_TAGS, ids, &ptags[part])) != DB_OK)
			return rc;
	}
	json_t *items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, product_json(&rows, i, db_int(&rows, i, 10), db_int(&rows, i, 11),
		                                          tags_of(&ptags[i / PRODUCTS_PER_PAGE],
		                                                  db_cell(&rows, i, 0))));
	return api_list(r, items, total, page, per_page);
}

/* The product {id} when the token may see it: its organization into *org and the user's role
 * into *role, its PD_PRODUCT row into rows. 0, 404, or a DB status. */
static int product_visible(struct req *r, long long id, long long *org, int *role,
                           struct db_rows *rows)
{
	struct db_rows po;
	long long uid = r->token->user_id;
	int rc = db_exec(r->app->db, r->arena, PS_PRODUCT_ORG, DB_ARGS(DB_INT(id), DB_INT(uid)), &po);
	if (rc != DB_OK)
		return rc;
	if (po.nrows != 1)
		return 404;
	*org = db_int(&po, 0, 0);
	*role = org_role_parse(db_cell(&po, 0, 1));
	rc = db_exec(r->app->db, r->arena, PD_PRODUCT,
	             DB_ARGS(DB_INT(id), DB_INT(*org), DB_INT(*role != ROLE_USER), DB_INT(*org), DB_INT(uid),
	                     DB_INT(*org), DB_INT(uid)),
	             rows);
	if (rc != DB_OK)
		return rc;
	if (rows->nrows != 1)
		return 404;
	rc = token_product_allowed(r, id);
	return rc < 0 ? rc : rc == 1 ? 0 : 404;
}

/* GET /api/1/products/{id}: 404 unless the token may see it. */
int api_product(struct req *r)
{
	struct db_rows rows, tags;
	long long org;
	int role;
	int rc = product_visible(r, r->args[0], &org, &role, &rows);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, PD_PRODUCT_TAGS, DB_ARGS(DB_INT(r->args[0]), DB_INT(org)),
	                  &tags)) != DB_OK)
		return rc;
	return api_ok(r, 200, product_json(&rows, 0, org, db_int(&rows, 0, 13), product_tags_json(&tags)));
}

/* ------------------------------------------------------------------ tags */

/* GET /api/1/organizations/{org}/tags: a page of the organization's tags (at most 500) by
 * name, each with how many of the products the user may see carry it. 404 for a non-member. */
int api_tags(struct req *r)
{
	long page, per_page;
	int role;
	long long org = r->args[0], uid = r->token->user_id;
	int rc = api_page(r, &page, &per_page);
	if (rc != 0)
		return rc;
	if ((rc = member_role(r, org, &role)) != 0)
		return rc;
	struct db_rows rows;
	rc = db_exec(r->app->db, r->arena, PD_TAGS_OF_ORG,
	             DB_ARGS(DB_INT(role != ROLE_USER), DB_INT(org), DB_INT(uid), DB_INT(org), DB_INT(uid),
	                     DB_INT(org), DB_INT(role != ROLE_USER)),
	             &rows);
	if (rc != DB_OK)
		return rc;
	json_t *items = json_array();
	for (size_t i = (size_t)(page - 1) * (size_t)per_page; i < rows.nrows && i < (size_t)(page * per_page); i++)
		json_array_append_new(items, tag_json(db_cell(&rows, i, 0), db_cell(&rows, i, 1),
		                                      db_cell(&rows, i, 2), db_int(&rows, i, 3)));
	return api_list(r, items, (long long)rows.nrows, page, per_page);
}

/* The body's name (trimmed, 1 to 30 characters) or NULL, with the reason in fields when it
 * was sent and refused. */
static const char *body_name(struct req *r, json_t *fields)
{
	static const struct field_decl d = {"name", FIELD_TEXT, 0, TAG_NAME_MAX * 4, 0, 0, NULL};
	struct field_value v = {0};
	json_t *j = json_object_get(r->json, "name");
	if (j == NULL)
		return NULL;
	const char *problem = NULL;
	if (!json_is_string(j)) {
		problem = "tag.name_empty";
	} else {
		enum field_error e = field_check(r->arena, &d, json_string_value(j), json_string_length(j), &v);
		if (e == FERR_TOO_LONG)
			problem = "tag.name_long";
		else if (e != FERR_NONE)
			problem = field_error_key(e);
		else
			problem = tag_name_problem(v.s);
	}
	if (problem != NULL) {
		json_object_set_new(fields, "name", json_string(i18n_get(LOCALE_EN, problem)));
		return NULL;
	}
	return v.s;
}

/* The body's colour, normalised to #rrggbb into out, or false (with the reason in fields when
 * it was sent and refused). */
static bool body_color(struct req *r, json_t *fields, char out[8])
{
	json_t *j = json_object_get(r->json, "color");
	if (j == NULL)
		return false;
	if (json_is_string(j) && strlen(json_string_value(j)) == json_string_length(j) &&
	    tag_color(json_string_value(j), out))
		return true;
	json_object_set_new(fields, "color", json_string(i18n_get(LOCALE_EN, "tag.color_bad")));
	return false;
}

/* POST /api/1/organizations/{org}/tags {"name", "color"}: a new tag (201). The colour is a
 * palette colour or #rgb/#rrggbb (the palette's first when absent). 400 for a bad name or
 * colour, 403 for role user, 404 for a non-member, 409 duplicate or too_many_tags. */
/* A token limited to chosen products may tag those, but not change the organization's tags,
 * which stand on products outside its list too. */
static int limited_token(struct req *r)
{
	if (r->token->all_products)
		return 0;
	return api_error(r, 403, "forbidden",
	                 "A token limited to chosen products cannot create, change or delete the organization's tags.",
	                 NULL);
}

int api_tag_create(struct req *r)
{
	static const char *const allowed[] = {"name", "color", NULL};
	if (limited_token(r) != 0)
		return 403;
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object with name and color.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *fields = json_object();
	char color[8];
	const char *name = body_name(r, fields);
	if (name == NULL && json_object_get(fields, "name") == NULL)
		json_object_set_new(fields, "name", json_string(i18n_get(LOCALE_EN, "tag.name_empty")));
	if (!body_color(r, fields, color) && json_object_get(fields, "color") == NULL)
		memcpy(color, tag_palette[0], 8);
	if (json_object_size(fields) > 0)
		return api_error(r, 400, "validation_failed", NULL, fields);
	json_decref(fields);
	struct org_actor who = actor(r);
	long long id;
	rc = tag_create(r->app->db, r->arena, &who, r->args[0], name, color, &id);
	if (rc != 0)
		return tag_refused(r, rc);
	return api_ok(r, 201, json_pack("{s:I,s:s,s:s,s:i}", "id", (json_int_t)id, "name", name,
	                                "color", color, "products_count", 0));
}

/* The tag {id} of an organization the token's user is a member of: rows of PS_TAG_ORG (org,
 * role, name, colour). 0, 404, or a DB status. */
static int tag_of_member(struct req *r, struct db_rows *rows)
{
	int rc = db_exec(r->app->db, r->arena, PS_TAG_ORG,
	                 DB_ARGS(DB_INT(r->args[0]), DB_INT(r->token->user_id)), rows);
	if (rc != DB_OK)
		return rc;
	return rows->nrows == 1 ? 0 : 404;
}

/* PATCH /api/1/tags/{id} {"name"?, "color"?}: renames or recolours the tag. 400, 403 for
 * role user, 404 for a tag of an organization the user is not a member of, 409 duplicate. */
int api_tag_update(struct req *r)
{
	if (limited_token(r) != 0)
		return 403;
	static const char *const allowed[] = {"name", "color", NULL};
	struct db_rows tag, all;
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object with name and/or color.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *fields = json_object();
	char color[8];
	const char *name = body_name(r, fields);
	bool recolour = body_color(r, fields, color);
	if (json_object_size(fields) > 0)
		return api_error(r, 400, "validation_failed", NULL, fields);
	json_decref(fields);
	if (name == NULL && !recolour)
		return api_error(r, 400, "validation_failed", "Send name and/or color.", NULL);
	if ((rc = tag_of_member(r, &tag)) != 0)
		return rc;
	long long org = db_int(&tag, 0, 0), uid = r->token->user_id;
	if (org_role_parse(db_cell(&tag, 0, 1)) == ROLE_USER)
		return forbidden_user(r);
	/* The count for the answer, read before: a renamed tag carries the same products. */
	rc = db_exec(r->app->db, r->arena, PD_TAGS_OF_ORG,
	             DB_ARGS(DB_INT(1), DB_INT(org), DB_INT(uid), DB_INT(org), DB_INT(uid), DB_INT(org), DB_INT(1)),
	             &all);
	if (rc != DB_OK)
		return rc;
	long long count = 0;
	for (size_t i = 0; i < all.nrows; i++)
		if (db_int(&all, i, 0) == r->args[0])
			count = db_int(&all, i, 3);
	struct org_actor who = actor(r);
	rc = tag_update(r->app->db, r->arena, &who, org, r->args[0], name, recolour ? color : NULL);
	if (rc != 0)
		return tag_refused(r, rc);
	return api_ok(r, 200, tag_json(arena_printf(r->arena, "%lld", r->args[0]),
	                               name ? name : db_cell(&tag, 0, 2),
	                               recolour ? color : db_cell(&tag, 0, 3), count));
}

/* DELETE /api/1/tags/{id}: the tag goes, and with it from every product. 403 for role user,
 * 404 for a tag of an organization the user is not a member of. */
int api_tag_delete(struct req *r)
{
	if (limited_token(r) != 0)
		return 403;
	struct db_rows tag;
	int rc = tag_of_member(r, &tag);
	if (rc != 0)
		return rc;
	if (org_role_parse(db_cell(&tag, 0, 1)) == ROLE_USER)
		return forbidden_user(r);
	struct org_actor who = actor(r);
	rc = tag_delete(r->app->db, r->arena, &who, db_int(&tag, 0, 0), r->args[0]);
	if (rc != 0)
		return tag_refused(r, rc);
	return api_ok(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)r->args[0], "deleted", 1));
}

/* One replacement of a product's tags, in one transaction. */
struct retag {
	struct req *r;
	struct org_actor who;
	long long org, product;
	const long long *tags;  /* the new set, without repeats */
	size_t ntags;
	long long missing;      /* a tag not of the organization: TAG_NOT_FOUND */
	struct db_rows now;     /* the product's tags after the change */
};

static bool in_set(const long long *set, size_t n, long long v)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == v)
			return true;
	return false;
}

/* The organization's row first and the role as it is now (tag_org_lock, as tags.c's changes
 * do), every tag checked to be the organization's before anything is written; then off what is
 * no longer named, on what is new. The answer is read before the commit. */
static int retag_txn(struct db *db, void *p)
{
	struct retag *t = p;
	struct arena *a = t->r->arena;
	struct db_rows rows;
	t->missing = 0;
	int rc = tag_org_lock(db, a, &t->who, t->org);
	if (rc != DB_OK)
		return rc;
	if ((rc = db_exec(db, a, PD_PRODUCT_IN_ORG, DB_ARGS(DB_INT(t->product), DB_INT(t->org)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return TAG_NOT_FOUND;
	for (size_t i = 0; i < t->ntags; i++) {
		if ((rc = db_exec(db, a, PD_TAG_GET, DB_ARGS(DB_INT(t->tags[i]), DB_INT(t->org)), &rows)) != DB_OK)
			return rc;
		if (rows.nrows != 1) {
			t->missing = t->tags[i];
			return TAG_NOT_FOUND;
		}
	}
	struct db_rows old;
	if ((rc = db_exec(db, a, PD_PRODUCT_TAGS, DB_ARGS(DB_INT(t->product), DB_INT(t->org)), &old)) != DB_OK)
		return rc;
	long long *had = arena_calloc(a, old.nrows + 1, sizeof(*had));
	for (size_t i = 0; i < old.nrows; i++) {
		had[i] = db_int(&old, i, 0);
		if (!in_set(t->tags, t->ntags, had[i]) &&
		    (rc = db_exec(db, a, PD_PRODUCT_TAG_REMOVE, DB_ARGS(DB_INT(t->product), DB_INT(had[i])),
		                  NULL)) != DB_OK)
			return rc;
	}
	for (size_t i = 0; i < t->ntags; i++)
		if (!in_set(had, old.nrows, t->tags[i]) &&
		    (rc = db_exec(db, a, PD_PRODUCT_TAG_ADD, DB_ARGS(DB_INT(t->product), DB_INT(t->tags[i])),
		                  NULL)) != DB_OK)
			return rc;
	return db_exec(db, a, PD_PRODUCT_TAGS, DB_ARGS(DB_INT(t->product), DB_INT(t->org)), &t->now);
}

/* PUT /api/1/products/{id}/tags {"tags": [ids]}: the product's tags become exactly these
 * (an empty list takes them all off), all or nothing. Answers the product. 400 for a
 * malformed list, 403 for role user, 404 for a product the token may not see or a tag not
 * of the product's organization. */
int api_product_tags_set(struct req *r)
{
	static const char *const allowed[] = {"tags", NULL};
	if (r->json == NULL || !json_is_object(r->json))
		return api_error(r, 400, "validation_failed", "Send a JSON object {\"tags\": [tag ids]}.", NULL);
	int rc = api_known_fields(r, r->json, allowed);
	if (rc != 0)
		return rc;
	json_t *list = json_object_get(r->json, "tags");
	bool ok = json_is_array(list) && json_array_size(list) <= PRODUCT_TAGS_MAX;
	long long *ids = arena_calloc(r->arena, ok ? json_array_size(list) + 1 : 1, sizeof(*ids));
	size_t n = 0;
	for (size_t i = 0; ok && i < json_array_size(list); i++) {
		json_t *v = json_array_get(list, i);
		json_int_t id = json_is_integer(v) ? json_integer_value(v) : 0;
		ok = id >= 1 && id <= (json_int_t)1 << 53;
		if (ok && !in_set(ids, n, (long long)id))
			ids[n++] = (long long)id;
	}
	if (!ok)
		return api_error(r, 400, "validation_failed", NULL,
		                 json_pack("{s:s}", "tags", "must be an array of at most 500 tag ids (whole numbers from 1)"));
	struct db_rows rows;
	struct retag t = {r, actor(r), 0, r->args[0], ids, n, 0, {0}};
	int role;
	if ((rc = product_visible(r, t.product, &t.org, &role, &rows)) != 0)
		return rc;
	if (role == ROLE_USER)
		return forbidden_user(r);
	rc = db_txn(r->app->db, retag_txn, &t);
	if (rc == TAG_NOT_FOUND && t.missing != 0)
		return api_error(r, 404, "not_found",
		                 arena_printf(r->arena, "The product's organization has no tag %lld; nothing was changed.",
		                              t.missing),
		                 NULL);
	if (rc != 0)
		return tag_refused(r, rc);
	return api_ok(r, 200, product_json(&rows, 0, t.org, db_int(&rows, 0, 13), product_tags_json(&t.now)));
}
