/*
 * Members: the list with pending invitations and the invitation form; a member's page with
 * the role, what a user-role member may see, and removal (password again, and a list of
 * what the member loses). Where the last legal representative is concerned the page
 * explains the procedure instead of offering a button that would be refused.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "pages.h"

#define MEMBERS_PER_PAGE 100

/* The list page; status 400 with the invitation form's refusals when it comes back. */
int org_members_render(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx,
                          int status)
{
	struct db_rows rows;
	long long page = r->method == M_GET && r->form.v[NT_PAGE].present ? r->form.v[NT_PAGE].i : 1;
	int rc = db_exec(r->app->db, r->arena, OP_MEMBERS_LIST,
	                 DB_ARGS(DB_INT(ctx->id), DB_INT(MEMBERS_PER_PAGE), DB_INT((page - 1) * MEMBERS_PER_PAGE)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *list = view_node(root, "members");
	view_pager(list, page, MEMBERS_PER_PAGE, rows.nrows > 0 ? db_int(&rows, 0, 5) : 0);
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *m = view_node(list, "member");
		view_attr(m, "id", db_cell(&rows, i, 0));
		view_attr(m, "role", db_cell(&rows, i, 3));
		view_attr(m, "since", db_cell(&rows, i, 4));
		if (db_int(&rows, i, 0) == r->sess->user_id)
			view_attr(m, "me", "1");
		view_text(m, "email", db_cell(&rows, i, 1));
		view_text(m, "name", db_cell(&rows, i, 2));
	}
	if (org_manages(ctx)) {
		rc = db_exec(r->app->db, r->arena, OP_INVITATIONS_LIST, DB_ARGS(DB_INT(ctx->id)), &rows);
		if (rc != DB_OK)
			return rc;
		struct _xmlNode *inv = view_node(root, "invitations");
		for (size_t i = 0; i < rows.nrows; i++) {
			struct _xmlNode *m = view_node(inv, "invitation");
			view_attr(m, "id", db_cell(&rows, i, 0));
			view_attr(m, "role", db_cell(&rows, i, 2));
			view_attr(m, "sent", db_cell(&rows, i, 3));
			view_attr(m, "expires", db_cell(&rows, i, 4));
			if (db_int(&rows, i, 5))
				view_attr(m, "expired", "1");
			view_text(m, "email", db_cell(&rows, i, 1));
		}
		struct _xmlNode *form = view_node(root, "invite");
		/* What was typed into the invitation form, when that form came back refused (other
		 * forms answering with this page declare other fields). */
		if (r->form.decl == invite_fields && r->form.v[IV_EMAIL].present)
			view_attr(form, "email", r->form.v[IV_EMAIL].s);
		if (r->form.decl == invite_fields && r->form.v[IV_ROLE].present)
			view_attr(form, "role", org_role_names[r->form.v[IV_ROLE].i]);
	}
	if ((rc = org_twofa_view(r, root, ctx)) != DB_OK)
		return rc;
	return view_render(r, status, OPG_MEMBERS);
}

int org_members(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "members.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	view_notice(r, root, "org.notice.", &r->form.v[NT_NOTICE]);
	return org_members_render(r, root, &ctx, 200);
}

int org_invite_post(struct req *r)
{
	struct org_ctx ctx;
	struct form *f = &r->form;
	struct _xmlNode *root;
	int rc = org_begin(r, "members.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	static const unsigned required[] = {IV_EMAIL, IV_ROLE};
	if (form_require(f, required, 2) != 0 || !form_ok(f)) {
		view_form_errors(root, f);
		return org_members_render(r, root, &ctx, 400);
	}
	long long id;
	rc = org_invite(r->app->db, r->arena, &r->app->conf, &ctx.who, ctx.id, f->v[IV_EMAIL].s,
	                (int)f->v[IV_ROLE].i, &id);
	if (rc < 0)
		return rc;
	if (rc == ORG_TOO_MANY)
		return org_members_render(r, root, &ctx, org_refused(r, root, rc));
	if (rc > 0) {
		/* The refusal belongs to a field: the address (member, invited) or the role. */
		const char *field = rc == ORG_LEGAL_REP_ONLY ? "role" : "email";
		view_field_error(root, field, org_refusal_key(rc));
		int status;
		org_refusal_code(rc, &status);
		return org_members_render(r, root, &ctx, status);
	}
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/members?notice=invited", ctx.id));
}

/* Resend or withdraw: both answer with the list. */
static int invitation_post(struct req *r, bool resend)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "members.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	rc = resend ? org_invite_resend(r->app->db, r->arena, &r->app->conf, &ctx.who, ctx.id, r->args[1])
	            : org_invite_withdraw(r->app->db, r->arena, &ctx.who, ctx.id, r->args[1]);
	if (rc < 0)
		return rc;
	if (rc == ORG_NOT_FOUND)
		return 404;
	if (rc > 0)
		return org_members_render(r, root, &ctx, org_refused(r, root, rc));
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/members?notice=%s", ctx.id,
	                                     resend ? "resent" : "withdrawn"));
}

int org_invite_resend_post(struct req *r)
{
	return invitation_post(r, true);
}

int org_invite_withdraw_post(struct req *r)
{
	return invitation_post(r, false);
}

/* The member's page: role, grants, removal (or why there is none). */
static int member_render(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx,
                         int status)
{
	struct db_rows m, rows;
	long long uid = r->args[1];
	struct db *db = r->app->db;
	int rc = db_exec(db, r->arena, OP_MEMBER_GET, DB_ARGS(DB_INT(ctx->id), DB_INT(uid)), &m);
	if (rc != DB_OK)
		return rc;
	if (m.nrows != 1)
		return 404;
	int role = org_role_parse(db_cell(&m, 0, 3));
	bool self = uid == r->sess->user_id;
	struct _xmlNode *n = view_node(root, "member");
	view_attr(n, "id", db_cell(&m, 0, 0));
	view_attr(n, "role", db_cell(&m, 0, 3));
	view_attr(n, "since", db_cell(&m, 0, 4));
	view_attr(n, "legal_reps", db_cell(&m, 0, 5));
	if (self)
		view_attr(n, "me", "1");
	if (role == ROLE_LEGAL_REP && db_int(&m, 0, 5) <= 1)
		view_attr(n, "last_legal_rep", "1");
	/* What the acting user may do to this member (the rules decide again on submit). */
	bool lr_touch = role == ROLE_LEGAL_REP;
	bool may_change = org_manages(ctx) && (!lr_touch || ctx->role == ROLE_LEGAL_REP);
	if (may_change)
		view_attr(n, "may_change", "1");
	if (may_change || self)
		view_attr(n, "may_remove", "1");
	if (ctx->role == ROLE_LEGAL_REP)
		view_attr(n, "may_appoint", "1");
	if (sess_reauth_needed(r))
		view_attr(n, "reauth", "1");
	view_text(n, "email", db_cell(&m, 0, 1));
	view_text(n, "name", db_cell(&m, 0, 2));
	if (!org_manages(ctx) && !self)
		return view_render(r, status, OPG_MEMBER);
	/* What the member sees now, and loses on removal. */
	struct _xmlNode *g = view_node(root, "grants");
	if ((rc = db_exec(db, r->arena, OP_MEMBER_KIND_GRANTS, DB_ARGS(DB_INT(ctx->id), DB_INT(uid)),
	                  &rows)) != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows; i++)
		view_attr(view_node(g, "kind"), "name", db_cell(&rows, i, 0));
	if ((rc = db_exec(db, r->arena, OP_MEMBER_GRANTS, DB_ARGS(DB_INT(ctx->id), DB_INT(uid)),
	                  &rows)) != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *p = view_node(g, "product");
		view_attr(p, "id", db_cell(&rows, i, 0));
		view_attr(p, "kind", db_cell(&rows, i, 2));
		view_text(p, "name", db_cell(&rows, i, 1));
	}
	if ((rc = db_exec(db, r->arena, OP_MEMBER_TOKENS, DB_ARGS(DB_INT(uid), DB_INT(ctx->id)),
	                  &rows)) != DB_OK)
		return rc;
	view_attr(g, "tokens", rows.nrows ? db_cell(&rows, 0, 0) : "0");
	if (role == ROLE_USER && org_manages(ctx)) {
		org_choices(root);
		if ((rc = db_exec(db, r->arena, OP_PRODUCTS_CHOICE, DB_ARGS(DB_INT(ctx->id)), &rows)) != DB_OK)
			return rc;
		struct _xmlNode *choice = view_node(root, "products");
		for (size_t i = 0; i < rows.nrows; i++) {
			struct _xmlNode *p = view_node(choice, "product");
			view_attr(p, "id", db_cell(&rows, i, 0));
			view_attr(p, "kind", db_cell(&rows, i, 2));
			view_text(p, "name", db_cell(&rows, i, 1));
		}
	}
	return view_render(r, status, OPG_MEMBER);
}

int org_member_page(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "member.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	view_notice(r, root, "org.notice.", &r->form.v[NT_NOTICE]);
	return member_render(r, root, &ctx, 200);
}

/* After a change: the refusal on the member's page, or on to where the change leads. */
static int member_changed(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx, int rc,
                          const char *done)
{
	if (rc < 0)
		return rc;
	if (rc == ORG_NOT_FOUND)
		return 404;
	if (rc == ORG_UNCHANGED && strcmp(done, "role_changed") == 0) {
		view_message(root, "info", "org.refused.unchanged");
		return member_render(r, root, ctx, 200);
	}
	if (rc == ORG_UNCHANGED) {  /* grants for a member who is no longer a user */
		view_message(root, "error", "member.grants_only_users");
		return member_render(r, root, ctx, 409);
	}
	if (rc > 0)
		return member_render(r, root, ctx, org_refused(r, root, rc));
	if (strcmp(done, "left") == 0)
		return resp_redirect(r, "/?notice=left");
	if (strcmp(done, "removed") == 0)
		return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/members?notice=removed", ctx->id));
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/members/%lld?notice=%s", ctx->id,
	                                     r->args[1], done));
}

int org_member_role_post(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "member.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	static const unsigned required[] = {RL_ROLE};
	if (form_require(&r->form, required, 1) != 0 || !form_ok(&r->form)) {
		view_form_errors(root, &r->form);
		return member_render(r, root, &ctx, 400);
	}
	rc = org_member_change(r->app->db, r->arena, &ctx.who, ctx.id, r->args[1],
	                       (int)r->form.v[RL_ROLE].i);
	return member_changed(r, root, &ctx, rc, "role_changed");
}

int org_member_remove_post(struct req *r)
{
	struct org_ctx ctx;
	long wait;
	struct _xmlNode *root;
	int rc = org_begin(r, "member.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	/* The password again, every time: removal cannot be undone by the one who did it. */
	rc = sess_password_again(r, &r->form.v[RM_PASSWORD], &wait);
	if (rc < 0)
		return rc;
	if (rc == 2) {
		view_wait(root, wait);
		view_message(root, "error", "login.throttled");
		return member_render(r, root, &ctx, 429);
	}
	if (rc == 1) {
		view_field_error(root, "password", "member.password_wrong");
		return member_render(r, root, &ctx, 400);
	}
	bool self = r->args[1] == r->sess->user_id;
	rc = org_member_change(r->app->db, r->arena, &ctx.who, ctx.id, r->args[1], -1);
	return member_changed(r, root, &ctx, rc, self ? "left" : "removed");
}

struct grants {
	struct req *r;
	const struct org_ctx *ctx;
};

static int grants_txn(struct db *db, void *p)
{
	struct grants *g = p;
	struct req *r = g->r;
	long long org = g->ctx->id, uid = r->args[1];
	/* Like every change of members: the organization's row first (lock by writing), then the
	 * actor's and the member's roles as they are now. */
	int role;
	int rc = db_exec(db, r->arena, OS_ORG_BUMP, DB_ARGS(DB_INT(org)), NULL);
	if (rc == DB_OK)
		rc = org_may_manage(db, r->arena, &g->ctx->who, org);
	if (rc == DB_OK)
		rc = org_role_of(db, r->arena, org, uid, &role);
	if (rc != DB_OK)
		return rc;
	if (role < 0)
		return ORG_NOT_FOUND;
	if (role != ROLE_USER)
		return ORG_UNCHANGED;
	rc = db_exec(db, r->arena, OS_GRANTS_KINDS_DROP, DB_ARGS(DB_INT(org), DB_INT(uid)), NULL);
	if (rc == DB_OK)
		rc = db_exec(db, r->arena, OS_GRANTS_PRODUCTS_DROP, DB_ARGS(DB_INT(org), DB_INT(uid)), NULL);
	for (int k = 0; rc == DB_OK && k < 4; k++)
		if (r->form.v[GR_KIND + k].present)
			rc = db_exec(db, r->arena, OP_GRANT_KIND,
			             DB_ARGS(DB_INT(org), DB_INT(uid), DB_TEXT(org_product_kinds[k]), DB_INT(r->now)),
			             NULL);
	const char *ids = r->form.v[GR_PRODUCTS].present ? r->form.v[GR_PRODUCTS].s : "";
	long long *seen = arena_alloc(r->arena, sizeof(*seen) * ((size_t)r->form.v[GR_PRODUCTS].i + 1));
	size_t granted = 0;
	for (const char *s = ids; rc == DB_OK && *s;) {
		long long pid = strtoll(s, NULL, 10);
		s += strcspn(s, ",");
		s += *s == ',';
		/* The same id twice (a repeated checkbox) is granted once. */
		bool again = false;
		for (size_t i = 0; i < granted && !again; i++)
			again = seen[i] == pid;
		if (again)
			continue;
		rc = db_exec(db, r->arena, OP_GRANT_PRODUCT,
		             DB_ARGS(DB_INT(org), DB_INT(uid), DB_INT(r->now), DB_INT(pid), DB_INT(org)), NULL);
		/* A product of another organization inserts nothing: refuse it, keep nothing. */
		if (rc == DB_OK && db_affected(db) != 1)
			return ORG_NOT_FOUND;
		seen[granted++] = pid;
	}
	int kinds = 0;
	for (int k = 0; k < 4; k++)
		kinds += r->form.v[GR_KIND + k].present;
	struct db_rows user;
	if (rc == DB_OK)
		rc = db_exec(db, r->arena, OS_USER_BRIEF, DB_ARGS(DB_INT(uid)), &user);
	if (rc != DB_OK)
		return rc;
	/* The log says how much, not which: a list of a thousand ids does not fit an entry. */
	return org_activity(db, r->arena, &g->ctx->who, org, "grants_changed",
	                    user.nrows ? db_cell(&user, 0, 0) : "",
	                    arena_printf(r->arena, "%zu product(s), %d kind(s)", granted, kinds));
}

int org_member_grants_post(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "member.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	if (!form_ok(&r->form)) {
		view_form_errors(root, &r->form);
		return member_render(r, root, &ctx, 400);
	}
	struct grants g = {r, &ctx};
	rc = db_txn(r->app->db, grants_txn, &g);
	if (rc == ORG_FORBIDDEN)
		return 404;
	if (rc == ORG_NOT_FOUND && r->form.v[GR_PRODUCTS].present) {
		view_field_error(root, "products", "member.grant_unknown_product");
		return member_render(r, root, &ctx, 400);
	}
	return member_changed(r, root, &ctx, rc, "grants_saved");
}
