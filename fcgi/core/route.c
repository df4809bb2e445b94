/*
 * Dispatch by table: a method and a path pattern per route, "{id}" segments matching
 * positive integers. Unknown paths answer 404 and known paths with another method 405,
 * before anything touches the database.
 */
#include <stdlib.h>
#include <string.h>

#include "core.h"

enum method method_parse(const char *s)
{
	static const char *const names[M__MAX] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
	for (int i = 0; s != NULL && i < M__MAX; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum method)i;
	return M__MAX;
}

/* Parses a decimal id of 1..2^53 (what a JSON number holds exactly); 0 when not one. */
static long long parse_id(const char *s, size_t n)
{
	long long v = 0;
	if (n == 0 || n > 16 || s[0] == '0')
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v <= (1LL << 53) ? v : 0;
}

/* True when path matches pattern; fills args with the {id} values. */
static bool route_path(const char *pattern, const char *path, long long *args)
{
	int nargs = 0;
	while (*pattern != '\0' && *path != '\0') {
		if (pattern[0] == '{') {
			const char *close = strchr(pattern, '}');
			size_t n = strcspn(path, "/");
			long long v = parse_id(path, n);
			if (close == NULL || v == 0 || nargs >= REQ_MAX_ARGS)
				return false;
			args[nargs++] = v;
			pattern = close + 1;
			path += n;
			continue;
		}
		if (*pattern != *path)
			return false;
		pattern++;
		path++;
	}
	return *pattern == '\0' && *path == '\0';
}

const struct route *route_match(const struct route *routes, size_t n, enum method m,
                                const char *path, long long *args, int *status)
{
	bool path_known = false;
	enum method want = m == M_HEAD ? M_GET : m;
	for (size_t i = 0; i < n; i++) {
		long long tmp[REQ_MAX_ARGS] = {0};
		if (!route_path(routes[i].pattern, path, tmp))
			continue;
		path_known = true;
		if (routes[i].method != want)
			continue;
		memcpy(args, tmp, sizeof(tmp));
		*status = 200;
		return &routes[i];
	}
	*status = path_known ? 405 : 404;
	return NULL;
}
