/* libFuzzer target: cookie_parse and cookie_find on a Cookie header. */
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define CHECK(x) ((x) ? (void)0 : abort())
#define MAX_COOKIES 8

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Runs the parser on one input and checks its contract; returns 0 (libFuzzer's convention). */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct arena a;
	static int ready;
	struct cookie c[MAX_COOKIES];

	if (!ready) {
		arena_init(&a);
		ready = 1;
	}
	/* a header reaches the parser as a C string: it ends at the first NUL */
	const char *header = arena_strndup(&a, (const char *)data, size);
	int n = cookie_parse(&a, header, c, MAX_COOKIES);
	CHECK(n >= 0 && n <= MAX_COOKIES);
	for (int i = 0; i < n; i++) {
		CHECK(c[i].name[0] != '\0' && strpbrk(c[i].name, "=; \t\"") == NULL);
		CHECK(strchr(c[i].value, ';') == NULL);
		const char *v = cookie_find(c, n, c[i].name);
		CHECK(v != NULL);
		CHECK(cookie_find(c, i + 1, c[i].name) == v);
	}
	CHECK(cookie_find(c, n > 0 ? n : 0, "") == NULL);
	arena_reset(&a);
	return 0;
}
