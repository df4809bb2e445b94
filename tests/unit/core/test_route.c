/* Unit tests for fcgi/core/route.c: dispatch by table, {id} segments, 404 versus 405. */
#include "unit.h"

static int h(struct req *r)
{
	(void)r;
	return 200;
}

static const struct route routes[] = {
	{M_GET, "/", h, 0, NULL, 0, 0, 0},
	{M_GET, "/login", h, 0, NULL, 0, 0, 0},
	{M_POST, "/login", h, ROUTE_NEEDS_CSRF, NULL, 0, 0, 0},
	{M_GET, "/orgs/{id}/members/{id}", h, 0, NULL, 0, 0, 0},
	{M_DELETE, "/tags/{id}", h, 0, NULL, 0, 0, 0},
};
#define N (sizeof(routes) / sizeof(routes[0]))

static void test_exact(void **state)
{
	long long args[REQ_MAX_ARGS];
	int st;
	(void)state;
	assert_ptr_equal(route_match(routes, N, M_GET, "/", args, &st), &routes[0]);
	assert_ptr_equal(route_match(routes, N, M_POST, "/login", args, &st), &routes[2]);
	assert_int_equal(st, 200);
	/* HEAD is answered by the GET route. */
	assert_ptr_equal(route_match(routes, N, M_HEAD, "/login", args, &st), &routes[1]);
}

static void test_ids(void **state)
{
	long long args[REQ_MAX_ARGS];
	int st;
	(void)state;
	assert_ptr_equal(route_match(routes, N, M_GET, "/orgs/12/members/9007199254740992", args, &st), &routes[3]);
	assert_int_equal(args[0], 12);
	assert_int_equal(args[1], 9007199254740992LL);
	assert_ptr_equal(route_match(routes, N, M_DELETE, "/tags/7", args, &st), &routes[4]);
	assert_int_equal(args[0], 7);
}

static void test_bad_ids(void **state)
{
	long long args[REQ_MAX_ARGS];
	int st;
	(void)state;
	const char *bad[] = {"/tags/0", "/tags/-1", "/tags/07", "/tags/1a", "/tags/", "/tags/9007199254740993",
	                     "/tags/99999999999999999", "/tags/1/", "/tags/%31"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_null(route_match(routes, N, M_DELETE, bad[i], args, &st));
		assert_int_equal(st, 404);
	}
}

static void test_404_and_405(void **state)
{
	long long args[REQ_MAX_ARGS];
	int st;
	(void)state;
	assert_null(route_match(routes, N, M_GET, "/nowhere", args, &st));
	assert_int_equal(st, 404);
	assert_null(route_match(routes, N, M_DELETE, "/login", args, &st));
	assert_int_equal(st, 405);
	assert_null(route_match(routes, N, M_GET, "/login/", args, &st));
	assert_int_equal(st, 404);
	assert_null(route_match(routes, N, M_GET, "/LOGIN", args, &st));
	assert_int_equal(st, 404);
}

static void test_methods(void **state)
{
	(void)state;
	assert_int_equal(method_parse("GET"), M_GET);
	assert_int_equal(method_parse("PATCH"), M_PATCH);
	assert_int_equal(method_parse("get"), M__MAX);
	assert_int_equal(method_parse("TRACE"), M__MAX);
	assert_int_equal(method_parse(NULL), M__MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exact),      cmocka_unit_test(test_ids),
		cmocka_unit_test(test_bad_ids),    cmocka_unit_test(test_404_and_405),
		cmocka_unit_test(test_methods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
