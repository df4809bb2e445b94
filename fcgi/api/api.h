/* The api area: the JSON REST API under /api/1, authenticated by API tokens. */
#ifndef KONTOR_API_H
#define KONTOR_API_H

#include "core.h"

enum api_stmt {
	PS_PROFILE = CS__MAX,
	PS_PROFILE_UPDATE,
	PS_ORGS_PAGE,
	PS_ORG_GET,
	PS_MEMBERS_PAGE,
	PS__MAX
};

extern const struct db_sql api_sql;

int api_profile(struct req *r);
int api_profile_update(struct req *r);
int api_organizations(struct req *r);
int api_organization(struct req *r);
int api_members(struct req *r);
int api_openapi(struct req *r);

/* Loads templates/api/openapi.json once at start; exits with one line when it is missing. */
void api_openapi_load(const char *templates);
/* The organization as the API shows it (DESIGN.md) with the token user's role, from row i
 * of PS_ORGS_PAGE or PS_ORG_GET (the role in column 12). */
struct json_t *api_organization_json(const struct db_rows *rows, size_t row);

#endif
