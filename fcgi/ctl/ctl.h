/* kontorctl, the operator's command line: users, organizations, members, products. */
#ifndef KONTOR_CTL_H
#define KONTOR_CTL_H

#include "core.h"
#include "../org/org.h"

enum ctl_stmt {
	KS_USER_INSERT = OS__MAX,
	KS_USER_ID,
	KS_USER_LOCALE,
	KS_USER_PASSWORD,
	KS_USER_SESSIONS_END,
	KS_USER_CHALLENGES_END,
	KS_USER_RESETS_END,
	KS_USER_SECLOG,
	KS_ORG_INSERT,
	KS_ORG_GET,
	KS_PRODUCT_INSERT,
	KS_GRANT_PRODUCT,
	KS_PRODUCT_OF_ORG,
	KS_USER_STAFF,
	KS__MAX
};

extern const struct db_sql ctl_sql;

#endif
