/* Unit tests for the throttling policy in fcgi/core/throttle.c (pure part). */
#include "unit.h"

static void test_free_attempts(void **state)
{
	(void)state;
	for (long f = 0; f < 5; f++)
		assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, f, 0), 0);
	for (long f = 0; f < 20; f++)
		assert_int_equal(throttle_delay(THR_LOGIN_ADDRESS, f, 0), 0);
}

static void test_doubling_and_cap(void **state)
{
	(void)state;
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 5, 0), 15);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 6, 0), 30);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 8, 0), 120);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 10, 0), 480);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 11, 0), 900);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 60, 0), 900);
	assert_int_equal(throttle_delay(THR_LOGIN_ADDRESS, 20, 0), 15);
	/* Time already waited counts. */
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 7, 50), 10);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 7, 60), 0);
}

static void test_hourly_cap(void **state)
{
	(void)state;
	/* At most 100 failures an hour per account: then the rest of the hour is closed. */
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 100, 0), 3600);
	assert_int_equal(throttle_delay(THR_LOGIN_ACCOUNT, 100, 600), 3000);
	assert_int_equal(throttle_delay(THR_LOGIN_ADDRESS, 300, 0), 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_attempts),
		cmocka_unit_test(test_doubling_and_cap),
		cmocka_unit_test(test_hourly_cap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
