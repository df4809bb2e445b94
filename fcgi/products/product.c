/*
 * One product: its holder (the owner contact; for a domain, the registrant), the managing
 * organization (where it lives) and the payer (whose invoices carry it), side by side, with
 * the provider's principle: paying for a product does not make you its owner, and managing it
 * does not either. 404 for a product of another organization or one the member may not see.
 */
#include <string.h>

#include <libxml/tree.h>

#include "products.h"

int products_show(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "product.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	return products_show_in(r, &ctx, root, 200);
}

int products_show_in(struct req *r, const struct org_ctx *c, struct _xmlNode *root, int status)
{
	const struct org_ctx ctx = *c;
	struct db_rows rows;
	int rc;
	long long uid = r->sess->user_id;
	rc = db_exec(r->app->db, r->arena, PD_PRODUCT,
	             DB_ARGS(DB_INT(r->args[1]), DB_INT(ctx.id), DB_INT(org_manages(&ctx)), DB_INT(ctx.id),
	                     DB_INT(uid), DB_INT(ctx.id), DB_INT(uid)),
	             &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	struct _xmlNode *p = view_node(root, "product");
	view_attr(p, "id", db_cell(&rows, 0, 0));
	view_attr(p, "kind", db_cell(&rows, 0, 1));
	view_attr(p, "status", db_cell(&rows, 0, 3));
	view_attr(p, "expires", db_cell(&rows, 0, 4));
	if (db_int(&rows, 0, 5))
		view_attr(p, "auto_renew", "1");
	view_text(p, "name", db_cell(&rows, 0, 2));
	static const char *const holder[] = {"name", "organization", "email", "country", "street",
	                                     "postcode", "city"};
	struct _xmlNode *h = view_node(p, "holder");
	for (size_t i = 0; i < sizeof(holder) / sizeof(holder[0]); i++)
		view_attr(h, holder[i], db_cell(&rows, 0, 6 + i));
	struct _xmlNode *m = view_node(p, "manager");
	view_attr_int(m, "id", ctx.id);
	view_attr(m, "country", db_cell(&rows, 0, 16));
	view_text(m, "name", db_cell(&rows, 0, 15));
	struct _xmlNode *payer = view_node(p, "payer");
	view_attr(payer, "id", db_cell(&rows, 0, 13));
	if (db_int(&rows, 0, 13) == ctx.id)
		view_attr(payer, "self", "1");
	view_text(payer, "name", db_cell(&rows, 0, 14));
	/* Its tags; and, for those who tag, the organization's tags to choose from. */
	struct db_rows tags;
	if ((rc = db_exec(r->app->db, r->arena, PD_PRODUCT_TAGS, DB_ARGS(DB_INT(r->args[1]), DB_INT(ctx.id)),
	                  &tags)) != DB_OK)
		return rc;
	struct _xmlNode *on = view_node(p, "tags");
	for (size_t i = 0; i < tags.nrows; i++)
		tag_node(on, db_cell(&tags, i, 0), db_cell(&tags, i, 1), db_cell(&tags, i, 2));
	if (org_manages(&ctx)) {
		rc = db_exec(r->app->db, r->arena, PD_TAGS_OF_ORG,
		             DB_ARGS(DB_INT(1), DB_INT(ctx.id), DB_INT(uid), DB_INT(ctx.id), DB_INT(uid),
		                     DB_INT(ctx.id), DB_INT(1)),
		             &tags);
		if (rc != DB_OK)
			return rc;
		products_tags_model(root, &tags, NULL, 0);
	}
	if (status == 200 && r->form.decl == list_fields)
		view_notice(r, root, "products.notice.", &r->form.v[PL_NOTICE]);
	if (org_manages(&ctx))
		org_choices(root);
	return view_render(r, status, PPG_PRODUCT);
}

struct holder {
	struct req *r;
	const struct org_ctx *ctx;
	const char *product;
};

static const char *opt_text(const struct field_value *v)
{
	return v->present && v->s != NULL ? v->s : "";
}

static int holder_txn(struct db *db, void *p)
{
	struct holder *h = p;
	struct req *r = h->r;
	const struct field_value *v = r->form.v;
	struct db_rows rows;
	/* The organization's row first, then the role as it is now (as for every change). */
	int rc = db_exec(db, r->arena, OS_ORG_BUMP, DB_ARGS(DB_INT(h->ctx->id)), NULL);
	if (rc == DB_OK)
		rc = org_may_manage(db, r->arena, &h->ctx->who, h->ctx->id);
	if (rc == DB_OK)
		rc = db_exec(db, r->arena, PD_PRODUCT_IN_ORG, DB_ARGS(DB_INT(r->args[1]), DB_INT(h->ctx->id)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return ORG_NOT_FOUND;
	rc = db_exec(db, r->arena, PD_HOLDER_SET,
	             DB_ARGS(DB_TEXT(v[HD_NAME].s), DB_TEXT(opt_text(&v[HD_ORG])), DB_TEXT(v[HD_EMAIL].s),
	                     DB_TEXT(v[HD_COUNTRY].s), DB_TEXT(opt_text(&v[HD_STREET])),
	                     DB_TEXT(opt_text(&v[HD_POSTCODE])), DB_TEXT(opt_text(&v[HD_CITY])),
	                     DB_INT(r->args[1]), DB_INT(h->ctx->id)),
	             NULL);
	if (rc != DB_OK)
		return rc;
	return org_activity(db, r->arena, &h->ctx->who, h->ctx->id, "holder_changed",
	                    arena_printf(r->arena, "%lld", r->args[1]), v[HD_NAME].s);
}

/* POST /orgs/{id}/products/{id}/holder: administrators and legal representatives change the
 * owner contact; the change is in the activity log. */
int product_holder_save(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "product.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	static const unsigned required[] = {HD_NAME, HD_EMAIL, HD_COUNTRY};
	bool bad = form_require(&r->form, required, 3) != 0 || !form_ok(&r->form);
	if (!bad && !org_country_known(r->form.v[HD_COUNTRY].s)) {
		view_field_error(root, "country", "org.country_unknown");
		bad = true;
	}
	if (bad) {
		view_form_errors(root, &r->form);
		view_message(root, "error", "form.has_errors");
		return products_show_in(r, &ctx, root, 400);
	}
	struct holder h = {r, &ctx, NULL};
	rc = db_txn(r->app->db, holder_txn, &h);
	if (rc == ORG_NOT_FOUND || rc == ORG_FORBIDDEN)
		return 404;
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/products/%lld?notice=holder_saved",
	                                     ctx.id, r->args[1]));
}
