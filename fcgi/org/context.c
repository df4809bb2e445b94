/*
 * What every page of an organization shares, in the org executable and in the areas that
 * show pages under /orgs/{id}/ (products): the organization from the URL (404 unless the user
 * is a member), the switcher's list, who may manage, refusals as messages, the forms' choices.
 */
#include <libxml/tree.h>

#include "org.h"

int org_context(struct req *r, struct _xmlNode *root, struct org_ctx *ctx)
{
	const struct db_rows *rows = &r->sess_rows;
	const size_t c = SESSION_NCOLS;
	ctx->id = r->args[0];
	ctx->role = -1;
	ctx->name = NULL;
	ctx->version = "0";
	struct _xmlNode *orgs = view_node(root, "orgs");
	for (size_t i = 0; i < rows->nrows; i++) {
		if (db_cell(rows, i, c) == NULL)
			continue;
		struct _xmlNode *o = view_node(orgs, "org");
		view_attr(o, "id", db_cell(rows, i, c));
		view_text(o, "name", db_cell(rows, i, c + 1));
		if (db_int(rows, i, c) == ctx->id) {
			ctx->role = org_role_parse(db_cell(rows, i, c + 2));
			ctx->name = db_cell(rows, i, c + 1);
			ctx->version = db_cell(rows, i, c + 3);
			view_attr(o, "current", "1");
		}
	}
	/* Beyond the 200 the session's statement brings, ask for this one alone. */
	if (ctx->role < 0 && rows->nrows >= 200) {
		int role;
		int rc = org_role_of(r->app->db, r->arena, ctx->id, r->sess->user_id, &role);
		if (rc != DB_OK)
			return rc;
		struct db_rows name;
		rc = db_exec(r->app->db, r->arena, OS_ORG_NAME, DB_ARGS(DB_INT(ctx->id)), &name);
		if (rc != DB_OK)
			return rc;
		if (role >= 0 && name.nrows == 1) {
			ctx->role = role;
			ctx->name = db_cell(&name, 0, 0);
		}
	}
	if (ctx->role < 0)
		return 404;
	struct _xmlNode *o = view_node(root, "org");
	view_attr_int(o, "id", ctx->id);
	view_attr(o, "role", org_role_names[ctx->role]);
	view_attr(o, "version", ctx->version);
	if (org_manages(ctx))
		view_attr(o, "manages", "1");
	view_text(o, "name", ctx->name);
	ctx->who = (struct org_actor){r->sess->user_id, r->sess->name, r->remote_addr, r->locale};
	return 0;
}

void org_choices(struct _xmlNode *root)
{
	struct _xmlNode *n = view_node(root, "entities");
	for (int i = 0; org_entity_types[i]; i++)
		view_attr(view_node(n, "e"), "name", org_entity_types[i]);
	n = view_node(root, "kinds");
	for (int i = 0; org_product_kinds[i]; i++)
		view_attr(view_node(n, "kind"), "name", org_product_kinds[i]);
	n = view_node(root, "countries");
	for (const char *const *cc = org_country_codes(); *cc; cc++)
		view_attr(view_node(n, "c"), "cc", *cc);
}

int org_begin(struct req *r, const char *title, bool manage, struct org_ctx *ctx,
              struct _xmlNode **root)
{
	*root = view_page(r, title);
	int rc = org_context(r, *root, ctx);
	if (rc == 0 && manage && !org_manages(ctx))
		rc = 404;
	return rc;
}

bool org_manages(const struct org_ctx *ctx)
{
	return ctx->role == ROLE_LEGAL_REP || ctx->role == ROLE_ADMIN;
}

int org_refused(struct req *r, struct _xmlNode *root, int refusal)
{
	int status;
	(void)r;
	org_refusal_code(refusal, &status);
	view_message(root, "error", org_refusal_key(refusal));
	return status;
}

