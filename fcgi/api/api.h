/* The api area: the JSON REST API under /api/1, authenticated by API tokens. */
#ifndef KONTOR_API_H
#define KONTOR_API_H

#include "core.h"
#include "../org/org.h"
#include "../products/products.h"

enum api_stmt {
	PS_PROFILE = PD__MAX,
	PS_PROFILE_UPDATE,
	PS_ORGS_PAGE,
	PS_ORG_GET,
	PS_MEMBERS_PAGE,
	PS_MEMBER_GET,
	PS_PRODUCTS_PAGE,
	PS_PRODUCTS_COUNT,
	PS_PRODUCT_ORG,
	PS_TAG_ORG,
	PS__MAX
};

extern const struct db_sql api_sql;

int api_profile(struct req *r);
int api_profile_update(struct req *r);
int api_organizations(struct req *r);
int api_organization(struct req *r);
int api_members(struct req *r);
int api_organization_update(struct req *r);
int api_member_invite(struct req *r);
int api_member_update(struct req *r);
int api_member_remove(struct req *r);
int api_openapi(struct req *r);
int api_products(struct req *r);
int api_product(struct req *r);
int api_tags(struct req *r);
int api_tag_create(struct req *r);
int api_tag_update(struct req *r);
int api_tag_delete(struct req *r);
int api_product_tags_set(struct req *r);

/* One optional string member of a JSON object, checked like the web form's field d: NULL when
 * absent or refused (the reason is then added to fields under name). */
const char *api_body_string(struct req *r, struct json_t *body, const char *name,
                            const struct field_decl *d, struct json_t *fields);

/* Loads templates/api/openapi.json once at start; exits with one line when it is missing. */
void api_openapi_load(const char *templates);
/* The organization as the API shows it (DESIGN.md) with the token user's role, from row i
 * of PS_ORGS_PAGE or PS_ORG_GET (the UID in column 12, the role in 13). */
struct json_t *api_organization_json(const struct db_rows *rows, size_t row);

#endif
