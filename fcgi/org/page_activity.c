/* The organization's activity log: who changed what of its members and coordinates, when,
 * and from where. For administrators and legal representatives, 50 entries a page. */
#include <libxml/tree.h>

#include "pages.h"

#define PER_PAGE 50

int org_activity_page(struct req *r)
{
	struct org_ctx ctx;
	struct db_rows rows;
	struct _xmlNode *root;
	int rc = org_begin(r, "activity.title", true, &ctx, &root);
	if (rc != 0)
		return rc;
	long long page = r->form.v[NT_PAGE].present ? r->form.v[NT_PAGE].i : 1;
	rc = db_exec(r->app->db, r->arena, OP_ACTIVITY_PAGE,
	             DB_ARGS(DB_INT(ctx.id), DB_INT(PER_PAGE), DB_INT((page - 1) * PER_PAGE)), &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *list = view_node(root, "activity");
	view_pager(list, page, PER_PAGE, rows.nrows > 0 ? db_int(&rows, 0, 6) : 0);
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *e = view_node(list, "entry");
		view_attr(e, "at", db_cell(&rows, i, 0));
		view_attr(e, "event", db_cell(&rows, i, 2));
		view_attr(e, "ip", db_cell(&rows, i, 5));
		view_text(e, "actor", db_cell(&rows, i, 1));
		view_text(e, "subject", db_cell(&rows, i, 3));
		view_text(e, "detail", db_cell(&rows, i, 4));
	}
	return view_render(r, 200, OPG_ACTIVITY);
}
