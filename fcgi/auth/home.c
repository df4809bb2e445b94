/* The home page after login: the user's organizations with their products count. */
#include <string.h>

#include "auth.h"
#include "fields.h"

/* The rows come with the session (the route's AS_HOME_ORGS), one per organization. */
int auth_home(struct req *r)
{
	const struct db_rows *rows = &r->sess_rows;
	const size_t c = SESSION_NCOLS;
	struct db_rows granted = {0};
	for (size_t i = 0; i < rows->nrows; i++) {
		const char *role = db_cell(rows, i, c + 2);
		if (role != NULL && strcmp(role, "user") == 0) {
			int rc = db_exec(r->app->db, r->arena, AS_HOME_GRANTED, DB_ARGS(DB_INT(r->sess->user_id)),
			                 &granted);
			if (rc != DB_OK)
				return rc;
			break;
		}
	}
	struct _xmlNode *root = view_page(r, "home.title");
	view_notice(r, root, "notice.", &r->form.v[NF_NOTICE]);
	struct _xmlNode *list = view_node(root, "organizations");
	for (size_t i = 0; i < rows->nrows; i++) {
		if (db_cell(rows, i, c) == NULL)
			continue;  /* the user's row without any organization */
		struct _xmlNode *o = view_node(list, "organization");
		view_attr(o, "id", db_cell(rows, i, c));
		view_attr(o, "role", db_cell(rows, i, c + 2));
		const char *count = db_cell(rows, i, c + 3);
		for (size_t g = 0; g < granted.nrows; g++)
			if (strcmp(db_cell(&granted, g, 0), db_cell(rows, i, c)) == 0)
				count = db_cell(&granted, g, 1);
		view_attr(o, "products", count);
		if (db_int(rows, i, c + 4))
			view_attr(o, "twofa_missing", "1");
		view_text(o, "name", db_cell(rows, i, c + 1));
	}
	return view_render(r, 200, AP_HOME);
}
