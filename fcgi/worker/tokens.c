/*
 * The API-token job: a token unused for a year is deactivated, and its owner is e-mailed
 * 14 days before (at 351 days) and when it happens. Each row is claimed by the update that
 * marks it, in the transaction that queues its mail, so a mail goes out once however many
 * workers run.
 */
#include <libxml/tree.h>

#include "worker.h"

#define DAY 86400L
#define IDLE_DEACTIVATE (365 * DAY)
#define IDLE_WARN (351 * DAY)

struct token_job {
	struct arena *a;
	time_t now;
	bool warn;   /* false: deactivate */
	int done;
};

static int token_job_txn(struct db *db, void *p)
{
	struct token_job *j = p;
	struct db_rows rows;
	time_t idle = j->now - (j->warn ? IDLE_WARN : IDLE_DEACTIVATE);
	j->done = 0;
	int rc = db_exec(db, j->a, WS_TOKENS_IDLE,
	                 DB_ARGS(DB_INT(idle), DB_INT(j->now), DB_INT(j->warn)), &rows);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows; i++) {
		rc = db_exec(db, j->a, j->warn ? WS_TOKEN_WARN : WS_TOKEN_DEACTIVATE,
		             DB_ARGS(DB_INT(j->now), DB_INT(db_int(&rows, i, 0))), NULL);
		if (rc != DB_OK)
			return rc;
		if (db_affected(db) != 1)
			continue;
		struct _xmlNode *root;
		xmlDocPtr m = mail_model(j->a, &root);
		view_text(root, "token", db_cell(&rows, i, 1));
		view_attr(root, "date", db_cell(&rows, i, 4));
		int locale = i18n_locale(db_cell(&rows, i, 3));
		rc = mail_queue(db, j->a, locale, db_cell(&rows, i, 2),
		                j->warn ? "token_warning" : "token_deactivated", m);
		if (rc != DB_OK)
			return rc;
		j->done++;
	}
	return DB_OK;
}

int job_tokens(struct db *db, struct arena *a, time_t now)
{
	int total = 0;
	/* Deactivation first: a token idle for over a year gets that mail, not a late warning. */
	for (int warn = 0; warn <= 1; warn++) {
		struct token_job j = {a, now, warn == 1, 0};
		do {
			int rc = db_txn(db, token_job_txn, &j);
			if (rc != DB_OK)
				return rc;
			total += j.done;
		} while (j.done == 100);
	}
	return total;
}
