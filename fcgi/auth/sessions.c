/*
 * The user's active sessions (device, address, signed in, last seen; the current one
 * marked), ending one of the others or all of them, and the security log, a page at a time.
 * A session is named by its public id; another user's id answers 404.
 */
#include <string.h>

#include <libxml/tree.h>

#include "fields.h"
#include "twofa.h"

/* The device's name for a User-Agent header in the request's language, or "". */
static const char *device_of(struct req *r, const char *ua)
{
	char buf[96];
	const char *name = device_name(ua, i18n_get(r->locale, "sessions.device.on"), buf, sizeof(buf));
	return name != NULL ? arena_strdup(r->arena, name) : "";
}

/* The user's live sessions, this one first, each with its device's name. */
int auth_sessions(struct req *r)
{
	struct db_rows rows;
	const struct conf *c = &r->app->conf;
	const unsigned char *me = r->sess->id_hash;
	int rc = db_exec(r->app->db, r->arena, AS_SESSIONS_LIST,
	                 DB_ARGS(DB_BLOB(me, 32), DB_INT(r->sess->user_id),
	                         DB_INT(r->now - (time_t)c->session_idle),
	                         DB_INT(r->now - (time_t)c->session_absolute), DB_BLOB(me, 32)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "sessions.title");
	view_notice(r, root, "sessions.notice.", &r->form.v[SS_NOTICE]);
	struct _xmlNode *list = view_node(root, "sessions");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *s = view_node(list, "session");
		view_attr(s, "id", db_cell(&rows, i, 0));
		view_attr(s, "ip", db_cell(&rows, i, 1));
		view_attr(s, "created", db_cell(&rows, i, 3));
		view_attr(s, "seen", db_cell(&rows, i, 4));
		if (db_int(&rows, i, 5))
			view_attr(s, "current", "1");
		view_text(s, "device", device_of(r, db_cell(&rows, i, 2)));
		view_text(s, "agent", db_cell(&rows, i, 2));
	}
	return view_render(r, 200, AP_SESSIONS);
}

struct end_one {
	struct req *r;
	long long id;
	const char *what;  /* the ended session, for the log: "Firefox on Linux, 192.0.2.1" */
};

static int end_one_txn(struct db *db, void *p)
{
	struct end_one *e = p;
	struct req *r = e->r;
	int rc = db_exec(db, r->arena, AS_SESSION_END_ID,
	                 DB_ARGS(DB_INT(e->id), DB_INT(r->sess->user_id), DB_BLOB(r->sess->id_hash, 32)),
	                 NULL);
	if (rc != DB_OK || db_affected(db) != 1)
		return rc;  /* ended meanwhile (by itself, or a double click): nothing to log */
	struct account me = auth_me(r);
	return auth_event(r, &me, "session_ended", e->what, false);
}

/* Ends one of the user's sessions: 404 for an id that is not theirs; their current one is
 * the logout. */
int auth_session_end(struct req *r)
{
	struct db_rows rows;
	long long id = r->args[0];
	int rc = db_exec(r->app->db, r->arena, AS_SESSION_OF_USER,
	                 DB_ARGS(DB_BLOB(r->sess->id_hash, 32), DB_INT(id), DB_INT(r->sess->user_id)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	if (rows.nrows != 1)
		return 404;
	if (db_int(&rows, 0, 0))
		return auth_logout(r);
	const char *device = device_of(r, db_cell(&rows, 0, 1));
	const char *ip = db_cell(&rows, 0, 2);
	struct end_one e = {r, id, *device ? arena_printf(r->arena, "%s, %s", device, ip) : ip};
	if ((rc = db_txn(r->app->db, end_one_txn, &e)) != DB_OK)
		return rc;
	return resp_redirect(r, "/account/sessions?notice=session_ended");
}

static int end_others_txn(struct db *db, void *p)
{
	struct req *r = p;
	int rc = sess_end_others(r);
	if (rc != DB_OK)
		return rc;
	unsigned long long n = db_affected(db);
	if (n == 0)
		return DB_OK;
	struct account me = auth_me(r);
	return auth_event(r, &me, "other_sessions_ended", arena_printf(r->arena, "%llu", n), false);
}

/* Ends every session of the user but this one (logged with how many there were). */
int auth_sessions_end_others(struct req *r)
{
	int rc = db_txn(r->app->db, end_others_txn, r);
	if (rc != DB_OK)
		return rc;
	return resp_redirect(r, "/account/sessions?notice=others_ended");
}

/* The security log, newest first, SECLOG_PER_PAGE a page. */
int auth_seclog_page(struct req *r)
{
	struct db_rows rows;
	long long page = r->form.v[SL_PAGE].present ? r->form.v[SL_PAGE].i : 1;
	int rc = db_exec(r->app->db, r->arena, AS_SECLOG_PAGE,
	                 DB_ARGS(DB_INT(r->sess->user_id), DB_INT(SECLOG_PER_PAGE + 1),
	                         DB_INT((page - 1) * SECLOG_PER_PAGE)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "seclog.title");
	struct _xmlNode *list = view_node(root, "log");
	/* The row beyond the page only says that a next page exists. */
	size_t shown = rows.nrows > SECLOG_PER_PAGE ? SECLOG_PER_PAGE : rows.nrows;
	long long known = (page - 1) * SECLOG_PER_PAGE + (long long)rows.nrows;
	view_pager(list, page, SECLOG_PER_PAGE, page < SECLOG_MAX_PAGE ? known : 0);
	for (size_t i = 0; i < shown; i++) {
		struct _xmlNode *e = view_node(list, "entry");
		view_attr(e, "event", db_cell(&rows, i, 0));
		view_attr(e, "ip", db_cell(&rows, i, 2));
		view_attr(e, "at", db_cell(&rows, i, 3));
		view_text(e, "detail", db_cell(&rows, i, 1));
	}
	return view_render(r, 200, AP_SECLOG);
}
