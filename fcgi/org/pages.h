/* The org executable's pages: stylesheets, statements, form fields, handlers. */
#ifndef KONTOR_ORG_PAGES_H
#define KONTOR_ORG_PAGES_H

#include "org.h"

enum org_page {
	OPG_ORG,
	OPG_MEMBERS,
	OPG_MEMBER,
	OPG_INVITATION,
	OPG_BILLING,
	OPG_ACTIVITY,
	OPG__MAX
};

/* The pages' own statements, numbered after the rules' (org_sql). */
enum org_page_stmt {
	OP_ORG_VIEW = OS__MAX,
	OP_MEMBERS_LIST,
	OP_INVITATIONS_LIST,
	OP_MEMBER_GET,
	OP_MEMBER_GRANTS,
	OP_MEMBER_KIND_GRANTS,
	OP_MEMBER_TOKENS,
	OP_PRODUCTS_CHOICE,
	OP_GRANT_PRODUCT,
	OP_GRANT_KIND,
	OP_ACTIVITY_PAGE,
	OP_BILLING_LIST,
	OP_BILLING_GET,
	OP_BILLING_INSERT,
	OP_BILLING_UPDATE,
	OP_BILLING_DELETE,
	OP_BILLING_UNDEFAULT,
	OP_BILLING_DEFAULT,
	OP_BILLING_COUNT,
	OP_USER_INSERT,
	/* organizations requiring 2FA (page_twofa.c) */
	OP_ORG_TWOFA,
	OP_ORG_TWOFA_SET,
	OP_MEMBERS_NO_2FA,
	OP_TWOFA_MEMBER,
	OP_TWOFA_REMIND,
	OP__MAX
};
extern const struct db_sql org_pages_sql;

int org_page(struct req *r);
int org_save(struct req *r);
int org_members(struct req *r);
int org_invite_post(struct req *r);
int org_invite_resend_post(struct req *r);
int org_invite_withdraw_post(struct req *r);
int org_member_page(struct req *r);
int org_member_role_post(struct req *r);
int org_member_remove_post(struct req *r);
int org_member_grants_post(struct req *r);
int org_activity_page(struct req *r);
int org_billing(struct req *r);
int org_billing_add(struct req *r);
int org_billing_edit(struct req *r);
int org_billing_save(struct req *r);
int org_billing_default(struct req *r);
int org_billing_delete(struct req *r);
int org_invitation_page(struct req *r);
int org_invitation_accept(struct req *r);
int org_invitation_register(struct req *r);
int org_twofa_post(struct req *r);
int org_twofa_remind_post(struct req *r);
int org_twofa_remind_all_post(struct req *r);
/* The members page (page_members.c) with what it shows of 2FA (page_twofa.c): whether the
 * organization requires it, and to those who manage, the members without it. */
int org_members_render(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx, int status);
int org_twofa_view(struct req *r, struct _xmlNode *root, const struct org_ctx *ctx) WUR;

/* --- form fields */

static const char *const org_notices[] = {
	"saved", "invited", "resent", "withdrawn", "role_changed", "removed", "left", "grants_saved",
	"joined", "address_saved", "address_deleted", "default_set", "twofa_on", "twofa_off",
	"reminded", "reminded_all", NULL};

enum { NT_NOTICE, NT_PAGE };
static const struct field_decl notice_fields[] = {
	{"notice", FIELD_ENUM, 0, 0, 0, 0, org_notices},
	{"page", FIELD_INT, 0, 0, 1, 1000000, NULL},
};
static const struct field_decl csrf_fields[] = {CSRF_FIELD};

enum { CO_NAME, CO_ENTITY, CO_COUNTRY, CO_STREET, CO_POSTCODE, CO_CITY, CO_PHONE, CO_EMAIL,
       CO_VAT, CO_UID, CO_TERMS, CO_CSRF };
static const struct field_decl coords_fields[] = {
	{"name", FIELD_TEXT, 1, 200, 0, 0, NULL},
	{"entity_type", FIELD_ENUM, 0, 0, 0, 0, org_entity_types},
	{"country", FIELD_TEXT, 2, 2, 0, 0, NULL},
	{"street", FIELD_TEXT, 0, 200, 0, 0, NULL},
	{"postcode", FIELD_TEXT, 0, 20, 0, 0, NULL},
	{"city", FIELD_TEXT, 0, 100, 0, 0, NULL},
	{"phone", FIELD_TEXT, 0, 40, 0, 0, NULL},
	{"email", FIELD_EMAIL, 3, 254, 0, 0, NULL},
	{"vat_number", FIELD_TEXT, 0, 30, 0, 0, NULL},
	{"uid_number", FIELD_TEXT, 0, 30, 0, 0, NULL},
	{"terms", FIELD_BOOL, 0, 0, 0, 0, NULL},
	CSRF_FIELD,
};

enum { IV_EMAIL, IV_ROLE, IV_CSRF };
static const struct field_decl invite_fields[] = {
	{"email", FIELD_EMAIL, 3, 254, 0, 0, NULL},
	{"role", FIELD_ENUM, 0, 0, 0, 0, org_role_names},
	CSRF_FIELD,
};

enum { RL_ROLE, RL_CSRF };
static const struct field_decl role_fields[] = {
	{"role", FIELD_ENUM, 0, 0, 0, 0, org_role_names},
	CSRF_FIELD,
};

enum { RM_PASSWORD, RM_CSRF };
static const struct field_decl remove_fields[] = {
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};

enum { GR_KIND, GR_PRODUCTS = GR_KIND + 4, GR_CSRF };
static const struct field_decl grants_fields[] = {
	{"kind_domain", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"kind_hosting", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"kind_mail", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"kind_other", FIELD_BOOL, 0, 0, 0, 0, NULL},
	{"products", FIELD_IDS, 0, 1000, 0, 0, NULL},
	CSRF_FIELD,
};

enum { BA_NAME, BA_STREET, BA_POSTCODE, BA_CITY, BA_COUNTRY, BA_VAT, BA_DEFAULT, BA_CSRF };
static const struct field_decl billing_fields[] = {
	{"name", FIELD_TEXT, 1, 200, 0, 0, NULL},
	{"street", FIELD_TEXT, 1, 200, 0, 0, NULL},
	{"postcode", FIELD_TEXT, 1, 20, 0, 0, NULL},
	{"city", FIELD_TEXT, 1, 100, 0, 0, NULL},
	{"country", FIELD_TEXT, 2, 2, 0, 0, NULL},
	{"vat_number", FIELD_TEXT, 0, 30, 0, 0, NULL},
	{"default", FIELD_BOOL, 0, 0, 0, 0, NULL},
	CSRF_FIELD,
};

enum { TF_REQUIRE, TF_CSRF };
static const struct field_decl twofa_fields[] = {
	{"require_2fa", FIELD_BOOL, 0, 0, 0, 0, NULL},
	CSRF_FIELD,
};

enum { IT_TOKEN };
static const struct field_decl invitation_fields[] = {
	{"token", FIELD_TOKEN, 43, 43, 0, 0, NULL},
};
enum { IA_TOKEN, IA_CSRF };
static const struct field_decl invitation_accept_fields[] = {
	{"token", FIELD_TOKEN, 43, 43, 0, 0, NULL},
	CSRF_FIELD,
};
enum { IR_TOKEN, IR_NAME, IR_PASSWORD, IR_PASSWORD2, IR_CSRF };
static const struct field_decl invitation_register_fields[] = {
	{"token", FIELD_TOKEN, 43, 43, 0, 0, NULL},
	{"name", FIELD_TEXT, 1, 200, 0, 0, NULL},
	{"password", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	{"password2", FIELD_SECRET, 1, 1024, 0, 0, NULL},
	CSRF_FIELD,
};

#endif
