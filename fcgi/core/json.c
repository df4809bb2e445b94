/*
 * JSON request bodies, parsed with jansson: one value, UTF-8, no duplicate keys, bounded depth.
 */
#include <jansson.h>
#include <string.h>

#include "core.h"

#define JSON_DEPTH_MAX 32

/* Arena cleanup: drops the reference the parser returned. */
static void json_release(void *p)
{
	json_decref(p);
}

/* jansson's message for a parse error, with the line, in the arena. Bytes outside printable
 * ASCII (input quoted after "near", possibly cut mid-character) become '?'. */
static const char *parse_error(struct arena *a, const json_error_t *e)
{
	char *m = arena_printf(a, "%s at line %d", e->text, e->line);

	for (char *c = m; *c != '\0'; c++)
		if (*c < 0x20 || *c > 0x7e)
			*c = '?';
	return m;
}

/* True when v nests no deeper than max arrays and objects (a scalar has depth 0). */
static bool depth_ok(json_t *v, int max)
{
	const char *key;
	json_t *item;
	size_t i;

	if (!json_is_array(v) && !json_is_object(v))
		return true;
	if (max == 0)
		return false;
	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (!depth_ok(item, max - 1))
				return false;
	} else {
		json_object_foreach(v, key, item)
			if (!depth_ok(item, max - 1))
				return false;
	}
	return true;
}

/* Parses body[0..len) as exactly one JSON value of any type. Returns it (released at arena
 * reset) with *err NULL, or NULL with a short developer message in *err: an empty body, a
 * NUL byte, invalid UTF-8 or syntax, a duplicate key, or nesting deeper than 32. */
struct json_t *json_body_parse(struct arena *a, const char *body, size_t len, const char **err)
{
	json_error_t e;
	json_t *v = NULL;
	const char *msg = NULL;

	if (body == NULL || len == 0) {
		msg = "empty body";
		goto out;
	}
	if (memchr(body, '\0', len) != NULL) {
		msg = "NUL byte in body";
		goto out;
	}
	v = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e);
	if (v == NULL) {
		msg = parse_error(a, &e);
		goto out;
	}
	if (!depth_ok(v, JSON_DEPTH_MAX)) {
		json_decref(v);
		msg = "nesting deeper than 32";
		goto out;
	}
	arena_cleanup(a, json_release, v);
out:
	if (err != NULL)
		*err = msg;
	return msg == NULL ? v : NULL;
}
