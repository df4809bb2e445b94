/*
 * API tokens in the account: the list (revoke any), and creating one. Creating needs the
 * password again unless it was given in the last 5 minutes; the new token is shown once, in
 * the answer to the POST itself, so it never appears in a URL or a later page.
 */
#include <string.h>

#include <libxml/tree.h>

#include "auth.h"
#include "fields.h"

#define TOKENS_PER_PAGE 50

/* The user's tokens, newest first, a page at a time (there is no limit on their number). */
int auth_tokens(struct req *r)
{
	struct db_rows rows;
	long long page = r->form.v[TL_PAGE].present ? r->form.v[TL_PAGE].i : 1;
	int rc = db_exec(r->app->db, r->arena, AS_TOKENS_LIST,
	                 DB_ARGS(DB_INT(r->now), DB_INT(r->sess->user_id), DB_INT(TOKENS_PER_PAGE),
	                         DB_INT((page - 1) * TOKENS_PER_PAGE)),
	                 &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "tokens.title");
	view_notice(r, root, "notice.", &r->form.v[TL_NOTICE]);
	struct _xmlNode *list = view_node(root, "tokens");
	long long total = rows.nrows > 0 ? db_int(&rows, 0, 10) : 0;
	view_pager(list, page, TOKENS_PER_PAGE, total);
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *t = view_node(list, "token");
		view_attr(t, "id", db_cell(&rows, i, 0));
		view_attr(t, "created", db_cell(&rows, i, 4));
		if (db_cell(&rows, i, 5))
			view_attr(t, "expires", db_cell(&rows, i, 5));
		if (db_cell(&rows, i, 6)) {
			view_attr(t, "used", db_cell(&rows, i, 6));
			view_attr(t, "used_from", db_cell(&rows, i, 7));
		}
		view_attr(t, "status", db_cell(&rows, i, 8));
		view_text(t, "name", db_cell(&rows, i, 1));
		const char *scopes = db_cell(&rows, i, 2);
		for (const char *p = scopes; p && *p;) {
			size_t n = strcspn(p, ",");
			view_attr(view_node(t, "scope"), "name", arena_strndup(r->arena, p, n));
			p += n + (p[n] == ',');
		}
		if (db_int(&rows, i, 3))
			view_attr(t, "all_products", "1");
		else
			view_text(t, "products", db_cell(&rows, i, 9));
	}
	return view_render(r, 200, AP_TOKENS);
}

/* The creation form, with what was entered, the refusals and problem (a message key)
 * when status is 400. */
static int token_form(struct req *r, int status, const char *problem)
{
	struct db_rows rows;
	const struct form *f = &r->form;
	bool posted = r->method == M_POST;
	int rc = db_exec(r->app->db, r->arena, AS_TOKEN_PRODUCT_CHOICES,
	                 DB_ARGS(DB_INT(r->sess->user_id)), &rows);
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "token_new.title");
	if (posted)
		view_form_errors(root, f);
	if (problem != NULL)
		view_message(root, "error", problem);
	struct _xmlNode *form = view_node(root, "form");
	if (posted && f->v[TK_NAME].present)
		view_attr(form, "name", f->v[TK_NAME].s);
	view_attr(form, "products_mode", posted && f->v[TK_PRODUCTS_MODE].present ? f->v[TK_PRODUCTS_MODE].s : "all");
	view_attr(form, "validity", posted && f->v[TK_VALIDITY].present ? f->v[TK_VALIDITY].s : "unlimited");
	if (posted && f->v[TK_EXPIRES].present)
		view_attr(form, "expires", f->v[TK_EXPIRES].s);
	if (sess_reauth_needed(r))
		view_attr(form, "reauth", "1");
	struct _xmlNode *scopes = view_node(root, "scopes");
	for (int i = 0; i < SCOPE__MAX; i++) {
		struct _xmlNode *s = view_node(scopes, "scope");
		view_attr(s, "name", scope_names[i]);
		view_attr(s, "field", token_fields[TK_SCOPE + i].name);
		if (posted && f->v[TK_SCOPE + i].present)
			view_attr(s, "checked", "1");
	}
	/* The chosen products, as ",7,12," for a simple contains() in the stylesheet. */
	const char *chosen = posted && f->v[TK_PRODUCTS].present
	                             ? arena_printf(r->arena, ",%s,", f->v[TK_PRODUCTS].s) : ",";
	struct _xmlNode *products = view_node(root, "products");
	for (size_t i = 0; i < rows.nrows; i++) {
		struct _xmlNode *p = view_node(products, "product");
		view_attr(p, "id", db_cell(&rows, i, 0));
		view_attr(p, "kind", db_cell(&rows, i, 2));
		if (strstr(chosen, arena_printf(r->arena, ",%s,", db_cell(&rows, i, 0))) != NULL)
			view_attr(p, "checked", "1");
		view_text(p, "name", db_cell(&rows, i, 1));
		view_text(p, "organization", db_cell(&rows, i, 3));
	}
	return view_render(r, status, AP_TOKEN_NEW);
}

int auth_token_new(struct req *r)
{
	return token_form(r, 200, NULL);
}

/* Adds a refusal at a field of the form (shown by the layout's field template). */
static void refuse(struct req *r, unsigned idx, enum field_error e)
{
	if (r->form.v[idx].err == FERR_NONE) {
		r->form.v[idx].present = false;
		r->form.v[idx].err = e;
	}
}

struct token_txn {
	struct req *r;
	struct token_spec spec;
	const char *token;
};

static int token_txn(struct db *db, void *p)
{
	struct token_txn *t = p;
	struct req *r = t->r;
	int rc = token_create(db, r->arena, &r->app->conf, &t->spec, &t->token);
	if (rc == DB_OK)
		rc = auth_seclog(r, t->spec.user_id, "api_token_created");
	if (rc != DB_OK)
		return rc;
	/* A token opens the account to scripts: the owner hears of every new one. */
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(r->arena, &root);
	view_text(root, "token", t->spec.name);
	view_attr(root, "ip", r->remote_addr);
	return mail_queue(db, r->arena, r->locale, r->sess->email, "token_created", m);
}

/* The checks that need no database: name, scopes, products, validity. Returns the scope
 * bits; refusals are recorded at their fields and *problem names a form-level one. */
static unsigned token_checks(struct req *r, const char **problem)
{
	struct form *f = &r->form;
	unsigned bits = 0;
	*problem = NULL;
	if (!f->v[TK_NAME].present)
		refuse(r, TK_NAME, FERR_MISSING);
	for (int i = 0; i < SCOPE__MAX; i++)
		if (f->v[TK_SCOPE + i].present)
			bits |= SCOPE(i);
	if (bits == 0)
		*problem = "token_new.no_scope";
	bool chosen = f->v[TK_PRODUCTS_MODE].present && f->v[TK_PRODUCTS_MODE].i == 1;
	if (chosen && !f->v[TK_PRODUCTS].present)
		*problem = "token_new.no_products";
	bool until = f->v[TK_VALIDITY].present && f->v[TK_VALIDITY].i == 1;
	if (until && !f->v[TK_EXPIRES].present) {
		*problem = "token_new.expires_missing";
	} else if (until) {
		const char *why = token_expiry_problem(f->v[TK_EXPIRES].s, r->now);
		if (why != NULL)
			*problem = why;
	}
	return bits;
}

int auth_token_create(struct req *r)
{
	struct form *f = &r->form;
	const char *problem;
	long wait;
	int rc;

	unsigned bits = token_checks(r, &problem);
	if (sess_reauth_needed(r)) {
		if ((rc = sess_password_again(r, &f->v[TK_PASSWORD], &wait)) < 0)
			return rc;
		if (rc == 2)
			return 429;
		if (rc == 1) {
			refuse(r, TK_PASSWORD, FERR_INVALID);
			if (problem == NULL)
				problem = "token_new.password_wrong";
		}
	}
	if (problem != NULL || !form_ok(f))
		return token_form(r, 400, problem);
	struct token_txn t = {r, {r->sess->user_id, f->v[TK_NAME].s, bits,
	                          f->v[TK_PRODUCTS_MODE].i == 1 ? f->v[TK_PRODUCTS].s : NULL,
	                          f->v[TK_VALIDITY].i == 1 ? f->v[TK_EXPIRES].s : NULL}, NULL};
	rc = db_txn(r->app->db, token_txn, &t);
	if (rc == 1) {
		refuse(r, TK_PRODUCTS, FERR_INVALID);
		return token_form(r, 400, "token_new.bad_product");
	}
	if (rc != DB_OK)
		return rc;
	struct _xmlNode *root = view_page(r, "token_created.title");
	struct _xmlNode *n = view_node(root, "created");
	view_attr(n, "token", t.token);
	view_attr(n, "base", r->app->conf.base_url);
	view_text(n, "name", t.spec.name);
	return view_render(r, 200, AP_TOKEN_CREATED);
}

int auth_token_revoke(struct req *r)
{
	int rc = db_exec(r->app->db, r->arena, AS_TOKEN_REVOKE,
	                 DB_ARGS(DB_INT(r->now), DB_INT(r->args[0]), DB_INT(r->sess->user_id)), NULL);
	if (rc != DB_OK)
		return rc;
	if (db_affected(r->app->db) != 1)
		return 404;
	if ((rc = auth_seclog(r, r->sess->user_id, "api_token_revoked")) != DB_OK)
		return rc;
	return resp_redirect(r, "/account/tokens?notice=token_revoked");
}
