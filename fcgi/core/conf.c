/*
 * Configuration: "key = value" lines from KONTOR_CONF or var/kontor.conf. Read once at
 * start; a bad file ends the process with one clear line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core.h"

static void conf_die(const struct conf *c, int line, const char *what)
{
	if (line > 0)
		fprintf(stderr, "kontor: %s:%d: %s\n", c->path, line, what);
	else
		fprintf(stderr, "kontor: %s: %s\n", c->path, what);
	exit(1);
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static unsigned conf_uint(const struct conf *c, int line, const char *v)
{
	char *end;
	errno = 0;
	unsigned long n = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || end == v || n > 100000000UL)
		conf_die(c, line, "expected a number");
	return (unsigned)n;
}

/* Start-up only: values live for the whole process (malloc via strdup). */
static void conf_set(struct conf *c, int line, const char *k, const char *v)
{
	char *dup = strdup(v);
	if (dup == NULL)
		abort();
	if (strcmp(k, "db_socket") == 0)
		c->db_socket = dup;
	else if (strcmp(k, "db_host") == 0)
		c->db_host = dup;
	else if (strcmp(k, "db_port") == 0)
		c->db_port = conf_uint(c, line, v);
	else if (strcmp(k, "db_name") == 0)
		c->db_name = dup;
	else if (strcmp(k, "db_user") == 0)
		c->db_user = dup;
	else if (strcmp(k, "db_password") == 0)
		c->db_password = dup;
	else if (strcmp(k, "secret") == 0) {
		size_t bin = 0;
		if (sodium_hex2bin(c->secret, sizeof(c->secret), v, strlen(v), NULL, &bin, NULL) != 0 ||
		    bin != sizeof(c->secret))
			conf_die(c, line, "secret must be 64 hexadecimal digits");
		sodium_memzero(dup, strlen(dup));
	} else if (strcmp(k, "templates") == 0)
		c->templates = dup;
	else if (strcmp(k, "base_url") == 0)
		c->base_url = dup;
	else if (strcmp(k, "smtp_url") == 0)
		c->smtp_url = dup;
	else if (strcmp(k, "mail_from") == 0)
		c->mail_from = dup;
	else if (strcmp(k, "session_idle") == 0)
		c->session_idle = conf_uint(c, line, v);
	else if (strcmp(k, "session_absolute") == 0)
		c->session_absolute = conf_uint(c, line, v);
	else if (strcmp(k, "reset_ttl") == 0)
		c->reset_ttl = conf_uint(c, line, v);
	else if (strcmp(k, "cookie_prefix") == 0)
		c->cookie_prefix = dup;
	else if (strcmp(k, "test_faults") == 0)
		c->test_faults = conf_uint(c, line, v) != 0;
	else if (strcmp(k, "vies_url") == 0)
		c->vies_url = dup;
	else if (strcmp(k, "vies_timeout") == 0)
		c->vies_timeout = conf_uint(c, line, v);
	else if (strcmp(k, "sms_gateway_url") == 0)
		c->sms_gateway_url = dup;
	else if (strcmp(k, "sms_gateway_timeout") == 0)
		c->sms_gateway_timeout = conf_uint(c, line, v);
	else if (strcmp(k, "uploads_dir") == 0)
		c->uploads_dir = dup;
	else if (strcmp(k, "dav_dir") == 0)
		c->dav_dir = dup;
	else
		conf_die(c, line, "unknown key");
}

void conf_load(struct conf *c)
{
	char buf[1024];
	int line = 0;
	bool have_secret = false;

	memset(c, 0, sizeof(*c));
	c->path = getenv("KONTOR_CONF");
	if (c->path == NULL || *c->path == '\0')
		c->path = "var/kontor.conf";
	c->db_name = "kontor";
	c->db_user = "kontor";
	c->db_password = "";
	c->templates = "templates";
	c->base_url = "https://localhost:8443";
	c->smtp_url = "smtp://127.0.0.1:2525";
	c->mail_from = "Kontor <noreply@kontor.localhost>";
	c->session_idle = 30 * 60;
	c->session_absolute = 12 * 3600;
	c->reset_ttl = 3600;
	c->cookie_prefix = "__Host-";
	c->vies_url = "";
	c->vies_timeout = 10;
	c->sms_gateway_url = "";
	c->sms_gateway_timeout = 10;

	FILE *f = fopen(c->path, "r");
	if (f == NULL)
		conf_die(c, 0, strerror(errno));
	while (fgets(buf, sizeof(buf), f) != NULL) {
		line++;
		if (strchr(buf, '\n') == NULL && !feof(f))
			conf_die(c, line, "line too long");
		char *s = trim(buf);
		if (*s == '\0' || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL)
			conf_die(c, line, "expected key = value");
		*eq = '\0';
		char *k = trim(s), *v = trim(eq + 1);
		conf_set(c, line, k, v);
		if (strcmp(k, "secret") == 0)
			have_secret = true;
	}
	sodium_memzero(buf, sizeof(buf));
	fclose(f);
	if (!have_secret)
		conf_die(c, 0, "no secret set");
	static const unsigned char zero[32];
	if (sodium_memcmp(c->secret, zero, sizeof(zero)) == 0)
		conf_die(c, 0, "secret must not be all zeros (make one with: openssl rand -hex 32)");
	if (c->session_idle < 60 || c->session_absolute < c->session_idle)
		conf_die(c, 0, "session_idle must be at least 60 and session_absolute at least session_idle");
	if (c->reset_ttl < 300 || c->reset_ttl > 86400)
		conf_die(c, 0, "reset_ttl must be from 300 to 86400 seconds");
	if (c->vies_timeout < 1 || c->vies_timeout > 60)
		conf_die(c, 0, "vies_timeout must be from 1 to 60 seconds");
	if (c->sms_gateway_timeout < 1 || c->sms_gateway_timeout > 60)
		conf_die(c, 0, "sms_gateway_timeout must be from 1 to 60 seconds");
	if (c->uploads_dir == NULL) {
		/* Next to the configuration file: <var>/uploads. */
		const char *slash = strrchr(c->path, '/');
		int n = slash ? (int)(slash - c->path) : 1;
		size_t size = (size_t)n + sizeof("/uploads");
		char *dir = malloc(size);
		if (dir == NULL)
			abort();
		snprintf(dir, size, "%.*s/uploads", n, slash ? c->path : ".");
		c->uploads_dir = dir;
	}
	if (c->uploads_dir[0] == '\0')
		conf_die(c, 0, "uploads_dir must name a folder");
}
