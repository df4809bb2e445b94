/*
 * Tag pages: the organization's tags with how many products (that the member may see) carry
 * each; creating, renaming, recolouring and deleting them (after a page that says how many
 * products lose the tag); and putting tags on products, one or several at once, or taking
 * them off. Changing tags is for administrators and legal representatives.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "products.h"

/* The organization's tags into the model (visible counts), with the palette. */
static int tags_model(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx)
{
	struct db_rows rows;
	long long uid = r->sess->user_id;
	int rc = db_exec(r->app->db, r->arena, PD_TAGS_OF_ORG,
	                 DB_ARGS(DB_INT(org_manages(ctx)), DB_INT(ctx->id), DB_INT(uid), DB_INT(ctx->id),
	                         DB_INT(uid), DB_INT(ctx->id), DB_INT(org_manages(ctx))),
	                 &rows);
	if (rc == DB_OK)
		products_tags_model(root, &rows, NULL, 0);
	return rc;
}

static int tags_render(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx, int status)
{
	int rc = tags_model(r, root, ctx);
	if (rc != DB_OK)
		return rc;
	if (r->method == M_POST && r->form.decl == tag_fields) {
		struct _xmlNode *f = view_node(root, "form");
		if (r->form.v[TG_NAME].present)
			view_attr(f, "name", r->form.v[TG_NAME].s);
		if (r->form.v[TG_HEX].present)
			view_attr(f, "hex", r->form.v[TG_HEX].s);
	}
	return view_render(r, status, PPG_TAGS);
}

/* The organization's tag colours (and the palette's) as a stylesheet: the pages' content
 * policy allows no inline styles. Its URL carries the organization's version, which every
 * tag change bumps, so it is cached until then. */
int tags_css(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	struct db_rows rows;
	int rc = org_begin(r, NULL, false, &ctx, &root);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, PD_TAG_COLORS, DB_ARGS(DB_INT(ctx.id)), &rows)) != DB_OK)
		return rc;
	resp_headers(r, 200, "text/css; charset=utf-8",
	             "Cache-Control: private, max-age=31536000, immutable\r\n");
	for (int i = 0; tag_palette[i]; i++) {
		const char *rule = arena_printf(r->arena, ".pal-%d{background:%s;color:%s}\n", i + 1,
		                                tag_palette[i], tag_text_color(tag_palette[i]));
		resp_write(r, rule, strlen(rule));
	}
	for (size_t i = 0; i < rows.nrows; i++) {
		/* Colours are stored as checked #rrggbb: nothing else can reach the stylesheet. */
		const char *rule = arena_printf(r->arena, ".tag-%s{background:%s;color:%s}\n",
		                                db_cell(&rows, i, 0), db_cell(&rows, i, 1),
		                                tag_text_color(db_cell(&rows, i, 1)));
		resp_write(r, rule, strlen(rule));
	}
	return 200;
}

int tags_page(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "tags.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	view_notice(r, root, "products.notice.", &r->form.v[PL_NOTICE]);
	return tags_render(r, root, &ctx, 200);
}

/* The name and colour of the form, checked; NULL (with refusals at the fields) when wrong.
 * A typed hex value wins over the palette's choice. */
static bool tag_values(struct req *r, struct _xmlNode *root, const char **name, char color[8],
                       bool need)
{
	const struct field_value *v = r->form.v;
	bool ok = true;
	*name = v[TG_NAME].present ? v[TG_NAME].s : NULL;
	const char *problem = *name ? tag_name_problem(*name) : need ? "tag.name_empty" : NULL;
	if (v[TG_NAME].err != FERR_NONE)
		problem = v[TG_NAME].err == FERR_TOO_LONG ? "tag.name_long" : "tag.name_empty";
	if (problem != NULL) {
		view_field_error(root, "name", problem);
		ok = false;
	}
	const char *c = v[TG_HEX].present && v[TG_HEX].len > 0 ? v[TG_HEX].s
	                : v[TG_COLOR].present && v[TG_COLOR].len > 0 ? v[TG_COLOR].s : NULL;
	color[0] = '\0';
	/* A value the field refused (too long, control characters) is wrong, not absent. */
	if (v[TG_HEX].err != FERR_NONE || v[TG_COLOR].err != FERR_NONE) {
		view_field_error(root, v[TG_HEX].err != FERR_NONE ? "hex" : "color", "tag.color_bad");
		return false;
	}
	if (c == NULL && need)
		c = tag_palette[0];
	if (c != NULL && !tag_color(c, color)) {
		view_field_error(root, v[TG_HEX].present && v[TG_HEX].len > 0 ? "hex" : "color", "tag.color_bad");
		ok = false;
	}
	return ok;
}

/* A refusal of the tag rules as a page (or 404). */
static int tag_refused(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx, int rc)
{
	if (rc < 0)
		return rc;
	if (rc == TAG_NOT_FOUND || rc == TAG_FORBIDDEN)
		return 404;
	if (rc == TAG_DUPLICATE)
		view_field_error(root, "name", "tag.duplicate");
	else
		view_message(root, "error", "tag.too_many");
	return tags_render(r, root, ctx, 409);
}

int tags_create(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	const char *name;
	char color[8];
	long long id;
	int rc = org_begin(r, "tags.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	if (!tag_values(r, root, &name, color, true))
		return tags_render(r, root, &ctx, 400);
	rc = tag_create(r->app->db, r->arena, &ctx.who, ctx.id, name, color, &id);
	if (rc != 0)
		return tag_refused(r, root, &ctx, rc);
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/tags?notice=tag_created", ctx.id));
}

int tags_update(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	const char *name;
	char color[8];
	int rc = org_begin(r, "tags.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	if (!tag_values(r, root, &name, color, false))
		return tags_render(r, root, &ctx, 400);
	rc = tag_update(r->app->db, r->arena, &ctx.who, ctx.id, r->args[1], name,
	                color[0] ? color : NULL);
	if (rc != 0)
		return tag_refused(r, root, &ctx, rc);
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/tags?notice=tag_saved", ctx.id));
}

int tags_delete_confirm(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	struct db_rows tag, count;
	int rc = org_begin(r, "tags.delete_title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(r->app->db, r->arena, PD_TAG_GET, DB_ARGS(DB_INT(r->args[1]), DB_INT(ctx.id)),
	                  &tag)) != DB_OK)
		return rc;
	if (tag.nrows != 1)
		return 404;
	if ((rc = db_exec(r->app->db, r->arena, PD_TAG_PRODUCTS, DB_ARGS(DB_INT(r->args[1])), &count)) != DB_OK)
		return rc;
	struct _xmlNode *t = tag_node(root, db_cell(&tag, 0, 0), db_cell(&tag, 0, 1), db_cell(&tag, 0, 2));
	view_attr(t, "products", db_cell(&count, 0, 0));
	return view_render(r, 200, PPG_TAG_DELETE);
}

int tags_delete(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "tags.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	rc = tag_delete(r->app->db, r->arena, &ctx.who, ctx.id, r->args[1]);
	if (rc != 0)
		return tag_refused(r, root, &ctx, rc);
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/tags?notice=tag_deleted", ctx.id));
}

/* Where a tagging form returns: the product's page, or the list. */
static int tagged(struct req *r, const struct org_ctx *ctx, long long product, const char *notice)
{
	if (product != 0 && r->form.v[TG_BACK].present && r->form.v[TG_BACK].i == 1)
		return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/products/%lld?notice=%s", ctx->id,
		                                     product, notice));
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/products?notice=%s", ctx->id, notice));
}

int product_tag_remove(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "tags.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	rc = tag_assign(r->app->db, r->arena, &ctx.who, ctx.id, r->args[1], r->args[2], false);
	if (rc != 0)
		return tag_refused(r, root, &ctx, rc);
	return tagged(r, &ctx, r->args[1], "untagged");
}

struct bulk {
	struct req *r;
	const struct org_ctx *ctx;
	const char *ids;
	const char *name, *color;  /* a new tag's, or NULL for the chosen tag */
	long long tag;
};

/* Every product checked, the tag made (or found by its name), every product tagged: in one
 * transaction, so a refusal or a failure halfway leaves nothing. */
static int bulk_txn(struct db *db, void *p)
{
	struct bulk *b = p;
	struct req *r = b->r;
	struct db_rows rows;
	int rc;
	for (const char *s = b->ids; *s;) {
		long long pid = strtoll(s, NULL, 10);
		s += strcspn(s, ",");
		s += *s == ',';
		if ((rc = db_exec(db, r->arena, PD_PRODUCT_IN_ORG, DB_ARGS(DB_INT(pid), DB_INT(b->ctx->id)),
		                  &rows)) != DB_OK)
			return rc;
		if (rows.nrows != 1)
			return TAG_NOT_FOUND;
	}
	if (b->name != NULL) {
		rc = tag_create_in(db, r->arena, &b->ctx->who, b->ctx->id, b->name, b->color, &b->tag);
		if (rc == TAG_DUPLICATE) {
			/* Typing an existing name (in any letter case) means that tag. */
			rc = db_exec(db, r->arena, PD_TAG_BY_NAME, DB_ARGS(DB_INT(b->ctx->id), DB_TEXT(b->name)), &rows);
			if (rc == DB_OK && rows.nrows != 1)
				return TAG_DUPLICATE;
			if (rc == DB_OK)
				b->tag = db_int(&rows, 0, 0);
		}
		if (rc != DB_OK)
			return rc;
	}
	for (const char *s = b->ids; *s;) {
		long long pid = strtoll(s, NULL, 10);
		s += strcspn(s, ",");
		s += *s == ',';
		if ((rc = tag_assign_in(db, r->arena, &b->ctx->who, b->ctx->id, pid, b->tag)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

/* Tags the products ids names (a comma list) with the form's tag: a chosen one, or a new one
 * from its name and colour (an existing name in any letter case means that tag). One
 * transaction for all: a product of another organization, a refusal or a failure halfway
 * changes nothing. Back to product's page when the form says so, else to the list. */
static int tag_products(struct req *r, const char *ids, long long product)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	char color[8];
	int rc = org_begin(r, "tags.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	if (*ids == '\0') {
		view_message(root, "error", "tag.no_products");
		return tags_render(r, root, &ctx, 400);
	}
	struct bulk b = {r, &ctx, ids, NULL, color, r->form.v[TG_TAG].present ? r->form.v[TG_TAG].i : 0};
	if (!r->form.v[TG_TAG].present && !tag_values(r, root, &b.name, color, true))
		return tags_render(r, root, &ctx, 400);
	rc = db_txn(r->app->db, bulk_txn, &b);
	if (rc != 0)
		return tag_refused(r, root, &ctx, rc);
	return tagged(r, &ctx, product, "tagged");
}

/* Several products at once (the list's checkboxes). */
int products_tag_many(struct req *r)
{
	return tag_products(r, r->form.v[TG_PRODUCTS].present ? r->form.v[TG_PRODUCTS].s : "", 0);
}

/* One product, from its row in the list or from its page. */
int product_tag_add(struct req *r)
{
	return tag_products(r, arena_printf(r->arena, "%lld", r->args[1]), r->args[1]);
}
