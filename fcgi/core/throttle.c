/*
 * Throttling of failed attempts, per scope (account, address) in a one-hour window: a few
 * free failures, then a wait of 15 seconds that doubles with each failure up to 15 minutes
 * (long enough to stop a script, short enough for a person who mistyped), and a hard cap
 * per hour.
 */
#include <arpa/inet.h>
#include <string.h>

#include "core.h"

static const struct {
	long free;      /* failures before any wait */
	long cap;       /* failures per hour after which everything waits for the window */
} policy[THR__MAX] = {
	[THR_LOGIN_ACCOUNT] = {5, 100},
	[THR_LOGIN_ADDRESS] = {20, 300},
	[THR_RESET_ADDRESS] = {5, 30},
	/* A six-digit code is guessed once in ~333,000 tries (three steps are accepted); the
	 * waits leave about a dozen tries an hour per account, and only after the password. */
	[THR_CODE_ACCOUNT] = {5, 30},
	[THR_CODE_ADDRESS] = {20, 300},
	/* Application passwords are 128-bit random: the waits only keep a broken client (or a
	 * script) from loading the server; a client retrying a stale password is common. */
	[THR_APPPW_ACCOUNT] = {10, 300},
	[THR_APPPW_ADDRESS] = {30, 1000},
	/* Device keys and registration tokens are 256-bit random: the waits stop a script that
	 * tries keys, and leave a device with a stale key a few retries. */
	[THR_DEVICE_ADDRESS] = {10, 300},
};

#define FIRST_WAIT 15
#define MAX_WAIT 900

long throttle_delay(enum throttle_scope s, long failures, long since_last)
{
	long wait;
	if (failures >= policy[s].cap)
		wait = 3600;
	else if (failures < policy[s].free)
		return 0;
	else {
		long n = failures - policy[s].free;
		wait = n >= 10 ? MAX_WAIT : FIRST_WAIT * (1L << n);
		if (wait > MAX_WAIT)
			wait = MAX_WAIT;
	}
	return wait > since_last ? wait - since_last : 0;
}

/* The subject as counted: lower-cased, so that "Anna@" and "anna@" share one counter (the
 * users table compares addresses without case), and at most 255 bytes. An IPv6 client
 * counts by its /64: one subscriber usually holds the whole network. */
const char *throttle_subject(struct req *r, const char *subject, size_t *len)
{
	unsigned char a6[16];
	if (strchr(subject, ':') != NULL && inet_pton(AF_INET6, subject, a6) == 1) {
		char *net = arena_alloc(r->arena, INET6_ADDRSTRLEN + 4);
		memset(a6 + 8, 0, 8);
		inet_ntop(AF_INET6, a6, net, INET6_ADDRSTRLEN);
		*len = strlen(net);
		memcpy(net + *len, "/64", 4);
		*len += 3;
		return net;
	}
	*len = strnlen(subject, 255);
	char *k = arena_strndup(r->arena, subject, *len);
	for (char *c = k; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c = (char)(*c + 32);
	return k;
}

long throttle_wait(struct req *r, enum throttle_scope s, const char *subject)
{
	struct db_rows rows;
	size_t len;
	const char *key = throttle_subject(r, subject, &len);
	int rc = db_exec(r->app->db, r->arena, CS_THROTTLE_GET,
	                 DB_ARGS(DB_INT(s), DB_BLOB(key, len)), &rows);
	if (rc != DB_OK)
		return rc;
	return rows.nrows == 0 ? 0 : throttle_wait_row(r, s, &rows, 0, 0);
}

long throttle_wait_row(struct req *r, enum throttle_scope s, const struct db_rows *rows,
                       size_t row, size_t col)
{
	if (db_cell(rows, row, col) == NULL)
		return 0;
	long failures = (long)db_int(rows, row, col);
	time_t window = db_int(rows, row, col + 1), last = db_int(rows, row, col + 2);
	/* Another host's clock may be a little ahead: a time from the future counts as now. */
	if (window > r->now)
		window = r->now;
	if (last > r->now)
		last = r->now;
	if (r->now - window >= 3600 && failures < policy[s].cap)
		return 0;
	if (failures >= policy[s].cap)
		return window + 3600 > r->now ? (long)(window + 3600 - r->now) : 0;
	return throttle_delay(s, failures, (long)(r->now - last));
}

int throttle_fail(struct req *r, enum throttle_scope s, const char *subject)
{
	size_t len;
	const char *key = throttle_subject(r, subject, &len);
	long long t = r->now;
	return db_exec(r->app->db, r->arena, CS_THROTTLE_FAIL,
	               DB_ARGS(DB_INT(s), DB_BLOB(key, len), DB_INT(t), DB_INT(t), DB_INT(t),
	                       DB_INT(t), DB_INT(t), DB_INT(t)),
	               NULL);
}

int throttle_clear(struct req *r, enum throttle_scope s, const char *subject)
{
	size_t len;
	const char *key = throttle_subject(r, subject, &len);
	return db_exec(r->app->db, r->arena, CS_THROTTLE_CLEAR,
	               DB_ARGS(DB_INT(s), DB_BLOB(key, len)), NULL);
}

int throttle_hold(struct req *r, enum throttle_scope s, const char *subject)
{
	size_t len;
	const char *key = throttle_subject(r, subject, &len);
	return db_exec(r->app->db, r->arena, CS_THROTTLE_HOLD,
	               DB_ARGS(DB_INT(s), DB_BLOB(key, len), DB_INT(r->now), DB_INT(r->now)), NULL);
}
