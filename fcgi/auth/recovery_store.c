/*
 * The documents of a help request on disk: sealed (XChaCha20-Poly1305 with a key derived
 * from the server key, the file's name as associated data, so that files cannot be swapped),
 * written with O_EXCL under a random name, read back only by staff pages.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>
#include <sodium.h>

#include "recovery.h"

#define SEAL_PURPOSE "recovery-document"

const char *const doc_kinds[DOC__MAX] = {"front", "back", "selfie"};

static const struct {
	const char *type, *ext;
} accepted[] = {
	{"image/jpeg", "jpg"},
	{"image/png", "png"},
	{"application/pdf", "pdf"},
};

/* libmagic's database is loaded once per process, at the first upload. */
static magic_t magic_cookie(void)
{
	static magic_t m;
	if (m == NULL) {
		m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF);
		if (m != NULL && magic_load(m, NULL) != 0) {
			log_err("libmagic: %s", magic_error(m));
			magic_close(m);
			m = NULL;
		}
	}
	return m;
}

const char *recovery_sniff(const void *p, size_t n)
{
	magic_t m = magic_cookie();
	if (m == NULL || n == 0)
		return NULL;
	const char *t = magic_buffer(m, p, n);
	if (t == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		if (strcmp(t, accepted[i].type) == 0)
			return accepted[i].type;
	return NULL;
}

const char *recovery_ext(const char *type)
{
	for (size_t i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++)
		if (type != NULL && strcmp(type, accepted[i].type) == 0)
			return accepted[i].ext;
	return "bin";
}

bool recovery_name_ok(const char *name)
{
	if (name == NULL || strlen(name) != RECOVERY_NAME_LEN)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      *c == '-' || *c == '_'))
			return false;
	return true;
}

static char *path_of(struct req *r, const char *name)
{
	return arena_printf(r->arena, "%s/%s", r->app->conf.uploads_dir, name);
}

int recovery_store(struct req *r, const void *p, size_t n, const char **name)
{
	const char *dir = r->app->conf.uploads_dir;
	const char *nm = sec_token(r->arena, 32);
	size_t slen;
	unsigned char *sealed = sec_seal_bytes(&r->app->conf, r->arena, SEAL_PURPOSE, nm, strlen(nm), p, n,
	                                       &slen);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_err("uploads folder %s: %s", dir, strerror(errno));
		return -1;
	}
	const char *path = path_of(r, nm);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		log_err("upload %s: %s", path, strerror(errno));
		return -1;
	}
	size_t done = 0;
	while (done < slen) {
		ssize_t k = write(fd, sealed + done, slen - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	int err = done == slen && fsync(fd) == 0 ? 0 : errno;
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0 || done != slen) {
		log_err("upload %s: %s", path, strerror(err ? err : EIO));
		unlink(path);
		return -1;
	}
	*name = nm;
	return 0;
}

unsigned char *recovery_load(struct req *r, const char *name, size_t *n)
{
	*n = 0;
	if (!recovery_name_ok(name))
		return NULL;
	int fd = open(path_of(r, name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	unsigned char *buf = NULL;
	size_t got = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    st.st_size <= RECOVERY_FILE_MAX + 64) {
		size_t len = (size_t)st.st_size;
		buf = arena_alloc(r->arena, len);
		while (got < len) {
			ssize_t k = read(fd, buf + got, len - got);
			if (k < 0 && errno == EINTR)
				continue;
			if (k <= 0)
				break;
			got += (size_t)k;
		}
		if (got != len)
			buf = NULL;
	}
	close(fd);
	if (buf == NULL)
		return NULL;
	return sec_unseal_bytes(&r->app->conf, r->arena, SEAL_PURPOSE, name, strlen(name), buf, got, n);
}

void recovery_unlink(struct req *r, const char *name)
{
	if (recovery_name_ok(name) && unlink(path_of(r, name)) != 0 && errno != ENOENT)
		log_warn("upload %s not deleted: %s", name, strerror(errno));
}
