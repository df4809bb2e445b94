/*
 * Rendering: a handler builds the page's model as an XML tree; a stylesheet compiled once
 * at start turns it into HTML, written straight to the FastCGI stream. Messages, dates and
 * money come from C extension functions (kontor:t, kontor:date), not document() look-ups.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpathInternals.h>
#include <libxslt/extensions.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltInternals.h>
#include <libxslt/xsltutils.h>

#include "core.h"

#define KONTOR_NS "urn:kontor"
#define MAX_MAIL 64

/* One stylesheet for all of an executable's pages (and the error page), one for all mails:
 * each page's stylesheet holds the template for page[@view='<its name>'], each mail's the
 * one for /mail[@template='<its name>'], and the layout is compiled once. Compiled apart,
 * every page carried its own copy of the layout: about 0.45 MB each, 13 MB for auth's. */
static xsltStylesheetPtr page_sheet, mail_sheet;
static const char *const *page_names;  /* by the area's page index */
static size_t npages;
static char *mail_names[MAX_MAIL];
static size_t nmails;
static int cur_locale;  /* the locale of the transformation running now */

static void view_die(const char *path)
{
	fprintf(stderr, "kontor: %s: stylesheet does not compile\n", path);
	exit(1);
}

/* kontor:t('key' [, arg]): the message in the current locale; "{1}" takes arg. */
static void ext_t(xmlXPathParserContextPtr ctxt, int nargs)
{
	xmlChar *arg = NULL;
	if (nargs < 1 || nargs > 2) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	if (nargs == 2)
		arg = xmlXPathPopString(ctxt);
	xmlChar *key = xmlXPathPopString(ctxt);
	const char *msg = i18n_get(cur_locale, (const char *)key);
	const char *at = arg ? strstr(msg, "{1}") : NULL;
	if (at == NULL) {
		valuePush(ctxt, xmlXPathNewString(XC(msg)));
	} else {
		size_t a = strlen((const char *)arg), pre = (size_t)(at - msg);
		size_t len = strlen(msg) - 3 + a;
		xmlChar *s = xmlMalloc(len + 1);
		memcpy(s, msg, pre);
		memcpy(s + pre, arg, a);
		memcpy(s + pre + a, at + 3, strlen(at + 3) + 1);
		valuePush(ctxt, xmlXPathWrapString(s));
	}
	xmlFree(key);
	xmlFree(arg);
}

/* kontor:date('YYYY-MM-DD[ HH:MM:SS]'): the date in the current locale's usual form. */
static void ext_date(xmlXPathParserContextPtr ctxt, int nargs)
{
	int y, m, d;
	char out[32];
	if (nargs != 1) {
		xmlXPathSetArityError(ctxt);
		return;
	}
	xmlChar *s = xmlXPathPopString(ctxt);
	if (s == NULL || sscanf((const char *)s, "%4d-%2d-%2d", &y, &m, &d) != 3) {
		valuePush(ctxt, xmlXPathNewString(s ? s : XC("")));
		xmlFree(s);
		return;
	}
	switch (cur_locale) {
	case LOCALE_DE:
		snprintf(out, sizeof(out), "%02d.%02d.%04d", d, m, y);
		break;
	case LOCALE_FR:
	case LOCALE_IT:
		snprintf(out, sizeof(out), "%02d/%02d/%04d", d, m, y);
		break;
	default:
		snprintf(out, sizeof(out), "%04d-%02d-%02d", y, m, d);
		break;
	}
	if (strlen((const char *)s) >= 16) {
		size_t n = strlen(out);
		snprintf(out + n, sizeof(out) - n, " %.5s", (const char *)s + 11);
	}
	valuePush(ctxt, xmlXPathNewString(XC(out)));
	xmlFree(s);
}

/* Compiles the stylesheet that imports imports[] and includes includes[] (paths relative to
 * dir, without ".xsl"); exits with one clear line when one is missing or does not compile. */
static xsltStylesheetPtr view_compile(const char *dir, const char *const *imports, size_t nimports,
                                      const char *const *includes, size_t nincludes)
{
	char path[4096], *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	if (m == NULL)
		abort();
	fputs("<?xml version=\"1.0\"?>\n<xsl:stylesheet version=\"1.0\""
	      " xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">\n", m);
	for (size_t i = 0; i < nimports + nincludes; i++) {
		const char *name = i < nimports ? imports[i] : includes[i - nimports];
		snprintf(path, sizeof(path), "%s/%s.xsl", dir, name);
		FILE *f = fopen(path, "r");
		if (f == NULL) {
			fprintf(stderr, "kontor: %s: stylesheet missing\n", path);
			exit(1);
		}
		fclose(f);
		fprintf(m, "<xsl:%s href=\"%s.xsl\"/>\n", i < nimports ? "import" : "include", name);
	}
	fputs("</xsl:stylesheet>\n", m);
	fclose(m);
	/* Relative hrefs resolve against the folder of templates. */
	snprintf(path, sizeof(path), "%s/kontor-view.xsl", dir);
	xmlDocPtr doc = xmlReadMemory(text, (int)len, path, NULL, XML_PARSE_NONET);
	free(text);
	xsltStylesheetPtr s = doc != NULL ? xsltParseStylesheetDoc(doc) : NULL;
	if (s == NULL)
		view_die(nincludes > 0 ? includes[0] : dir);
	return s;
}

/* Every mail template (templates/mail), in one stylesheet with text output. */
static void view_load_mails(const char *dir)
{
	static const char *const imports[] = {"security_detail", "mail/output"};
	char path[4096];
	snprintf(path, sizeof(path), "%s/mail", dir);
	DIR *d = opendir(path);
	if (d == NULL)
		return;
	struct dirent *e;
	char *includes[MAX_MAIL];
	while ((e = readdir(d)) != NULL && nmails < MAX_MAIL) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".xsl") != 0 || strcmp(e->d_name, "output.xsl") == 0)
			continue;
		mail_names[nmails] = strndup(e->d_name, n - 4);
		includes[nmails] = malloc(n + 2);
		if (mail_names[nmails] == NULL || includes[nmails] == NULL)
			abort();
		snprintf(includes[nmails], n + 2, "mail/%.*s", (int)(n - 4), e->d_name);
		nmails++;
	}
	closedir(d);
	mail_sheet = view_compile(dir, imports, 2, (const char *const *)includes, nmails);
	for (size_t i = 0; i < nmails; i++)
		free(includes[i]);
}

/* Start-up: security preferences, extension functions, every stylesheet compiled once. */
void view_init(const char *templates, const char *const *names, size_t n)
{
	xmlInitParser();
	exsltRegisterAll();
	xsltRegisterExtModuleFunction(XC("t"), XC(KONTOR_NS), ext_t);
	xsltRegisterExtModuleFunction(XC("date"), XC(KONTOR_NS), ext_date);
	/* The pages, the error page, and each area's common templates once. */
	static const char *const imports[] = {"layout", "security_detail"};
	const char **includes = calloc(2 * n + 1, sizeof(*includes));
	char **commons = calloc(n + 1, sizeof(*commons));
	size_t ninc = 0, ncommon = 0;
	if (includes == NULL || commons == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *slash = strchr(names[i], '/');
		char common[256], path[4096];
		snprintf(common, sizeof(common), "%.*s/common", slash ? (int)(slash - names[i]) : 0, names[i]);
		snprintf(path, sizeof(path), "%s/%s.xsl", templates, common);
		bool seen = false;
		for (size_t j = 0; j < ncommon; j++)
			seen = seen || strcmp(commons[j], common) == 0;
		if (slash != NULL && !seen && access(path, R_OK) == 0) {
			if ((commons[ncommon] = strdup(common)) == NULL)
				abort();
			includes[ninc++] = commons[ncommon++];
		}
	}
	for (size_t i = 0; i < n; i++)
		includes[ninc++] = names[i];
	includes[ninc++] = "error";
	page_sheet = view_compile(templates, imports, 2, includes, ninc);
	for (size_t i = 0; i < ncommon; i++)
		free(commons[i]);
	free(commons);
	free(includes);
	page_names = names;
	npages = n;
	view_load_mails(templates);
	/* From now on no transformation may read or write files or the network. */
	xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid);
	xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid);
	xsltSetDefaultSecurityPrefs(sec);
}

static void free_doc(void *p)
{
	xmlFreeDoc(p);
}

xmlNodePtr view_page(struct req *r, const char *title_key)
{
	xmlDocPtr doc = xmlNewDoc(XC("1.0"));
	xmlNodePtr root = xmlNewDocNode(doc, NULL, XC("page"), NULL);
	xmlDocSetRootElement(doc, root);
	arena_cleanup(r->arena, free_doc, doc);
	r->model = doc;
	xmlNewProp(root, XC("lang"), XC(locale_names[r->locale]));
	xmlNewProp(root, XC("path"), XC(r->path));
	if (title_key != NULL)
		xmlNewProp(root, XC("title"), XC(title_key));
	xmlNewProp(root, XC("csrf"), XC(csrf_token(r)));
	if (r->sess != NULL) {
		xmlNodePtr u = xmlNewChild(root, NULL, XC("user"), NULL);
		xmlNewProp(u, XC("email"), XC(r->sess->email));
		xmlNewProp(u, XC("name"), XC(r->sess->name));
		if (r->sess->staff)
			xmlNewProp(u, XC("staff"), XC("1"));
	}
	return root;
}

xmlNodePtr view_text(xmlNodePtr parent, const char *name, const char *text)
{
	return xmlNewTextChild(parent, NULL, XC(name), XC(text ? text : ""));
}

xmlNodePtr view_node(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, XC(name), NULL);
}

void view_attr(xmlNodePtr n, const char *name, const char *value)
{
	xmlNewProp(n, XC(name), XC(value ? value : ""));
}

void view_notice(struct req *r, xmlNodePtr root, const char *prefix, const struct field_value *v)
{
	if (v->present && v->s != NULL)
		view_message(root, "info", arena_printf(r->arena, "%s%s", prefix, v->s));
}

void view_pager(xmlNodePtr list, long long page, long long per_page, long long total)
{
	view_attr_int(list, "page", page);
	if (page > 1)
		view_attr_int(list, "previous", page - 1);
	if (page * per_page < total)
		view_attr_int(list, "next", page + 1);
}

void view_attr_int(xmlNodePtr n, const char *name, long long v)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", v);
	xmlNewProp(n, XC(name), XC(buf));
}

void view_field_error(xmlNodePtr root, const char *field, const char *key)
{
	xmlNodePtr e = view_node(root, "error");
	view_attr(e, "field", field);
	view_attr(e, "key", key);
}

void view_wait(xmlNodePtr root, long seconds)
{
	view_attr_int(view_node(root, "wait"), "minutes", (seconds + 59) / 60);
}

void view_form_errors(xmlNodePtr root, const struct form *f)
{
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].err != FERR_NONE)
			view_field_error(root, f->decl[i].name, field_error_key(f->v[i].err));
}

void view_message(xmlNodePtr root, const char *kind, const char *key)
{
	xmlNodePtr m = view_node(root, "message");
	view_attr(m, "kind", kind);
	view_attr(m, "key", key);
}

static int fcgi_write(void *ctx, const char *buf, int len)
{
	return FCGX_PutStr(buf, len, ctx) < 0 ? -1 : len;
}

static int fcgi_close(void *ctx)
{
	(void)ctx;
	return 0;
}

static int view_run(struct req *r, int status, xsltStylesheetPtr sheet)
{
	cur_locale = r->locale;
	xsltTransformContextPtr ctx = xsltNewTransformContext(sheet, r->model);
	xmlDocPtr out = xsltApplyStylesheetUser(sheet, r->model, NULL, NULL, NULL, ctx);
	int failed = out == NULL || ctx->state != XSLT_STATE_OK;
	xsltFreeTransformContext(ctx);
	if (failed) {
		xmlFreeDoc(out);
		log_err("transformation of %s failed", r->path);
		return -1;
	}
	arena_cleanup(r->arena, free_doc, out);
	resp_headers(r, status, "text/html; charset=utf-8", NULL);
	if (r->method == M_HEAD)
		return status;
	FCGX_Request *f = r->fcgi;
	xmlOutputBufferPtr buf = xmlOutputBufferCreateIO(fcgi_write, fcgi_close, f->out, NULL);
	xsltSaveResultTo(buf, out, sheet);
	xmlOutputBufferClose(buf);
	xmlResetLastError();
	return status;
}

int view_render(struct req *r, int status, unsigned page)
{
	if (page >= npages || r->model == NULL)
		return resp_error(r, 500);
	xmlSetProp(xmlDocGetRootElement(r->model), XC("view"), XC(page_names[page]));
	if (view_run(r, status, page_sheet) < 0)
		return resp_error(r, 500);
	return status;
}

/* The error page: a plain fallback when even it cannot be rendered. */
int view_error_page(struct req *r, int status)
{
	if (page_sheet != NULL && r->model != NULL) {
		xmlSetProp(xmlDocGetRootElement(r->model), XC("view"), XC("error"));
		if (view_run(r, status, page_sheet) >= 0)
			return status;
	}
	resp_headers(r, status, "text/plain; charset=utf-8", NULL);
	const char *msg = "Kontor could not answer this request.\n";
	resp_write(r, msg, strlen(msg));
	return status;
}

int view_mail(struct arena *a, int locale, const char *name, xmlDocPtr model,
              const char **subject, const char **body)
{
	xsltStylesheetPtr sheet = mail_sheet;
	bool known = false;
	for (size_t i = 0; i < nmails; i++)
		known = known || strcmp(mail_names[i], name) == 0;
	if (sheet == NULL || !known) {
		log_err("no mail template %s", name);
		return -1;
	}
	xmlSetProp(xmlDocGetRootElement(model), XC("template"), XC(name));
	cur_locale = locale;
	xmlDocPtr out = xsltApplyStylesheet(sheet, model, NULL);
	if (out == NULL)
		return -1;
	xmlChar *text = NULL;
	int len = 0;
	int rc = xsltSaveResultToString(&text, &len, out, sheet);
	xmlFreeDoc(out);
	if (rc != 0 || text == NULL)
		return -1;
	/* The first line is the subject; the body follows the first blank line. */
	const char *s = (const char *)text;
	while (*s == '\n' || *s == ' ')
		s++;
	const char *nl = strchr(s, '\n');
	if (nl == NULL) {
		xmlFree(text);
		return -1;
	}
	*subject = arena_strndup(a, s, (size_t)(nl - s));
	while (*nl == '\n')
		nl++;
	*body = arena_strdup(a, nl);
	xmlFree(text);
	return 0;
}
