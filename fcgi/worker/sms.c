/*
 * SMS delivery through an HTTP gateway (sms_gateway_url):
 *   POST {sms_gateway_url}  Content-Type: application/json  {"to":"+41791234567","text":"..."}
 * Any 2xx answer means the gateway took the message; anything else (another status, no
 * connection, a timeout after sms_gateway_timeout seconds) is a failure that the outbox
 * retries with its back-off, as for e-mail. The URL must be https (certificate and name
 * verified) or plain http to this host (the local gateway of `make run` and the tests).
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "worker.h"

/* The gateway's answer is not needed: read and dropped. */
static size_t sms_discard(char *ptr, size_t size, size_t nmemb, void *userp)
{
	(void)ptr;
	(void)userp;
	return size * nmemb;
}

/* True when url may be used; *plain when it is http (to this host only). */
static bool sms_url_ok(const char *url, bool *plain)
{
	*plain = strncmp(url, "http://", 7) == 0;
	if (strncmp(url, "https://", 8) == 0)
		return true;
	return *plain && url_is_loopback(url);
}

int sms_send(struct arena *a, const struct conf *conf, const char *to, const char *text,
             const char **err)
{
	bool plain = false;
	const char *url = conf->sms_gateway_url;
	if (url == NULL || *url == '\0') {
		*err = "no SMS gateway configured";
		return -1;
	}
	if (!sms_url_ok(url, &plain)) {
		*err = "sms_gateway_url must be https:// (plain http:// only to this host)";
		return -1;
	}
	json_t *req = json_pack("{s:s, s:s}", "to", to, "text", text);
	char *body = req != NULL ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	if (body == NULL) {
		*err = "the message is not valid UTF-8";
		return -1;
	}
	struct curl_slist *headers = curl_slist_append(NULL, "Content-Type: application/json");
	CURL *c = curl_easy_init();
	if (headers == NULL || c == NULL)
		abort();  /* only on out-of-memory */
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, plain ? "http" : "https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Kontor SMS");
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sms_discard);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)conf->sms_gateway_timeout);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)conf->sms_gateway_timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	/* The body held the code in clear. */
	sodium_memzero(body, strlen(body));
	free(body);
	if (rc != CURLE_OK) {
		*err = arena_strdup(a, curl_easy_strerror(rc));
		return -1;
	}
	if (status < 200 || status > 299) {
		*err = arena_printf(a, "the SMS gateway answered HTTP %ld", status);
		return -1;
	}
	return 0;
}
