/* The auth area: login, logout, password change and reset, language, the home page. */
#ifndef KONTOR_AUTH_H
#define KONTOR_AUTH_H

#include "core.h"

/* Stylesheets, by index into the names given to view_init. */
enum auth_page {
	AP_LOGIN,
	AP_HOME,
	AP_RESET_REQUEST,
	AP_RESET_CONFIRM,
	AP_PASSWORD,
	AP_TOKENS,
	AP_TOKEN_NEW,
	AP_TOKEN_CREATED,
	AP__MAX
};

/* Statements, numbered after the core's. */
enum auth_stmt {
	AS_USER_BY_EMAIL = CS__MAX,
	AS_USER_REHASH,
	AS_USER_SET_PASSWORD,
	AS_RESET_INSERT,
	AS_RESET_GET,
	AS_RESET_USE,
	AS_RESET_INVALIDATE_USER,
	AS_SESSIONS_DELETE_USER,
	AS_HOME_ORGS,
	AS_HOME_GRANTED,
	AS_SECLOG_INSERT,
	AS_TOKENS_LIST,
	AS_TOKEN_PRODUCT_CHOICES,
	AS_TOKEN_REVOKE,
	AS__MAX
};

extern const struct db_sql auth_sql;

int auth_login_form(struct req *r);
int auth_login(struct req *r);
int auth_logout(struct req *r);
int auth_home(struct req *r);
int auth_locale(struct req *r);
int auth_reset_form(struct req *r);
int auth_reset_request(struct req *r);
int auth_reset_confirm_form(struct req *r);
int auth_reset_confirm(struct req *r);
int auth_password_form(struct req *r);
int auth_password(struct req *r);
int auth_tokens(struct req *r);
int auth_token_new(struct req *r);
int auth_token_create(struct req *r);
int auth_token_revoke(struct req *r);

/* Records a security event for the user (login, failed login, password changed). */
int auth_seclog(struct req *r, long long user_id, const char *event) WUR;

#endif
