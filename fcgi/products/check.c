/*
 * The coordinates check: what a careful customer should verify, each flag linking to the page
 * where it is fixed: the user's own profile, the organization's coordinates, its billing
 * addresses, and each product (that the member may see) whose holder is not the managing
 * organization, or whose payer is neither the managing organization nor the holder.
 */
#include <string.h>

#include <libxml/tree.h>

#include "products.h"

static void flag(struct _xmlNode *list, const char *key, const char *href, const char *subject)
{
	struct _xmlNode *f = view_node(list, "flag");
	view_attr(f, "key", key);
	view_attr(f, "href", href);
	if (subject != NULL)
		view_text(f, "subject", subject);
}

int products_check(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	struct db_rows user, org, billing, products;
	struct db *db = r->app->db;
	int rc = org_begin(r, "check.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	long long uid = r->sess->user_id;
	if ((rc = db_exec(db, r->arena, PD_CHECK_USER, DB_ARGS(DB_INT(uid)), &user)) != DB_OK ||
	    (rc = db_exec(db, r->arena, PD_CHECK_ORG, DB_ARGS(DB_INT(ctx.id)), &org)) != DB_OK ||
	    (rc = db_exec(db, r->arena, PD_CHECK_BILLING, DB_ARGS(DB_INT(ctx.id)), &billing)) != DB_OK)
		return rc;
	if (org.nrows != 1 || user.nrows != 1)
		return 404;
	rc = db_exec(db, r->arena, PD_CHECK_PRODUCTS,
	             DB_ARGS(DB_TEXT(db_cell(&org, 0, 0)), DB_INT(ctx.id), DB_INT(org_manages(&ctx)),
	                     DB_INT(ctx.id), DB_INT(uid), DB_INT(ctx.id), DB_INT(uid)),
	             &products);
	if (rc != DB_OK)
		return rc;
	const char *base = arena_printf(r->arena, "/orgs/%lld", ctx.id);
	struct _xmlNode *list = view_node(root, "flags");
	/* You: a name is required when an account is made; the language is chosen with the
	 * header's buttons, on any page. */
	if (*db_cell(&user, 0, 2) == '\0')
		flag(list, "check.user_language", "/", NULL);
	/* The organization. */
	static const char *const fields[] = {"street", "postcode", "city", "phone", "email"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (*db_cell(&org, 0, 1 + i) == '\0')
			flag(list, arena_printf(r->arena, "check.org_%s", fields[i]), base, NULL);
	const char *vat = db_cell(&org, 0, 6), *status = db_cell(&org, 0, 7);
	if (*vat && strcmp(status, "invalid") == 0)
		flag(list, "check.vat_invalid", base, vat);
	if (db_int(&org, 0, 10))
		flag(list, "check.terms", base, NULL);
	/* Billing. */
	const char *bbase = arena_printf(r->arena, "%s/billing", base);
	if (db_int(&billing, 0, 0) == 0)
		flag(list, "check.billing_none", bbase, NULL);
	if (db_int(&billing, 0, 2) > 0)
		flag(list, "check.billing_vat_invalid", bbase, NULL);
	/* Products. */
	for (size_t i = 0; i < products.nrows && i < 100; i++) {
		const char *href = arena_printf(r->arena, "%s/products/%s", base, db_cell(&products, i, 0));
		if (db_int(&products, i, 6))
			flag(list, "check.holder_differs", href, db_cell(&products, i, 1));
		if (db_int(&products, i, 7))
			flag(list, "check.payer_differs", href, db_cell(&products, i, 1));
	}
	if (products.nrows > 100)
		view_attr(list, "more", "1");
	return view_render(r, 200, PPG_CHECK);
}
