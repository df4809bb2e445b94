/*
 * The security log, and the mail that tells a user their way of logging in changed. One
 * template serves every event: the event's name in the catalogue ("seclog.<event>") says
 * what happened, in the log page and in the mail alike.
 */
#include <string.h>

#include <libxml/tree.h>

#include "twofa.h"

int auth_seclog(struct req *r, long long user_id, const char *event)
{
	struct account who = {user_id, NULL, -1};
	return auth_event(r, &who, event, "", false);
}

int auth_event(struct req *r, const struct account *who, const char *event, const char *detail,
               bool mail)
{
	const char *ip = r->remote_addr != NULL ? r->remote_addr : "";
	int rc = db_exec(r->app->db, r->arena, AS_SECLOG_INSERT,
	                 DB_ARGS(DB_INT(who->id), DB_TEXT(event), DB_TEXTN(detail, text_clip(detail, 200)),
	                         DB_TEXT(ip), DB_INT(r->now)),
	                 NULL);
	if (rc != DB_OK || !mail || who->email == NULL)
		return rc;
	struct _xmlNode *root;
	xmlDocPtr m = mail_model(r->arena, &root);
	view_attr(root, "event", event);
	view_attr(root, "ip", ip);
	view_attr_int(root, "at", (long long)r->now);
	view_text(root, "detail", detail);
	view_text(root, "email", who->email);
	int locale = who->locale >= 0 ? who->locale : r->locale;
	return mail_queue(r->app->db, r->arena, locale, who->email, "security_event", m);
}

struct account auth_me(struct req *r)
{
	struct account me = {r->sess->user_id, r->sess->email, r->sess->locale};
	return me;
}
