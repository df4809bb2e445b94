/* The home page after login: the user's organizations with their products count. */
#include "auth.h"
#include "fields.h"

int auth_home(struct req *r)
{
	struct db_rows rows;
	int rc = db_exec(r->app->db, r->arena, AS_HOME_ORGS, DB_ARGS(DB_INT(r->sess->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "home.title");
	if (r->form.v[NF_NOTICE].present)
		view_message(root, "info", arena_printf(r->arena, "notice.%s", r->form.v[NF_NOTICE].s));
	struct _xmlNode *list = view_node(root, "organizations");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *o = view_node(list, "organization");
		view_attr(o, "id", db_cell(&rows, i, 0));
		view_attr(o, "role", db_cell(&rows, i, 2));
		view_attr(o, "products", db_cell(&rows, i, 3));
		view_text(o, "name", db_cell(&rows, i, 1));
	}
	return view_render(r, 200, AP_HOME);
}
