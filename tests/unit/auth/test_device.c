/* The device names of the sessions page: fcgi/auth/device.c, with User-Agent headers as
 * current browsers, phones and tools send them. */
#include "unit.h"

#include "../../../fcgi/auth/device.c"

static void expect(const char *ua, const char *want)
{
	char out[96];
	memset(out, 'x', sizeof(out));
	const char *got = device_name(ua, "on", out, sizeof(out));
	if (want == NULL) {
		assert_null(got);
		assert_string_equal(out, "");
		return;
	}
	if (got == NULL || strcmp(got, want) != 0)
		print_error("\"%s\": \"%s\", expected \"%s\"\n", ua, got ? got : "(null)", want);
	assert_non_null(got);
	assert_ptr_equal(got, out);
	assert_string_equal(got, want);
}

static void test_desktop_browsers(void **state)
{
	(void)state;
	expect("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox on Linux");
	expect("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox on Linux");
	expect("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " Chrome/126.0.0.0 Safari/537.36", "Chrome on Windows");
	expect("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87", "Edge on Windows");
	expect("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
	       " Version/17.5 Safari/605.1.15", "Safari on macOS");
	expect("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
	       "Firefox on macOS");
	expect("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " Chrome/126.0.0.0 Safari/537.36 OPR/111.0.0.0", "Opera on Linux");
	expect("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " Chrome/126.0.0.0 Safari/537.36", "Chrome on ChromeOS");
	expect("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " HeadlessChrome/126.0.0.0 Safari/537.36", "Chrome on Linux");
	expect("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
	       "Internet Explorer on Windows");
	expect("Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.12.2",
	       "Thunderbird on Linux");
}

static void test_phones(void **state)
{
	(void)state;
	expect("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
	       " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPhone");
	expect("Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
	       " (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1", "Safari on iPad");
	expect("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
	       " (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1", "Chrome on iPhone");
	expect("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
	       " (KHTML, like Gecko) FxiOS/127.0 Mobile/15E148 Safari/605.1.15", "Firefox on iPhone");
	/* An app's web view: WebKit without "Safari/". */
	expect("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15"
	       " (KHTML, like Gecko) Mobile/15E148", "Safari on iPhone");
	expect("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " Chrome/126.0.6478.71 Mobile Safari/537.36", "Chrome on Android");
	expect("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko)"
	       " SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android");
	expect("Mozilla/5.0 (Android 14; Mobile; rv:127.0) Gecko/127.0 Firefox/127.0", "Firefox on Android");
}

static void test_tools(void **state)
{
	(void)state;
	expect("curl/8.8.0", "curl");
	expect("Wget/1.21.4", "Wget");
	expect("python-requests/2.32.3", "Python");
	expect("Go-http-client/1.1", "Go");
	expect("DAVx5/4.4.1-ose (2024/06/10; dav4jvm; okhttp/4.12.0) Android/14", "DAVx5");
	expect("node", "Node.js");
}

static void test_unknown(void **state)
{
	(void)state;
	expect(NULL, NULL);
	expect("", NULL);
	expect("Mozilla/5.0", NULL);
	expect("SomethingElse/1.0", NULL);
	/* A system without a known browser: the system alone. */
	expect("Mozilla/5.0 (X11; Linux x86_64) SomeBrowser/1.0", "Linux");
}

static void test_joining_word_and_small_buffers(void **state)
{
	(void)state;
	char out[96];
	assert_string_equal(device_name("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101"
	                                " Firefox/128.0", "unter", out, sizeof(out)), "Firefox unter Linux");
	/* Truncated, never overrun, always terminated. */
	char small[8];
	memset(small, 'x', sizeof(small));
	assert_non_null(device_name("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101"
	                            " Firefox/128.0", "on", small, sizeof(small)));
	assert_string_equal(small, "Firefox");
	assert_null(device_name("curl/8.8.0", "on", small, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_desktop_browsers),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_tools),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_joining_word_and_small_buffers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
