/*
 * The products executable: an organization's product list and each product's page, under
 * /orgs/{id}/products. The organization's context (membership, switcher) is fcgi/org's.
 */
#include "products.h"

static const char *const pages[PPG__MAX] = {
	[PPG_LIST] = "products/list",
	[PPG_PRODUCT] = "products/product",
	[PPG_TAGS] = "products/tags",
	[PPG_TAG_DELETE] = "products/tag_delete",
	[PPG_CHECK] = "products/check",
};

/* Fields, and the statement that loads the session with the user's organizations. */
#define ORG(decl) decl, sizeof(decl) / sizeof(decl[0]), OS_SESSION_ORGS, 0
#define S ROUTE_NEEDS_SESSION
#define SC (ROUTE_NEEDS_SESSION | ROUTE_NEEDS_CSRF)

static const struct route routes[] = {
	{M_GET, "/orgs/{id}/products", products_list, S, ORG(list_fields)},
	{M_POST, "/orgs/{id}/products/tags", products_tag_many, SC, ORG(tag_fields)},
	{M_GET, "/orgs/{id}/products/{id}", products_show, S, ORG(list_fields)},
	{M_POST, "/orgs/{id}/products/{id}/tags", product_tag_add, SC, ORG(tag_fields)},
	{M_POST, "/orgs/{id}/products/{id}/holder", product_holder_save, SC, ORG(holder_fields)},
	{M_GET, "/orgs/{id}/products/check", products_check, S, ORG(list_fields)},
	{M_POST, "/orgs/{id}/products/{id}/tags/{id}/remove", product_tag_remove, SC, ORG(tag_fields)},
	{M_GET, "/orgs/{id}/tags", tags_page, S, ORG(list_fields)},
	{M_GET, "/orgs/{id}/tags.css", tags_css, S, ORG(list_fields)},
	{M_POST, "/orgs/{id}/tags", tags_create, SC, ORG(tag_fields)},
	{M_POST, "/orgs/{id}/tags/{id}", tags_update, SC, ORG(tag_fields)},
	{M_GET, "/orgs/{id}/tags/{id}/delete", tags_delete_confirm, S, ORG(list_fields)},
	{M_POST, "/orgs/{id}/tags/{id}/delete", tags_delete, SC, ORG(csrf_fields)},
};

int main(void)
{
	static struct app app;
	app_init(&app, "products", &products_sql, routes, sizeof(routes) / sizeof(routes[0]), pages,
	         PPG__MAX);
	return app_run(&app);
}
