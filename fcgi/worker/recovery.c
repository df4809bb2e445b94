/*
 * The recovery job: the identity documents of a help request are deleted as soon as staff
 * decided it, and 72 hours after it was sent in any case (it then stays pending without
 * documents: staff can only reject it). A request is claimed in a committed transaction
 * (SELECT ... FOR UPDATE SKIP LOCKED, then an update of the claimed row); the files are
 * deleted after the claim, then the rows, and documents_deleted_at records when. A worker
 * that dies in between leaves a claim that another takes over after 15 minutes. Files that
 * belong to no document (an upload whose transaction did not commit) go after an hour.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "worker.h"

#define BATCH 20

struct recovery_claim {
	struct arena *a;
	time_t now;
	long long ids[BATCH];
	size_t n;
};

static int claim_txn(struct db *db, void *p)
{
	struct recovery_claim *c = p;
	struct db_rows rows;
	c->n = 0;
	int rc = db_exec(db, c->a, WS_RECOVERY_DUE, DB_ARGS(DB_INT(c->now), DB_INT(c->now)), &rows);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows && c->n < BATCH; i++) {
		long long id = db_int(&rows, i, 0);
		rc = db_exec(db, c->a, WS_RECOVERY_CLAIM, DB_ARGS(DB_INT(c->now), DB_INT(id), DB_INT(c->now)),
		             NULL);
		if (rc != DB_OK)
			return rc;
		if (db_affected(db) == 1)
			c->ids[c->n++] = id;
	}
	return DB_OK;
}

/* True for a name the server makes (43 base64url characters): nothing else is unlinked. */
static bool stored_name_ok(const char *s)
{
	if (s == NULL || strlen(s) != 43)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

struct recovery_done {
	struct arena *a;
	long long id;
	time_t now;
};

static int done_txn(struct db *db, void *p)
{
	struct recovery_done *d = p;
	int rc = db_exec(db, d->a, WS_RECOVERY_FILES_DELETE, DB_ARGS(DB_INT(d->id)), NULL);
	if (rc != DB_OK)
		return rc;
	return db_exec(db, d->a, WS_RECOVERY_DELETED, DB_ARGS(DB_INT(d->now), DB_INT(d->id)), NULL);
}

/* Deletes one claimed request's files, then its document rows. 0, 1 when a file could not
 * be deleted (the claim stays, to be taken over later), or a DB status. */
static int purge_one(struct db *db, struct arena *a, const struct conf *conf, long long id,
                     time_t now)
{
	struct db_rows rows;
	int rc = db_exec(db, a, WS_RECOVERY_FILES, DB_ARGS(DB_INT(id)), &rows);
	if (rc != DB_OK)
		return rc;
	for (size_t i = 0; i < rows.nrows; i++) {
		const char *name = db_cell(&rows, i, 0);
		if (!stored_name_ok(name)) {
			log_warn("recovery %lld: a document name that the server did not make", id);
			continue;
		}
		const char *path = arena_printf(a, "%s/%s", conf->uploads_dir, name);
		if (unlink(path) != 0 && errno != ENOENT) {
			log_warn("recovery %lld: %s not deleted: %s", id, path, strerror(errno));
			return 1;
		}
	}
	struct recovery_done d = {a, id, now};
	if ((rc = db_txn(db, done_txn, &d)) != DB_OK)
		return rc;
	log_info("recovery %lld: documents deleted", id);
	return 0;
}

int job_recovery(struct db *db, struct arena *a, const struct conf *conf, time_t now)
{
	int total = 0, rc;
	struct recovery_claim c = {a, now, {0}, 0};
	do {
		if ((rc = db_txn(db, claim_txn, &c)) != DB_OK)
			return rc;
		for (size_t i = 0; i < c.n; i++) {
			if ((rc = purge_one(db, a, conf, c.ids[i], now)) < 0)
				return rc;
			total += rc == 0;
		}
	} while (c.n == BATCH);
	return total;
}

/* An hour: far longer than an upload takes from writing its files to committing its rows. */
#define STRAY_AGE 3600
#define STRAY_MAX 1000

int job_recovery_strays(struct db *db, struct arena *a, const struct conf *conf, time_t now)
{
	DIR *d = opendir(conf->uploads_dir);
	if (d == NULL)
		return 0;  /* no uploads yet */
	int deleted = 0, seen = 0, rc = DB_OK;
	struct dirent *e;
	while (rc == DB_OK && seen < STRAY_MAX && (e = readdir(d)) != NULL) {
		struct stat st;
		struct db_rows rows;
		if (!stored_name_ok(e->d_name))
			continue;
		seen++;
		const char *path = arena_printf(a, "%s/%s", conf->uploads_dir, e->d_name);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || now - st.st_mtime < STRAY_AGE)
			continue;
		if ((rc = db_exec(db, a, WS_RECOVERY_FILE_KNOWN, DB_ARGS(DB_TEXT(e->d_name)), &rows)) != DB_OK ||
		    rows.nrows > 0)
			continue;
		if (unlink(path) == 0) {
			log_info("recovery: %s belonged to no request (an upload that did not commit): deleted", path);
			deleted++;
		} else if (errno != ENOENT) {
			log_warn("recovery: stray %s not deleted: %s", path, strerror(errno));
		}
	}
	closedir(d);
	return rc != DB_OK ? rc : deleted;
}
