/* libFuzzer target: multipart_parse. The input's first line is the Content-Type header,
 * the rest the body. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define MAX_FILES 3
#define MAX_FILE 4096

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static const struct field_decl decls[] = {
	{"title", FIELD_TEXT, 1, 80, 0, 0, NULL},
	{"note", FIELD_LINES, 0, 500, 0, 0, NULL},
	{"count", FIELD_INT, 0, 0, 0, 100, NULL},
	{"csrf", FIELD_TOKEN, 8, 64, 0, 0, NULL},
};
#define NDECLS (sizeof(decls) / sizeof(decls[0]))

/* Runs the parser on one input and checks its contract; returns 0 (libFuzzer's convention). */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct arena a;
	static int ready;
	struct form f;
	struct upload *files = NULL;

	if (!ready) {
		arena_init(&a);
		ready = 1;
	}
	const unsigned char *nl = memchr(data, '\n', size < 256 ? size : 256);
	if (nl == NULL)
		return 0;
	char *ctype = arena_strndup(&a, (const char *)data, (size_t)(nl - data));
	const unsigned char *body = nl + 1;
	size_t len = size - (size_t)(body - data);

	form_init(&a, &f, decls, NDECLS);
	const char *b = multipart_boundary(&a, ctype);
	int rc = multipart_parse(&a, &f, &files, ctype, body, len, MAX_FILES, MAX_FILE);
	if (b == NULL)
		CHECK(rc == -1);
	if (rc == 0) {
		size_t n = 0;
		for (const struct upload *u = files; u != NULL; u = u->next, n++) {
			CHECK(u->len <= MAX_FILE && u->field != NULL && u->filename != NULL);
			CHECK(u->content_type != NULL && u->data != NULL);
			CHECK(strpbrk(u->filename, "\r\n") == NULL);
		}
		CHECK(n <= MAX_FILES);
		for (size_t i = 0; i < NDECLS; i++)
			if (f.v[i].present)
				CHECK(f.v[i].err == FERR_NONE && strlen(f.v[i].s) == f.v[i].len);
	}
	arena_reset(&a);
	return 0;
}
