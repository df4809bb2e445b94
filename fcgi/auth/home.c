/* The home page after login: the user's organizations with their products count. */
#include "auth.h"
#include "fields.h"

/* The rows come with the session (the route's AS_HOME_ORGS), one per organization. */
int auth_home(struct req *r)
{
	const struct db_rows *rows = &r->sess_rows;
	const size_t c = SESSION_NCOLS;
	struct _xmlNode *root = view_page(r, "home.title");
	if (r->form.v[NF_NOTICE].present)
		view_message(root, "info", arena_printf(r->arena, "notice.%s", r->form.v[NF_NOTICE].s));
	struct _xmlNode *list = view_node(root, "organizations");
	for (size_t i = 0; i < rows->nrows; i++) {
		if (db_cell(rows, i, c) == NULL)
			continue;  /* the user's row without any organization */
		struct _xmlNode *o = view_node(list, "organization");
		view_attr(o, "id", db_cell(rows, i, c));
		view_attr(o, "role", db_cell(rows, i, c + 2));
		view_attr(o, "products", db_cell(rows, i, c + 3));
		view_text(o, "name", db_cell(rows, i, c + 1));
	}
	return view_render(r, 200, AP_HOME);
}
