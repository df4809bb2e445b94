/* The products area: an organization's products, each with its holder, its managing
 * organization and its payer. Pages live under /orgs/{id}/products. */
#ifndef KONTOR_PRODUCTS_H
#define KONTOR_PRODUCTS_H

#include "core.h"
#include "../org/org.h"

enum products_page { PPG_LIST, PPG_PRODUCT, PPG_TAGS, PPG_TAG_DELETE, PPG_CHECK, PPG__MAX };

/* Statements, after the organizations' (the pages use their context). The list has one
 * statement per order, each able to use its index. */
enum products_stmt {
	PD_LIST_NAME = OS__MAX,
	PD_LIST_NAME_DESC,
	PD_LIST_EXPIRY,
	PD_LIST_EXPIRY_DESC,
	PD_PRODUCT,
	PD_TAGS_OF_ORG,
	PD_TAG_GET,
	PD_TAG_COUNT,
	PD_TAG_INSERT,
	PD_TAG_UPDATE,
	PD_TAG_DELETE,
	PD_TAG_PRODUCTS,
	PD_PRODUCT_TAG_ADD,
	PD_PRODUCT_TAG_REMOVE,
	PD_PRODUCT_TAGS,
	PD_PAGE_TAGS,
	PD_PRODUCT_IN_ORG,
	PD_TAG_BY_NAME,
	PD_TAG_COLORS,
	PD_TAGS_FOR_LIST,
	PD_HOLDER_SET,
	PD_CHECK_USER,
	PD_CHECK_ORG,
	PD_CHECK_BILLING,
	PD_CHECK_PRODUCTS,
	PD__MAX
};
extern const struct db_sql products_sql;

/* SQL conditions on products p, shared with the API's statements. */
/* What a member may see: administrators and legal representatives everything (the first
 * parameter is 1 and the rest is never evaluated), a member with role user the products of
 * the kinds granted to them and the single products granted to them. Parameters: manages,
 * org, user, org, user. */
#define VISIBLE                                                                              \
	" AND (? OR p.kind IN (SELECT kind FROM kind_grants WHERE org_id = ? AND user_id = ?)"   \
	" OR p.id IN (SELECT product_id FROM product_grants WHERE org_id = ? AND user_id = ?))"

/* Carries a tag (0: no condition): one per tag filtered by, all of them required. */
#define TAGGED " AND (? = 0 OR p.id IN (SELECT product_id FROM product_tags WHERE tag_id = ?))"


int products_list(struct req *r);
int products_show(struct req *r);
/* The product page for an organization context already begun, with status. */
int products_show_in(struct req *r, const struct org_ctx *ctx, struct _xmlNode *root, int status);
int tags_page(struct req *r);
int tags_css(struct req *r);
int tags_create(struct req *r);
int tags_update(struct req *r);
int tags_delete_confirm(struct req *r);
int tags_delete(struct req *r);
int product_tag_add(struct req *r);
int product_tag_remove(struct req *r);
int products_tag_many(struct req *r);
int product_holder_save(struct req *r);
int products_check(struct req *r);

/* <tag id name color text> under parent (text: the readable text colour). */
struct _xmlNode *tag_node(struct _xmlNode *parent, const char *id, const char *name,
                          const char *color);
/* <tags> with the organization's tags from PD_TAGS_OF_ORG rows (count of visible products),
 * marking the ones filtered by; and the palette. */
void products_tags_model(struct _xmlNode *root, const struct db_rows *rows, const long long *on,
                         size_t non);

/* --- tags (tags.c): the rules, shared by the pages and the API */

#define TAG_NAME_MAX 30    /* characters */
#define TAGS_PER_ORG 500
#define TAG_PALETTE_SIZE 12
/* Twelve colours; with tag_text_color's choice of text, each reads at WCAG AA or better. */
extern const char *const tag_palette[TAG_PALETTE_SIZE + 1];
enum tag_refusal {
	TAG_NOT_FOUND = 1,   /* no such tag or product in the organization (or not visible): 404 */
	TAG_FORBIDDEN,       /* only administrators and legal representatives change tags */
	TAG_DUPLICATE,       /* the name exists in the organization, in some letter case */
	TAG_TOO_MANY,        /* TAGS_PER_ORG reached */
};
/* Inside the caller's transaction: the organization's row written first (lock by writing),
 * then the actor's right to change its tags as it is now. DB_OK, TAG_NOT_FOUND,
 * TAG_FORBIDDEN, or a DB status. */
int tag_org_lock(struct db *db, struct arena *a, const struct org_actor *who, long long org) WUR;
/* The catalogue key of why a name cannot be ("tag.name_empty", "tag.name_long"), or NULL. The
 * name is trimmed (FIELD_TEXT did) and counted in characters, not bytes. */
const char *tag_name_problem(const char *name);
/* A palette colour or #rgb/#rrggbb, normalised to lower-case #rrggbb into out[8]; false when
 * it is neither. */
bool tag_color(const char *in, char out[8]);
/* Black or white text, whichever contrasts more with the colour (#rrggbb): always >= 4.5:1. */
const char *tag_text_color(const char *color);
/* The contrast ratio (WCAG 2) of two #rrggbb colours. */
double tag_contrast(const char *a, const char *b);
/* The changes; who must manage the organization. *id is the new tag. */
int tag_create(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               const char *name, const char *color, long long *id) WUR;
/* name or color NULL: unchanged. */
int tag_update(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               long long tag, const char *name, const char *color) WUR;
int tag_delete(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               long long tag) WUR;
/* The same in the caller's transaction (several products tagged at once, all or none). */
int tag_create_in(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                  const char *name, const char *color, long long *id) WUR;
int tag_assign_in(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                  long long product, long long tag) WUR;
/* Puts a tag on a product of the organization (again: no change), or takes it off. */
int tag_assign(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               long long product, long long tag, bool on) WUR;

#define PRODUCTS_PER_PAGE 50

static const char *const sorts[] = {"name", "-name", "expires", "-expires", NULL};
static const char *const kinds_or_all[] = {"domain", "hosting", "mail", "other", NULL};

#define LIST_TAGS_MAX 5  /* tags to filter by at once (products carrying all of them) */

enum { PL_KIND, PL_SEARCH, PL_SORT, PL_PAGE, PL_TAG, PL_NOTICE };
static const char *const products_notices[] = {"tagged", "untagged", "tag_saved", "tag_deleted",
                                               "tag_created", "holder_saved", NULL};
static const struct field_decl list_fields[] = {
	{"kind", FIELD_ENUM, 0, 0, 0, 0, kinds_or_all},
	{"search", FIELD_TEXT, 0, 100, 0, 0, NULL},
	{"sort", FIELD_ENUM, 0, 0, 0, 0, sorts},
	{"page", FIELD_INT, 0, 0, 1, 1000000, NULL},
	{"tag", FIELD_IDS, 0, LIST_TAGS_MAX, 0, 0, NULL},
	{"notice", FIELD_ENUM, 0, 0, 0, 0, products_notices},
};


/* The holder of a product (the owner contact). */
enum { HD_NAME, HD_ORG, HD_EMAIL, HD_COUNTRY, HD_STREET, HD_POSTCODE, HD_CITY, HD_CSRF };
static const struct field_decl holder_fields[] = {
	{"name", FIELD_TEXT, 1, 200, 0, 0, NULL},
	{"organization", FIELD_TEXT, 0, 200, 0, 0, NULL},
	{"email", FIELD_EMAIL, 3, 254, 0, 0, NULL},
	{"country", FIELD_TEXT, 2, 2, 0, 0, NULL},
	{"street", FIELD_TEXT, 0, 200, 0, 0, NULL},
	{"postcode", FIELD_TEXT, 0, 20, 0, 0, NULL},
	{"city", FIELD_TEXT, 0, 100, 0, 0, NULL},
	CSRF_FIELD,
};
static const struct field_decl csrf_fields[] = {CSRF_FIELD};

/* A tag: chosen (tag id) or new (name and colour: a palette colour or a hex value). */
static const char *const backs[] = {"list", "product", NULL};
enum { TG_TAG, TG_NAME, TG_COLOR, TG_HEX, TG_PRODUCTS, TG_BACK, TG_CSRF };
static const struct field_decl tag_fields[] = {
	{"tag", FIELD_INT, 0, 0, 1, 1LL << 53, NULL},
	{"name", FIELD_TEXT, 1, 120, 0, 0, NULL},
	{"color", FIELD_TEXT, 0, 7, 0, 0, NULL},
	{"hex", FIELD_TEXT, 0, 7, 0, 0, NULL},
	{"products", FIELD_IDS, 0, 200, 0, 0, NULL},
	{"back", FIELD_ENUM, 0, 0, 0, 0, backs},
	CSRF_FIELD,
};

#endif
