/*
 * The help request of a user who has lost every second factor (GET and POST
 * /login/recovery). It needs the pending login (the password was right). The user sends a
 * photo of an identity document, front and back, a selfie holding it, and a phone number;
 * staff review it (recovery_staff.c). While a request exists the page shows the status of
 * the latest one: pending since when, decided, and when the documents are (or were)
 * deleted. One open request per user: a second one while one is pending shows that one.
 */
#include <string.h>

#include "fields.h"
#include "recovery.h"

/* The user's latest request under root (when not NULL) as <request .../>; *pending set
 * when it waits for staff. */
static int latest_view(struct req *r, long long uid, struct _xmlNode *root, bool *pending)
{
	struct db_rows rows;
	*pending = false;
	int rc = db_exec(r->app->db, r->arena, AS_RECOVERY_LATEST, DB_ARGS(DB_INT(uid)), &rows);
	if (rc != DB_OK || rows.nrows == 0)
		return rc;
	*pending = strcmp(db_cell(&rows, 0, 1), "pending") == 0;
	if (root == NULL)
		return DB_OK;
	struct _xmlNode *q = view_node(root, "request");
	view_attr(q, "id", db_cell(&rows, 0, 0));
	view_attr(q, "status", db_cell(&rows, 0, 1));
	view_attr(q, "created", db_cell(&rows, 0, 3));
	if (db_cell(&rows, 0, 4) != NULL)
		view_attr(q, "decided", db_cell(&rows, 0, 4));
	if (db_cell(&rows, 0, 5) != NULL)
		view_attr(q, "deleted", db_cell(&rows, 0, 5));
	view_attr(q, "delete-by", db_cell(&rows, 0, 6));
	if (db_cell(&rows, 0, 2)[0] != '\0')
		view_text(q, "reason", db_cell(&rows, 0, 2));
	return DB_OK;
}

/* The page: the latest request's status, and the form unless a request is pending. errs
 * carries the refusals of a POST (NULL otherwise); msg an extra message. */
static int recovery_page(struct req *r, struct challenge *c, int status, const char *kind,
                         const char *msg, void (*errs)(struct req *, struct _xmlNode *, void *),
                         void *ctx)
{
	bool pending;
	struct _xmlNode *root = view_page(r, "recovery.title");
	int rc = latest_view(r, c->who.id, root, &pending);
	if (rc != DB_OK)
		return rc;
	view_attr(view_node(root, "account"), "email", c->who.email);
	if (!pending) {
		struct _xmlNode *f = view_node(root, "recovery-form");
		view_attr_int(f, "max-mb", RECOVERY_FILE_MAX / (1024 * 1024));
		if (r->method == M_POST && r->form.v[RQ_PHONE].s != NULL)
			view_attr(f, "phone", r->form.v[RQ_PHONE].s);
	}
	if (errs != NULL)
		errs(r, root, ctx);
	if (msg != NULL)
		view_message(root, kind, msg);
	return view_render(r, status, AP_RECOVERY);
}

int auth_recovery_form(struct req *r)
{
	struct challenge *c;
	int rc = challenge_need(r, &c);
	if (rc != 0)
		return rc;
	const struct field_value *n = &r->form.v[RN_NOTICE];
	return recovery_page(r, c, 200, "info",
	                     n->present ? arena_printf(r->arena, "recovery.notice.%s", n->s) : NULL,
	                     NULL, NULL);
}

/* A phone number with its country code ("+41 79 123 45 67", "0041 79 ..."): '+' and 7 to 15
 * digits in the arena, or NULL. Spaces, dashes, dots, slashes and brackets are dropped. */
static char *phone_normalise(struct arena *a, const char *s)
{
	char *out = arena_alloc(a, strlen(s) + 2), *o = out;
	size_t digits = 0;
	if (s[0] == '+')
		s++;
	else if (s[0] == '0' && s[1] == '0')
		s += 2;
	else
		return NULL;
	*o++ = '+';
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			*o++ = *s;
			digits++;
		} else if (strchr(" -./()", *s) == NULL) {
			return NULL;
		}
	}
	*o = '\0';
	return digits >= 7 && digits <= 15 && out[1] != '0' ? out : NULL;
}

/* One checked document: its bytes and what libmagic found. */
struct doc_in {
	const struct upload *u;
	const char *type;
	const char *err;        /* catalogue key of the refusal, or NULL */
	const char *stored;     /* the file's name once written */
};

struct submission {
	struct doc_in docs[DOC__MAX];
	const char *phone;
	const char *phone_err;
	struct challenge *c;
	long long id;
};

static void submission_errors(struct req *r, struct _xmlNode *root, void *p)
{
	struct submission *s = p;
	view_form_errors(root, &r->form);
	if (s->phone_err != NULL && r->form.v[RQ_PHONE].err == FERR_NONE)
		view_field_error(root, "phone", s->phone_err);
	for (int k = 0; k < DOC__MAX; k++)
		if (s->docs[k].err != NULL)
			view_field_error(root, doc_kinds[k], s->docs[k].err);
}

/* Checks the phone and the three documents; true when all are right. */
static bool submission_check(struct req *r, struct submission *s)
{
	bool ok = true;
	const struct field_value *ph = &r->form.v[RQ_PHONE];
	if (!ph->present) {
		if (ph->err == FERR_NONE)
			s->phone_err = "recovery.phone.missing";
		ok = false;
	} else if ((s->phone = phone_normalise(r->arena, ph->s)) == NULL) {
		s->phone_err = "recovery.phone.invalid";
		ok = false;
	}
	for (const struct upload *u = r->uploads; u != NULL; u = u->next) {
		for (int k = 0; k < DOC__MAX; k++) {
			if (strcmp(u->field, doc_kinds[k]) != 0)
				continue;
			if (s->docs[k].u != NULL)
				s->docs[k].err = "recovery.file.twice";
			else
				s->docs[k].u = u;
		}
	}
	for (int k = 0; k < DOC__MAX; k++) {
		struct doc_in *d = &s->docs[k];
		/* By the content alone: the name and the type the browser sent are not looked at. */
		if (d->err != NULL)
			ok = false;
		else if (d->u == NULL || d->u->len == 0)
			d->err = "recovery.file.missing";
		else if (d->u->len > RECOVERY_FILE_MAX)
			d->err = "recovery.file.too_large";
		else if ((d->type = recovery_sniff(d->u->data, d->u->len)) == NULL)
			d->err = "recovery.file.type";
		ok = ok && d->err == NULL;
	}
	return ok;
}

struct submit_ctx {
	struct req *r;
	struct submission *s;
};

static int submit_txn(struct db *db, void *p)
{
	struct submit_ctx *x = p;
	struct req *r = x->r;
	struct submission *s = x->s;
	long long uid = s->c->who.id;
	int rc = db_exec(db, r->arena, AS_RECOVERY_INSERT,
	                 DB_ARGS(DB_INT(uid), DB_INT(uid), DB_TEXT(s->phone), DB_TEXT(r->remote_addr),
	                         DB_INT(r->now)),
	                 NULL);
	if (rc == DB_DUPLICATE)
		return 1;  /* a request of this user is pending */
	if (rc != DB_OK)
		return rc;
	s->id = (long long)db_insert_id(db);
	for (int k = 0; k < DOC__MAX; k++) {
		const struct doc_in *d = &s->docs[k];
		rc = db_exec(db, r->arena, AS_RECOVERY_DOC_INSERT,
		             DB_ARGS(DB_INT(s->id), DB_TEXT(doc_kinds[k]), DB_TEXT(d->stored), DB_TEXT(d->type),
		                     DB_INT(d->u->len), DB_INT(r->now)),
		             NULL);
		if (rc != DB_OK)
			return rc;
	}
	return auth_event(r, &s->c->who, "recovery_requested", "", true);
}

static void submission_discard(struct req *r, struct submission *s)
{
	for (int k = 0; k < DOC__MAX; k++)
		if (s->docs[k].stored != NULL)
			recovery_unlink(r, s->docs[k].stored);
}

int auth_recovery(struct req *r)
{
	struct submission s;
	bool pending;
	memset(&s, 0, sizeof(s));
	int rc = challenge_need(r, &s.c);
	if (rc != 0)
		return rc;
	/* One open request: while one is pending, it is what the page shows. */
	if ((rc = latest_view(r, s.c->who.id, NULL, &pending)) != DB_OK)
		return rc;
	if (pending)
		return recovery_page(r, s.c, 409, "error", "recovery.already_pending", NULL, NULL);
	if (!submission_check(r, &s))
		return recovery_page(r, s.c, 400, "error", "recovery.refused", submission_errors, &s);
	for (int k = 0; k < DOC__MAX; k++) {
		if (recovery_store(r, s.docs[k].u->data, s.docs[k].u->len, &s.docs[k].stored) != 0) {
			submission_discard(r, &s);
			return 500;
		}
	}
	struct submit_ctx x = {r, &s};
	rc = db_txn(r->app->db, submit_txn, &x);
	if (rc != DB_OK) {
		/* Nothing is kept: the rows were rolled back, the files go. */
		submission_discard(r, &s);
		if (rc > 0)
			return recovery_page(r, s.c, 409, "error", "recovery.already_pending", NULL, NULL);
		return rc;
	}
	return resp_redirect(r, "/login/recovery?notice=sent");
}
