/*
 * The organization's product list: sorted and paged on the server (50 a page, one more row
 * fetched to know whether a next page exists, so no count over a large organization), filtered
 * by kind and by a text in the name. A member with role user sees only what is granted.
 */
#include <string.h>

#include <libxml/tree.h>

#include <stdlib.h>

#include "products.h"

/* Percent-encodes a query value (everything but the unreserved characters). */
static char *query_value(struct arena *a, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(s) * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

static const char *const sort_keys[] = {"name", "name_desc", "expires", "expires_desc"};

static const unsigned list_stmt[] = {PD_LIST_NAME, PD_LIST_NAME_DESC, PD_LIST_EXPIRY,
                                     PD_LIST_EXPIRY_DESC};

int products_list(struct req *r)
{
	struct org_ctx ctx;
	struct _xmlNode *root;
	struct db_rows rows;
	const struct field_value *v = r->form.v;
	int rc = org_begin(r, "products.title", false, &ctx, &root);
	if (rc != 0)
		return rc;
	long long page = v[PL_PAGE].present ? v[PL_PAGE].i : 1;
	int sort = v[PL_SORT].present ? (int)v[PL_SORT].i : 0;
	const char *kind = v[PL_KIND].present ? kinds_or_all[v[PL_KIND].i] : "";
	const char *search = v[PL_SEARCH].present && v[PL_SEARCH].s ? v[PL_SEARCH].s : "";
	long long uid = r->sess->user_id;
	long long tags[LIST_TAGS_MAX] = {0};
	size_t ntags = 0;
	for (const char *s = v[PL_TAG].present ? v[PL_TAG].s : ""; *s && ntags < LIST_TAGS_MAX;) {
		tags[ntags++] = strtoll(s, NULL, 10);
		s += strcspn(s, ",");
		s += *s == ',';
	}
	rc = db_exec(r->app->db, r->arena, list_stmt[sort],
	             DB_ARGS(DB_INT(ctx.id), DB_TEXT(kind), DB_TEXT(kind), DB_TEXT(search), DB_TEXT(search),
	                     DB_INT(tags[0]), DB_INT(tags[0]), DB_INT(tags[1]), DB_INT(tags[1]),
	                     DB_INT(tags[2]), DB_INT(tags[2]), DB_INT(tags[3]), DB_INT(tags[3]),
	                     DB_INT(tags[4]), DB_INT(tags[4]),
	                     DB_INT(org_manages(&ctx)), DB_INT(ctx.id), DB_INT(uid), DB_INT(ctx.id),
	                     DB_INT(uid), DB_INT(PRODUCTS_PER_PAGE + 1),
	                     DB_INT((page - 1) * PRODUCTS_PER_PAGE)),
	             &rows);
	if (rc != DB_OK)
		return rc;
	/* The tags of the page's products, in one statement; and the organization's tags (with
	 * what the member may see of them) for the filter and the tag picker. */
	struct dbv ids[PRODUCTS_PER_PAGE + 1];
	for (size_t i = 0; i < PRODUCTS_PER_PAGE; i++)
		ids[i] = DB_INT(i < rows.nrows ? db_int(&rows, i, 0) : 0);
	ids[PRODUCTS_PER_PAGE] = DB_END;
	struct db_rows ptags, otags;
	if ((rc = db_exec(r->app->db, r->arena, PD_PAGE_TAGS, ids, &ptags)) != DB_OK)
		return rc;
	rc = db_exec(r->app->db, r->arena, PD_TAGS_FOR_LIST,
	             DB_ARGS(DB_INT(ctx.id), DB_INT(org_manages(&ctx)), DB_INT(ctx.id), DB_INT(uid),
	                     DB_INT(ctx.id), DB_INT(uid)),
	             &otags);
	if (rc != DB_OK)
		return rc;
	products_tags_model(root, &otags, tags, ntags);
	struct _xmlNode *list = view_node(root, "products");
	/* A page past the end is an empty page, not an error. */
	view_pager(list, page, PRODUCTS_PER_PAGE,
	           (page - 1) * PRODUCTS_PER_PAGE + (long long)rows.nrows);
	view_attr(list, "sort", sorts[sort]);
	view_attr(list, "kind", kind);
	view_attr(list, "search", search);
	/* The filters again, for the pages' links. */
	const char *tagq = "";
	for (size_t t = 0; t < ntags; t++)
		tagq = arena_printf(r->arena, "%s&tag=%lld", tagq, tags[t]);
	view_attr(list, "query", arena_printf(r->arena, "&kind=%s&sort=%s&search=%s%s", kind,
	                                      query_value(r->arena, sorts[sort]),
	                                      query_value(r->arena, search), tagq));
	view_attr(list, "filters", arena_printf(r->arena, "kind=%s&sort=%s&search=%s", kind,
	                                        query_value(r->arena, sorts[sort]),
	                                        query_value(r->arena, search)));
	view_notice(r, root, "products.notice.", &r->form.v[PL_NOTICE]);
	struct _xmlNode *s = view_node(root, "sorts");
	for (int i = 0; sorts[i]; i++) {
		struct _xmlNode *o = view_node(s, "s");
		view_attr(o, "value", sorts[i]);
		view_attr(o, "key", sort_keys[i]);
	}
	for (size_t i = 0; i < rows.nrows && i < PRODUCTS_PER_PAGE; i++) {
		struct _xmlNode *p = view_node(list, "product");
		view_attr(p, "id", db_cell(&rows, i, 0));
		view_attr(p, "kind", db_cell(&rows, i, 1));
		view_attr(p, "status", db_cell(&rows, i, 3));
		view_attr(p, "expires", db_cell(&rows, i, 4));
		if (db_int(&rows, i, 5))
			view_attr(p, "auto_renew", "1");
		view_text(p, "name", db_cell(&rows, i, 2));
		for (size_t t = 0; t < ptags.nrows; t++)
			if (strcmp(db_cell(&ptags, t, 0), db_cell(&rows, i, 0)) == 0)
				tag_node(p, db_cell(&ptags, t, 1), db_cell(&ptags, t, 2), db_cell(&ptags, t, 3));
	}
	org_choices(root);
	return view_render(r, 200, PPG_LIST);
}
