/* libFuzzer target: json_body_parse on a request body. */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define CHECK(x) ((x) ? (void)0 : abort())

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* Runs the parser on one input and checks its contract; returns 0 (libFuzzer's convention). */
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct arena a;
	static int ready;
	const char *err = NULL;

	if (!ready) {
		arena_init(&a);
		ready = 1;
	}
	json_t *v = json_body_parse(&a, (const char *)data, size, &err);
	if (v == NULL) {
		CHECK(err != NULL && err[0] != '\0');
		for (const char *p = err; *p != '\0'; p++)
			CHECK(*p >= 0x20 && *p <= 0x7e);
	} else {
		CHECK(err == NULL);
		/* a value that parsed serialises again (jansson walks it) */
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		CHECK(s != NULL);
		free(s);
	}
	arena_reset(&a);
	return 0;
}
