/* Unit tests for fcgi/core/sms.c: phone numbers to E.164, safe texts, the catalogue text. */
#include "unit.h"

static void ok(const char *typed, const char *want)
{
	char out[SMS_PHONE_MAX + 1];
	if (!sms_phone_normal(typed, out))
		fail_msg("refused: \"%s\"", typed);
	assert_string_equal(out, want);
}

static void refused(const char *typed)
{
	char out[SMS_PHONE_MAX + 1];
	if (sms_phone_normal(typed, out))
		fail_msg("accepted: \"%s\" as %s", typed, out);
}

static void test_phone_accepted(void **state)
{
	(void)state;
	ok("+41791234567", "+41791234567");
	ok("+41 79 123 45 67", "+41791234567");
	ok("+41-79-123-45-67", "+41791234567");
	ok(" +41 79 123-45 67", "+41791234567");
	ok("+12345678", "+12345678");               /* 8 digits: the shortest */
	ok("+123456789012345", "+123456789012345"); /* 15 digits: the longest */
	ok("+1 555 010 9999", "+15550109999");
}

static void test_phone_refused(void **state)
{
	(void)state;
	refused("");
	refused("+");
	refused("079 123 45 67");     /* no country code */
	refused("0041791234567");     /* 00 instead of + */
	refused("+041791234567");     /* a country code never starts with 0 */
	refused("+1234567");          /* 7 digits */
	refused("+1234567890123456"); /* 16 digits */
	refused("+41 79 abc 45 67");
	refused("+41 (79) 123 45 67");
	refused("+41.79.123.45.67");
	refused("++41791234567");
	refused("+41791234567\n");
	refused("41791234567");
	refused("+4179123456７");     /* a full-width digit */
}

static void test_text_safe(void **state)
{
	(void)state;
	char big[SMS_TEXT_MAX + 2];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_true(sms_text_safe("Your Kontor code is 123456."));
	assert_true(sms_text_safe("Il tuo codice Kontor è 123456."));
	assert_false(sms_text_safe(""));
	assert_false(sms_text_safe("line\nbreak"));
	assert_false(sms_text_safe("tab\there"));
	assert_false(sms_text_safe(big));
	big[SMS_TEXT_MAX] = '\0';
	assert_true(sms_text_safe(big));
}

static void test_text_from_catalogue(void **state)
{
	(void)state;
	i18n_load("templates");
	assert_string_equal(sms_text(&A, LOCALE_EN, "sms.text", "012345"),
	                    "Your Kontor code is 012345. It is valid for 10 minutes.");
	assert_string_equal(sms_text(&A, LOCALE_DE, "sms.text", "999999"),
	                    "Ihr Kontor-Code lautet 999999. Er ist 10 Minuten gültig.");
	/* A key without a placeholder comes as it is. */
	assert_string_equal(sms_text(&A, LOCALE_EN, "sms.title", "1"), "SMS codes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_phone_accepted),
		cmocka_unit_test(test_phone_refused),
		cmocka_unit_test(test_text_safe),
		cmocka_unit_test_teardown(test_text_from_catalogue, reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
