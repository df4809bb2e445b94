/* The worker: outbox delivery (e-mail over SMTP) and scheduled jobs. Not FastCGI. */
#ifndef KONTOR_WORKER_H
#define KONTOR_WORKER_H

#include "core.h"

enum worker_stmt {
	WS_RELEASE_STALE = CS__MAX,
	WS_DUE,
	WS_CLAIM,
	WS_GET,
	WS_CLAIM_REFRESH,
	WS_SENT,
	WS_RETRY,
	WS_TOKENS_IDLE,
	WS_TOKEN_DEACTIVATE,
	WS_TOKEN_WARN,
	WS_PURGE_SESSIONS,
	WS_PURGE_THROTTLE,
	WS_PURGE_RESETS,
	WS_PURGE_OUTBOX,
	WS_PURGE_INVITATIONS,
	WS_VIES_DUE,
	WS_VIES_CLAIM_ORG,
	WS_VIES_CLAIM_ADDRESS,
	WS_VIES_SET_ORG,
	WS_VIES_SET_ADDRESS,
	WS_PURGE_SMS_CODES,
	WS_PURGE_CHALLENGES,
	WS_PURGE_DEVICE_REGS,
	WS_RECOVERY_DUE,
	WS_RECOVERY_CLAIM,
	WS_RECOVERY_FILES,
	WS_RECOVERY_FILES_DELETE,
	WS_RECOVERY_DELETED,
	WS_RECOVERY_FILE_KNOWN,
	WS__MAX
};

/* Scheduled jobs, each run once per pass with the pass's clock. They return the number of
 * rows they handled, or a DB status < 0. */
int job_tokens(struct db *db, struct arena *a, time_t now);
/* Deletes what has expired: sessions past their lifetimes, throttle counters a day old,
 * reset links a day past expiry, delivered or failed mail after 30 days, SMS codes a day past
 * expiry. */
int job_purge(struct db *db, struct arena *a, const struct conf *conf, time_t now);
/* Confirms VAT numbers of organizations and billing addresses with VIES (conf->vies_url;
 * nothing when it is empty): a batch of at most 20 numbers not yet checked, or unavailable
 * 10 minutes ago. A failure of the service makes numbers 'unavailable', never 'invalid', and
 * is no error of the job: it returns the numbers it asked about, or a DB status < 0. */
int job_vies(struct db *db, struct arena *a, const struct conf *conf, time_t now);

/* Deletes the documents of help requests (files in conf->uploads_dir, then their rows) once
 * the request is decided, and 72 hours after it was sent in any case; records when. Returns
 * the requests handled, or a DB status < 0. */
int job_recovery(struct db *db, struct arena *a, const struct conf *conf, time_t now);
/* Deletes files of uploads_dir that belong to no document row and are over an hour old (an
 * upload that did not commit): at most 1000 names a run. The files deleted, or a DB status. */
int job_recovery_strays(struct db *db, struct arena *a, const struct conf *conf, time_t now);

extern const struct db_sql worker_sql;

/* One outgoing e-mail, as the outbox row holds it. */
struct mail_msg {
	long long id;
	const char *from;     /* "Name <addr>" from the configuration */
	const char *to;       /* one address */
	const char *subject;  /* UTF-8, no CR/LF */
	const char *body;     /* UTF-8 text, LF line ends */
	time_t date;
};

/* The RFC 5322 message (headers, quoted-printable UTF-8 body, CRLF) in the arena, or NULL
 * when a header value is unsafe (CR, LF). */
char *smtp_format(struct arena *a, const struct mail_msg *m);
/* The bare address in "Name <addr>" (or the whole string), in the arena. */
char *smtp_address(struct arena *a, const char *from);
/* True when a URL's host is this machine (localhost, 127.0.0.0/8, ::1): plain text is allowed
 * there (SMTP, the VIES stand-in), TLS is required elsewhere. */
bool url_is_loopback(const char *url);
/* Sends one message with libcurl. 0, or -1 with a short reason in *err. */
int smtp_send(struct arena *a, const char *url, const struct mail_msg *m, const char **err) WUR;
/* Sends one SMS through the configured HTTP gateway (fcgi/worker/sms.c): 0 when it answered
 * 2xx, or -1 with a short reason in *err (no gateway, no answer, a timeout, another status). */
int sms_send(struct arena *a, const struct conf *conf, const char *to, const char *text,
             const char **err) WUR;

#endif
