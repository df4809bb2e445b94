/* GET /api/1/openapi.json: the API's OpenAPI 3 description, read once at start. */
#include <stdio.h>
#include <stdlib.h>

#include "api.h"

static char *openapi;
static size_t openapi_len;

void api_openapi_load(const char *templates)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/api/openapi.json", templates);
	FILE *f = fopen(path, "rb");
	if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
		fprintf(stderr, "kontor: %s: cannot be read\n", path);
		exit(1);
	}
	long n = ftell(f);
	rewind(f);
	openapi = malloc((size_t)n + 1);
	if (openapi == NULL || fread(openapi, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "kontor: %s: cannot be read\n", path);
		exit(1);
	}
	openapi[n] = '\0';
	openapi_len = (size_t)n;
	fclose(f);
}

int api_openapi(struct req *r)
{
	resp_headers(r, 200, "application/json", NULL);
	resp_write(r, openapi, openapi_len);
	return 200;
}
