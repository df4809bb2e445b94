/* Unit tests for fcgi/core/i18n.c and the catalogues in templates/i18n: every key exists in
 * every language, placeholders match, and negotiation picks the right language. */
#include <glob.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "unit.h"

static int i18n_setup(void **state)
{
	(void)state;
	i18n_load("templates");
	return 0;
}

/* Every key of one English file, checked against the other languages; returns the count. */
static size_t check_file(const char *path)
{
	xmlDocPtr doc = xmlReadFile(path, NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	size_t n = 0;
	for (xmlNodePtr m = xmlDocGetRootElement(doc)->children; m; m = m->next) {
		if (m->type != XML_ELEMENT_NODE)
			continue;
		xmlChar *k = xmlGetProp(m, XC("k"));
		const char *en = i18n_get(LOCALE_EN, (const char *)k);
		bool en_arg = strstr(en, "{1}") != NULL;
		for (int l = 1; l < LOCALE__MAX; l++) {
			const char *t = i18n_get(l, (const char *)k);
			if (t == (const char *)k || strcmp(t, (const char *)k) == 0)
				fail_msg("key %s missing in %s", (const char *)k, locale_names[l]);
			if ((strstr(t, "{1}") != NULL) != en_arg)
				fail_msg("key %s: placeholder differs in %s", (const char *)k, locale_names[l]);
		}
		xmlFree(k);
		n++;
	}
	xmlFreeDoc(doc);
	return n;
}

/* Every key of every catalogue (en.xml and the files in en/), checked against the other languages;
 * the other languages have no key English lacks. */
static void test_catalogues_complete(void **state)
{
	(void)state;
	size_t n = check_file("templates/i18n/en.xml");
	assert_true(n > 50);
	glob_t g;
	if (glob("templates/i18n/en/*.xml", 0, NULL, &g) == 0)
		for (size_t f = 0; f < g.gl_pathc; f++)
			n += check_file(g.gl_pathv[f]);
	globfree(&g);
	for (int l = 0; l < LOCALE__MAX; l++)
		assert_int_equal(i18n_count(l), n);
}

static void test_fallback(void **state)
{
	(void)state;
	assert_string_equal(i18n_get(LOCALE_DE, "login.title"), "Anmelden");
	assert_string_equal(i18n_get(LOCALE_DE, "no.such.key"), "no.such.key");
	assert_string_equal(i18n_get(99, "login.title"), "Log in");
}

static void test_locale_names(void **state)
{
	(void)state;
	assert_int_equal(i18n_locale("de"), LOCALE_DE);
	assert_int_equal(i18n_locale("de-CH"), LOCALE_DE);
	assert_int_equal(i18n_locale("FR_ch"), LOCALE_FR);
	assert_int_equal(i18n_locale("it"), LOCALE_IT);
	assert_int_equal(i18n_locale("rm"), -1);
	assert_int_equal(i18n_locale("def"), -1);
	assert_int_equal(i18n_locale(""), -1);
	assert_int_equal(i18n_locale(NULL), -1);
}

static void test_negotiate(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(NULL), LOCALE_EN);
	assert_int_equal(i18n_negotiate("de-CH,de;q=0.9,en;q=0.8"), LOCALE_DE);
	assert_int_equal(i18n_negotiate("rm-CH, fr;q=0.7, de;q=0.5"), LOCALE_FR);
	assert_int_equal(i18n_negotiate("en;q=0.3, it;q=0.9"), LOCALE_IT);
	assert_int_equal(i18n_negotiate("ja, zh;q=0.5"), LOCALE_EN);
	assert_int_equal(i18n_negotiate("de;q=0, fr;q=0.1"), LOCALE_FR);
	assert_int_equal(i18n_negotiate(";;;,,, ;q=1"), LOCALE_EN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogues_complete),
		cmocka_unit_test(test_fallback),
		cmocka_unit_test(test_locale_names),
		cmocka_unit_test(test_negotiate),
	};
	return cmocka_run_group_tests(tests, i18n_setup, NULL);
}
