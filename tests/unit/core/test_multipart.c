/* Unit tests for fcgi/core/multipart.c: boundaries, parts, uploads, limits. */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"


#define CT "multipart/form-data; boundary=XyZ"

enum { F_TITLE, F_COUNT, F_NOTE, F__MAX };
static const struct field_decl decls[F__MAX] = {
	[F_TITLE] = {"title", FIELD_TEXT, 1, 20, 0, 0, NULL},
	[F_COUNT] = {"count", FIELD_INT, 0, 0, 0, 10, NULL},
	[F_NOTE] = {"note", FIELD_LINES, 0, 50, 0, 0, NULL},
};

/* Parses a NUL-free body with the given Content-Type into f and *files. */
static int parse_ct(struct form *f, struct upload **files, const char *ct, const char *body,
                    size_t max_files, size_t max_file)
{
	form_init(&A, f, decls, F__MAX);
	return multipart_parse(&A, f, files, ct, (const unsigned char *)body, strlen(body), max_files,
	                       max_file);
}

static int parse(struct form *f, struct upload **files, const char *body)
{
	return parse_ct(f, files, CT, body, 4, 1024);
}

static void test_boundary(void **state)
{
	(void)state;
	assert_string_equal(multipart_boundary(&A, "multipart/form-data; boundary=abc"), "abc");
	assert_string_equal(multipart_boundary(&A, "Multipart/Form-Data;BOUNDARY=abc"), "abc");
	assert_string_equal(multipart_boundary(&A, "multipart/form-data; boundary=\"a b:c\""),
	                    "a b:c");
	assert_string_equal(multipart_boundary(&A, "multipart/form-data; charset=utf-8; "
	                                           "boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"),
	                    "----WebKitFormBoundary7MA4YWxkTrZu0gW");
	assert_string_equal(multipart_boundary(&A, "multipart/form-data; boundary=x ;"), "x");
	char b70[128] = "multipart/form-data; boundary=";
	size_t n = strlen(b70);
	memset(b70 + n, 'a', 70);
	b70[n + 70] = '\0';
	assert_non_null(multipart_boundary(&A, b70));
	assert_int_equal(strlen(multipart_boundary(&A, b70)), 70);
	memcpy(b70 + n + 70, "a", 2);
	assert_null(multipart_boundary(&A, b70)); /* 71 */
}

static void test_boundary_invalid(void **state)
{
	(void)state;
	const char *bad[] = {
		NULL,
		"",
		"multipart/form-data",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"abc",
		"multipart/form-data; boundary=\"abc \"",    /* space last */
		"multipart/form-data; boundary=\"a\\\"b\"",  /* '\\' not a boundary character */
		"multipart/form-data; boundary=a; boundary=b",
		"multipart/form-dataX; boundary=abc",
		"multipart/mixed; boundary=abc",
		"application/x-www-form-urlencoded; boundary=abc",
		"multipart/form-data; boundary",
		"multipart/form-data boundary=abc",
		"multipart/form-data; boundary=a{b",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(multipart_boundary(&A, bad[i]));
}

static void test_text_parts(void **state)
{
	struct form f;
	struct upload *up = (struct upload *)1;
	(void)state;
	const char *body = "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"title\"\r\n"
	                   "\r\n"
	                   "  Hello  \r\n"
	                   "--XyZ\r\n"
	                   "content-disposition: form-data; name=count\r\n"
	                   "Content-Type: text/plain; charset=utf-8\r\n"
	                   "\r\n"
	                   "7\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"note\"\r\n"
	                   "\r\n"
	                   "a\r\nb\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"undeclared\"\r\n"
	                   "\r\n"
	                   "zzz\r\n"
	                   "--XyZ--\r\n";
	assert_int_equal(parse(&f, &up, body), 0);
	assert_null(up);
	assert_true(form_ok(&f));
	assert_string_equal(f.v[F_TITLE].s, "Hello");
	assert_int_equal(f.v[F_COUNT].i, 7);
	assert_string_equal(f.v[F_NOTE].s, "a\nb");
}

static void test_field_errors(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	const char *body = "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	                   "\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"count\"\r\n\r\n"
	                   "11\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"note\"\r\n\r\n"
	                   "\xc0\xaf\r\n"
	                   "--XyZ--";
	assert_int_equal(parse(&f, &up, body), 0);
	assert_false(form_ok(&f));
	assert_int_equal(f.v[F_TITLE].err, FERR_TOO_SHORT);
	assert_int_equal(f.v[F_COUNT].err, FERR_RANGE);
	assert_int_equal(f.v[F_NOTE].err, FERR_INVALID);
}

static void test_duplicate(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	const char *body = "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	                   "one\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	                   "two\r\n"
	                   "--XyZ--\r\n";
	assert_int_equal(parse(&f, &up, body), 0);
	assert_int_equal(f.v[F_TITLE].err, FERR_DUPLICATE);
	assert_false(f.v[F_TITLE].present);
}

static void test_files(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	const char *body = "preamble is ignored\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"doc\"; filename=\"a.txt\"\r\n"
	                   "Content-Type: text/plain\r\n"
	                   "\r\n"
	                   "first file\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; name=\"title\"\r\n\r\n"
	                   "T\r\n"
	                   "--XyZ\r\n"
	                   "Content-Disposition: form-data; filename=\"../../etc/passwd\"; name=\"doc\"\r\n"
	                   "\r\n"
	                   "second\r\n"
	                   "--XyZ  \r\n"
	                   "Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\n"
	                   "Content-Type: application/octet-stream\r\n"
	                   "\r\n"
	                   "\r\n"
	                   "--XyZ--\r\nepilogue";
	assert_int_equal(parse(&f, &up, body), 0);
	assert_string_equal(f.v[F_TITLE].s, "T");
	assert_non_null(up);
	assert_string_equal(up->field, "doc");
	assert_string_equal(up->filename, "a.txt");
	assert_string_equal(up->content_type, "text/plain");
	assert_int_equal(up->len, 10);
	assert_memory_equal(up->data, "first file", 10);
	assert_non_null(up->next);
	assert_string_equal(up->next->filename, "../../etc/passwd");
	assert_string_equal(up->next->content_type, "application/octet-stream");
	assert_int_equal(up->next->len, 6);
	assert_memory_equal(up->next->data, "second", 6);
	assert_null(up->next->next); /* the untouched file input is skipped */
}

static void test_binary_file(void **state)
{
	struct form f;
	struct upload *up;
	static const char head[] = "--XyZ\r\n"
	                           "Content-Disposition: form-data; name=\"bin\"; filename=\"x.bin\"\r\n"
	                           "\r\n";
	static const unsigned char data[] = {0, 1, '\r', '\n', '-', '-', 'X', 'y', 0xff, 0,
	                                     '\r', '\n', '-', '-', 'X', 'y', 'Q', '\r'};
	static const char tail[] = "\r\n--XyZ--\r\n";
	unsigned char body[256];
	size_t n = 0;
	(void)state;
	memcpy(body + n, head, sizeof(head) - 1), n += sizeof(head) - 1;
	memcpy(body + n, data, sizeof(data)), n += sizeof(data);
	memcpy(body + n, tail, sizeof(tail) - 1), n += sizeof(tail) - 1;
	form_init(&A, &f, decls, F__MAX);
	assert_int_equal(multipart_parse(&A, &f, &up, CT, body, n, 1, 100), 0);
	assert_non_null(up);
	assert_int_equal(up->len, sizeof(data));
	assert_memory_equal(up->data, data, sizeof(data));
	assert_null(up->next);
	/* a NUL in a text part is a field error, not a crash */
	static const char t1[] = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\na\0b"
	                         "\r\n--XyZ--";
	form_init(&A, &f, decls, F__MAX);
	assert_int_equal(multipart_parse(&A, &f, &up, CT, (const unsigned char *)t1, sizeof(t1) - 1,
	                                 1, 100),
	                 0);
	assert_int_equal(f.v[F_TITLE].err, FERR_INVALID);
}

static void test_file_limits(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	const char *two = "--XyZ\r\n"
	                  "Content-Disposition: form-data; name=\"a\"; filename=\"1\"\r\n\r\n"
	                  "12345\r\n"
	                  "--XyZ\r\n"
	                  "Content-Disposition: form-data; name=\"a\"; filename=\"2\"\r\n\r\n"
	                  "123456\r\n"
	                  "--XyZ--\r\n";
	assert_int_equal(parse_ct(&f, &up, CT, two, 2, 6), 0);
	assert_int_equal(parse_ct(&f, &up, CT, two, 1, 6), -1); /* too many files */
	assert_int_equal(parse_ct(&f, &up, CT, two, 2, 5), -1); /* second file too big */
	assert_int_equal(parse_ct(&f, &up, CT, two, 0, 100), -1);
}

static void test_empty_form(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	assert_int_equal(parse(&f, &up, "--XyZ--\r\n"), 0);
	assert_null(up);
	assert_true(form_ok(&f));
	assert_false(f.v[F_TITLE].present);
}

static void test_malformed(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	const char *bad[] = {
		"",
		"no boundary at all",
		/* missing final boundary */
		"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nabc",
		"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nabc\r\n--XyZ",
		"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nabc\r\n--XyZ\r\n",
		/* headers end before the blank line */
		"--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n",
		"--XyZ\r\nContent-Disposition: form-data; name=\"title\"",
		/* no Content-Disposition, or one without a name */
		"--XyZ\r\n\r\nabc\r\n--XyZ--",
		"--XyZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data\r\n\r\nabc\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nabc\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nabc\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nx\r\n--XyZ--",
		("--XyZ\r\nContent-Disposition: form-data; name=a\r\n"
		 "Content-Disposition: form-data; name=b\r\n\r\nx\r\n--XyZ--"),
		/* header lines that are not headers */
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nno colon\r\n\r\nx\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n folded\r\n\r\nx\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\nX: y\r\n\r\nx\r\n--XyZ--",
		/* the delimiter must be followed by CRLF or "--" */
		"--XyZjunk\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--XyZ--",
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--XyZ-\r\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse(&f, &up, bad[i]) != -1)
			fail_msg("accepted malformed body %zu", i);
	}
	assert_int_equal(parse_ct(&f, &up, "multipart/form-data", "--XyZ--", 1, 1), -1);
	assert_int_equal(parse_ct(&f, &up, "text/plain", "--XyZ--", 1, 1), -1);
}

/* Appends a part with a header line of hlen bytes (an X-Pad header) to a new body. */
static char *body_with_header(size_t hlen)
{
	const char *pre = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\nX-Pad: ";
	size_t pad = hlen - strlen("X-Pad: ");
	char *b = malloc(strlen(pre) + pad + 64);
	size_t n = strlen(pre);
	memcpy(b, pre, n);
	memset(b + n, 'p', pad);
	n += pad;
	memcpy(b + n, "\r\n\r\nok\r\n--XyZ--", sizeof("\r\n\r\nok\r\n--XyZ--"));
	return b;
}

static void test_header_line_limit(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	char *ok = body_with_header(1024), *big = body_with_header(1025);
	assert_int_equal(parse(&f, &up, ok), 0);
	assert_string_equal(f.v[F_TITLE].s, "ok");
	assert_int_equal(parse(&f, &up, big), -1);
	free(ok);
	free(big);
}

/* A one-part body with n headers (the disposition plus n - 1 X-N headers). */
static char *body_with_headers(int n)
{
	char *b = malloc(4096);
	int len = snprintf(b, 4096, "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n");
	for (int i = 1; i < n; i++)
		len += snprintf(b + len, 4096 - (size_t)len, "X-%d: v\r\n", i);
	snprintf(b + len, 4096 - (size_t)len, "\r\nok\r\n--XyZ--\r\n");
	return b;
}

static void test_header_count_limit(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	char *ok = body_with_headers(16), *many = body_with_headers(17);
	assert_int_equal(parse(&f, &up, ok), 0);
	assert_true(f.v[F_TITLE].present);
	assert_int_equal(parse(&f, &up, many), -1);
	free(ok);
	free(many);
}

/* A body of n parts for an undeclared text field. */
static char *body_with_parts(int n)
{
	static const char part[] = "--XyZ\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n";
	size_t plen = sizeof(part) - 1;
	char *b = malloc(plen * (size_t)n + 16);
	for (int i = 0; i < n; i++)
		memcpy(b + plen * (size_t)i, part, plen);
	memcpy(b + plen * (size_t)n, "--XyZ--\r\n", sizeof("--XyZ--\r\n"));
	return b;
}

static void test_part_limit(void **state)
{
	struct form f;
	struct upload *up;
	(void)state;
	char *ok = body_with_parts(200), *many = body_with_parts(201);
	assert_int_equal(parse(&f, &up, ok), 0);
	assert_int_equal(parse(&f, &up, many), -1);
	free(ok);
	free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_boundary, reset),
		cmocka_unit_test_teardown(test_boundary_invalid, reset),
		cmocka_unit_test_teardown(test_text_parts, reset),
		cmocka_unit_test_teardown(test_field_errors, reset),
		cmocka_unit_test_teardown(test_duplicate, reset),
		cmocka_unit_test_teardown(test_files, reset),
		cmocka_unit_test_teardown(test_binary_file, reset),
		cmocka_unit_test_teardown(test_file_limits, reset),
		cmocka_unit_test_teardown(test_empty_form, reset),
		cmocka_unit_test_teardown(test_malformed, reset),
		cmocka_unit_test_teardown(test_header_line_limit, reset),
		cmocka_unit_test_teardown(test_header_count_limit, reset),
		cmocka_unit_test_teardown(test_part_limit, reset),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
