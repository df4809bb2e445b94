/*
 * The invitation link. Opening it only shows the invitation (a mail scanner following links
 * changes nothing); accepting is a POST. A logged-in user accepts for their account; someone
 * without an account creates one for the invited address (the link proves they receive its
 * mail) and is logged in; someone with an account is asked to log in first.
 */
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>
#include <sodium.h>

#include "pages.h"

/* The invitation page for a valid link, with problem (a message key) when status >= 400. */
static int invitation_render(struct req *r, const struct invitation *inv, const char *token,
                             int status, const char *problem)
{
	struct db_rows user;
	struct _xmlNode *root = view_page(r, "invitation.title");
	if (problem != NULL)
		view_message(root, "error", problem);
	if (r->method == M_POST)
		view_form_errors(root, &r->form);
	struct _xmlNode *n = view_node(root, "invitation");
	view_attr(n, "token", token);
	view_attr(n, "role", org_role_names[inv->role]);
	view_attr_int(n, "expires", (long long)inv->expires);
	view_text(n, "organization", inv->org_name);
	view_text(n, "inviter", inv->inviter);
	view_text(n, "email", inv->email);
	if (r->sess != NULL && strcasecmp(r->sess->email, inv->email) != 0)
		view_attr(n, "other_account", "1");
	if (r->sess == NULL) {
		int rc = db_exec(r->app->db, r->arena, OS_USER_BY_EMAIL, DB_ARGS(DB_TEXT(inv->email)), &user);
		if (rc != DB_OK)
			return rc;
		view_attr(n, user.nrows == 1 ? "has_account" : "may_register", "1");
		if (r->method == M_POST && r->form.v[IR_NAME].present)
			view_attr(n, "name", r->form.v[IR_NAME].s);
	}
	return view_render(r, status, OPG_INVITATION);
}

/* The link is unknown, used, withdrawn or expired: one page says so, without telling which. */
static int invitation_gone(struct req *r)
{
	struct _xmlNode *root = view_page(r, "invitation.title");
	view_message(root, "error", "org.refused.invitation_invalid");
	view_node(root, "gone");
	return view_render(r, 404, OPG_INVITATION);
}

int org_invitation_page(struct req *r)
{
	struct invitation inv;
	const struct field_value *t = &r->form.v[IT_TOKEN];
	if (!t->present)
		return invitation_gone(r);
	int rc = org_invite_find(r->app->db, r->arena, &r->app->conf, t->s, r->now, &inv);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return invitation_gone(r);
	return invitation_render(r, &inv, t->s, 200, NULL);
}

/* Accepts for the current session's user, then on to the organization. */
static int accept_for(struct req *r, const char *token)
{
	long long org;
	struct org_actor who = {r->sess->user_id, r->sess->name, r->remote_addr, r->locale};
	int rc = org_invite_accept(r->app->db, r->arena, &r->app->conf, &who, token, &org);
	if (rc < 0)
		return rc;
	if (rc == ORG_ALREADY_MEMBER || rc == ORG_WRONG_ACCOUNT) {
		struct invitation inv;
		int found = org_invite_find(r->app->db, r->arena, &r->app->conf, token, r->now, &inv);
		if (found != DB_OK)
			return found < 0 ? found : invitation_gone(r);
		return invitation_render(r, &inv, token, rc == ORG_ALREADY_MEMBER ? 409 : 403,
		                         org_refusal_key(rc));
	}
	if (rc > 0)
		return invitation_gone(r);
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld?notice=joined", org));
}

int org_invitation_accept(struct req *r)
{
	if (!r->form.v[IA_TOKEN].present)
		return invitation_gone(r);
	return accept_for(r, r->form.v[IA_TOKEN].s);
}

struct registration {
	struct req *r;
	const struct invitation *inv;
	const char *token, *hash;
	long long user, org;
};

/* The account and the membership in one transaction: a link that was withdrawn or used
 * meanwhile leaves no account behind. */
static int register_txn(struct db *db, void *p)
{
	struct registration *g = p;
	struct req *r = g->r;
	int rc = db_exec(db, r->arena, OP_USER_INSERT,
	                 DB_ARGS(DB_TEXT(g->inv->email), DB_TEXT(r->form.v[IR_NAME].s), DB_TEXT(g->hash),
	                         DB_TEXT(locale_names[r->locale]), DB_INT(r->now), DB_INT(r->now)),
	                 NULL);
	if (rc != DB_OK)
		return rc;
	g->user = (long long)db_insert_id(db);
	struct org_actor who = {g->user, r->form.v[IR_NAME].s, r->remote_addr, r->locale};
	return org_invite_accept_in(db, r->arena, &r->app->conf, &who, g->token, &g->org);
}

int org_invitation_register(struct req *r)
{
	struct invitation inv;
	struct db_rows user;
	struct form *f = &r->form;
	if (!f->v[IR_TOKEN].present)
		return invitation_gone(r);
	const char *token = f->v[IR_TOKEN].s;
	int rc = org_invite_find(r->app->db, r->arena, &r->app->conf, token, r->now, &inv);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return invitation_gone(r);
	if (r->sess != NULL)
		return accept_for(r, token);
	/* An account for the address: log in instead (before any password hashing, which costs). */
	if ((rc = db_exec(r->app->db, r->arena, OS_USER_BY_EMAIL, DB_ARGS(DB_TEXT(inv.email)), &user)) != DB_OK)
		return rc;
	if (user.nrows > 0)
		return invitation_render(r, &inv, token, 409, "invitation.has_account");
	static const unsigned required[] = {IR_NAME};
	bool bad = form_require(f, required, 1) != 0 || !form_ok(f);
	const char *problem = sec_password_problem(&f->v[IR_PASSWORD], &f->v[IR_PASSWORD2], inv.email);
	if (problem != NULL)
		return invitation_render(r, &inv, token, 400, problem);
	if (bad)
		return invitation_render(r, &inv, token, 400, "form.has_errors");
	char hash[crypto_pwhash_STRBYTES];
	if (sec_password_hash(f->v[IR_PASSWORD].s, f->v[IR_PASSWORD].len, hash) != 0)
		return 500;
	struct registration g = {r, &inv, token, hash, 0, 0};
	rc = db_txn(r->app->db, register_txn, &g);
	if (rc == DB_DUPLICATE)  /* an account for the address appeared meanwhile: log in */
		return invitation_render(r, &inv, token, 409, "invitation.has_account");
	if (rc > 0)
		return invitation_gone(r);
	if (rc != DB_OK)
		return rc;
	if ((rc = sess_start(r, g.user)) != DB_OK)
		return rc;
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld?notice=joined", g.org));
}
