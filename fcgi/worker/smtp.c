/*
 * E-mail over SMTP with libcurl: the message is built here (headers checked against
 * injection, subject RFC 2047-encoded, body quoted-printable UTF-8) and handed to curl,
 * which does the dialogue and the dot-stuffing.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "worker.h"

/* A growing buffer in the arena. */
struct buf {
	struct arena *a;
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 1024);
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = arena_alloc(b->a, cap);
		if (b->len)
			memcpy(p, b->p, b->len);
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

static bool is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* RFC 2047 encoded-words (base64, UTF-8) for a non-ASCII header value, folded so that no
 * word splits a UTF-8 sequence and each stays under 76 characters. */
static void header_encoded(struct buf *b, const char *s)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), i = 0;
	bool first = true;
	while (i < n) {
		size_t take = 0;
		/* 45 bytes of input make 60 characters of base64. */
		while (i + take < n && take < 45) {
			size_t len = 1;
			unsigned char c = (unsigned char)s[i + take];
			if (c >= 0xf0) len = 4; else if (c >= 0xe0) len = 3; else if (c >= 0xc0) len = 2;
			if (take + len > 45 || i + take + len > n)
				break;
			take += len;
		}
		if (take == 0)
			take = n - i < 4 ? n - i : 1;
		if (!first)
			buf_str(b, "\r\n ");
		first = false;
		buf_str(b, "=?UTF-8?B?");
		for (size_t k = 0; k < take; k += 3) {
			unsigned v = (unsigned char)s[i + k] << 16;
			if (k + 1 < take) v |= (unsigned char)s[i + k + 1] << 8;
			if (k + 2 < take) v |= (unsigned char)s[i + k + 2];
			char q[4] = {b64[(v >> 18) & 63], b64[(v >> 12) & 63],
			             k + 1 < take ? b64[(v >> 6) & 63] : '=', k + 2 < take ? b64[v & 63] : '='};
			buf_add(b, q, 4);
		}
		buf_str(b, "?=");
		i += take;
	}
}

/* Quoted-printable (RFC 2045): lines of at most 76 characters, CRLF line ends. */
static void body_qp(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '\r')
			continue;
		if (*p == '\n') {
			buf_str(b, "\r\n");
			col = 0;
			continue;
		}
		char enc[3];
		size_t len;
		bool at_eol = p[1] == '\n' || p[1] == '\0' || (p[1] == '\r' && p[2] == '\n');
		if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !at_eol)) {
			enc[0] = (char)*p;
			len = 1;
		} else {
			enc[0] = '=';
			enc[1] = hex[*p >> 4];
			enc[2] = hex[*p & 15];
			len = 3;
		}
		if (col + len > 75) {
			buf_str(b, "=\r\n");
			col = 0;
		}
		buf_add(b, enc, len);
		col += len;
	}
	buf_str(b, "\r\n");
}

char *smtp_address(struct arena *a, const char *from)
{
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt != NULL && gt != NULL)
		return arena_strndup(a, lt + 1, (size_t)(gt - lt - 1));
	return arena_strdup(a, from);
}

char *smtp_format(struct arena *a, const struct mail_msg *m)
{
	struct buf b = {a, NULL, 0, 0};
	char date[64];
	struct tm tm;

	if (!mail_header_safe(m->from) || !mail_header_safe(m->to) || !mail_header_safe(m->subject))
		return NULL;
	gmtime_r(&m->date, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_str(&b, "From: ");
	buf_str(&b, m->from);
	buf_str(&b, "\r\nTo: <");
	buf_str(&b, m->to);
	buf_str(&b, ">\r\nSubject: ");
	if (is_ascii(m->subject) && strlen(m->subject) <= 900)
		buf_str(&b, m->subject);
	else
		header_encoded(&b, m->subject);
	buf_str(&b, "\r\nDate: ");
	buf_str(&b, date);
	/* A stable Message-ID per outbox row lets receivers drop a duplicate delivery. */
	buf_str(&b, arena_printf(a, "\r\nMessage-ID: <outbox-%lld@kontor.invalid>", m->id));
	buf_str(&b, "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
	            "Content-Transfer-Encoding: quoted-printable\r\nAuto-Submitted: auto-generated\r\n\r\n");
	body_qp(&b, m->body);
	return b.p;
}

struct upload_state {
	const char *p;
	size_t left;
};

static size_t read_cb(char *ptr, size_t size, size_t nmemb, void *userp)
{
	struct upload_state *u = userp;
	size_t n = size * nmemb < u->left ? size * nmemb : u->left;
	memcpy(ptr, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

bool url_is_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool local = false;
	if (u == NULL)
		abort();
	/* Parsed as curl will connect, so "127.0.0.1.example.net" is the remote host it is. */
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		struct in_addr v4;
		local = strcmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0 ||
		        (inet_pton(AF_INET, host, &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127);
	}
	curl_free(host);
	curl_url_cleanup(u);
	return local;
}

int smtp_send(struct arena *a, const char *url, const struct mail_msg *m, const char **err)
{
	char *msg = smtp_format(a, m);
	if (msg == NULL) {
		*err = "unsafe header value";
		return -1;
	}
	CURL *c = curl_easy_init();
	if (c == NULL) {
		*err = "curl does not initialise";
		return -1;
	}
	struct upload_state u = {msg, strlen(msg)};
	struct curl_slist *rcpt = curl_slist_append(NULL, arena_printf(a, "<%s>", m->to));
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, arena_printf(a, "<%s>", smtp_address(a, m->from)));
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	/* A relay must speak TLS (STARTTLS, or smtps://): reset links travel in these mails. Only
	 * a server on this host may be reached in plain text. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, url_is_loopback(url) ? (long)CURLUSESSL_TRY : (long)CURLUSESSL_ALL);
	CURLcode rc = curl_easy_perform(c);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		*err = arena_strdup(a, curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}
