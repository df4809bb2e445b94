/* Unit tests for the device endpoint's throttling policy (THR_DEVICE_ADDRESS in
 * fcgi/core/throttle.c): a file of its own so that other scopes' tests merge cleanly. */
#include "unit.h"

static void test_device_keys(void **state)
{
	(void)state;
	/* Ten wrong keys or tokens from an address are free (a device with a stale key retries). */
	for (long f = 0; f < 10; f++)
		assert_int_equal(throttle_delay(THR_DEVICE_ADDRESS, f, 0), 0);
	/* Then the usual doubling from 15 seconds, up to 15 minutes. */
	assert_int_equal(throttle_delay(THR_DEVICE_ADDRESS, 10, 0), 15);
	assert_int_equal(throttle_delay(THR_DEVICE_ADDRESS, 11, 0), 30);
	assert_int_equal(throttle_delay(THR_DEVICE_ADDRESS, 40, 0), 900);
	/* And at most 300 an hour. */
	assert_int_equal(throttle_delay(THR_DEVICE_ADDRESS, 300, 0), 3600);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
