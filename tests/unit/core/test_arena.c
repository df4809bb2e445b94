/* Unit tests for fcgi/core/arena.c: alignment, growth, big blocks, cleanups, reset. */
#include "unit.h"

static int cleaned;

static void count_cleanup(void *p)
{
	cleaned += *(int *)p;
}

static void test_alignment_and_growth(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	for (int i = 0; i < 10000; i++) {
		char *p = arena_alloc(&a, (size_t)(i % 37) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, (size_t)(i % 37) + 1);
	}
	assert_true(a.used >= 10000);
	arena_free(&a);
}

static void test_big_block_keeps_small_space(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	char *small = arena_alloc(&a, 16);
	char *big = arena_alloc(&a, 1 << 20);
	memset(big, 1, 1 << 20);
	char *small2 = arena_alloc(&a, 16);
	/* The small allocation after a big one still comes from the first chunk. */
	assert_int_equal(small2 - small, 16);
	arena_free(&a);
}

static void test_strings(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	assert_string_equal(arena_strdup(&a, "Kontor"), "Kontor");
	assert_string_equal(arena_strndup(&a, "Kontor", 3), "Kon");
	assert_string_equal(arena_printf(&a, "%s-%d", "id", 42), "id-42");
	char longer[600];
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_string_equal(arena_printf(&a, "%s", longer), longer);
	char *z = arena_calloc(&a, 100, 4);
	for (int i = 0; i < 400; i++)
		assert_int_equal(z[i], 0);
	arena_free(&a);
}

static void test_cleanups_run_newest_first_at_reset(void **state)
{
	struct arena a;
	static int one = 1, ten = 10;
	(void)state;
	arena_init(&a);
	cleaned = 0;
	arena_cleanup(&a, count_cleanup, &one);
	arena_cleanup(&a, count_cleanup, &ten);
	assert_int_equal(cleaned, 0);
	arena_reset(&a);
	assert_int_equal(cleaned, 11);
	assert_int_equal(a.used, 0);
	/* Reset twice runs nothing again. */
	arena_reset(&a);
	assert_int_equal(cleaned, 11);
	arena_free(&a);
}

static void test_reset_reuses_memory(void **state)
{
	struct arena a;
	(void)state;
	arena_init(&a);
	void *first = arena_alloc(&a, 100);
	arena_reset(&a);
	void *again = arena_alloc(&a, 100);
	assert_ptr_equal(first, again);
	arena_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alignment_and_growth),
		cmocka_unit_test(test_big_block_keeps_small_space),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_cleanups_run_newest_first_at_reset),
		cmocka_unit_test(test_reset_reuses_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
