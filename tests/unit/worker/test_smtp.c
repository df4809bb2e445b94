/* Unit tests for fcgi/worker/smtp.c: message format, encodings, header injection. */
#include "../../../fcgi/worker/smtp.c"

#include "unit.h"

static void test_ascii_message(void **state)
{
	(void)state;
	struct mail_msg m = {42, "Kontor <noreply@kontor.test>", "anna@example.ch", "Hello",
	                     "Line one\nLine two\n", 0};
	char *s = smtp_format(&A, &m);
	assert_non_null(s);
	assert_non_null(strstr(s, "From: Kontor <noreply@kontor.test>\r\n"));
	assert_non_null(strstr(s, "To: <anna@example.ch>\r\n"));
	assert_non_null(strstr(s, "Subject: Hello\r\n"));
	assert_non_null(strstr(s, "Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"));
	assert_non_null(strstr(s, "Message-ID: <outbox-42@kontor.invalid>\r\n"));
	assert_non_null(strstr(s, "Content-Type: text/plain; charset=UTF-8\r\n"));
	assert_non_null(strstr(s, "\r\n\r\nLine one\r\nLine two\r\n"));
	/* No bare LF anywhere: SMTP wants CRLF. */
	for (char *p = s; *p; p++)
		if (*p == '\n')
			assert_int_equal(p[-1], '\r');
}

static void test_utf8_subject_and_body(void **state)
{
	(void)state;
	struct mail_msg m = {1, "K <k@k.test>", "a@b.ch", "Passwort geändert", "Grüezi = 1 \nx\n", 0};
	char *s = smtp_format(&A, &m);
	assert_non_null(s);
	/* "Passwort geändert" in base64: UGFzc3dvcnQgZ2XDpG5kZXJ0 */
	assert_non_null(strstr(s, "Subject: =?UTF-8?B?UGFzc3dvcnQgZ2XDpG5kZXJ0?=\r\n"));
	/* ü as =C3=BC, '=' as =3D, the trailing space before a line end encoded. */
	assert_non_null(strstr(s, "Gr=C3=BCezi =3D 1=20\r\nx\r\n"));
}

static void test_long_lines_are_soft_broken(void **state)
{
	(void)state;
	char body[400];
	memset(body, 'a', sizeof(body) - 1);
	body[sizeof(body) - 1] = '\0';
	struct mail_msg m = {1, "K <k@k.test>", "a@b.ch", "s", body, 0};
	char *s = smtp_format(&A, &m);
	char *b = strstr(s, "\r\n\r\n") + 4;
	size_t col = 0;
	for (char *p = b; *p; p++) {
		if (*p == '\r')
			col = 0;
		else if (*p != '\n')
			assert_true(++col <= 76);
	}
}

static void test_long_utf8_subject_folds_on_characters(void **state)
{
	(void)state;
	char subj[300];
	for (int i = 0; i < 60; i++)
		memcpy(subj + 2 * i, "ä", 2);
	subj[120] = '\0';
	struct mail_msg m = {1, "K <k@k.test>", "a@b.ch", subj, "x", 0};
	char *s = smtp_format(&A, &m);
	assert_non_null(strstr(s, "?=\r\n =?UTF-8?B?"));
}

static void test_header_injection_refused(void **state)
{
	(void)state;
	struct mail_msg m = {1, "K <k@k.test>", "a@b.ch\r\nBcc: evil@x.test", "s", "x", 0};
	assert_null(smtp_format(&A, &m));
	struct mail_msg m2 = {1, "K <k@k.test>", "a@b.ch", "Hi\nBcc: evil@x.test", "x", 0};
	assert_null(smtp_format(&A, &m2));
}

static void test_address(void **state)
{
	(void)state;
	assert_string_equal(smtp_address(&A, "Kontor <noreply@kontor.test>"), "noreply@kontor.test");
	assert_string_equal(smtp_address(&A, "noreply@kontor.test"), "noreply@kontor.test");
}

/* Regression (review C5): a subject ending inside a UTF-8 sequence is not read past. */
static void test_bug_truncated_utf8_subject(void **state)
{
	(void)state;
	char *subj = arena_strdup(&A, "\xc3\xa4\xf0");
	struct mail_msg m = {1, "K <k@k.test>", "a@b.ch", subj, "x", 0};
	char *s = smtp_format(&A, &m);
	assert_non_null(s);
	assert_non_null(strstr(s, "Subject: =?UTF-8?B?"));
}

static void test_local_smtp(void **state)
{
	(void)state;
	assert_true(url_is_loopback("smtp://127.0.0.1:2525"));
	assert_true(url_is_loopback("smtp://localhost:25"));
	assert_true(url_is_loopback("smtp://[::1]:25"));
	assert_false(url_is_loopback("smtp://mail.example.net:587"));
	assert_false(url_is_loopback("smtp://127example.net"));
	assert_false(url_is_loopback("smtp://localhost.example.net"));
	assert_false(url_is_loopback("smtp://127.0.0.1.example.net:25"));
	assert_true(url_is_loopback("smtp://127.0.0.2:2525"));
	assert_false(url_is_loopback("http://128.0.0.1/check"));
	assert_false(url_is_loopback("nothing"));
}

int main(void)
{
	arena_init(&A);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_ascii_message, reset),
		cmocka_unit_test_teardown(test_utf8_subject_and_body, reset),
		cmocka_unit_test_teardown(test_long_lines_are_soft_broken, reset),
		cmocka_unit_test_teardown(test_long_utf8_subject_folds_on_characters, reset),
		cmocka_unit_test_teardown(test_header_injection_refused, reset),
		cmocka_unit_test_teardown(test_address, reset),
		cmocka_unit_test_teardown(test_bug_truncated_utf8_subject, reset),
		cmocka_unit_test_teardown(test_local_smtp, reset),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	arena_free(&A);
	return rc;
}
