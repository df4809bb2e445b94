/*
 * The per-request arena: bump allocation from chunks, released as a whole at reset.
 * Cleanups for non-memory resources (an xmlDoc, a json_t) hang on it and run at reset.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define ARENA_CHUNK (64 * 1024)
#define ARENA_ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;  /* older chunk */
	size_t size;               /* usable bytes after the header */
	size_t off;                /* next free byte */
	max_align_t data[];
};

struct arena_cleanup {
	struct arena_cleanup *next;
	void (*fn)(void *);
	void *p;
};

/* Out of memory: the process ends and its supervisor restarts it. */
static void *xmalloc(size_t n)
{
	void *p = malloc(n);
	if (p == NULL) {
		fputs("kontor: out of memory\n", stderr);
		abort();
	}
	return p;
}

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->cleanups = NULL;
	a->used = 0;
}

/* Returns n bytes aligned to 16, from the current chunk or a new one. */
void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);

	if (need < n)
		abort();
	if (c == NULL || c->size - c->off < need) {
		size_t size = need > ARENA_CHUNK / 2 ? need : ARENA_CHUNK;
		c = xmalloc(sizeof(*c) + size);
		c->size = size;
		c->off = 0;
		if (need > ARENA_CHUNK / 2 && a->head != NULL) {
			/* A big block goes behind the current chunk so its free space stays usable. */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = (char *)c->data + c->off;
	c->off += need;
	a->used += need;
	return p;
}

void *arena_calloc(struct arena *a, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		abort();
	void *p = arena_alloc(a, nmemb * size);
	memset(p, 0, nmemb * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n < sizeof(small))
		return arena_strndup(a, small, (size_t)n);
	char *p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void arena_cleanup(struct arena *a, void (*fn)(void *), void *p)
{
	struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
	c->fn = fn;
	c->p = p;
	c->next = a->cleanups;
	a->cleanups = c;
}

/* Runs cleanups newest first, frees every chunk but the oldest standard one. */
void arena_reset(struct arena *a)
{
	while (a->cleanups != NULL) {
		struct arena_cleanup *c = a->cleanups;
		a->cleanups = c->next;
		c->fn(c->p);
	}
	struct arena_chunk *keep = NULL;
	for (struct arena_chunk *c = a->head, *next; c != NULL; c = next) {
		next = c->next;
		if (next == NULL && c->size == ARENA_CHUNK)
			keep = c;
		else
			free(c);
	}
	if (keep != NULL) {
		keep->off = 0;
		keep->next = NULL;
	}
	a->head = keep;
	a->used = 0;
}

void arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
}
