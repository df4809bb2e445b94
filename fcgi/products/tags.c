/*
 * Tags: an organization's coloured labels. The rules here serve the pages (and the API): a
 * name of 1 to 30 characters, unique in the organization regardless of letter case (the
 * database's unique key in a case-insensitive collation decides, also between two requests
 * at once); a colour from the palette or any hex value, its text black or white, whichever
 * reads better. Only administrators and legal representatives change tags.
 */
#include <string.h>

#include "products.h"

int tag_org_lock(struct db *db, struct arena *a, const struct org_actor *who, long long org)
{
	int rc = db_exec(db, a, OS_ORG_BUMP, DB_ARGS(DB_INT(org)), NULL);
	if (rc == DB_OK)
		rc = org_may_manage(db, a, who, org);
	if (rc == ORG_NOT_FOUND)
		return TAG_NOT_FOUND;
	if (rc == ORG_FORBIDDEN)
		return TAG_FORBIDDEN;
	return rc;
}

/* The write transactions: the organization's row first (lock by writing, as for members),
 * then the actor's role as it is now. */
struct change {
	struct arena *a;
	const struct org_actor *who;
	long long org, tag, product;
	const char *name, *color;
	enum { CREATE, UPDATE, DELETE, ASSIGN, UNASSIGN } what;
	long long id;
};

static int change_txn(struct db *db, void *p)
{
	struct change *c = p;
	struct db_rows rows;
	int rc = tag_org_lock(db, c->a, c->who, c->org);
	if (rc != DB_OK)
		return rc;
	if (c->what != CREATE) {
		rc = db_exec(db, c->a, PD_TAG_GET, DB_ARGS(DB_INT(c->tag), DB_INT(c->org)), &rows);
		if (rc != DB_OK)
			return rc;
		if (rows.nrows != 1)
			return TAG_NOT_FOUND;
	}
	switch (c->what) {
	case CREATE:
		if ((rc = db_exec(db, c->a, PD_TAG_COUNT, DB_ARGS(DB_INT(c->org)), &rows)) != DB_OK)
			return rc;
		if (db_int(&rows, 0, 0) >= TAGS_PER_ORG)
			return TAG_TOO_MANY;
		rc = db_exec(db, c->a, PD_TAG_INSERT, DB_ARGS(DB_INT(c->org), DB_TEXT(c->name), DB_TEXT(c->color)),
		             NULL);
		c->id = (long long)db_insert_id(db);
		break;
	case UPDATE:
		rc = db_exec(db, c->a, PD_TAG_UPDATE,
		             DB_ARGS(c->name ? DB_TEXT(c->name) : DB_NULL, c->color ? DB_TEXT(c->color) : DB_NULL,
		                     DB_INT(c->tag), DB_INT(c->org)),
		             NULL);
		break;
	case DELETE:
		rc = db_exec(db, c->a, PD_TAG_DELETE, DB_ARGS(DB_INT(c->tag), DB_INT(c->org)), NULL);
		break;
	case ASSIGN:
	case UNASSIGN:
		rc = db_exec(db, c->a, PD_PRODUCT_IN_ORG, DB_ARGS(DB_INT(c->product), DB_INT(c->org)), &rows);
		if (rc != DB_OK)
			return rc;
		if (rows.nrows != 1)
			return TAG_NOT_FOUND;
		rc = db_exec(db, c->a, c->what == ASSIGN ? PD_PRODUCT_TAG_ADD : PD_PRODUCT_TAG_REMOVE,
		             DB_ARGS(DB_INT(c->product), DB_INT(c->tag)), NULL);
		break;
	}
	return rc == DB_DUPLICATE ? TAG_DUPLICATE : rc;
}

static int run(struct db *db, struct change *c)
{
	return db_txn(db, change_txn, c);
}

int tag_create(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               const char *name, const char *color, long long *id)
{
	struct change c = {a, who, org, 0, 0, name, color, CREATE, 0};
	int rc = run(db, &c);
	*id = c.id;
	return rc;
}

int tag_update(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               long long tag, const char *name, const char *color)
{
	struct change c = {a, who, org, tag, 0, name, color, UPDATE, 0};
	return run(db, &c);
}

int tag_delete(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               long long tag)
{
	struct change c = {a, who, org, tag, 0, NULL, NULL, DELETE, 0};
	return run(db, &c);
}

int tag_create_in(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                  const char *name, const char *color, long long *id)
{
	struct change c = {a, who, org, 0, 0, name, color, CREATE, 0};
	int rc = change_txn(db, &c);
	*id = c.id;
	return rc;
}

int tag_assign_in(struct db *db, struct arena *a, const struct org_actor *who, long long org,
                  long long product, long long tag)
{
	struct change c = {a, who, org, tag, product, NULL, NULL, ASSIGN, 0};
	return change_txn(db, &c);
}

int tag_assign(struct db *db, struct arena *a, const struct org_actor *who, long long org,
               long long product, long long tag, bool on)
{
	struct change c = {a, who, org, tag, product, NULL, NULL, on ? ASSIGN : UNASSIGN, 0};
	return run(db, &c);
}

struct _xmlNode *tag_node(struct _xmlNode *parent, const char *id, const char *name,
                          const char *color)
{
	struct _xmlNode *t = view_node(parent, "tag");
	view_attr(t, "id", id);
	view_attr(t, "color", color);
	view_attr(t, "text", tag_text_color(color));
	view_text(t, "name", name);
	return t;
}

void products_tags_model(struct _xmlNode *root, const struct db_rows *rows, const long long *on,
                         size_t non)
{
	struct _xmlNode *tags = view_node(root, "tags");
	for (size_t i = 0; i < rows->nrows; i++) {
		struct _xmlNode *t = tag_node(tags, db_cell(rows, i, 0), db_cell(rows, i, 1),
		                              db_cell(rows, i, 2));
		if (db_cell(rows, i, 3) != NULL)
			view_attr(t, "products", db_cell(rows, i, 3));
		for (size_t k = 0; k < non; k++)
			if (on[k] == db_int(rows, i, 0))
				view_attr(t, "filtered", "1");
	}
	struct _xmlNode *palette = view_node(root, "palette");
	for (int i = 0; tag_palette[i]; i++) {
		struct _xmlNode *c = view_node(palette, "color");
		view_attr(c, "value", tag_palette[i]);
		view_attr(c, "text", tag_text_color(tag_palette[i]));
		view_attr_int(c, "n", i + 1);
	}
}
