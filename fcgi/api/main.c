/*
 * The api executable: the route table of /api/1. Every route but the OpenAPI description
 * needs a token with the named scope. `api --routes` prints the table (the test that keeps
 * openapi.json in step with the code reads it).
 */
#include <stdio.h>
#include <string.h>

#include "api.h"

#define API(m, path, fn, scope) {m, path, fn, ROUTE_API | ROUTE_JSON, NULL, 0, 0, scope}

static const struct route routes[] = {
	{M_GET, "/api/1/openapi.json", api_openapi, 0, NULL, 0, 0, 0},
	API(M_GET, "/api/1/profile", api_profile, SCOPE_PROFILE_READ),
	API(M_PATCH, "/api/1/profile", api_profile_update, SCOPE_PROFILE_WRITE),
	API(M_GET, "/api/1/organizations", api_organizations, SCOPE_ORGANIZATIONS_READ),
	API(M_GET, "/api/1/organizations/{org}", api_organization, SCOPE_ORGANIZATIONS_READ),
	API(M_PATCH, "/api/1/organizations/{org}", api_organization_update, SCOPE_ORGANIZATIONS_WRITE),
	API(M_GET, "/api/1/organizations/{org}/members", api_members, SCOPE_ORGANIZATIONS_READ),
	API(M_POST, "/api/1/organizations/{org}/members", api_member_invite, SCOPE_ORGANIZATIONS_WRITE),
	API(M_PATCH, "/api/1/organizations/{org}/members/{user}", api_member_update,
	    SCOPE_ORGANIZATIONS_WRITE),
	API(M_DELETE, "/api/1/organizations/{org}/members/{user}", api_member_remove,
	    SCOPE_ORGANIZATIONS_WRITE),
	API(M_GET, "/api/1/organizations/{org}/products", api_products, SCOPE_PRODUCTS_READ),
	API(M_GET, "/api/1/products/{id}", api_product, SCOPE_PRODUCTS_READ),
	API(M_PUT, "/api/1/products/{id}/tags", api_product_tags_set, SCOPE_PRODUCTS_WRITE),
	API(M_GET, "/api/1/organizations/{org}/tags", api_tags, SCOPE_PRODUCTS_READ),
	API(M_POST, "/api/1/organizations/{org}/tags", api_tag_create, SCOPE_PRODUCTS_WRITE),
	API(M_PATCH, "/api/1/tags/{id}", api_tag_update, SCOPE_PRODUCTS_WRITE),
	API(M_DELETE, "/api/1/tags/{id}", api_tag_delete, SCOPE_PRODUCTS_WRITE),
};

int main(int argc, char **argv)
{
	static struct app app;
	size_t n = sizeof(routes) / sizeof(routes[0]);
	if (argc == 2 && strcmp(argv[1], "--routes") == 0) {
		static const char *const names[M__MAX] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
		for (size_t i = 0; i < n; i++)
			printf("%s %s %s\n", names[routes[i].method], routes[i].pattern,
			       routes[i].flags & ROUTE_API ? scope_names[routes[i].scope] : "-");
		return 0;
	}
	app_init(&app, "api", &api_sql, routes, n, NULL, 0);
	api_openapi_load(app.conf.templates);
	return app_run(&app);
}
