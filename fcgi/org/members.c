/*
 * Members and roles. The rule that matters most: an organization always keeps at least one
 * legal representative. It is checked inside the transaction that first writes the
 * organization's row (members_version), because on a Galera cluster rows only read are not
 * certified: two legal representatives removing each other on two nodes would both see
 * "another one is left" under SELECT ... FOR UPDATE. Writing the shared row makes the second
 * transaction fail with a deadlock, and db_txn runs it again against the new state.
 */
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include "org.h"

const char *const org_role_names[ROLE__MAX + 1] = {"legal_representative", "admin", "user", NULL};
const char *const org_entity_types[] = {"individual", "company", "association", "public_body", NULL};
const char *const org_product_kinds[] = {"domain", "hosting", "mail", "other", NULL};

int org_role_parse(const char *name)
{
	for (int i = 0; name != NULL && i < ROLE__MAX; i++)
		if (strcmp(name, org_role_names[i]) == 0)
			return i;
	return -1;
}

static const struct {
	const char *code, *key;
	int status;
} refusals[] = {
	[ORG_NOT_FOUND] = {"not_found", "org.refused.not_found", 404},
	[ORG_FORBIDDEN] = {"forbidden", "org.refused.forbidden", 403},
	[ORG_LEGAL_REP_ONLY] = {"legal_representative_only", "org.refused.legal_representative_only", 403},
	[ORG_LAST_LEGAL_REP] = {"last_legal_representative", "org.refused.last_legal_representative", 409},
	[ORG_ALREADY_MEMBER] = {"already_member", "org.refused.already_member", 409},
	[ORG_ALREADY_INVITED] = {"already_invited", "org.refused.already_invited", 409},
	[ORG_LINK_INVALID] = {"invitation_invalid", "org.refused.invitation_invalid", 404},
	[ORG_UNCHANGED] = {"unchanged", "org.refused.unchanged", 409},
	[ORG_TOO_MANY] = {"too_many_requests", "org.refused.too_many_invitations", 429},
	[ORG_WRONG_ACCOUNT] = {"forbidden", "org.refused.wrong_account", 403},
};

const char *org_refusal_code(int refusal, int *status)
{
	if (refusal <= 0 || refusal > ORG_WRONG_ACCOUNT) {
		*status = 500;
		return "internal";
	}
	*status = refusals[refusal].status;
	return refusals[refusal].code;
}

const char *org_refusal_key(int refusal)
{
	return refusal > 0 && refusal <= ORG_WRONG_ACCOUNT ? refusals[refusal].key : "error.500";
}

int org_role_of(struct db *db, struct arena *a, long long org, long long user, int *role)
{
	struct db_rows rows;
	int rc = db_exec(db, a, OS_ROLE_OF, DB_ARGS(DB_INT(org), DB_INT(user)), &rows);
	*role = rc == DB_OK && rows.nrows == 1 ? org_role_parse(db_cell(&rows, 0, 0)) : -1;
	return rc;
}

int org_activity(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                 const char *event, const char *subject, const char *detail)
{
	return db_exec(db, a, OS_ACTIVITY_INSERT,
	               DB_ARGS(DB_INT(org), DB_INT(who->user_id), DB_TEXT(who->name), DB_TEXT(event),
	                       DB_TEXT(subject ? subject : ""), DB_TEXT(detail ? detail : ""),
	                       DB_TEXT(who->ip)),
	               NULL);
}

/* The members the rules look at, read after the bump. */
struct rule_view {
	int actor_role, target_role;   /* -1: not a member */
	const char *target_email, *target_name;
	size_t legal_reps;
	struct db_rows rows;           /* legal representatives among them, for the mails */
};

static int rule_view(struct db *db, struct arena *a, long long org, long long actor,
                     long long target, struct rule_view *v)
{
	int rc = db_exec(db, a, OS_ORG_BUMP, DB_ARGS(DB_INT(org)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1)
		return ORG_NOT_FOUND;
	rc = db_exec(db, a, OS_RULE_MEMBERS, DB_ARGS(DB_INT(org), DB_INT(actor), DB_INT(target)),
	             &v->rows);
	if (rc != DB_OK)
		return rc;
	v->actor_role = v->target_role = -1;
	v->legal_reps = 0;
	for (size_t i = 0; i < v->rows.nrows; i++) {
		long long uid = db_int(&v->rows, i, 0);
		int role = org_role_parse(db_cell(&v->rows, i, 1));
		if (uid == actor)
			v->actor_role = role;
		if (uid == target) {
			v->target_role = role;
			v->target_email = db_cell(&v->rows, i, 2);
			v->target_name = db_cell(&v->rows, i, 3);
		}
		if (role == ROLE_LEGAL_REP)
			v->legal_reps++;
	}
	return DB_OK;
}

/* Mails every legal representative (before and after the change: rows holds those before,
 * added names the one who joins, if any) that the set changed, in each one's language. */
static int notify_legal_reps(struct db *db, struct arena *a, const struct org_actor *who,
                             long long org, const struct db_rows *rows, long long gone,
                             const char *added_email, const char *added_locale,
                             const char *event, const char *subject)
{
	struct db_rows name;
	int rc = db_exec(db, a, OS_ORG_NAME, DB_ARGS(DB_INT(org)), &name);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i <= rows->nrows; i++) {
		const char *to, *locale;
		if (i == rows->nrows) {
			if (added_email == NULL)
				break;
			to = added_email;
			locale = added_locale;
		} else {
			if (org_role_parse(db_cell(rows, i, 1)) != ROLE_LEGAL_REP &&
			    db_int(rows, i, 0) != gone)
				continue;
			to = db_cell(rows, i, 2);
			locale = db_cell(rows, i, 4);
		}
		struct _xmlNode *root;
		xmlDocPtr m = mail_model(a, &root);
		view_attr(root, "event", event);
		view_attr(root, "ip", who->ip);
		view_text(root, "organization", name.nrows ? db_cell(&name, 0, 0) : "");
		view_text(root, "actor", who->name);
		view_text(root, "subject", subject);
		int loc = i18n_locale(locale);
		if ((rc = mail_queue(db, a, loc >= 0 ? loc : who->locale, to, "legal_reps_changed", m)) != DB_OK)
			return rc;
	}
	return DB_OK;
}

struct change {
	struct arena *a;
	const struct org_actor *who;
	long long org, user;
	int role;  /* -1: remove */
};

/* May the actor do this change at all (before the last-representative rule)? */
static int change_allowed(const struct change *c, const struct rule_view *v)
{
	bool operator = c->who->user_id == 0;
	bool self = c->who->user_id == c->user;
	if (!operator && v->actor_role < 0)
		return ORG_NOT_FOUND;
	if (v->target_role < 0)
		return ORG_NOT_FOUND;
	/* Anyone may leave; everything else is for administrators and legal representatives. */
	bool leaving = self && c->role < 0;
	if (!operator && !leaving && v->actor_role == ROLE_USER)
		return ORG_FORBIDDEN;
	/* Only a legal representative appoints one, or changes or removes one (except leaving). */
	bool touches_lr = v->target_role == ROLE_LEGAL_REP || c->role == ROLE_LEGAL_REP;
	if (!operator && !leaving && touches_lr && v->actor_role != ROLE_LEGAL_REP)
		return ORG_LEGAL_REP_ONLY;
	if (v->target_role == c->role)
		return ORG_UNCHANGED;
	if (v->target_role == ROLE_LEGAL_REP && v->legal_reps <= 1)
		return ORG_LAST_LEGAL_REP;
	return 0;
}

static int change_txn(struct db *db, void *p)
{
	struct change *c = p;
	struct rule_view v;
	int rc = rule_view(db, c->a, c->org, c->who->user_id, c->user, &v);
	if (rc != DB_OK)
		return rc;
	if ((rc = change_allowed(c, &v)) != 0)
		return rc;
	const char *from = org_role_names[v.target_role];
	const char *event;
	const char *detail;
	if (c->role < 0) {
		event = c->who->user_id == c->user ? "member_left" : "member_removed";
		detail = from;
		rc = db_exec(db, c->a, OS_MEMBER_DELETE, DB_ARGS(DB_INT(c->org), DB_INT(c->user)), NULL);
	} else {
		event = "member_role_changed";
		detail = arena_printf(c->a, "%s>%s", from, org_role_names[c->role]);
		rc = db_exec(db, c->a, OS_MEMBER_ROLE_SET,
		             DB_ARGS(DB_TEXT(org_role_names[c->role]), DB_INT(c->org), DB_INT(c->user)), NULL);
	}
	/* Grants only mean something for role "user"; a new role starts without old ones. */
	if (rc == DB_OK)
		rc = db_exec(db, c->a, OS_GRANTS_PRODUCTS_DROP, DB_ARGS(DB_INT(c->org), DB_INT(c->user)), NULL);
	if (rc == DB_OK)
		rc = db_exec(db, c->a, OS_GRANTS_KINDS_DROP, DB_ARGS(DB_INT(c->org), DB_INT(c->user)), NULL);
	if (rc == DB_OK && (c->role < 0 || c->role == ROLE_USER))
		rc = db_exec(db, c->a, OS_TOKEN_PRODUCTS_DROP, DB_ARGS(DB_INT(c->user), DB_INT(c->org)), NULL);
	if (rc == DB_OK)
		rc = org_activity(db, c->a, c->who, c->org, event, v.target_email, detail);
	if (rc != DB_OK)
		return rc;
	if (v.target_role == ROLE_LEGAL_REP || c->role == ROLE_LEGAL_REP)
		rc = notify_legal_reps(db, c->a, c->who, c->org, &v.rows, c->user, NULL, NULL, event,
		                       v.target_name);
	return rc;
}

int org_member_change(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                      long long user, int role)
{
	struct change c = {a, who, org, user, role};
	return db_txn(db, change_txn, &c);
}

int org_member_join(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                    long long user, int role, const char *email, const char *locale,
                    const char *name, time_t now)
{
	struct rule_view v;
	int rc = rule_view(db, a, org, user, user, &v);
	if (rc != DB_OK)
		return rc;
	if (v.target_role >= 0)
		return ORG_ALREADY_MEMBER;
	rc = db_exec(db, a, OS_MEMBER_INSERT,
	             DB_ARGS(DB_INT(org), DB_INT(user), DB_TEXT(org_role_names[role]), DB_INT(now)),
	             NULL);
	if (rc == DB_DUPLICATE)
		return ORG_ALREADY_MEMBER;
	if (rc == DB_OK)
		rc = org_activity(db, a, who, org, "member_joined", email, org_role_names[role]);
	if (rc == DB_OK && role == ROLE_LEGAL_REP)
		rc = notify_legal_reps(db, a, who, org, &v.rows, 0, email, locale, "member_joined", name);
	return rc;
}
