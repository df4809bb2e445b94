/* Common includes for the cmocka unit tests. */
#ifndef KONTOR_UNIT_H
#define KONTOR_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "core.h"

/* The arena most tests allocate from, with cmocka fixtures: setup and teardown for the
 * group, reset after each test. Unused in a test file that does not need them. */
static struct arena A __attribute__((unused));

static inline int setup(void **state)
{
	(void)state;
	arena_init(&A);
	return 0;
}

static inline int teardown(void **state)
{
	(void)state;
	arena_free(&A);
	return 0;
}

static inline int reset(void **state)
{
	(void)state;
	arena_reset(&A);
	return 0;
}
#endif
