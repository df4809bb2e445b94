/*
 * Invitations by e-mail. The link carries 256 random bits; the database keeps their keyed
 * hash, so a leaked table opens nothing. A link is single use (the acceptance clears
 * "pending" in the same transaction that adds the membership), valid 7 days, and replaced
 * by a resend. One pending invitation per address and organization (a unique key).
 */
#include <string.h>
#include <time.h>

#include <libxml/tree.h>

#include "org.h"

#define TOKEN_BYTES 32

static void token_hash(const struct conf *c, const char *token, unsigned char out[32])
{
	sec_keyed_hash(c, "invitation", token, strlen(token), out);
}

/* Queues the invitation mail with a new link, in the invitee's language when they have an
 * account, else in the inviter's. */
static int invite_mail(struct db *db, struct arena *a, const struct conf *c,
                       const struct org_actor *who, long long org, const char *email, int role,
                       const char *token)
{
	struct db_rows name, user;
	int rc = db_exec(db, a, OS_ORG_NAME, DB_ARGS(DB_INT(org)), &name);
	if (rc == DB_OK)
		rc = db_exec(db, a, OS_USER_BY_EMAIL, DB_ARGS(DB_TEXT(email)), &user);
	if (rc != DB_OK)
		return rc;
	int locale = user.nrows == 1 ? i18n_locale(db_cell(&user, 0, 1)) : -1;
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(a, &root);
	view_attr(root, "role", org_role_names[role]);
	view_attr(root, "link", arena_printf(a, "%s/invitation?token=%s", c->base_url, token));
	view_attr_int(root, "days", INVITE_TTL / 86400);
	view_text(root, "organization", name.nrows ? db_cell(&name, 0, 0) : "");
	view_text(root, "inviter", who->name);
	return mail_queue(db, a, locale >= 0 ? locale : who->locale, email, "invitation", m);
}

/* Administrators and legal representatives invite; only the latter invite one of their own. */
static int may_invite(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                      int role)
{
	if (who->user_id == 0)
		return 0;
	int mine;
	int rc = org_role_of(db, a, org, who->user_id, &mine);
	if (rc != DB_OK)
		return rc;
	if (mine < 0)
		return ORG_NOT_FOUND;
	if (mine == ROLE_USER)
		return ORG_FORBIDDEN;
	if (role == ROLE_LEGAL_REP && mine != ROLE_LEGAL_REP)
		return ORG_LEGAL_REP_ONLY;
	struct db_rows recent;
	rc = db_exec(db, a, OS_INVITES_RECENT, DB_ARGS(DB_INT(org)), &recent);
	if (rc != DB_OK)
		return rc;
	return db_int(&recent, 0, 0) >= INVITE_PER_HOUR ? ORG_TOO_MANY : 0;
}

struct invite {
	struct arena *a;
	const struct conf *c;
	const struct org_actor *who;
	long long org, id;
	const char *email;
	int role;
};

static int invite_txn(struct db *db, void *p)
{
	struct invite *v = p;
	struct db_rows user;
	unsigned char hash[32];
	time_t now = time(NULL);
	int rc = may_invite(db, v->a, v->who, v->org, v->role);
	if (rc != 0)
		return rc;
	if ((rc = db_exec(db, v->a, OS_USER_BY_EMAIL, DB_ARGS(DB_TEXT(v->email)), &user)) != DB_OK)
		return rc;
	if (user.nrows == 1) {
		int role;
		if ((rc = org_role_of(db, v->a, v->org, db_int(&user, 0, 0), &role)) != DB_OK)
			return rc;
		if (role >= 0)
			return ORG_ALREADY_MEMBER;
	}
	rc = db_exec(db, v->a, OS_INVITE_EXPIRE_OLD,
	             DB_ARGS(DB_INT(v->org), DB_TEXT(v->email), DB_INT(now)), NULL);
	if (rc != DB_OK)
		return rc;
	const char *token = sec_token(v->a, TOKEN_BYTES);
	token_hash(v->c, token, hash);
	rc = db_exec(db, v->a, OS_INVITE_INSERT,
	             DB_ARGS(DB_INT(v->org), DB_TEXT(v->email), DB_TEXT(org_role_names[v->role]),
	                     DB_BLOB(hash, 32), DB_INT(v->who->user_id), DB_INT(now),
	                     DB_INT(now + INVITE_TTL)),
	             NULL);
	if (rc == DB_DUPLICATE)
		return ORG_ALREADY_INVITED;
	if (rc != DB_OK)
		return rc;
	v->id = (long long)db_insert_id(db);
	if ((rc = org_activity(db, v->a, v->who, v->org, "invitation_sent", v->email,
	                       org_role_names[v->role])) != DB_OK)
		return rc;
	return invite_mail(db, v->a, v->c, v->who, v->org, v->email, v->role, token);
}

int org_invite(struct db *db, struct arena *a, const struct conf *c, const struct org_actor *who,
               long long org, const char *email, int role, long long *id)
{
	if (!mail_header_safe(email))
		return ORG_FORBIDDEN;  /* the field check refuses it first; never mail such a value */
	struct invite v = {a, c, who, org, 0, email, role};
	int rc = db_txn(db, invite_txn, &v);
	*id = v.id;
	return rc;
}

/* Resend (token != NULL) or withdraw one pending invitation of org. */
struct pending {
	struct arena *a;
	const struct conf *c;
	const struct org_actor *who;
	long long org, id;
	bool resend;
};

static int pending_txn(struct db *db, void *p)
{
	struct pending *v = p;
	struct db_rows rows;
	time_t now = time(NULL);
	int rc = db_exec(db, v->a, OS_INVITE_BY_ID, DB_ARGS(DB_INT(v->id), DB_INT(v->org)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return ORG_NOT_FOUND;
	const char *email = db_cell(&rows, 0, 0);
	int role = org_role_parse(db_cell(&rows, 0, 1));
	if ((rc = may_invite(db, v->a, v->who, v->org, role)) != 0)
		return rc;
	if (!v->resend) {
		rc = db_exec(db, v->a, OS_INVITE_WITHDRAW, DB_ARGS(DB_INT(now), DB_INT(v->id), DB_INT(v->org)),
		             NULL);
		if (rc == DB_OK)
			rc = org_activity(db, v->a, v->who, v->org, "invitation_withdrawn", email,
			                  org_role_names[role]);
		return rc;
	}
	unsigned char hash[32];
	const char *token = sec_token(v->a, TOKEN_BYTES);
	token_hash(v->c, token, hash);
	rc = db_exec(db, v->a, OS_INVITE_RETOKEN,
	             DB_ARGS(DB_BLOB(hash, 32), DB_INT(now + INVITE_TTL), DB_INT(v->id), DB_INT(v->org)),
	             NULL);
	if (rc == DB_OK)
		rc = org_activity(db, v->a, v->who, v->org, "invitation_resent", email, org_role_names[role]);
	if (rc == DB_OK)
		rc = invite_mail(db, v->a, v->c, v->who, v->org, email, role, token);
	return rc;
}

int org_invite_resend(struct db *db, struct arena *a, const struct conf *c,
                      const struct org_actor *who, long long org, long long invitation)
{
	struct pending v = {a, c, who, org, invitation, true};
	return db_txn(db, pending_txn, &v);
}

int org_invite_withdraw(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                        long long invitation)
{
	struct pending v = {a, NULL, who, org, invitation, false};
	return db_txn(db, pending_txn, &v);
}

int org_invite_find(struct db *db, struct arena *a, const struct conf *c, const char *token,
                    time_t now, struct invitation *out)
{
	struct db_rows rows;
	unsigned char hash[32];
	token_hash(c, token, hash);
	int rc = db_exec(db, a, OS_INVITE_BY_TOKEN, DB_ARGS(DB_BLOB(hash, 32), DB_INT(now)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return ORG_LINK_INVALID;
	out->id = db_int(&rows, 0, 0);
	out->org_id = db_int(&rows, 0, 1);
	out->role = org_role_parse(db_cell(&rows, 0, 2));
	out->email = db_cell(&rows, 0, 3);
	out->org_name = db_cell(&rows, 0, 4);
	out->inviter = db_cell(&rows, 0, 5);
	out->expires = (time_t)db_int(&rows, 0, 6);
	return DB_OK;
}

int org_invite_accept_in(struct db *db, struct arena *a, const struct conf *c,
                         const struct org_actor *who, const char *token, long long *org)
{
	struct db_rows rows;
	unsigned char hash[32];
	time_t now = time(NULL);
	token_hash(c, token, hash);
	/* Locking reads and writes first: the rules' reads after the bump (org_member_join) are
	 * then the first consistent reads of the transaction, so they see the newest state. */
	int rc = db_exec(db, a, OS_INVITE_LOCK,
	                 DB_ARGS(DB_INT(who->user_id), DB_BLOB(hash, 32), DB_INT(now)), &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return ORG_LINK_INVALID;
	/* The link is for one address: a forwarded or leaked mail opens no other account. */
	if (db_int(&rows, 0, 4) != 1)
		return ORG_WRONG_ACCOUNT;
	long long id = db_int(&rows, 0, 0);
	*org = db_int(&rows, 0, 1);
	rc = db_exec(db, a, OS_INVITE_ACCEPT,
	             DB_ARGS(DB_INT(now), DB_INT(who->user_id), DB_INT(id), DB_BLOB(hash, 32)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return ORG_LINK_INVALID;
	return org_member_join(db, a, who, *org, who->user_id, org_role_parse(db_cell(&rows, 0, 2)),
	                       db_cell(&rows, 0, 3), db_cell(&rows, 0, 6), db_cell(&rows, 0, 5), now);
}

struct accept {
	struct arena *a;
	const struct conf *c;
	const struct org_actor *who;
	const char *token;
	long long org;
};

static int accept_txn(struct db *db, void *p)
{
	struct accept *v = p;
	return org_invite_accept_in(db, v->a, v->c, v->who, v->token, &v->org);
}

int org_invite_accept(struct db *db, struct arena *a, const struct conf *c,
                      const struct org_actor *who, const char *token, long long *org)
{
	struct accept v = {a, c, who, token, 0};
	int rc = db_txn(db, accept_txn, &v);
	*org = v.org;
	return rc;
}
