/*
 * The purge job: what has expired is deleted, in batches of 1000 on indexes, so that no table
 * grows without bound (throttle subjects are chosen by whoever sends a request).
 */
#include "worker.h"

int job_purge(struct db *db, struct arena *a, const struct conf *conf, time_t now)
{
	int total = 0, rc;
	const struct {
		unsigned stmt;
		struct dbv args[3];
	} jobs[] = {
		{WS_PURGE_SESSIONS, {DB_INT(now - (time_t)conf->session_idle),
		                     DB_INT(now - (time_t)conf->session_absolute), DB_END}},
		{WS_PURGE_THROTTLE, {DB_INT(now), DB_END, DB_END}},
		{WS_PURGE_RESETS, {DB_INT(now), DB_END, DB_END}},
		{WS_PURGE_OUTBOX, {DB_INT(now), DB_END, DB_END}},
		{WS_PURGE_INVITATIONS, {DB_INT(now), DB_END, DB_END}},
		{WS_PURGE_SMS_CODES, {DB_INT(now), DB_END, DB_END}},
		{WS_PURGE_CHALLENGES, {DB_INT(now), DB_END, DB_END}},
		{WS_PURGE_DEVICE_REGS, {DB_INT(now), DB_END, DB_END}},
	};
	for (size_t i = 0; i < sizeof(jobs) / sizeof(jobs[0]); i++) {
		do {
			rc = db_exec(db, a, jobs[i].stmt, jobs[i].args, NULL);
			if (rc == DB_DEADLOCK)
				return total;  /* another worker is purging the same rows: it finishes */
			if (rc != DB_OK)
				return rc;
			total += (int)db_affected(db);
		} while (db_affected(db) == 1000);
	}
	return total;
}
