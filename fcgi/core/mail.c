/*
 * The outbox API: a mail is rendered from its template and queued in the caller's
 * transaction, so it is sent if and only if the change that causes it commits.
 */
#include <string.h>

#include <libxml/tree.h>

#include "core.h"

static const char *base_url = "";
static const struct conf *mail_conf;  /* for the sealing key */

void mail_init(const struct conf *c)
{
	base_url = c->base_url;
	mail_conf = c;
	sms_init(c);  /* the outbox's other kind */
}

bool mail_header_safe(const char *s)
{
	return s != NULL && strpbrk(s, "\r\n") == NULL && strlen(s) <= 998;
}

static void free_doc(void *p)
{
	xmlFreeDoc(p);
}

xmlDocPtr mail_model(struct arena *a, xmlNodePtr *root)
{
	xmlDocPtr doc = xmlNewDoc(XC("1.0"));
	*root = xmlNewDocNode(doc, NULL, XC("mail"), NULL);
	xmlDocSetRootElement(doc, *root);
	xmlNewProp(*root, XC("base"), XC(base_url));
	arena_cleanup(a, free_doc, doc);
	return doc;
}

int mail_queue(struct db *db, struct arena *a, int locale, const char *to, const char *tpl,
               xmlDocPtr model)
{
	const char *subject, *body;
	if (!mail_header_safe(to) || strchr(to, '@') == NULL) {
		log_err("mail %s: refused recipient", tpl);
		return DB_ERROR;
	}
	if (locale < 0 || locale >= LOCALE__MAX)
		locale = LOCALE_EN;
	xmlNewProp(xmlDocGetRootElement(model), XC("lang"), XC(locale_names[locale]));
	if (view_mail(a, locale, tpl, model, &subject, &body) != 0 || !mail_header_safe(subject)) {
		log_err("mail %s: template failed", tpl);
		return DB_ERROR;
	}
	/* The body waits sealed: it may carry a reset link. The worker unseals it to send. */
	const char *sealed = sec_seal(mail_conf, a, "outbox", body);
	return db_exec(db, a, CS_OUTBOX_INSERT,
	               DB_ARGS(DB_TEXT("email"), DB_TEXT(to), DB_TEXT(subject), DB_TEXT(sealed)), NULL);
}
