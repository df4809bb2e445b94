/*
 * Provider staff review help requests (ROUTE_STAFF_ONLY: 404 to everyone else): the queue,
 * one request with its documents, and the decision. Approving turns the user's 2FA off in
 * one transaction (factors and emergency codes deleted, set-up required at the next login,
 * every session ended); rejecting needs a reason, which the user is mailed. A request is
 * decided once, never by its own user, and every decision is in the user's security log.
 */
#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "fields.h"
#include "recovery.h"

#define QUEUE_PER_PAGE 20

int auth_staff_recovery_list(struct req *r)
{
	struct db_rows rows;
	const struct field_value *pg = &r->form.v[SRL_PAGE];
	long long page = pg->present ? pg->i : 1;
	int rc = db_exec(r->app->db, r->arena, AS_RECOVERY_QUEUE,
	                 DB_ARGS(DB_INT(QUEUE_PER_PAGE), DB_INT((page - 1) * QUEUE_PER_PAGE)), &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "recovery.staff.title");
	struct _xmlNode *list = view_node(root, "requests");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *q = view_node(list, "request");
		view_attr(q, "id", db_cell(&rows, i, 0));
		view_attr(q, "email", db_cell(&rows, i, 1));
		view_attr(q, "name", db_cell(&rows, i, 2));
		view_attr(q, "status", db_cell(&rows, i, 3));
		view_attr(q, "created", db_cell(&rows, i, 4));
		if (db_int(&rows, i, 5))
			view_attr(q, "documents", "1");
	}
	view_pager(list, page, QUEUE_PER_PAGE, rows.nrows ? db_int(&rows, 0, 6) : 0);
	return view_render(r, 200, AP_STAFF_RECOVERY_LIST);
}

/* One request as the page shows it, under root; 404 when there is none. */
static int request_view(struct req *r, long long id, struct _xmlNode *root)
{
	struct db_rows q, docs;
	int rc = db_exec(r->app->db, r->arena, AS_RECOVERY_GET, DB_ARGS(DB_INT(id)), &q);
	if (rc != DB_OK)
		return rc;
	if (q.nrows != 1)
		return 404;
	if ((rc = db_exec(r->app->db, r->arena, AS_RECOVERY_DOCS, DB_ARGS(DB_INT(id)), &docs)) != DB_OK)
		return rc;
	static const char *const attrs[] = {"id", "user-id", "email", "name", "phone", "status", NULL,
	                                    "ip", "created", "decided", "deleted", "delete-by",
	                                    "staff-name", "staff-email", NULL, "factors"};
	struct _xmlNode *n = view_node(root, "request");
	for (size_t c = 0; c < sizeof(attrs) / sizeof(attrs[0]); c++)
		if (attrs[c] != NULL && db_cell(&q, 0, c) != NULL)
			view_attr(n, attrs[c], db_cell(&q, 0, c));
	if (db_cell(&q, 0, 6)[0] != '\0')
		view_text(n, "reason", db_cell(&q, 0, 6));
	if (db_int(&q, 0, 1) == r->sess->user_id)
		view_attr(n, "own", "1");
	for (size_t i = 0; i < docs.nrows; i++) {
		struct _xmlNode *d = view_node(n, "document");
		view_attr_int(d, "n", (long long)i + 1);
		view_attr(d, "kind", db_cell(&docs, i, 0));
		view_attr(d, "type", db_cell(&docs, i, 2));
		view_attr_int(d, "kb", (db_int(&docs, i, 3) + 1023) / 1024);
	}
	return DB_OK;
}

/* The request's page with a message (NULL for none), and the form's errors on a POST. */
static int request_page(struct req *r, int status, const char *kind, const char *msg)
{
	struct _xmlNode *root = view_page(r, "recovery.staff.request_title");
	int rc = request_view(r, r->args[0], root);
	if (rc != DB_OK)
		return rc;
	if (r->method == M_POST)
		view_form_errors(root, &r->form);
	if (msg != NULL)
		view_message(root, kind, msg);
	return view_render(r, status, AP_STAFF_RECOVERY);
}

int auth_staff_recovery(struct req *r)
{
	const struct field_value *n = &r->form.v[SR_NOTICE];
	return request_page(r, 200, "info",
	                    n->present ? arena_printf(r->arena, "recovery.staff.notice.%s", n->s) : NULL);
}

int auth_staff_recovery_document(struct req *r)
{
	struct db_rows docs;
	long long n = r->args[1];
	int rc = db_exec(r->app->db, r->arena, AS_RECOVERY_DOCS, DB_ARGS(DB_INT(r->args[0])), &docs);
	if (rc != DB_OK)
		return rc;
	if (n < 1 || (size_t)n > docs.nrows)
		return 404;  /* no such document, or deleted already */
	size_t len;
	const char *type = db_cell(&docs, (size_t)n - 1, 2);
	unsigned char *data = recovery_load(r, db_cell(&docs, (size_t)n - 1, 1), &len);
	if (data == NULL) {
		log_warn("recovery %lld: document %lld cannot be read or unsealed", r->args[0], n);
		return 404;
	}
	/* Served as what libmagic found, under a name the server makes; the browser must neither
	 * guess another type nor run anything in it, and nothing keeps a copy. */
	resp_headers(r, 200, type,
	             arena_printf(r->arena,
	                          "Content-Disposition: inline; filename=\"recovery-%lld-%s.%s\"\r\n"
	                          "Content-Length: %zu\r\n"
	                          "X-Content-Type-Options: nosniff\r\n"
	                          "Content-Security-Policy: sandbox; default-src 'none'; img-src 'self'\r\n"
	                          "Referrer-Policy: no-referrer\r\n",
	                          r->args[0], db_cell(&docs, (size_t)n - 1, 0), recovery_ext(type), len));
	resp_write(r, data, len);
	return 200;
}

/* Why a decision was not made (positive: the transaction rolled back, nothing changed). */
enum { DECIDE_NOT_FOUND = 1, DECIDE_OWN, DECIDE_DONE, DECIDE_EXPIRED };

struct decision {
	struct req *r;
	long long id;
	bool approve;
	const char *reason;  /* "" when approving */
};

static int rejection_mail(struct req *r, const struct account *who, const char *reason)
{
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(r->arena, &root);
	view_attr_int(root, "at", (long long)r->now);
	view_text(root, "email", who->email);
	view_text(root, "reason", reason);
	return mail_queue(r->app->db, r->arena, who->locale >= 0 ? who->locale : r->locale, who->email,
	                  "recovery_rejected", m);
}

static int decide_txn(struct db *db, void *p)
{
	struct decision *d = p;
	struct req *r = d->r;
	struct db_rows q;
	int rc = db_exec(db, r->arena, AS_RECOVERY_GET, DB_ARGS(DB_INT(d->id)), &q);
	if (rc != DB_OK)
		return rc;
	if (q.nrows != 1)
		return DECIDE_NOT_FOUND;
	long long uid = db_int(&q, 0, 1);
	/* The write is the guard: of two decisions at once, one changes the row. */
	rc = db_exec(db, r->arena, AS_RECOVERY_DECIDE,
	             DB_ARGS(DB_TEXT(d->approve ? "approved" : "rejected"), DB_TEXT(d->reason),
	                     DB_INT(r->now), DB_INT(r->sess->user_id), DB_INT(d->id),
	                     DB_INT(r->sess->user_id), DB_INT(d->approve), DB_INT(r->now)),
	             NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(db) != 1) {
		if (uid == r->sess->user_id)
			return DECIDE_OWN;
		return strcmp(db_cell(&q, 0, 5), "pending") == 0 ? DECIDE_EXPIRED : DECIDE_DONE;
	}
	int l = i18n_locale(db_cell(&q, 0, 14));
	struct account who = {uid, db_cell(&q, 0, 2), l};
	/* The user's log says that staff decided, not who: the requester may be the one who took
	 * the account (decided_by on the request keeps who it was, for the provider). */
	const char *by = "staff";
	if (!d->approve) {
		if ((rc = auth_event(r, &who, "recovery_rejected", by, false)) != DB_OK)
			return rc;
		return rejection_mail(r, &who, d->reason);
	}
	/* 2FA off: the next login with the password goes to the set-up; no session or pending
	 * login of before survives. The user's 2FA version first, as every change of 2FA writes
	 * it (the guarding row: an enrolment or removal at the same moment runs before or after). */
	if ((rc = db_exec(db, r->arena, AS_TWOFA_LOCK, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_FACTORS_DELETE_USER, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_EMERGENCY_DELETE_USER, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_SETUP_REQUIRE, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_SESSIONS_DELETE_USER, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK ||
	    (rc = db_exec(db, r->arena, AS_CHALLENGES_DELETE_USER, DB_ARGS(DB_INT(uid)), NULL)) != DB_OK)
		return rc;
	return auth_event(r, &who, "recovery_approved", by, true);
}

/* Runs the decision and answers: the request's page with a notice, or with why not. */
static int decide(struct req *r, bool approve, const char *reason)
{
	struct decision d = {r, r->args[0], approve, reason};
	int rc = db_txn(r->app->db, decide_txn, &d);
	switch (rc) {
	case DB_OK:
		return resp_redirect(r, arena_printf(r->arena, "/staff/recovery/%lld?notice=%s", d.id,
		                                     approve ? "approved" : "rejected"));
	case DECIDE_NOT_FOUND:
		return 404;
	case DECIDE_OWN:
		return request_page(r, 403, "error", "recovery.staff.own");
	case DECIDE_DONE:
		return request_page(r, 409, "error", "recovery.staff.decided");
	case DECIDE_EXPIRED:
		return request_page(r, 409, "error", "recovery.staff.expired");
	default:
		return rc;
	}
}

int auth_staff_recovery_approve(struct req *r)
{
	return decide(r, true, "");
}

int auth_staff_recovery_reject(struct req *r)
{
	static const unsigned required[] = {SRJ_REASON};
	if (form_require(&r->form, required, 1) != 0)
		return request_page(r, 400, "error", "recovery.staff.reason_needed");
	return decide(r, false, r->form.v[SRJ_REASON].s);
}
