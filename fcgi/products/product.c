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
	struct db_rows rows;
	int rc = org_begin(r, "product.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
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
		                     DB_INT(ctx.id)),
		             &tags);
		if (rc != DB_OK)
			return rc;
		products_tags_model(root, &tags, NULL, 0);
	}
	if (r->form.v[PL_NOTICE].present)
		view_message(root, "info", arena_printf(r->arena, "products.notice.%s", r->form.v[PL_NOTICE].s));
	return view_render(r, 200, PPG_PRODUCT);
}
