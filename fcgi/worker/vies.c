/*
 * The VIES job: the EU VAT numbers of organizations and billing addresses are confirmed
 * online with the European Commission's VIES REST service, when vies_url is configured:
 *   POST {vies_url}  {"countryCode":"DE","vatNumber":"136695976"}
 *   200 {"countryCode":"DE","vatNumber":"136695976","requestDate":"...","valid":true,...}
 *   or  {"actionSucceed":false,"errorWrappers":[{"error":"MS_UNAVAILABLE","message":"..."}]}
 *
 * Each row is claimed just before its request by a conditional update of vat_checked_at,
 * committed on its own: two workers, even on two Galera nodes, ask about one row at most
 * once per round (the loser matches no row, or gets 1213). The answer is written only while
 * the row still holds the number that was asked about. Only a definite answer makes a
 * number 'valid' or 'invalid'; anything else (no answer, an HTTP error, a VIES error such as
 * MS_UNAVAILABLE, an answer that cannot be read) makes it 'unavailable', asked again after
 * 10 minutes. A claim whose worker died is taken over after those 10 minutes too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <jansson.h>

#include "worker.h"

#define VIES_BUDGET 30           /* seconds of a pass after which no further request starts */
#define VIES_PAUSE 60            /* seconds without requests once the service itself failed */
#define VIES_ANSWER_MAX 65536    /* bytes of an answer; a longer one is not read */

enum vies_outcome { VIES_VALID, VIES_INVALID, VIES_UNAVAILABLE };

static const char *const outcome_status[] = {"valid", "invalid", "unavailable"};

/* What came of one request. */
struct vies_answer {
	enum vies_outcome outcome;
	bool service_down;   /* the service as a whole failed, not one member state */
	const char *reason;  /* why unavailable, for the log (no personal data) */
};

/* The two tables with VAT numbers, by the kind the due statement returns. */
static const struct {
	const char *name;  /* for the log */
	unsigned claim, set;
} vies_kinds[] = {
	{"organization", WS_VIES_CLAIM_ORG, WS_VIES_SET_ORG},
	{"billing address", WS_VIES_CLAIM_ADDRESS, WS_VIES_SET_ADDRESS},
};

/* The answer's bytes, at most VIES_ANSWER_MAX. */
struct vies_buf {
	char *p;
	size_t len;
};

static size_t vies_write(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct vies_buf *b = userp;
	size_t n = size * nmemb;
	if (n > VIES_ANSWER_MAX - b->len)
		return 0;  /* curl ends the transfer with CURLE_WRITE_ERROR */
	memcpy(b->p + b->len, ptr, n);
	b->len += n;
	return n;
}

/* True when url may be used: https (certificate and name verified), or plain http to this
 * host only (the tests' stand-in). *plain says which. */
static bool vies_url_ok(const char *url, bool *plain)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL;
	bool ok = false;

	if (u == NULL)
		abort();
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK)
		goto out;
	*plain = strcmp(scheme, "http") == 0;
	if (strcmp(scheme, "https") == 0)
		ok = true;
	else if (*plain)
		ok = url_is_loopback(url);
out:
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok;
}

/* Splits a stored number (DE136695976, EL094259216, XI...) into the country code and the
 * number VIES takes ([0-9A-Za-z+*.]{2,12}, as its service description says). False when the
 * stored value is not of that form. */
static bool vies_split(const char *vat, char cc[3], const char **number)
{
	size_t n = strlen(vat);
	if (n < 4 || n > 14 || vat[0] < 'A' || vat[0] > 'Z' || vat[1] < 'A' || vat[1] > 'Z')
		return false;
	for (const char *p = vat + 2; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      *p == '+' || *p == '*' || *p == '.'))
			return false;
	cc[0] = vat[0];
	cc[1] = vat[1];
	cc[2] = '\0';
	*number = vat + 2;
	return true;
}

/* An error code from VIES as a safe word for the log: [A-Z0-9_], at most 40 characters. */
static const char *vies_code(struct arena *a, const char *s)
{
	if (s == NULL || *s == '\0')
		return "an error without a code";
	char *c = arena_strndup(a, s, strnlen(s, 40));
	for (char *p = c; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
			*p = '?';
	return c;
}

/* True for VIES errors of the whole service (rather than of one member state): no point in
 * asking about the next number now. */
static bool vies_code_global(const char *code)
{
	return strncmp(code, "GLOBAL_", 7) == 0 || strcmp(code, "SERVICE_UNAVAILABLE") == 0 ||
	       strcmp(code, "IP_BLOCKED") == 0;
}

/* What an HTTP answer means. Definite only for a 200 whose JSON object carries a boolean
 * "valid" (or "isValid", the GET variant's name) and no error: errorWrappers (the REST
 * errors), actionSucceed false, or a userError other than VALID or INVALID. */
static struct vies_answer vies_meaning(struct arena *a, long status, json_t *v)
{
	struct vies_answer r = {VIES_UNAVAILABLE, false, NULL};
	json_t *errors = json_is_object(v) ? json_object_get(v, "errorWrappers") : NULL;
	const char *user_error = json_string_value(json_object_get(v, "userError"));
	json_t *valid = json_object_get(v, json_object_get(v, "valid") ? "valid" : "isValid");

	if (json_is_array(errors) && json_array_size(errors) > 0) {
		json_t *first = json_array_get(errors, 0);
		r.reason = vies_code(a, json_string_value(json_object_get(first, "error")));
		r.service_down = vies_code_global(r.reason);
	} else if (status != 200) {
		r.reason = arena_printf(a, "HTTP %ld", status);
		r.service_down = true;
	} else if (!json_is_object(v)) {
		r.reason = "an answer that is not a JSON object";
		r.service_down = true;
	} else if (json_is_false(json_object_get(v, "actionSucceed"))) {
		r.reason = "actionSucceed false";
	} else if (user_error != NULL && strcmp(user_error, "VALID") != 0 &&
	           strcmp(user_error, "INVALID") != 0) {
		r.reason = vies_code(a, user_error);
		r.service_down = vies_code_global(r.reason);
	} else if (!json_is_boolean(valid)) {
		r.reason = "an answer without a validity";
	} else if (user_error != NULL && (strcmp(user_error, "VALID") == 0) != json_is_true(valid)) {
		r.reason = "an answer that contradicts itself";
	} else {
		r.outcome = json_is_true(valid) ? VIES_VALID : VIES_INVALID;
	}
	return r;
}

/* The meaning of an answer's bytes (see vies_meaning). */
static struct vies_answer vies_interpret(struct arena *a, long status, const char *body,
                                         size_t len)
{
	json_error_t e;
	json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &e);
	struct vies_answer r = vies_meaning(a, status, v);
	json_decref(v);
	return r;
}

/* Asks VIES about one number on the batch's connection. */
static struct vies_answer vies_ask(struct arena *a, CURL *c, struct vies_buf *buf,
                                   const char *cc, const char *number)
{
	struct vies_answer r = {VIES_UNAVAILABLE, false, NULL};
	json_t *req = json_pack("{s:s, s:s}", "countryCode", cc, "vatNumber", number);
	char *body = req ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (body == NULL)
		abort();
	buf->len = 0;
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEDATA, buf);
	CURLcode rc = curl_easy_perform(c);
	free(body);
	if (rc != CURLE_OK) {
		r.reason = rc == CURLE_WRITE_ERROR ? "an answer over 64 KiB" : curl_easy_strerror(rc);
		r.service_down = true;
		return r;
	}
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	return vies_interpret(a, status, buf->p, buf->len);
}

/* One handle for the batch (its connection is kept between requests). */
static CURL *vies_curl(const struct conf *conf, bool plain, struct curl_slist *headers)
{
	CURL *c = curl_easy_init();
	if (c == NULL)
		return NULL;
	curl_easy_setopt(c, CURLOPT_URL, conf->vies_url);
	/* Plain http only to this host (vies_url_ok); never a redirect elsewhere. */
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Kontor VAT check");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, vies_write);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)conf->vies_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)conf->vies_timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	return c;
}

int job_vies(struct db *db, struct arena *a, const struct conf *conf, time_t now)
{
	static time_t paused_until;  /* after the service failed: no request before then */
	static bool refused;         /* the URL was refused (said once) */
	struct db_rows rows;
	struct curl_slist *headers = NULL;
	CURL *c = NULL;
	struct vies_buf buf = {NULL, 0};
	bool plain = false;
	time_t start;
	int done = 0, rc;

	if (conf->vies_url == NULL || conf->vies_url[0] == '\0' || now < paused_until)
		return 0;
	if (!vies_url_ok(conf->vies_url, &plain)) {
		if (!refused)
			log_err("vies_url must be https:// (plain http:// only to 127.0.0.1 or localhost);"
			        " VAT numbers are not checked");
		refused = true;
		return 0;
	}
	rc = db_exec(db, a, WS_VIES_DUE, DB_ARGS(DB_INT(now), DB_INT(now)), &rows);
	if (rc != DB_OK || rows.nrows == 0)
		return rc == DB_DEADLOCK ? 0 : rc;
	if ((headers = curl_slist_append(NULL, "Content-Type: application/json")) == NULL ||
	    curl_slist_append(headers, "Accept: application/json") == NULL)
		abort();
	if ((c = vies_curl(conf, plain, headers)) == NULL) {
		log_err("vies: curl does not initialise");
		goto out;
	}
	buf.p = arena_alloc(a, VIES_ANSWER_MAX);
	start = time(NULL);
	for (size_t i = 0; i < rows.nrows && time(NULL) - start < VIES_BUDGET; i++) {
		long long kind = db_int(&rows, i, 0), id = db_int(&rows, i, 1);
		const char *vat = db_cell(&rows, i, 2), *was = db_cell(&rows, i, 3), *number;
		char cc[3];
		if (kind < 0 || kind > 1 || vat == NULL)
			continue;
		/* The pass's clock, moving on with the real one while the batch runs. */
		time_t at = now + (time(NULL) - start);
		rc = db_exec(db, a, vies_kinds[kind].claim,
		             DB_ARGS(DB_INT(at), DB_INT(id), DB_TEXT(vat),
		                     was ? DB_INT(strtoll(was, NULL, 10)) : DB_NULL),
		             NULL);
		if (rc == DB_DEADLOCK || (rc == DB_OK && db_affected(db) != 1))
			continue;  /* another worker has it (here, or certified first on another node) */
		if (rc != DB_OK)
			goto out;
		struct vies_answer ans = {VIES_UNAVAILABLE, false, "not a VAT number of the form VIES takes"};
		if (vies_split(vat, cc, &number))
			ans = vies_ask(a, c, &buf, cc, number);
		at = now + (time(NULL) - start);
		rc = db_exec(db, a, vies_kinds[kind].set,
		             DB_ARGS(DB_TEXT(outcome_status[ans.outcome]), DB_INT(at), DB_INT(id),
		                     DB_TEXT(vat)),
		             NULL);
		if (rc != DB_OK && rc != DB_DEADLOCK)
			goto out;
		done++;
		if (rc == DB_DEADLOCK)
			log_warn("vies: %s %lld %s written elsewhere meanwhile; the answer (%s) is dropped,"
			         " asked again in 10 minutes", vies_kinds[kind].name, id, vat,
			         outcome_status[ans.outcome]);
		else if (db_affected(db) != 1)
			log_info("vies: %s %lld %s changed during the check; the answer (%s) is dropped",
			         vies_kinds[kind].name, id, vat, outcome_status[ans.outcome]);
		else if (ans.outcome != VIES_UNAVAILABLE)
			log_info("vies: %s %lld %s %s", vies_kinds[kind].name, id, vat,
			         outcome_status[ans.outcome]);
		else
			log_warn("vies: %s %lld %s unavailable (%s); asked again in 10 minutes",
			         vies_kinds[kind].name, id, vat, ans.reason);
		if (ans.service_down) {
			/* The rest of the batch waits: a service that times out would otherwise hold
			 * the worker (and the mail) for a timeout per number. */
			paused_until = at + VIES_PAUSE;
			break;
		}
	}
	rc = DB_OK;
out:
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	return rc == DB_OK ? done : rc;
}
