/*
 * Billing addresses: several per organization, one the default (the first one added is), each
 * able to carry a VAT number checked like the organization's own. Every member sees them;
 * administrators and legal representatives change them.
 */
#include <string.h>

#include <libxml/tree.h>

#include "pages.h"
#include "vat.h"

/* The list shows them all: an organization has at most this many. */
#define BILLING_MAX 100

static void address_node(struct _xmlNode *parent, const struct db_rows *rows, size_t i)
{
	static const char *const cols[] = {"id", "name", "street", "postcode", "city", "country",
	                                   "vat_number", "vat_status", "default"};
	struct _xmlNode *a = view_node(parent, "address");
	for (size_t c = 0; c < sizeof(cols) / sizeof(cols[0]); c++)
		if (db_cell(rows, i, c) != NULL)
			view_attr(a, cols[c], db_cell(rows, i, c));
}

/* The form as sent, when it comes back with refusals. */
static void sent_form(struct req *r, struct _xmlNode *root)
{
	struct _xmlNode *form = view_node(root, "form");
	for (size_t i = 0; i < BA_DEFAULT; i++)
		if (r->form.v[i].present)
			view_attr(form, billing_fields[i].name, r->form.v[i].s);
	if (r->form.v[BA_DEFAULT].present)
		view_attr(form, "default", "1");
}

static int billing_render(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx,
                          long long edit, int status)
{
	struct db_rows rows;
	int rc;
	if (edit != 0) {
		rc = db_exec(r->app->db, r->arena, OP_BILLING_GET, DB_ARGS(DB_INT(edit), DB_INT(ctx->id)), &rows);
		if (rc != DB_OK)
			return rc;
		if (rows.nrows != 1)
			return 404;
		struct _xmlNode *e = view_node(root, "edit");
		address_node(e, &rows, 0);
	} else {
		rc = db_exec(r->app->db, r->arena, OP_BILLING_LIST, DB_ARGS(DB_INT(ctx->id)), &rows);
		if (rc != DB_OK)
			return rc;
		struct _xmlNode *list = view_node(root, "addresses");
		for (size_t i = 0; i < rows.nrows; i++)
			address_node(list, &rows, i);
	}
	if (r->method == M_POST)
		sent_form(r, root);
	if (org_manages(ctx))
		org_choices(root);
	return view_render(r, status, OPG_BILLING);
}

int org_billing(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "billing.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	view_notice(r, root, "org.notice.", &r->form.v[NT_NOTICE]);
	return billing_render(r, root, &ctx, 0, 200);
}

int org_billing_edit(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "billing.edit_title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	return billing_render(r, root, &ctx, r->args[1], 200);
}

struct address {
	struct req *r;
	const struct org_ctx *ctx;
	long long id;          /* 0: a new one */
	const char *vat;       /* normalised */
};

static int address_txn(struct db *db, void *p)
{
	struct address *a = p;
	struct req *r = a->r;
	const struct field_value *v = r->form.v;
	struct db_rows count, row;
	long long org = a->ctx->id;
	/* Billing changes of one organization take turns on its row (the default is decided by
	 * counting, and a cluster certifies writes, not reads). */
	int rc = db_exec(db, r->arena, OS_ORG_BUMP, DB_ARGS(DB_INT(org)), NULL);
	if (rc == DB_OK)
		rc = db_exec(db, r->arena, OP_BILLING_COUNT, DB_ARGS(DB_INT(org)), &count);
	if (rc == DB_OK && a->id != 0)
		rc = db_exec(db, r->arena, OP_BILLING_GET, DB_ARGS(DB_INT(a->id), DB_INT(org)), &row);
	if (rc != DB_OK)
		return rc;
	if (a->id != 0 && row.nrows != 1)
		return ORG_NOT_FOUND;
	if (a->id == 0 && db_int(&count, 0, 0) >= BILLING_MAX)
		return ORG_TOO_MANY;
	if (a->id == 0) {
		rc = db_exec(db, r->arena, OP_BILLING_INSERT,
		             DB_ARGS(DB_INT(org), DB_TEXT(v[BA_NAME].s), DB_TEXT(v[BA_STREET].s),
		                     DB_TEXT(v[BA_POSTCODE].s), DB_TEXT(v[BA_CITY].s), DB_TEXT(v[BA_COUNTRY].s),
		                     DB_TEXT(a->vat), DB_INT(r->now)),
		             NULL);
		a->id = (long long)db_insert_id(db);
	} else {
		rc = db_exec(db, r->arena, OP_BILLING_UPDATE,
		             DB_ARGS(DB_TEXT(a->vat), DB_TEXT(a->vat), DB_TEXT(v[BA_NAME].s),
		                     DB_TEXT(v[BA_STREET].s), DB_TEXT(v[BA_POSTCODE].s), DB_TEXT(v[BA_CITY].s),
		                     DB_TEXT(v[BA_COUNTRY].s), DB_TEXT(a->vat), DB_INT(a->id), DB_INT(org)),
		             NULL);
	}
	if (rc != DB_OK)
		return rc;
	/* The first address is the default; a ticked box makes this one the default. */
	if (v[BA_DEFAULT].present || db_int(&count, 0, 0) == 0) {
		rc = db_exec(db, r->arena, OP_BILLING_UNDEFAULT, DB_ARGS(DB_INT(org)), NULL);
		if (rc == DB_OK)
			rc = db_exec(db, r->arena, OP_BILLING_DEFAULT, DB_ARGS(DB_INT(a->id), DB_INT(org)), NULL);
		if (rc != DB_OK)
			return rc;
	}
	return org_activity(db, r->arena, &a->ctx->who, org, "billing_address_saved", v[BA_NAME].s, a->vat);
}

/* Add (id 0) or change an address. */
static int address_post(struct req *r, long long id)
{
	struct org_ctx ctx;
	struct form *f = &r->form;
	struct _xmlNode *root;
	int rc = org_begin(r, id ? "billing.edit_title" : "billing.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	static const unsigned required[] = {BA_NAME, BA_STREET, BA_POSTCODE, BA_CITY, BA_COUNTRY};
	int bad = form_require(f, required, sizeof(required) / sizeof(required[0]));
	const char *vat = "";
	bool refused = false;
	if (f->v[BA_COUNTRY].present && !org_country_known(f->v[BA_COUNTRY].s)) {
		view_field_error(root, "country", "org.country_unknown");
		refused = true;
	} else if (f->v[BA_COUNTRY].present && f->v[BA_VAT].present && f->v[BA_VAT].len > 0) {
		char norm[VAT_MAX + 1];
		enum vat_problem p = vat_check(f->v[BA_COUNTRY].s, f->v[BA_VAT].s, norm);
		if (p == VAT_OK) {
			vat = arena_strdup(r->arena, norm);
		} else {
			view_field_error(root, "vat_number", vat_problem_key(p));
			refused = true;
		}
	}
	view_form_errors(root, f);
	if (bad != 0 || refused || !form_ok(f)) {
		view_message(root, "error", "form.has_errors");
		return billing_render(r, root, &ctx, id, 400);
	}
	struct address a = {r, &ctx, id, vat};
	rc = db_txn(r->app->db, address_txn, &a);
	if (rc == ORG_NOT_FOUND)
		return 404;
	if (rc == ORG_TOO_MANY) {
		view_message(root, "error", "billing.too_many");
		return billing_render(r, root, &ctx, id, 409);
	}
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/billing?notice=address_saved", ctx.id));
}

int org_billing_add(struct req *r)
{
	return address_post(r, 0);
}

int org_billing_save(struct req *r)
{
	return address_post(r, r->args[1]);
}

struct address_op {
	struct req *r;
	const struct org_ctx *ctx;
	bool make_default;
};

static int address_op_txn(struct db *db, void *p)
{
	struct address_op *o = p;
	struct req *r = o->r;
	long long org = o->ctx->id, id = r->args[1];
	struct db_rows rows;
	int rc = db_exec(db, r->arena, OS_ORG_BUMP, DB_ARGS(DB_INT(org)), NULL);
	if (rc == DB_OK)
		rc = db_exec(db, r->arena, OP_BILLING_GET, DB_ARGS(DB_INT(id), DB_INT(org)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return ORG_NOT_FOUND;
	const char *name = db_cell(&rows, 0, 1);
	bool was_default = db_cell(&rows, 0, 8) != NULL;
	if (o->make_default) {
		rc = db_exec(db, r->arena, OP_BILLING_UNDEFAULT, DB_ARGS(DB_INT(org)), NULL);
		if (rc == DB_OK)
			rc = db_exec(db, r->arena, OP_BILLING_DEFAULT, DB_ARGS(DB_INT(id), DB_INT(org)), NULL);
	} else {
		rc = db_exec(db, r->arena, OP_BILLING_DELETE, DB_ARGS(DB_INT(id), DB_INT(org)), NULL);
		/* The default went: the oldest remaining address takes its place. */
		if (rc == DB_OK && was_default)
			rc = db_exec(db, r->arena, OP_BILLING_COUNT, DB_ARGS(DB_INT(org)), &rows);
		if (rc == DB_OK && was_default && db_cell(&rows, 0, 1) != NULL)
			rc = db_exec(db, r->arena, OP_BILLING_DEFAULT,
			             DB_ARGS(DB_INT(db_int(&rows, 0, 1)), DB_INT(org)), NULL);
	}
	if (rc != DB_OK)
		return rc;
	return org_activity(db, r->arena, &o->ctx->who, org,
	                    o->make_default ? "billing_default_set" : "billing_address_deleted", name, "");
}

static int address_op(struct req *r, bool make_default)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "billing.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	struct address_op o = {r, &ctx, make_default};
	rc = db_txn(r->app->db, address_op_txn, &o);
	if (rc == ORG_NOT_FOUND)
		return 404;
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/billing?notice=%s", ctx.id,
	                                     make_default ? "default_set" : "address_deleted"));
}

int org_billing_default(struct req *r)
{
	return address_op(r, true);
}

int org_billing_delete(struct req *r)
{
	return address_op(r, false);
}
