/*
 * The organization's page: its coordinates for every member, the form to change them for
 * administrators and legal representatives. Also what every org page shares: the
 * organization from the URL (404 unless a member), the switcher, refusals as messages.
 */
#include <string.h>

#include <libxml/tree.h>

#include "pages.h"

/* The coordinates as stored, or as sent when the form comes back refused. */
static void coords_model(struct req *r, struct _xmlNode *root, const struct db_rows *row)
{
	struct _xmlNode *c = view_node(root, "coords");
	static const char *const cols[] = {"name", "entity_type", "country", "street", "postcode",
	                                   "city", "phone", "email", "vat_number", "vat_status",
	                                   "uid_number", "terms_accepted", "is_partner"};
	for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
		if (db_cell(row, 0, i) != NULL)
			view_attr(c, cols[i], db_cell(row, 0, i));
	if (r->method != M_POST)
		return;
	/* What was sent wins, so nothing typed is lost on a refusal. */
	const struct form *f = &r->form;
	for (size_t i = 0; i < CO_TERMS; i++) {
		const struct field_value *v = &f->v[i];
		if (v->present || v->err != FERR_NONE)
			xmlSetProp(c, XC(coords_fields[i].name), XC(v->present ? v->s : ""));
	}
	if (f->v[CO_ENTITY].present)
		xmlSetProp(c, XC("entity_type"), XC(org_entity_types[f->v[CO_ENTITY].i]));
}

static int org_render(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx, int status)
{
	struct db_rows row;
	int rc = db_exec(r->app->db, r->arena, OP_ORG_VIEW, DB_ARGS(DB_INT(ctx->id)), &row);
	if (rc != DB_OK)
		return rc;
	if (row.nrows != 1)
		return 404;
	coords_model(r, root, &row);
	if (org_manages(ctx))
		org_choices(root);
	return view_render(r, status, OPG_ORG);
}

int org_page(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "org.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	view_notice(r, root, "org.notice.", &r->form.v[NT_NOTICE]);
	return org_render(r, root, &ctx, 200);
}

/* An optional field's value: "" when it was left out of the form altogether. */
static const char *sent(const struct field_value *v)
{
	return v->present && v->s != NULL ? v->s : "";
}

int org_save(struct req *r)
{
	struct org_ctx ctx;
	struct form *f = &r->form;
	struct _xmlNode *root;
	int rc = org_begin(r, "org.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	static const unsigned required[] = {CO_NAME, CO_ENTITY, CO_COUNTRY};
	int bad = form_require(f, required, sizeof(required) / sizeof(required[0]));
	struct org_coords c = {
		f->v[CO_NAME].s, (int)f->v[CO_ENTITY].i, f->v[CO_COUNTRY].s, sent(&f->v[CO_STREET]),
		sent(&f->v[CO_POSTCODE]), sent(&f->v[CO_CITY]), sent(&f->v[CO_PHONE]),
		sent(&f->v[CO_EMAIL]), sent(&f->v[CO_VAT]), sent(&f->v[CO_UID])};
	struct org_problem problems[ORG_MAX_PROBLEMS];
	size_t n = 0;
	if (f->v[CO_COUNTRY].present)
		n = org_coords_check(r->arena, &c, problems);
	for (size_t i = 0; i < n; i++)
		view_field_error(root, problems[i].field, problems[i].key);
	if (!f->v[CO_TERMS].present)
		view_field_error(root, "terms", "org.terms_required");
	view_form_errors(root, f);
	if (bad != 0 || n > 0 || !form_ok(f) || !f->v[CO_TERMS].present) {
		view_message(root, "error", "form.has_errors");
		return org_render(r, root, &ctx, 400);
	}
	rc = org_coords_save(r->app->db, r->arena, &ctx.who, ctx.id, &c, r->now);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return org_refused(r, root, rc) == 404 ? 404 : org_render(r, root, &ctx, 403);
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld?notice=saved", ctx.id));
}
