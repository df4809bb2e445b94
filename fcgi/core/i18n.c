/*
 * Message catalogues: templates/i18n/<locale>.xml and every file in templates/i18n/<locale>/
 * (one file per feature, so that features add their messages without touching one big
 * file), <messages><m k="key">text</m>..., loaded once at start into one hash table per
 * locale. A key defined twice, in one file or two, stops the start. English is the fallback.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/hash.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include "core.h"

const char *const locale_names[LOCALE__MAX] = {"en", "de", "fr", "it"};

static xmlHashTablePtr catalogue[LOCALE__MAX];
static size_t catalogue_size[LOCALE__MAX];

static void i18n_die(const char *path, const char *what)
{
	fprintf(stderr, "kontor: %s: %s\n", path, what);
	exit(1);
}

static void i18n_load_one(int locale, const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, "UTF-8", XML_PARSE_NONET | XML_PARSE_NOENT);
	if (doc == NULL)
		i18n_die(path, "cannot be read as XML");
	xmlNodePtr root = xmlDocGetRootElement(doc);
	if (root == NULL || xmlStrcmp(root->name, XC("messages")) != 0)
		i18n_die(path, "root element must be <messages>");
	if (catalogue[locale] == NULL)
		catalogue[locale] = xmlHashCreate(1024);
	for (xmlNodePtr n = root->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || xmlStrcmp(n->name, XC("m")) != 0)
			continue;
		xmlChar *k = xmlGetProp(n, XC("k"));
		xmlChar *v = xmlNodeGetContent(n);
		if (k == NULL || v == NULL)
			i18n_die(path, "<m> without k or text");
		if (xmlHashAddEntry(catalogue[locale], k, v) != 0) {
			fprintf(stderr, "kontor: %s: duplicate key %s\n", path, (const char *)k);
			exit(1);
		}
		catalogue_size[locale]++;
		xmlFree(k);
	}
	xmlFreeDoc(doc);
}

void i18n_load(const char *dir)
{
	char path[4096];
	for (int i = 0; i < LOCALE__MAX; i++) {
		snprintf(path, sizeof(path), "%s/i18n/%s.xml", dir, locale_names[i]);
		i18n_load_one(i, path);
		glob_t g;
		snprintf(path, sizeof(path), "%s/i18n/%s/*.xml", dir, locale_names[i]);
		if (glob(path, 0, NULL, &g) == 0)
			for (size_t f = 0; f < g.gl_pathc; f++)
				i18n_load_one(i, g.gl_pathv[f]);
		globfree(&g);
	}
}

const char *i18n_get(int locale, const char *key)
{
	const char *v = NULL;
	if (locale >= 0 && locale < LOCALE__MAX && catalogue[locale] != NULL)
		v = xmlHashLookup(catalogue[locale], XC(key));
	if (v == NULL && catalogue[LOCALE_EN] != NULL)
		v = xmlHashLookup(catalogue[LOCALE_EN], XC(key));
	return v != NULL ? v : key;
}

size_t i18n_count(int locale)
{
	return locale >= 0 && locale < LOCALE__MAX ? catalogue_size[locale] : 0;
}

int i18n_locale(const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < LOCALE__MAX; i++) {
		size_t n = strlen(locale_names[i]);
		if (strncasecmp(name, locale_names[i], n) == 0 && (name[n] == '\0' || name[n] == '-' || name[n] == '_'))
			return i;
	}
	return -1;
}

/* Accept-Language: "de-CH,de;q=0.9,en;q=0.8": the supported language with the best q. */
int i18n_negotiate(const char *h)
{
	int best = LOCALE_EN;
	double best_q = -1;
	if (h == NULL)
		return best;
	while (*h != '\0') {
		while (*h == ' ' || *h == ',')
			h++;
		const char *start = h;
		while (*h != '\0' && *h != ',' && *h != ';' && *h != ' ')
			h++;
		char tag[16];
		size_t n = (size_t)(h - start);
		double q = 1.0;
		while (*h == ' ')
			h++;
		if (*h == ';') {
			const char *qs = strstr(h, "q=");
			const char *comma = strchr(h, ',');
			if (qs != NULL && (comma == NULL || qs < comma))
				q = strtod(qs + 2, NULL);
			h = comma ? comma : h + strlen(h);
		}
		if (n == 0 || n >= sizeof(tag))
			continue;
		memcpy(tag, start, n);
		tag[n] = '\0';
		int l = i18n_locale(tag);
		if (l >= 0 && q > best_q && q > 0) {
			best = l;
			best_q = q;
		}
	}
	return best;
}
