/*
 * Organizations: the rules of members and roles, invitations, coordinates and the activity
 * log. The org executable's pages, the API and kontorctl all change organizations through
 * the functions declared here, so a rule holds whichever way a change comes in.
 */
#ifndef KONTOR_ORG_H
#define KONTOR_ORG_H

#include "core.h"

enum org_role { ROLE_LEGAL_REP, ROLE_ADMIN, ROLE_USER, ROLE__MAX };
/* "legal_representative", "admin", "user", NULL: a FIELD_ENUM list and the database's names. */
extern const char *const org_role_names[ROLE__MAX + 1];
extern const char *const org_entity_types[];  /* individual, company, ... NULL */
extern const char *const org_product_kinds[]; /* domain, hosting, mail, other, NULL */
/* The role for a name, or -1. */
int org_role_parse(const char *name);

/* Statements of the organizations' rules, numbered after the core's. The org executable's
 * pages, the API and kontorctl build on this table (struct db_sql's base). */
enum org_stmt {
	OS_ORG_BUMP = CS__MAX,
	OS_RULE_MEMBERS,
	OS_MEMBER_ROLE_SET,
	OS_MEMBER_DELETE,
	OS_MEMBER_INSERT,
	OS_GRANTS_PRODUCTS_DROP,
	OS_GRANTS_KINDS_DROP,
	OS_TOKEN_PRODUCTS_DROP,
	OS_ACTIVITY_INSERT,
	OS_SESSION_ORGS,
	OS_ORG_NAME,
	OS_ROLE_OF,
	OS_USER_BY_EMAIL,
	OS_USER_BRIEF,
	OS_INVITE_EXPIRE_OLD,
	OS_INVITE_INSERT,
	OS_INVITE_BY_ID,
	OS_INVITE_RETOKEN,
	OS_INVITE_WITHDRAW,
	OS_INVITE_BY_TOKEN,
	OS_INVITE_LOCK,
	OS_INVITE_ACCEPT,
	OS_INVITES_RECENT,
	OS_ORG_COORDS_GET,
	OS_ORG_COORDS_SET,
	OS__MAX
};
extern const struct db_sql org_sql;

/* Who acts: a member (web or API), or the operator (kontorctl: user_id 0), who is bound by
 * the legal-representative rule but not by roles. */
struct org_actor {
	long long user_id;
	const char *name;   /* kept in the activity log as it is now */
	const char *ip;     /* "from where": the client's address, or "kontorctl" */
	int locale;         /* for mails to people whose language is not known */
};

/* The rules' answers besides DB statuses (< 0) and success (0). */
enum org_refusal {
	ORG_NOT_FOUND = 1,   /* no such organization, member or invitation for the actor: 404 */
	ORG_FORBIDDEN,       /* the actor's role may not do this */
	ORG_LEGAL_REP_ONLY,  /* only a legal representative appoints, demotes or removes one */
	ORG_LAST_LEGAL_REP,  /* the last legal representative is never removed or demoted */
	ORG_ALREADY_MEMBER,  /* the address or user is a member already */
	ORG_ALREADY_INVITED, /* a pending invitation to that address exists */
	ORG_LINK_INVALID,    /* the invitation link is unknown, used, withdrawn or expired */
	ORG_UNCHANGED,       /* the member already has that role: nothing written */
	ORG_TOO_MANY,        /* too many invitations from this organization in the last hour */
	ORG_WRONG_ACCOUNT,   /* the invitation is for another address than the account's */
};
/* The catalogue key of a refusal ("org.refused.last_legal_representative", ...). */
const char *org_refusal_key(int refusal);
/* The API error code of a refusal ("last_legal_representative", ...) and its HTTP status. */
const char *org_refusal_code(int refusal, int *status);

/* The user's role in org into *role (-1 when they are not a member). A DB status. */
int org_role_of(struct db *db, struct arena *a, long long org, long long user, int *role) WUR;

/* Gives user another role, or removes them (role -1), in one transaction that bumps the
 * organization's members_version (so that it conflicts with any other change of the same
 * organization's members, on a cluster too) and checks the rules inside it; a deadlock runs
 * it again. Writes the activity log, drops what the member loses (product grants, tokens'
 * product lists), and mails every legal representative when their set changes. */
int org_member_change(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                      long long user, int role) WUR;

/* Adds user with role in the caller's transaction (bumping the organization's version) and
 * tells the legal representatives when one joins. ORG_ALREADY_MEMBER when they are one. */
int org_member_join(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                    long long user, int role, const char *email, const char *locale,
                    const char *name, time_t now) WUR;

/* Invitations: a link valid 7 days, mailed to the address; at most INVITE_PER_HOUR sent or
 * sent again per organization and hour (the provider's mail reputation), kontorctl exempt. */
#define INVITE_TTL (7 * 86400)
#define INVITE_PER_HOUR 50
/* Invites email with role; *id is the new invitation. */
int org_invite(struct db *db, struct arena *a, const struct conf *c, const struct org_actor *who,
               long long org, const char *email, int role, long long *id) WUR;
/* A fresh link (the old one stops working) and 7 more days, mailed again. */
int org_invite_resend(struct db *db, struct arena *a, const struct conf *c,
                      const struct org_actor *who, long long org, long long invitation) WUR;
int org_invite_withdraw(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                        long long invitation) WUR;
/* The pending invitation a link's token names: its id, organization, role, address and the
 * organization's name, or ORG_LINK_INVALID. */
struct invitation {
	long long id, org_id;
	int role;
	const char *email, *org_name, *inviter;
	time_t expires;
};
int org_invite_find(struct db *db, struct arena *a, const struct conf *c, const char *token,
                    time_t now, struct invitation *out) WUR;
/* Accepts the link's invitation for the actor, whose address must be the invited one
 * (ORG_WRONG_ACCOUNT otherwise): the membership is added (once). _in: in the caller's
 * transaction (registration creates the account in the same one). */
int org_invite_accept_in(struct db *db, struct arena *a, const struct conf *c,
                         const struct org_actor *who, const char *token, long long *org) WUR;
int org_invite_accept(struct db *db, struct arena *a, const struct conf *c,
                      const struct org_actor *who, const char *token, long long *org) WUR;

/* Records one entry of the organization's activity log in the caller's transaction. */
int org_activity(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                 const char *event, const char *subject, const char *detail) WUR;

/* The organization's coordinates, as the page and the API edit them. */
struct org_coords {
	const char *name;
	int entity_type;           /* index in org_entity_types */
	const char *country;       /* ISO 3166-1 alpha-2 */
	const char *street, *postcode, *city, *phone, *email;
	const char *vat_number;    /* normalised, or "" */
	const char *uid_number;    /* Swiss UID, normalised, or "" */
};
/* Where a value was refused: the field's name and the catalogue key of the reason. */
struct org_problem {
	const char *field;
	const char *key;
};
#define ORG_MAX_PROBLEMS 12
/* Checks the coordinates that need more than the field declarations: the country, the VAT
 * number for that country (format and check digits), the Swiss UID. Normalises the numbers in
 * place (arena copies). Returns the number of problems written to out. */
size_t org_coords_check(struct arena *a, struct org_coords *c, struct org_problem *out);
/* Every ISO 3166-1 alpha-2 code, sorted, NULL-terminated. */
const char *const *org_country_codes(void);
/* True for an ISO 3166-1 alpha-2 code (upper case). */
bool org_country_known(const char *cc);
/* 0 when the actor is an administrator or legal representative of org (or the operator),
 * else ORG_NOT_FOUND or ORG_FORBIDDEN, or a DB status. */
int org_may_manage(struct db *db, struct arena *a, const struct org_actor *who, long long org) WUR;
/* Writes coordinates in the caller's transaction (terms accepted now); the VAT status starts
 * over when the number changed. Admins and legal representatives only; logged. */
int org_coords_write(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                     const struct org_coords *c, time_t now) WUR;
/* The same in a transaction of its own. */
int org_coords_save(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                    const struct org_coords *c, time_t now) WUR;

/* --- pages of an organization (context.c), for every area with pages under /orgs/{id}/ */

/* The organization a page is about, from the route's first {id} and the session's rows: 404
 * unless the user is a member. Adds <org id name role> and the switcher's <orgs> to root. */
struct org_ctx {
	long long id;
	int role;
	const char *name;
	const char *version;  /* members_version: changes with tags too (their stylesheet's URL) */
	struct org_actor who;
};
int org_context(struct req *r, struct _xmlNode *root, struct org_ctx *ctx) WUR;
/* Starts a page: the model with its title and the organization's context; 0, or the status to
 * answer: 404 for a non-member, and for a user when the page is for those who manage. */
int org_begin(struct req *r, const char *title, bool manage, struct org_ctx *ctx,
              struct _xmlNode **root) WUR;
/* The choices of the forms: entity types, product kinds, countries. */
void org_choices(struct _xmlNode *root);
/* A page for an administrator or legal representative: 404 for users (they cannot see it). */
bool org_manages(const struct org_ctx *ctx);
/* Turns a rule's refusal into a message on the page (the status it answers with). */
int org_refused(struct req *r, struct _xmlNode *root, int refusal);

#endif
