/* Unit tests for fcgi/core/form.c: percent-decoding, field validation, urlencoded forms. */
#include <limits.h>

#include "unit.h"


/* Decodes a NUL-terminated string; returns the length and leaves the result in buf. */
static long dec(char *buf, const char *s, bool plus, bool nl)
{
	return url_decode(buf, s, strlen(s), plus, nl);
}

static void test_decode_plain(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(dec(buf, "abc", true, false), 3);
	assert_string_equal(buf, "abc");
	assert_int_equal(dec(buf, "", true, false), 0);
	assert_string_equal(buf, "");
}

static void test_decode_escapes(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(dec(buf, "a%20b%2Bc%2fd", true, false), 7);
	assert_string_equal(buf, "a b+c/d");
	assert_int_equal(dec(buf, "%C3%A9", true, false), 2);
	assert_string_equal(buf, "\xc3\xa9");
	assert_int_equal(dec(buf, "%09", true, false), 1); /* tab is allowed */
	assert_string_equal(buf, "\t");
}

static void test_decode_plus(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(dec(buf, "a+b", true, false), 3);
	assert_string_equal(buf, "a b");
	assert_int_equal(dec(buf, "a+b", false, false), 3);
	assert_string_equal(buf, "a+b");
}

static void test_decode_bad_escape(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(dec(buf, "%G1", true, false), -1);
	assert_int_equal(dec(buf, "%1G", true, false), -1);
	assert_int_equal(dec(buf, "ab%4", true, false), -1);
	assert_int_equal(dec(buf, "ab%", true, false), -1);
	assert_int_equal(dec(buf, "%%41", true, false), -1);
	/* the escape is cut by len, even when the bytes after it would complete it */
	assert_int_equal(url_decode(buf, "ab%41", 4, true, false), -1);
	assert_int_equal(url_decode(buf, "ab%41", 3, true, false), -1);
}

static void test_decode_control(void **state)
{
	char buf[64];
	(void)state;
	assert_int_equal(dec(buf, "a%00b", true, true), -1);
	assert_int_equal(dec(buf, "%01", true, true), -1);
	assert_int_equal(dec(buf, "%1F", true, true), -1);
	assert_int_equal(dec(buf, "%7F", true, true), -1);
	assert_int_equal(dec(buf, "a\x01", true, true), -1); /* raw control byte */
	assert_int_equal(dec(buf, "a\x7f", true, true), -1);
	assert_int_equal(dec(buf, "%0A", true, false), -1);
	assert_int_equal(dec(buf, "%0D", true, false), -1);
	assert_int_equal(dec(buf, "a\nb", true, false), -1);
	assert_int_equal(dec(buf, "a%0D%0Ab", true, true), 4);
	assert_string_equal(buf, "a\r\nb");
	assert_int_equal(dec(buf, "%80%FF", true, false), 2); /* high bytes pass; UTF-8 is checked later */
}

static void test_decode_in_place(void **state)
{
	char buf[] = "x%41y+z";
	(void)state;
	assert_int_equal(url_decode(buf, buf, strlen(buf), true, false), 5);
	assert_string_equal(buf, "xAy z");
}

/* Runs field_check on a NUL-terminated value; returns the error. */
static enum field_error chk(const struct field_decl *d, const char *raw, struct field_value *v)
{
	return field_check(&A, d, raw, strlen(raw), v);
}

static const struct field_decl text_d = {"name", FIELD_TEXT, 2, 10, 0, 0, NULL};
static const struct field_decl text0_d = {"note", FIELD_TEXT, 0, 10, 0, 0, NULL};

static void test_text_trim(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&text_d, "  Anna \t", &v), FERR_NONE);
	assert_true(v.present);
	assert_string_equal(v.s, "Anna");
	assert_int_equal(v.len, 4);
	assert_int_equal(chk(&text_d, "a b", &v), FERR_NONE);
	assert_string_equal(v.s, "a b");
}

static void test_text_length(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&text_d, "ab", &v), FERR_NONE);
	assert_int_equal(chk(&text_d, "0123456789", &v), FERR_NONE);
	assert_int_equal(chk(&text_d, "a", &v), FERR_TOO_SHORT);
	assert_false(v.present);
	assert_null(v.s);
	assert_int_equal(chk(&text_d, "01234567890", &v), FERR_TOO_LONG);
	assert_false(v.present);
	/* length is counted in bytes after trimming */
	assert_int_equal(chk(&text_d, "   a    ", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&text_d, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", &v), FERR_NONE);
	assert_int_equal(chk(&text_d, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x", &v), FERR_TOO_LONG);
}

static void test_text_empty(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&text_d, "", &v), FERR_TOO_SHORT);
	assert_false(v.present);
	assert_int_equal(chk(&text_d, "   ", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&text0_d, "", &v), FERR_NONE);
	assert_true(v.present);
	assert_int_equal(v.len, 0);
	assert_string_equal(v.s, "");
	assert_int_equal(chk(&text0_d, " \t ", &v), FERR_NONE);
	assert_true(v.present);
	assert_int_equal(v.len, 0);
}

static void test_text_utf8(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&text_d, "Z\xc3\xbcrich", &v), FERR_NONE);    /* U+00FC */
	assert_int_equal(chk(&text_d, "\xe2\x82\xac 5", &v), FERR_NONE);     /* U+20AC */
	assert_int_equal(chk(&text_d, "\xf0\x9f\x98\x80", &v), FERR_NONE);   /* U+1F600 */
	assert_int_equal(chk(&text_d, "\xef\xbf\xbd", &v), FERR_NONE);       /* U+FFFD */
	assert_int_equal(chk(&text_d, "\xf4\x8f\xbf\xbf", &v), FERR_NONE);   /* U+10FFFF */
	assert_int_equal(chk(&text_d, "ab\xc0\xaf", &v), FERR_INVALID);      /* overlong '/' */
	assert_int_equal(chk(&text_d, "ab\xc1\xbf", &v), FERR_INVALID);      /* overlong */
	assert_int_equal(chk(&text_d, "\xe0\x80\xaf", &v), FERR_INVALID);    /* overlong 3-byte */
	assert_int_equal(chk(&text_d, "\xf0\x80\x80\xaf", &v), FERR_INVALID); /* overlong 4-byte */
	assert_int_equal(chk(&text_d, "\xed\xa0\x80", &v), FERR_INVALID);    /* U+D800 */
	assert_int_equal(chk(&text_d, "\xed\xbf\xbf", &v), FERR_INVALID);    /* U+DFFF */
	assert_int_equal(chk(&text_d, "\xf4\x90\x80\x80", &v), FERR_INVALID); /* > U+10FFFF */
	assert_int_equal(chk(&text_d, "\xf5\x80\x80\x80", &v), FERR_INVALID);
	assert_int_equal(chk(&text_d, "ab\x80", &v), FERR_INVALID);          /* lone continuation */
	assert_int_equal(chk(&text_d, "ab\xc3", &v), FERR_INVALID);          /* truncated */
	assert_int_equal(chk(&text_d, "ab\xe2\x82", &v), FERR_INVALID);
	assert_int_equal(chk(&text_d, "ab\xc3(", &v), FERR_INVALID);         /* bad continuation */
	assert_int_equal(chk(&text_d, "\xff\xfe", &v), FERR_INVALID);
	assert_false(v.present);
}

static void test_text_control(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&text_d, "a\tb", &v), FERR_NONE);
	assert_string_equal(v.s, "a\tb");
	assert_int_equal(chk(&text_d, "a\nb", &v), FERR_INVALID);
	assert_int_equal(chk(&text_d, "a\rb", &v), FERR_INVALID);
	assert_int_equal(chk(&text_d, "ab\n", &v), FERR_INVALID);
	assert_int_equal(chk(&text_d, "a\x1b[b", &v), FERR_INVALID);
	assert_int_equal(chk(&text_d, "a\x7f", &v), FERR_INVALID);
	assert_int_equal(field_check(&A, &text_d, "ab\0cd", 5, &v), FERR_INVALID);
}

static const struct field_decl lines_d = {"bio", FIELD_LINES, 1, 20, 0, 0, NULL};

static void test_lines(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&lines_d, "\r\n one\r\ntwo\rthree\nfour \r\n", &v), FERR_NONE);
	assert_string_equal(v.s, "one\ntwo\nthree\nfour");
	assert_int_equal(v.len, 18);
	assert_int_equal(chk(&lines_d, "\r\n\r\n", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&lines_d, "a\x01", &v), FERR_INVALID);
	assert_int_equal(chk(&lines_d, "a\xed\xa0\x80", &v), FERR_INVALID);
	/* the limit applies to the normalised text: 10 CRLFs count as 10 bytes */
	assert_int_equal(chk(&lines_d, "a\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\n\r\nb", &v), FERR_NONE);
	assert_int_equal(v.len, 12);
	assert_int_equal(chk(&lines_d, "123456789012345678901", &v), FERR_TOO_LONG);
}

static const struct field_decl secret_d = {"password", FIELD_SECRET, 3, 8, 0, 0, NULL};

static void test_secret(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&secret_d, " pw  ", &v), FERR_NONE);
	assert_true(v.present);
	assert_string_equal(v.s, " pw  "); /* not trimmed */
	assert_int_equal(v.len, 5);
	assert_int_equal(chk(&secret_d, "\xc3\xa4\xc3\xb6", &v), FERR_NONE);
	assert_int_equal(chk(&secret_d, "ab", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&secret_d, "", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&secret_d, "123456789", &v), FERR_TOO_LONG);
	assert_int_equal(chk(&secret_d, "abc\xc0\xaf", &v), FERR_INVALID);
	assert_int_equal(chk(&secret_d, "abc\ndef", &v), FERR_INVALID);
	assert_int_equal(field_check(&A, &secret_d, "abc\0d", 5, &v), FERR_INVALID);
	assert_false(v.present);
}

static const struct field_decl email_d = {"email", FIELD_EMAIL, 0, 0, 0, 0, NULL};
static const struct field_decl email20_d = {"email", FIELD_EMAIL, 0, 20, 0, 0, NULL};

static void test_email_valid(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&email_d, "Anna.Muster@Example.COM", &v), FERR_NONE);
	assert_true(v.present);
	assert_string_equal(v.s, "Anna.Muster@example.com"); /* local part kept, domain lowered */
	assert_int_equal(chk(&email_d, " a@b.ch\t", &v), FERR_NONE);
	assert_string_equal(v.s, "a@b.ch");
	assert_int_equal(chk(&email_d, "x+tag!#$%&'*/=?^_`{|}~-@mail-1.example.org", &v), FERR_NONE);
	assert_int_equal(chk(&email_d, "a@xn--bcher-kva.example", &v), FERR_NONE);
}

static void test_email_invalid(void **state)
{
	struct field_value v;
	(void)state;
	const char *bad[] = {
		"plain", "a@", "@b.ch", "a@b", "a@@b.ch", "a@b@c.ch", "a b@c.ch", "a@b c.ch",
		"a@b..ch", "a@.b.ch", "a@b.ch.", ".a@b.ch", "a.@b.ch", "a..b@c.ch", "a@b_c.ch",
		"a@-b.ch", "a@b-.ch", "\"a\"@b.ch", "a(b)@c.ch", "a,b@c.ch", "a@[1.2.3.4]",
		"a\r\nBcc: x@y.ch@b.ch", "a@b.ch\r\nBcc: x@y.ch", "a@b.ch\n", "\xc3\xa4@b.ch",
		"a@b\xc3\xa4.ch", "a\x01@b.ch",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(chk(&email_d, bad[i], &v), FERR_INVALID);
		assert_false(v.present);
	}
	assert_int_equal(field_check(&A, &email_d, "a\0b@c.ch", 8, &v), FERR_INVALID);
}

static void test_email_length(void **state)
{
	struct field_value v;
	char buf[300];
	(void)state;
	assert_int_equal(chk(&email20_d, "abcdefghij@exam.com", &v), FERR_NONE); /* 19 */
	assert_int_equal(chk(&email20_d, "abcdefghijk@exam.com", &v), FERR_NONE); /* 20 */
	assert_int_equal(chk(&email20_d, "abcdefghijkl@exam.com", &v), FERR_TOO_LONG);
	/* default limit 254: a 64-byte local part and a 189-byte domain make 254 */
	memset(buf, 'a', 64);
	buf[64] = '@';
	memset(buf + 65, 'b', 189);
	buf[65 + 62] = '.';
	buf[65 + 125] = '.'; /* labels of 62, 62 and 63 bytes */
	buf[254] = '\0';
	assert_int_equal(chk(&email_d, buf, &v), FERR_NONE);
	assert_int_equal(v.len, 254);
	memcpy(buf + 254, "b", 2); /* 255 */
	assert_int_equal(chk(&email_d, buf, &v), FERR_TOO_LONG);
	/* local part over 64 bytes */
	memset(buf, 'a', 65);
	memcpy(buf + 65, "@b.ch", 6);
	assert_int_equal(chk(&email_d, buf, &v), FERR_INVALID);
	/* label over 63 bytes */
	memcpy(buf, "a@", 2);
	memset(buf + 2, 'b', 64);
	memcpy(buf + 66, ".ch", 4);
	assert_int_equal(chk(&email_d, buf, &v), FERR_INVALID);
}

static void test_email_empty(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&email_d, "", &v), FERR_NONE);
	assert_false(v.present);
	assert_int_equal(chk(&email_d, "  ", &v), FERR_NONE);
	assert_false(v.present);
}

static const struct field_decl int_d = {"n", FIELD_INT, 0, 0, -5, 100, NULL};
static const struct field_decl intall_d = {"n", FIELD_INT, 0, 0, LLONG_MIN, LLONG_MAX, NULL};

static void test_int(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&int_d, "42", &v), FERR_NONE);
	assert_true(v.present);
	assert_int_equal(v.i, 42);
	assert_int_equal(chk(&int_d, "-5", &v), FERR_NONE);
	assert_int_equal(v.i, -5);
	assert_int_equal(chk(&int_d, "100", &v), FERR_NONE);
	assert_int_equal(v.i, 100);
	assert_int_equal(chk(&int_d, "007", &v), FERR_NONE);
	assert_int_equal(v.i, 7);
	assert_int_equal(chk(&int_d, "101", &v), FERR_RANGE);
	assert_false(v.present);
	assert_int_equal(chk(&int_d, "-6", &v), FERR_RANGE);
	const char *bad[] = {"-", "+1", "1.0", "1e3", " 1", "1 ", "0x10", "1a", "--1", "\xd9\xa3"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(chk(&int_d, bad[i], &v), FERR_INVALID);
	assert_int_equal(chk(&int_d, "", &v), FERR_NONE); /* not given */
	assert_false(v.present);
}

static void test_int_overflow(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&intall_d, "9223372036854775807", &v), FERR_NONE);
	assert_true(v.i == LLONG_MAX);
	assert_int_equal(chk(&intall_d, "-9223372036854775808", &v), FERR_NONE);
	assert_true(v.i == LLONG_MIN);
	assert_int_equal(chk(&intall_d, "9223372036854775808", &v), FERR_RANGE);
	assert_int_equal(chk(&intall_d, "-9223372036854775809", &v), FERR_RANGE);
	assert_int_equal(chk(&intall_d, "99999999999999999999999", &v), FERR_RANGE);
	assert_int_equal(chk(&intall_d, "99999999999999999999999x", &v), FERR_INVALID);
	assert_int_equal(chk(&intall_d, "0000000000000000000000001", &v), FERR_NONE);
	assert_int_equal(v.i, 1);
}

static const char *const colours[] = {"red", "green", "blue", NULL};
static const struct field_decl enum_d = {"colour", FIELD_ENUM, 0, 0, 0, 0, colours};

static void test_enum(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&enum_d, "red", &v), FERR_NONE);
	assert_int_equal(v.i, 0);
	assert_int_equal(chk(&enum_d, "blue", &v), FERR_NONE);
	assert_true(v.present);
	assert_int_equal(v.i, 2);
	assert_string_equal(v.s, "blue");
	assert_int_equal(chk(&enum_d, "Blue", &v), FERR_INVALID);
	assert_int_equal(chk(&enum_d, "blu", &v), FERR_INVALID);
	assert_int_equal(chk(&enum_d, "blue ", &v), FERR_INVALID);
	assert_int_equal(chk(&enum_d, "bluee", &v), FERR_INVALID);
	assert_int_equal(field_check(&A, &enum_d, "red\0x", 5, &v), FERR_INVALID);
	assert_false(v.present);
}

static const struct field_decl bool_d = {"agree", FIELD_BOOL, 0, 0, 0, 0, NULL};

static void test_bool(void **state)
{
	struct field_value v;
	(void)state;
	const char *yes[] = {"1", "on", "true", "yes"};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(chk(&bool_d, yes[i], &v), FERR_NONE);
		assert_true(v.present);
		assert_int_equal(v.i, 1);
	}
	const char *no[] = {"0", "off", "false", "", "ON", "y", "2"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		assert_int_equal(chk(&bool_d, no[i], &v), FERR_INVALID);
		assert_false(v.present);
	}
}

static const struct field_decl token_d = {"t", FIELD_TOKEN, 4, 8, 0, 0, NULL};

static void test_token(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&token_d, "aZ09_-", &v), FERR_NONE);
	assert_string_equal(v.s, "aZ09_-");
	assert_int_equal(chk(&token_d, "abcd", &v), FERR_NONE);
	assert_int_equal(chk(&token_d, "abcdefgh", &v), FERR_NONE);
	assert_int_equal(chk(&token_d, "abc", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&token_d, "", &v), FERR_TOO_SHORT);
	assert_int_equal(chk(&token_d, "abcdefghi", &v), FERR_TOO_LONG);
	assert_int_equal(chk(&token_d, "ab+cd", &v), FERR_INVALID);
	assert_int_equal(chk(&token_d, "ab/cd", &v), FERR_INVALID);
	assert_int_equal(chk(&token_d, "abcd=", &v), FERR_INVALID);
	assert_int_equal(chk(&token_d, " abcd", &v), FERR_INVALID);
	assert_int_equal(chk(&token_d, "ab.cd", &v), FERR_INVALID);
	assert_false(v.present);
}

static const struct field_decl date_d = {"d", FIELD_DATE, 0, 0, 0, 0, NULL};

static void test_date(void **state)
{
	struct field_value v;
	(void)state;
	assert_int_equal(chk(&date_d, "2024-02-29", &v), FERR_NONE); /* leap year */
	assert_true(v.present);
	assert_int_equal(v.i, 20240229);
	assert_string_equal(v.s, "2024-02-29");
	assert_int_equal(chk(&date_d, "2000-02-29", &v), FERR_NONE); /* divisible by 400 */
	assert_int_equal(chk(&date_d, "1970-01-01", &v), FERR_NONE);
	assert_int_equal(v.i, 19700101);
	assert_int_equal(chk(&date_d, "2023-12-31", &v), FERR_NONE);
	const char *bad[] = {
		"2023-02-29", "1900-02-29", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00",
		"2023-01-32", "0000-01-01", "2023-1-01",  "2023-01-1",  "23-01-01",   "2023/01/01",
		"2023-01-01T00:00", "20230101", " 2023-01-01", "2023-0a-01", "+023-01-01",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(chk(&date_d, bad[i], &v), FERR_INVALID);
		assert_false(v.present);
	}
}

static void test_error_keys(void **state)
{
	(void)state;
	assert_null(field_error_key(FERR_NONE));
	assert_string_equal(field_error_key(FERR_MISSING), "field.missing");
	assert_string_equal(field_error_key(FERR_TOO_SHORT), "field.too_short");
	assert_string_equal(field_error_key(FERR_TOO_LONG), "field.too_long");
	assert_string_equal(field_error_key(FERR_INVALID), "field.invalid");
	assert_string_equal(field_error_key(FERR_RANGE), "field.range");
	assert_string_equal(field_error_key(FERR_DUPLICATE), "field.duplicate");
}

enum { F_EMAIL, F_NAME, F_AGE, F_AGREE, F_BIO, F__MAX };
static const struct field_decl decls[F__MAX] = {
	[F_EMAIL] = {"email", FIELD_EMAIL, 0, 254, 0, 0, NULL},
	[F_NAME] = {"name", FIELD_TEXT, 1, 40, 0, 0, NULL},
	[F_AGE] = {"age", FIELD_INT, 0, 0, 0, 150, NULL},
	[F_AGREE] = {"agree", FIELD_BOOL, 0, 0, 0, 0, NULL},
	[F_BIO] = {"bio", FIELD_LINES, 0, 100, 0, 0, NULL},
};

/* Parses body into f with decls; returns form_parse_urlencoded's result. */
static int parse(struct form *f, const char *body)
{
	form_init(&A, f, decls, F__MAX);
	return form_parse_urlencoded(&A, f, body, strlen(body));
}

static void test_form_init(void **state)
{
	struct form f;
	(void)state;
	form_init(&A, &f, decls, F__MAX);
	assert_ptr_equal(f.decl, decls);
	assert_int_equal(f.n, F__MAX);
	for (size_t i = 0; i < F__MAX; i++) {
		assert_false(f.v[i].present);
		assert_int_equal(f.v[i].err, FERR_NONE);
	}
	assert_true(form_ok(&f));
}

static void test_form_parse(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse(&f, "email=Anna%40Example.ch&name=Anna+M%C3%BCller&age=42&agree=on"
	                           "&bio=line1%0D%0Aline2&other=ignored"),
	                 0);
	assert_true(form_ok(&f));
	assert_true(f.v[F_EMAIL].present);
	assert_string_equal(f.v[F_EMAIL].s, "Anna@example.ch");
	assert_string_equal(f.v[F_NAME].s, "Anna M\xc3\xbcller");
	assert_int_equal(f.v[F_AGE].i, 42);
	assert_int_equal(f.v[F_AGREE].i, 1);
	assert_string_equal(f.v[F_BIO].s, "line1\nline2");
}

static void test_form_absent_and_empty(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse(&f, "name=x&&age=&bio=&"), 0);
	assert_true(form_ok(&f));
	assert_true(f.v[F_NAME].present);
	assert_false(f.v[F_AGE].present);  /* empty number: not given */
	assert_true(f.v[F_BIO].present);   /* empty text with minlen 0 */
	assert_int_equal(f.v[F_BIO].len, 0);
	assert_false(f.v[F_EMAIL].present);
	assert_false(f.v[F_AGREE].present);
	assert_int_equal(parse(&f, ""), 0);
	assert_int_equal(form_parse_urlencoded(&A, &f, NULL, 0), 0);
	assert_int_equal(parse(&f, "bio"), 0); /* a name without '=' has an empty value */
	assert_true(f.v[F_BIO].present);
	assert_int_equal(f.v[F_BIO].len, 0);
}

static void test_form_field_errors(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse(&f, "email=nope&name=%20%20&age=151&agree=maybe&bio=ok"), 0);
	assert_false(form_ok(&f));
	assert_int_equal(f.v[F_EMAIL].err, FERR_INVALID);
	assert_int_equal(f.v[F_NAME].err, FERR_TOO_SHORT);
	assert_int_equal(f.v[F_AGE].err, FERR_RANGE);
	assert_int_equal(f.v[F_AGREE].err, FERR_INVALID);
	assert_int_equal(f.v[F_BIO].err, FERR_NONE);
	for (size_t i = 0; i < F_BIO; i++)
		assert_false(f.v[i].present);
	assert_true(f.v[F_BIO].present);
	/* a newline is valid encoding but not valid in a one-line field */
	assert_int_equal(parse(&f, "name=a%0Ab"), 0);
	assert_int_equal(f.v[F_NAME].err, FERR_INVALID);
	/* invalid UTF-8 is a field error, not an encoding error */
	assert_int_equal(parse(&f, "name=%C0%AF"), 0);
	assert_int_equal(f.v[F_NAME].err, FERR_INVALID);
}

static void test_form_duplicate(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse(&f, "name=a&age=1&name=b"), 0);
	assert_int_equal(f.v[F_NAME].err, FERR_DUPLICATE);
	assert_false(f.v[F_NAME].present);
	assert_null(f.v[F_NAME].s);
	assert_true(f.v[F_AGE].present);
	assert_false(form_ok(&f));
	assert_int_equal(parse(&f, "age=&age=3"), 0); /* an empty value was still sent */
	assert_int_equal(f.v[F_AGE].err, FERR_DUPLICATE);
	assert_int_equal(parse(&f, "age=x&age=3&age=4"), 0);
	assert_int_equal(f.v[F_AGE].err, FERR_DUPLICATE);
	assert_int_equal(parse(&f, "other=1&other=2"), 0); /* undeclared: ignored */
	assert_true(form_ok(&f));
}

static void test_form_malformed(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse(&f, "name=a%G1"), -1);
	assert_int_equal(parse(&f, "name=a%4"), -1);
	assert_int_equal(parse(&f, "name=a%00"), -1);
	assert_int_equal(parse(&f, "name=a%01"), -1);
	assert_int_equal(parse(&f, "other=%zz"), -1);   /* even in an undeclared field */
	assert_int_equal(parse(&f, "na%0Ame=a"), -1);   /* no newline in a name */
	assert_int_equal(parse(&f, "name=a\x7f"), -1);
	assert_int_equal(parse(&f, "name=ok&age=%"), -1);
}

static void test_form_name_decoding(void **state)
{
	struct form f;
	(void)state;
	assert_int_equal(parse(&f, "%6Eame=x&Name=y&name%20=z"), 0);
	assert_true(f.v[F_NAME].present);
	assert_string_equal(f.v[F_NAME].s, "x");
}

static void test_form_require(void **state)
{
	struct form f;
	const unsigned req[] = {F_EMAIL, F_NAME, F_AGE};
	(void)state;
	assert_int_equal(parse(&f, "name=Anna&age=abc"), 0);
	assert_int_equal(form_require(&f, req, 3), -1);
	assert_int_equal(f.v[F_EMAIL].err, FERR_MISSING);
	assert_int_equal(f.v[F_NAME].err, FERR_NONE);
	assert_int_equal(f.v[F_AGE].err, FERR_INVALID); /* its own error is kept */
	assert_int_equal(f.v[F_AGREE].err, FERR_NONE);  /* not listed */
	assert_false(form_ok(&f));

	assert_int_equal(parse(&f, "name=Anna&age=3&email=a@b.ch"), 0);
	assert_int_equal(form_require(&f, req, 3), 0);
	assert_true(form_ok(&f));
	assert_int_equal(form_require(&f, req, 0), 0);

	assert_int_equal(parse(&f, "name=Anna&age=&email=a@b.ch"), 0);
	assert_int_equal(form_require(&f, req, 3), -1);
	assert_int_equal(f.v[F_AGE].err, FERR_MISSING);
}

/* FIELD_IDS: repeated checkboxes or a comma list, each id checked, a bounded count. */
static void test_form_ids(void **state)
{
	static const struct field_decl d[] = {{"products", FIELD_IDS, 0, 3, 0, 1000, NULL}};
	struct form f;
	(void)state;
	form_init(&A, &f, d, 1);
	assert_int_equal(form_parse_urlencoded(&A, &f, "products=7&x=1&products=12&products=", 36), 0);
	assert_true(f.v[0].present);
	assert_string_equal(f.v[0].s, "7,12");
	assert_int_equal(f.v[0].i, 2);
	form_init(&A, &f, d, 1);
	assert_int_equal(form_parse_urlencoded(&A, &f, "products=1%2C2%2C3", 18), 0);
	assert_int_equal(f.v[0].i, 3);
	const char *bad[][2] = {{"products=1&products=2&products=3&products=4", "field.too_long"},
	                        {"products=0", "field.invalid"}, {"products=01", "field.invalid"},
	                        {"products=1001", "field.range"}, {"products=1,,2", "field.invalid"},
	                        {"products=1,", "field.invalid"}, {"products=a", "field.invalid"},
	                        {"products=-1", "field.invalid"}, {"products=x&products=1", "field.invalid"}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		form_init(&A, &f, d, 1);
		assert_int_equal(form_parse_urlencoded(&A, &f, bad[i][0], strlen(bad[i][0])), 0);
		assert_false(f.v[0].present);
		assert_string_equal(field_error_key(f.v[0].err), bad[i][1]);
	}
	form_init(&A, &f, d, 1);
	assert_int_equal(form_parse_urlencoded(&A, &f, "products=", 9), 0);
	assert_false(f.v[0].present);
	assert_int_equal(f.v[0].err, FERR_NONE);
}

/* A cut never splits a UTF-8 character: a column of that many characters takes the rest. */
static void test_text_clip(void **state)
{
	(void)state;
	assert_int_equal(text_clip("abc", 5), 3);
	assert_int_equal(text_clip("abcdef", 3), 3);
	assert_int_equal(text_clip("", 0), 0);
	/* "€" is 3 bytes: 2 of them alone would be invalid. */
	assert_int_equal(text_clip("a\xe2\x82\xac", 3), 1);
	assert_int_equal(text_clip("a\xe2\x82\xac", 4), 4);
	assert_int_equal(text_clip("\xe2\x82\xac\xe2\x82\xac", 5), 3);
	assert_int_equal(text_clip("\xc3\xa4\xc3\xa4", 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_decode_plain, reset),
		cmocka_unit_test_teardown(test_decode_escapes, reset),
		cmocka_unit_test_teardown(test_decode_plus, reset),
		cmocka_unit_test_teardown(test_decode_bad_escape, reset),
		cmocka_unit_test_teardown(test_decode_control, reset),
		cmocka_unit_test_teardown(test_decode_in_place, reset),
		cmocka_unit_test_teardown(test_text_trim, reset),
		cmocka_unit_test_teardown(test_text_length, reset),
		cmocka_unit_test_teardown(test_text_empty, reset),
		cmocka_unit_test_teardown(test_text_utf8, reset),
		cmocka_unit_test_teardown(test_text_control, reset),
		cmocka_unit_test_teardown(test_lines, reset),
		cmocka_unit_test_teardown(test_secret, reset),
		cmocka_unit_test_teardown(test_email_valid, reset),
		cmocka_unit_test_teardown(test_email_invalid, reset),
		cmocka_unit_test_teardown(test_email_length, reset),
		cmocka_unit_test_teardown(test_email_empty, reset),
		cmocka_unit_test_teardown(test_int, reset),
		cmocka_unit_test_teardown(test_int_overflow, reset),
		cmocka_unit_test_teardown(test_enum, reset),
		cmocka_unit_test_teardown(test_bool, reset),
		cmocka_unit_test_teardown(test_token, reset),
		cmocka_unit_test_teardown(test_date, reset),
		cmocka_unit_test_teardown(test_error_keys, reset),
		cmocka_unit_test_teardown(test_form_init, reset),
		cmocka_unit_test_teardown(test_form_parse, reset),
		cmocka_unit_test_teardown(test_form_absent_and_empty, reset),
		cmocka_unit_test_teardown(test_form_field_errors, reset),
		cmocka_unit_test_teardown(test_form_duplicate, reset),
		cmocka_unit_test_teardown(test_form_malformed, reset),
		cmocka_unit_test_teardown(test_form_name_decoding, reset),
		cmocka_unit_test_teardown(test_form_require, reset),
		cmocka_unit_test_teardown(test_form_ids, reset),
		cmocka_unit_test(test_text_clip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
