/*
 * The products executable: an organization's product list and each product's page, under
 * /orgs/{id}/products. The organization's context (membership, switcher) is fcgi/org's.
 */
#include "products.h"

static const char *const pages[PPG__MAX] = {
	[PPG_LIST] = "products/list",
	[PPG_PRODUCT] = "products/product",
};

static const struct route routes[] = {
	{M_GET, "/orgs/{id}/products", products_list, ROUTE_NEEDS_SESSION, list_fields,
	 sizeof(list_fields) / sizeof(list_fields[0]), OS_SESSION_ORGS, 0},
	{M_GET, "/orgs/{id}/products/{id}", products_show, ROUTE_NEEDS_SESSION, NULL, 0,
	 OS_SESSION_ORGS, 0},
};

int main(void)
{
	static struct app app;
	app_init(&app, "products", &products_sql, routes, sizeof(routes) / sizeof(routes[0]), pages,
	         PPG__MAX);
	return app_run(&app);
}
