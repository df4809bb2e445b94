/*
 * The database wrapper: statements by name, prepared once per connection (lazily, on
 * first use), typed binds, results copied into the request's arena, transactions with
 * deadlock reruns, and reconnection when the server went away.
 */
#include <stdlib.h>
#include <string.h>

#include <mysql.h>
#include <mysqld_error.h>
#include <errmsg.h>

#include "core.h"

extern const char *const core_sql[CS__MAX];

struct db {
	MYSQL *my;                  /* NULL while disconnected */
	const struct conf *conf;
	const struct db_sql *area;  /* the area's statements, numbered from CS__MAX */
	size_t nstmt;               /* CS__MAX + area->n + 1 (the last is START TRANSACTION) */
	MYSQL_STMT **stmt;          /* prepared handles, NULL until first use */
	unsigned long long affected, insert_id;
	unsigned fail_after;        /* fault hook: fail the nth statement */
	bool in_txn;
};

/* Statements in a table and the tables it builds on. */
static size_t sql_count(const struct db_sql *t)
{
	return t == NULL ? 0 : t->n + sql_count(t->base);
}

/* The text of statement i of t's numbering (0 is the first statement after the core's). */
static const char *sql_text(const struct db_sql *t, size_t i)
{
	size_t below = sql_count(t->base);
	return i < below ? sql_text(t->base, i) : t->sql[i - below];
}

static const char *db_text(const struct db *db, size_t id)
{
	if (id < CS__MAX)
		return core_sql[id];
	if (id + 1 < db->nstmt)
		return sql_text(db->area, id - CS__MAX);
	return "START TRANSACTION";
}

/* libmariadb's bind takes void * for input it only reads. */
static void *unconst(const void *p)
{
	union {
		const void *c;
		void *m;
	} u = {.c = p};
	return u.m;
}

static const struct db_sql no_area = {NULL, 0, NULL};

struct db *db_open(const struct conf *c, const struct db_sql *area)
{
	struct db *db = calloc(1, sizeof(*db));
	if (db == NULL)
		abort();
	db->conf = c;
	db->area = area ? area : &no_area;
	db->nstmt = CS__MAX + sql_count(db->area) + 1;
	db->stmt = calloc(db->nstmt, sizeof(*db->stmt));
	if (db->stmt == NULL)
		abort();
	if (db_ensure(db) != DB_OK)
		log_warn("database not reachable at start; will retry on each request");
	return db;
}

static void db_disconnect(struct db *db)
{
	for (size_t i = 0; i < db->nstmt; i++) {
		if (db->stmt[i] != NULL)
			mysql_stmt_close(db->stmt[i]);
		db->stmt[i] = NULL;
	}
	if (db->my != NULL)
		mysql_close(db->my);
	db->my = NULL;
	db->in_txn = false;
}

void db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db->stmt);
	free(db);
}

static MYSQL_STMT *db_prepare(struct db *db, size_t id, int *status);

/* DB_OK when connected (now or already), DB_DOWN when the server cannot be reached. */
int db_ensure(struct db *db)
{
	if (db->my != NULL)
		return DB_OK;
	MYSQL *my = mysql_init(NULL);
	if (my == NULL)
		abort();
	unsigned timeout = 2, rw = 30;
	mysql_options(my, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_options(my, MYSQL_OPT_READ_TIMEOUT, &rw);
	mysql_options(my, MYSQL_OPT_WRITE_TIMEOUT, &rw);
	mysql_options(my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* All times are UTC in the database, whatever the server's zone. */
	mysql_options(my, MYSQL_INIT_COMMAND, "SET time_zone = '+00:00'");
	const struct conf *c = db->conf;
	/* CLIENT_FOUND_ROWS: db_affected() counts the rows an UPDATE matched, also those it
	 * left as they were (a claim refreshed within the same second still counts). */
	if (mysql_real_connect(my, c->db_socket ? NULL : c->db_host, c->db_user, c->db_password,
	                       c->db_name, c->db_port, c->db_socket, CLIENT_FOUND_ROWS) == NULL) {
		log_err("database connect: %s", mysql_error(my));
		mysql_close(my);
		return DB_DOWN;
	}
	db->my = my;
	/* Every statement is prepared now, outside any transaction. A Galera cluster may abort a
	 * transaction between two statements; a COM_STMT_EXECUTE then answers 1213, but a
	 * COM_STMT_PREPARE can swallow it (MDEV-24255), after which the rest of the transaction
	 * would run in autocommit, one statement at a time (measured: a "last legal
	 * representative" removed by two transactions that both "committed"). */
	for (size_t id = 0; id < db->nstmt; id++) {
		int rc = DB_OK;
		if (db_prepare(db, id, &rc) == NULL && rc == DB_DOWN)
			return DB_DOWN;
	}
	return DB_OK;
}

/* True while the server says the connection's transaction is open. */
static bool db_txn_open(const struct db *db)
{
	return db->my != NULL && (db->my->server_status & SERVER_STATUS_IN_TRANS) != 0;
}

static bool db_gone(unsigned e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST || e == CR_CONNECTION_ERROR ||
	       e == CR_CONN_HOST_ERROR || e == ER_CONNECTION_KILLED || e == ER_SERVER_SHUTDOWN ||
	       e == 4031 /* ER_CLIENT_INTERACTION_TIMEOUT */ || e == 1047 /* not ready (Galera) */;
}

static int db_status_of(struct db *db, unsigned e, const char *msg, size_t id)
{
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return DB_DEADLOCK;
	if (e == ER_DUP_ENTRY)
		return DB_DUPLICATE;
	if (db_gone(e)) {
		log_err("database connection lost (%u): %s", e, msg);
		db_disconnect(db);
		return DB_DOWN;
	}
	log_err("statement %zu failed (%u): %s", id, e, msg);
	return DB_ERROR;
}

static MYSQL_STMT *db_prepare(struct db *db, size_t id, int *status)
{
	if (db->stmt[id] != NULL)
		return db->stmt[id];
	MYSQL_STMT *st = mysql_stmt_init(db->my);
	if (st == NULL)
		abort();
	const char *sql = db_text(db, id);
	if (mysql_stmt_prepare(st, sql, strlen(sql)) != 0) {
		*status = db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id);
		mysql_stmt_close(st);
		return NULL;
	}
	my_bool on = 1;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &on);
	db->stmt[id] = st;
	return st;
}

static int db_bind(struct db *db, struct arena *a, MYSQL_STMT *st, size_t id,
                   const struct dbv *v)
{
	size_t n = 0;
	while (v != NULL && v[n].t != DBT_END)
		n++;
	if (n != mysql_stmt_param_count(st)) {
		log_err("statement %zu: %zu binds for %lu parameters", id, n,
		        mysql_stmt_param_count(st));
		return DB_ERROR;
	}
	if (n == 0)
		return DB_OK;
	MYSQL_BIND *b = arena_calloc(a, n, sizeof(*b));
	for (size_t i = 0; i < n; i++) {
		switch (v[i].t) {
		case DBT_INT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = unconst(&v[i].i);
			break;
		case DBT_TEXT:
		case DBT_BLOB:
			b[i].buffer_type = v[i].t == DBT_TEXT ? MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = unconst(v[i].p);
			b[i].buffer_length = v[i].len;
			b[i].length_value = v[i].len;
			b[i].length = &b[i].length_value;
			if (v[i].p == NULL)
				b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		default:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		}
	}
	if (mysql_stmt_bind_param(st, b) != 0)
		return db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id);
	return DB_OK;
}

/* Copies every row of the executed statement into out, cells as text. */
static int db_fetch(struct db *db, struct arena *a, MYSQL_STMT *st, size_t id, MYSQL_RES *meta,
                    struct db_rows *out)
{
	int rc = DB_OK;
	if (mysql_stmt_store_result(st) != 0)
		return db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id);
	size_t ncols = mysql_num_fields(meta), nrows = mysql_stmt_num_rows(st);
	MYSQL_FIELD *fields = mysql_fetch_fields(meta);
	MYSQL_BIND *b = arena_calloc(a, ncols, sizeof(*b));
	unsigned long *lens = arena_calloc(a, ncols, sizeof(*lens));
	my_bool *nulls = arena_calloc(a, ncols, sizeof(*nulls));
	for (size_t i = 0; i < ncols; i++) {
		b[i].buffer_type = MYSQL_TYPE_STRING;
		/* max_length is exact for strings; numbers and dates fit in 64. */
		b[i].buffer_length = (fields[i].max_length > 64 ? fields[i].max_length : 64) + 1;
		b[i].buffer = arena_alloc(a, b[i].buffer_length);
		b[i].length = &lens[i];
		b[i].is_null = &nulls[i];
	}
	out->nrows = nrows;
	out->ncols = ncols;
	out->cell = arena_calloc(a, nrows * ncols + 1, sizeof(*out->cell));
	out->len = arena_calloc(a, nrows * ncols + 1, sizeof(*out->len));
	if (mysql_stmt_bind_result(st, b) != 0) {
		rc = db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id);
		goto out;
	}
	for (size_t r = 0; r < nrows; r++) {
		int f = mysql_stmt_fetch(st);
		if (f == 1 || f == MYSQL_NO_DATA) {
			rc = f == 1 ? db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id)
			            : DB_ERROR;
			goto out;
		}
		for (size_t c = 0; c < ncols; c++) {
			size_t k = r * ncols + c;
			if (nulls[c])
				continue;
			if (lens[c] >= b[c].buffer_length) {
				/* Truncated (MYSQL_DATA_TRUNCATED): fetch this cell again, whole. */
				MYSQL_BIND one = b[c];
				one.buffer_length = lens[c] + 1;
				one.buffer = arena_alloc(a, one.buffer_length);
				if (mysql_stmt_fetch_column(st, &one, (unsigned)c, 0) != 0) {
					rc = db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id);
					goto out;
				}
				out->cell[k] = arena_strndup(a, one.buffer, lens[c]);
			} else {
				out->cell[k] = arena_strndup(a, b[c].buffer, lens[c]);
			}
			out->len[k] = lens[c];
		}
	}
out:
	if (db->my != NULL)
		mysql_stmt_free_result(st);
	return rc;
}

static int db_exec_once(struct db *db, struct arena *a, unsigned id, const struct dbv *binds,
                        struct db_rows *out)
{
	int rc = DB_OK;
	MYSQL_RES *meta = NULL;

	if (db_ensure(db) != DB_OK)
		return DB_DOWN;
	MYSQL_STMT *st = db_prepare(db, id, &rc);
	if (st == NULL)
		return rc;
	if ((rc = db_bind(db, a, st, id, binds)) != DB_OK)
		return rc;
	if (mysql_stmt_execute(st) != 0)
		return db_status_of(db, mysql_stmt_errno(st), mysql_stmt_error(st), id);
	db->affected = mysql_stmt_affected_rows(st);
	db->insert_id = mysql_stmt_insert_id(st);
	meta = mysql_stmt_result_metadata(st);
	if (meta != NULL) {
		struct db_rows discard;
		rc = db_fetch(db, a, st, id, meta, out ? out : &discard);
		mysql_free_result(meta);
	} else if (out != NULL) {
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

int db_exec(struct db *db, struct arena *a, unsigned id, const struct dbv *binds,
            struct db_rows *out)
{
	if (id >= db->nstmt) {
		log_err("no statement %u", id);
		return DB_ERROR;
	}
	if (db->fail_after > 0 && --db->fail_after == 0) {
		log_warn("fault hook: statement %u fails", id);
		return DB_ERROR;
	}
	bool was_txn = db->in_txn;
	bool had_connection = db->my != NULL;
	int rc = db_exec_once(db, a, id, binds, out);
	/* A transaction the server ended on its own (rolled back by a cluster's conflict without
	 * an error on this statement) must not go on in autocommit: run it again. */
	if (was_txn && rc == DB_OK && !db_txn_open(db)) {
		log_warn("the server ended the transaction (statement %u); running it again", id);
		return DB_DEADLOCK;
	}
	if (was_txn)
		return rc;  /* the caller's db_txn decides: the whole transaction runs again */
	/* Outside a transaction: after a lost connection a read runs again on a fresh one (a
	 * write might have committed before the answer was lost, so it is not repeated); a
	 * deadlock rolled the statement back, so it runs again. */
	bool read_only = strncmp(db_text(db, id), "SELECT", 6) == 0;
	if (rc == DB_DOWN && had_connection && read_only && db_ensure(db) == DB_OK)
		rc = db_exec_once(db, a, id, binds, out);
	else if (rc == DB_DEADLOCK)
		rc = db_exec_once(db, a, id, binds, out);
	return rc;
}

unsigned long long db_affected(const struct db *db)
{
	return db->affected;
}

unsigned long long db_insert_id(const struct db *db)
{
	return db->insert_id;
}

int db_begin(struct db *db)
{
	struct arena a;
	arena_init(&a);
	int rc = db_exec(db, &a, (unsigned)(db->nstmt - 1), NULL, NULL);
	arena_free(&a);
	if (rc == DB_OK)
		db->in_txn = true;
	return rc;
}

int db_commit(struct db *db)
{
	if (db->my == NULL)
		return DB_DOWN;
	db->in_txn = false;
	if (!db_txn_open(db)) {
		log_warn("the server ended the transaction before the commit; running it again");
		return DB_DEADLOCK;
	}
	if (mysql_commit(db->my) != 0)
		return db_status_of(db, mysql_errno(db->my), mysql_error(db->my), 0);
	return DB_OK;
}

void db_rollback(struct db *db)
{
	db->in_txn = false;
	if (db->my != NULL && mysql_rollback(db->my) != 0)
		(void)db_status_of(db, mysql_errno(db->my), mysql_error(db->my), 0);
}

int db_txn(struct db *db, int (*fn)(struct db *, void *), void *ctx)
{
	int rc = DB_ERROR;
	for (int attempt = 0; attempt < 5; attempt++) {
		if ((rc = db_begin(db)) != DB_OK)
			return rc;
		rc = fn(db, ctx);
		if (rc == DB_OK)
			rc = db_commit(db);
		else
			db_rollback(db);
		if (rc != DB_DEADLOCK)
			return rc;
		log_warn("deadlock; running the transaction again (attempt %d)", attempt + 2);
	}
	return rc;
}

const char *db_cell(const struct db_rows *r, size_t row, size_t col)
{
	if (row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cell[row * r->ncols + col];
}

long long db_int(const struct db_rows *r, size_t row, size_t col)
{
	const char *s = db_cell(r, row, col);
	return s ? strtoll(s, NULL, 10) : 0;
}

void db_fail_after(struct db *db, unsigned n)
{
	db->fail_after = n;
}
