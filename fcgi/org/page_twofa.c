/*
 * Organizations that require 2FA of their members: legal representatives and administrators
 * turn the requirement on or off (logged in the activity), see which members have no
 * confirmed second factor, and remind them by e-mail, in the member's language, at most once
 * per member a day (a conditional update: a double click sends one mail).
 */
#include <libxml/tree.h>

#include "pages.h"

/* Adds <twofa required="1"> and, for those who manage, a <member id role next me> with name
 * and email per member without 2FA (next: when a reminder is possible again). */
int org_twofa_view(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, OP_ORG_TWOFA, DB_ARGS(DB_INT(ctx->id)), &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *t = view_node(root, "twofa");
	bool required = rows.nrows == 1 && db_int(&rows, 0, 0) != 0;
	if (required)
		view_attr(t, "required", "1");
	if (!required || !org_manages(ctx))
		return DB_OK;
	rc = db_exec(r->app->db, r->arena, OP_MEMBERS_NO_2FA, DB_ARGS(DB_INT(r->now), DB_INT(ctx->id)),
	             &rows);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *m = view_node(t, "member");
		view_attr(m, "id", db_cell(&rows, i, 0));
		view_attr(m, "role", db_cell(&rows, i, 3));
		if (db_cell(&rows, i, 4) != NULL)
			view_attr(m, "next", db_cell(&rows, i, 4));
		if (db_int(&rows, i, 0) == r->sess->user_id)
			view_attr(m, "me", "1");
		view_text(m, "name", db_cell(&rows, i, 1));
		view_text(m, "email", db_cell(&rows, i, 2));
	}
	return DB_OK;
}

/* --- the requirement, on or off */

struct twofa_set {
	struct req *r;
	const struct org_ctx *ctx;
	bool on;
	bool changed;
};

/* The organization's row is written first (it conflicts with any change of its members,
 * which bump it), then the actor's role is read as it is now. Unchanged, nothing is written
 * and nothing logged. */
static int twofa_set_txn(struct db *db, void *p)
{
	struct twofa_set *s = p;
	struct req *r = s->r;
	int rc = db_exec(db, r->arena, OP_ORG_TWOFA_SET,
	                 DB_ARGS(DB_INT(s->on), DB_INT(s->ctx->id), DB_INT(s->on)), NULL);
	if (rc != DB_OK)
		return rc;
	s->changed = db_affected(db) == 1;
	if ((rc = org_may_manage(db, r->arena, &s->ctx->who, s->ctx->id)) != 0)
		return rc;
	if (!s->changed)
		return DB_OK;
	return org_activity(db, r->arena, &s->ctx->who, s->ctx->id,
	                    s->on ? "twofa_required" : "twofa_not_required", "", "");
}

/* The requirement's checkbox: 404 for a user-role member (who has no such form). */
int org_twofa_post(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "members.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	struct twofa_set s = {r, &ctx, r->form.v[TF_REQUIRE].present, false};
	rc = db_txn(r->app->db, twofa_set_txn, &s);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return 404;  /* no longer a manager, or no longer a member */
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/members?notice=%s", ctx.id,
	                                     s.on ? "twofa_on" : "twofa_off"));
}

/* --- reminders */

/* Queues the reminder for a member whose reminder time was just taken, in the caller's
 * transaction: in their language (the actor's when they have none). */
static int reminder_mail(struct req *r, const struct org_ctx *ctx, const char *email,
                         const char *locale)
{
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(r->arena, &root);
	view_text(root, "org", ctx->name);
	view_text(root, "by", ctx->who.name);
	view_text(root, "email", email);
	int l = i18n_locale(locale);
	return mail_queue(r->app->db, r->arena, l >= 0 ? l : r->locale, email, "twofa_reminder", m);
}

/* 1 when the member's reminder was taken (then mailed), 0 when it was not due. */
static int remind_one(struct db *db, struct req *r, const struct org_ctx *ctx, long long uid,
                      const char *email, const char *locale)
{
	int rc = db_exec(db, r->arena, OP_TWOFA_REMIND,
	                 DB_ARGS(DB_INT(r->now), DB_INT(ctx->id), DB_INT(uid), DB_INT(r->now)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return 0;
	rc = reminder_mail(r, ctx, email, locale);
	return rc != DB_OK ? rc : 1;
}

struct remind {
	struct req *r;
	const struct org_ctx *ctx;
	long long uid;         /* one member, or 0 for everyone due */
	int sent;              /* mails queued */
	const char *next;      /* one member: when the next reminder is possible */
	bool has_2fa;          /* one member: nothing to remind */
	bool not_required;     /* the organization does not require 2FA (any more) */
};

static int remind_txn(struct db *db, void *p)
{
	struct remind *m = p;
	struct req *r = m->r;
	struct db_rows rows;
	m->sent = 0;
	int rc = org_may_manage(db, r->arena, &m->ctx->who, m->ctx->id);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(db, r->arena, OP_ORG_TWOFA, DB_ARGS(DB_INT(m->ctx->id)), &rows)) != DB_OK)
		return rc;
	if (rows.nrows != 1 || db_int(&rows, 0, 0) == 0) {
		m->not_required = true;
		return DB_OK;
	}
	if (m->uid != 0) {
		rc = db_exec(db, r->arena, OP_TWOFA_MEMBER, DB_ARGS(DB_INT(m->ctx->id), DB_INT(m->uid)), &rows);
		if (rc != DB_OK)
			return rc;
		if (rows.nrows != 1)
			return ORG_NOT_FOUND;
		if (db_int(&rows, 0, 4)) {
			m->has_2fa = true;
			return DB_OK;
		}
		rc = remind_one(db, r, m->ctx, m->uid, db_cell(&rows, 0, 0), db_cell(&rows, 0, 2));
		if (rc < 0)
			return rc;
		m->sent = rc;
		m->next = db_cell(&rows, 0, 3);
		if (rc == 1)
			rc = org_activity(db, r->arena, &m->ctx->who, m->ctx->id, "twofa_reminder_sent",
			                  db_cell(&rows, 0, 0), "");
		return rc < 0 ? rc : DB_OK;
	}
	/* Everyone without 2FA whose reminder is due; the conditional update decides again. */
	rc = db_exec(db, r->arena, OP_MEMBERS_NO_2FA, DB_ARGS(DB_INT(r->now), DB_INT(m->ctx->id)), &rows);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows; i++) {
		if (db_cell(&rows, i, 4) != NULL)
			continue;
		rc = remind_one(db, r, m->ctx, db_int(&rows, i, 0), db_cell(&rows, i, 2),
		                db_cell(&rows, i, 5));
		if (rc < 0)
			return rc;
		m->sent += rc;
	}
	if (m->sent == 0)
		return DB_OK;
	return org_activity(db, r->arena, &m->ctx->who, m->ctx->id, "twofa_reminders_sent",
	                    arena_printf(r->arena, "%d", m->sent), "");
}

/* Runs a reminder (one member, or uid 0: everyone due) and answers: the list again with the
 * notice, or with why nothing was sent. */
static int remind(struct req *r, long long uid)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	int rc = org_begin(r, "members.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	struct remind m = {r, &ctx, uid, 0, NULL, false, false};
	rc = db_txn(r->app->db, remind_txn, &m);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return 404;
	if (m.not_required) {
		view_message(root, "error", "org2fa.not_required");
		return org_members_render(r, root, &ctx, 409);
	}
	if (m.has_2fa) {
		view_message(root, "info", "org2fa.has_2fa");
		return org_members_render(r, root, &ctx, 409);
	}
	if (uid != 0 && m.sent == 0) {
		/* Reminded in the last 24 hours: say when the next one is possible. */
		struct _xmlNode *n = view_node(root, "twofa-refused");
		view_attr_int(n, "member", uid);
		if (m.next != NULL)
			view_attr(n, "next", m.next);
		return org_members_render(r, root, &ctx, 429);
	}
	if (uid == 0 && m.sent == 0) {
		view_message(root, "info", "org2fa.none_due");
		return org_members_render(r, root, &ctx, 200);
	}
	return resp_redirect(r, arena_printf(r->arena, "/orgs/%lld/members?notice=%s", ctx.id,
	                                     uid != 0 ? "reminded" : "reminded_all"));
}

/* "Send a reminder": 404 for an id that is not a member; 409 when the member has 2FA or the
 * organization does not require it; 429 when reminded in the last 24 hours. */
int org_twofa_remind_post(struct req *r)
{
	return remind(r, r->args[1]);
}

/* "Remind everyone without 2FA": those not reminded in the last 24 hours. */
int org_twofa_remind_all_post(struct req *r)
{
	return remind(r, 0);
}
