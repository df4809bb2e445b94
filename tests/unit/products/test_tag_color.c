/* Tags' names and colours: fcgi/products/tag_color.c. */
#include <stdio.h>

#include "unit.h"

#include "../../../fcgi/products/tag_color.c"

static void test_palette_is_readable(void **state)
{
	(void)state;
	int n = 0;
	for (int i = 0; tag_palette[i]; i++, n++) {
		char c[8];
		assert_true(tag_color(tag_palette[i], c));
		assert_string_equal(c, tag_palette[i]);
		assert_true(tag_contrast(c, tag_text_color(c)) >= 4.5);
	}
	assert_true(n >= 12);
}

static void test_any_colour_gets_readable_text(void **state)
{
	(void)state;
	char c[8];
	/* Mid greys are the hardest case: the better of black and white is still AA. */
	for (int v = 0; v < 256; v += 5) {
		char in[8];
		snprintf(in, sizeof(in), "#%02x%02x%02x", v, v, v);
		assert_true(tag_color(in, c));
		assert_true(tag_contrast(c, tag_text_color(c)) >= 4.5);
	}
	assert_string_equal(tag_text_color("#ffffff"), "#000000");
	assert_string_equal(tag_text_color("#000000"), "#ffffff");
	assert_true(tag_contrast("#000000", "#ffffff") > 20.9);
}

static void test_colour_forms(void **state)
{
	(void)state;
	char c[8];
	assert_true(tag_color("#ABC", c));
	assert_string_equal(c, "#aabbcc");
	assert_true(tag_color("#1A2b3C", c));
	assert_string_equal(c, "#1a2b3c");
	assert_false(tag_color("1a2b3c", c));
	assert_false(tag_color("#1a2b3", c));
	assert_false(tag_color("#1a2b3g", c));
	assert_false(tag_color("red", c));
	assert_false(tag_color("#1a2b3c;x", c));
	assert_false(tag_color("", c));
}

static void test_names(void **state)
{
	(void)state;
	assert_null(tag_name_problem("urgent"));
	assert_string_equal(tag_name_problem(""), "tag.name_empty");
	assert_null(tag_name_problem("123456789012345678901234567890"));
	assert_string_equal(tag_name_problem("1234567890123456789012345678901"), "tag.name_long");
	/* 30 characters of two bytes each: fine; 31: too long. */
	assert_null(tag_name_problem("ääääääääääääääääääääääääääääää"));
	assert_string_equal(tag_name_problem("äääääääääääääääääääääääääääääää"), "tag.name_long");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_palette_is_readable),
		cmocka_unit_test(test_any_colour_gets_readable_text),
		cmocka_unit_test(test_colour_forms),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
