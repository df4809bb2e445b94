/*
 * The outbox API for SMS: a text to a phone number (E.164), queued sealed in the caller's
 * transaction like a mail, and delivered by the worker through the configured HTTP gateway.
 */
#include <string.h>

#include "core.h"

static const struct conf *sms_conf;  /* for the sealing key */

void sms_init(const struct conf *c)
{
	sms_conf = c;
}

bool sms_phone_normal(const char *in, char out[SMS_PHONE_MAX + 1])
{
	size_t n = 0;
	const char *p = in;
	while (*p == ' ')
		p++;
	if (*p++ != '+')
		return false;
	out[n++] = '+';
	for (; *p; p++) {
		if (*p == ' ' || *p == '-')
			continue;
		if (*p < '0' || *p > '9' || n == SMS_PHONE_MAX)
			return false;
		/* A country code never starts with 0. */
		if (n == 1 && *p == '0')
			return false;
		out[n++] = *p;
	}
	out[n] = '\0';
	return n - 1 >= SMS_PHONE_MIN_DIGITS;
}

bool sms_text_safe(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > SMS_TEXT_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return true;
}

char *sms_text(struct arena *a, int locale, const char *key, const char *arg)
{
	const char *t = i18n_get(locale, key);
	const char *at = strstr(t, "{1}");
	if (at == NULL)
		return arena_strdup(a, t);
	return arena_printf(a, "%.*s%s%s", (int)(at - t), t, arg, at + 3);
}

int sms_queue(struct db *db, struct arena *a, const char *to, const char *text)
{
	char normal[SMS_PHONE_MAX + 1];
	if (sms_conf == NULL || !sms_phone_normal(to, normal) || strcmp(normal, to) != 0 ||
	    !sms_text_safe(text)) {
		log_err("sms: refused recipient or text");
		return DB_ERROR;
	}
	/* The text waits sealed: it carries a login code. The worker unseals it to send. */
	const char *sealed = sec_seal(sms_conf, a, "outbox", text);
	return db_exec(db, a, CS_OUTBOX_INSERT,
	               DB_ARGS(DB_TEXT("sms"), DB_TEXT(to), DB_TEXT(""), DB_TEXT(sealed)), NULL);
}
