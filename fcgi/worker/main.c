/*
 * The worker: delivers the outbox and runs scheduled jobs. Rows are claimed in a committed
 * transaction (SELECT ... FOR UPDATE SKIP LOCKED, then an update of each claimed row) before
 * anything is sent, so two workers, on one host or several, never send one row twice.
 *   worker [--once] [--now 'YYYY-MM-DD HH:MM']
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "worker.h"

#define BATCH 20
#define MAX_ATTEMPTS 8

static volatile sig_atomic_t stopping;
static time_t fixed_now;  /* --now, else 0 */

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* The clock of this run: --now when given, for tests and demos. */
static time_t worker_now(void)
{
	time_t real = time(NULL);
	return fixed_now > real ? fixed_now : real;
}

struct claim {
	struct arena *a;
	const char *me;
	time_t now;
	long long ids[BATCH];
	size_t n;
};

static int claim_txn(struct db *db, void *p)
{
	struct claim *c = p;
	struct db_rows rows;
	c->n = 0;
	int rc = db_exec(db, c->a, WS_DUE, DB_ARGS(DB_INT(c->now)), &rows);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows && c->n < BATCH; i++) {
		long long id = db_int(&rows, i, 0);
		rc = db_exec(db, c->a, WS_CLAIM, DB_ARGS(DB_INT(c->now), DB_TEXT(c->me), DB_INT(id)), NULL);
		if (rc != DB_OK)
			return rc;
		if (db_affected(db) == 1)
			c->ids[c->n++] = id;
	}
	return DB_OK;
}

/* Seconds before the next attempt: 1, 2, 4, ... minutes, at most 2 hours. */
static long backoff(long attempts)
{
	long m = attempts >= 8 ? 120 : 1L << (attempts > 0 ? attempts - 1 : 0);
	return (m > 120 ? 120 : m) * 60;
}

static int deliver(struct db *db, struct arena *a, const struct conf *conf, const char *me,
                   long long id, time_t now)
{
	struct db_rows rows;
	const char *err = NULL;
	int rc = db_exec(db, a, WS_CLAIM_REFRESH, DB_ARGS(DB_INT(now), DB_INT(id), DB_TEXT(me)), NULL);
	if (rc != DB_OK || db_affected(db) != 1)
		return rc;  /* no longer ours: another worker has it */
	rc = db_exec(db, a, WS_GET, DB_ARGS(DB_INT(id), DB_TEXT(me)), &rows);
	if (rc != DB_OK || rows.nrows != 1)
		return rc;
	long attempts = (long)db_int(&rows, 0, 4);
	int sent = -1;
	const char *body = db_cell(&rows, 0, 3);
	if (db_int(&rows, 0, 5))
		body = sec_unseal(conf, a, "outbox", body);
	long limit = MAX_ATTEMPTS;
	if (body == NULL) {
		err = "the body cannot be unsealed (another server key?)";
		limit = 0;  /* no retry will help: failed at once */
	} else if (strcmp(db_cell(&rows, 0, 0), "email") == 0) {
		struct mail_msg m = {id, conf->mail_from, db_cell(&rows, 0, 1), db_cell(&rows, 0, 2),
		                     body, now};
		sent = smtp_send(a, conf->smtp_url, &m, &err);
	} else {
		sent = sms_send(a, conf, db_cell(&rows, 0, 1), body, &err);
	}
	if (sent == 0) {
		log_info("outbox %lld sent", id);
		return db_exec(db, a, WS_SENT, DB_ARGS(DB_INT(now), DB_INT(id), DB_TEXT(me)), NULL);
	}
	log_warn("outbox %lld attempt %ld failed: %s", id, attempts, err);
	return db_exec(db, a, WS_RETRY,
	               DB_ARGS(DB_INT(limit), DB_INT(limit), DB_INT(now + backoff(attempts)),
	                       DB_TEXTN(err, strnlen(err, 255)), DB_INT(id), DB_TEXT(me)),
	               NULL);
}

/* One pass: free stale claims, then claim and deliver batches until none is due.
 * Returns the number of rows handled, or a DB status. */
static int worker_pass(struct db *db, struct arena *a, const struct conf *conf, const char *me)
{
	int handled = 0, rc;
	time_t now = worker_now();
	if ((rc = db_exec(db, a, WS_RELEASE_STALE, DB_ARGS(DB_INT(now)), NULL)) != DB_OK)
		return rc;
	/* Jobs first: the mail they queue goes out in this same pass. */
	if ((rc = job_tokens(db, a, now)) < 0)
		return rc;
	handled += rc;
	/* Identity documents go as soon as their request is decided (and after 72 hours). */
	if ((rc = job_recovery(db, a, conf, now)) < 0)
		return rc;
	handled += rc;
	/* The purge every 10 minutes of the pass's clock (each pass of --once runs it). */
	static time_t last_purge;
	if (fixed_now != 0 || now - last_purge >= 600) {
		if ((rc = job_purge(db, a, conf, now)) < 0 ||
		    (rc = job_recovery_strays(db, a, conf, now)) < 0)
			return rc;
		last_purge = now;
	}
	while (!stopping) {
		/* Each batch has its own clock: a long pass must not make its claims look old. */
		now = worker_now();
		struct claim c = {a, me, now, {0}, 0};
		if ((rc = db_txn(db, claim_txn, &c)) != DB_OK)
			return rc;
		if (c.n == 0)
			break;
		for (size_t i = 0; i < c.n; i++) {
			if ((rc = deliver(db, a, conf, me, c.ids[i], worker_now())) != DB_OK)
				return rc;
			handled++;
		}
		arena_reset(a);
	}
	/* VAT numbers after the mail: a slow or unreachable VIES holds up no delivery, and its
	 * failures are the job's ('unavailable'), never the pass's. */
	if ((rc = job_vies(db, a, conf, worker_now())) < 0)
		return rc;
	handled += rc;
	return handled;
}

static time_t parse_now(const char *s)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	const char *end = strptime(s, "%Y-%m-%d %H:%M", &tm);
	if (end == NULL || *end != '\0') {
		fprintf(stderr, "worker: --now wants 'YYYY-MM-DD HH:MM' (UTC)\n");
		exit(1);
	}
	return timegm(&tm);
}

int main(int argc, char **argv)
{
	static struct conf conf;
	struct arena a;
	bool once = false;
	char me[128], host[64] = "host";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0)
			once = true;
		else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc)
			fixed_now = parse_now(argv[++i]);
		else {
			fprintf(stderr, "usage: worker [--once] [--now 'YYYY-MM-DD HH:MM']\n");
			return 1;
		}
	}
	log_set_name("worker");
	conf_load(&conf);
	if (sec_init() != 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		fprintf(stderr, "worker: libsodium or libcurl does not initialise\n");
		return 1;
	}
	/* Jobs render their mails from templates/mail/ in the recipient's language. */
	i18n_load(conf.templates);
	view_init(conf.templates, NULL, 0);
	mail_init(&conf);
	gethostname(host, sizeof(host) - 1);
	snprintf(me, sizeof(me), "%s:%d:%08x", host, (int)getpid(), (unsigned)random() ^ (unsigned)time(NULL));
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	arena_init(&a);
	struct db *db = db_open(&conf, &worker_sql);
	int status = 0;
	do {
		int n = worker_pass(db, &a, &conf, me);
		/* A deadlock with another worker means "again", not failure. */
		for (int tries = 0; n == DB_DEADLOCK && tries < 3; tries++) {
			arena_reset(&a);
			n = worker_pass(db, &a, &conf, me);
		}
		arena_reset(&a);
		if (n < 0) {
			log_warn("pass failed (%d); trying again", n);
			status = 1;
		} else {
			status = 0;
		}
		if (!once && n <= 0)
			sleep(n < 0 ? 5 : 1);
	} while (!once && !stopping);
	db_close(db);
	arena_free(&a);
	curl_global_cleanup();
	return status;
}
