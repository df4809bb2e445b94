/* The products area: an organization's products, each with its holder, its managing
 * organization and its payer. Pages live under /orgs/{id}/products. */
#ifndef KONTOR_PRODUCTS_H
#define KONTOR_PRODUCTS_H

#include "core.h"
#include "../org/org.h"

enum products_page { PPG_LIST, PPG_PRODUCT, PPG__MAX };

/* Statements, after the organizations' (the pages use their context). The list has one
 * statement per order, each able to use its index. */
enum products_stmt {
	PS_LIST_NAME = OS__MAX,
	PS_LIST_NAME_DESC,
	PS_LIST_EXPIRY,
	PS_LIST_EXPIRY_DESC,
	PS_PRODUCT,
	PS__MAX
};
extern const struct db_sql products_sql;

int products_list(struct req *r);
int products_show(struct req *r);

#define PRODUCTS_PER_PAGE 50

static const char *const sorts[] = {"name", "-name", "expires", "-expires", NULL};
static const char *const kinds_or_all[] = {"domain", "hosting", "mail", "other", NULL};

enum { PL_KIND, PL_SEARCH, PL_SORT, PL_PAGE };
static const struct field_decl list_fields[] = {
	{"kind", FIELD_ENUM, 0, 0, 0, 0, kinds_or_all},
	{"search", FIELD_TEXT, 0, 100, 0, 0, NULL},
	{"sort", FIELD_ENUM, 0, 0, 0, 0, sorts},
	{"page", FIELD_INT, 0, 0, 1, 1000000, NULL},
};

#endif
