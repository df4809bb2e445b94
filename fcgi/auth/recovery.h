/*
 * Lost-device recovery: the documents of a help request, stored outside the web root in
 * the configured uploads folder, each in a file named by the server (random) and sealed
 * with a key derived from the server key; their type is what libmagic finds in the
 * content, never the name or the type the browser sent.
 */
#ifndef KONTOR_AUTH_RECOVERY_H
#define KONTOR_AUTH_RECOVERY_H

#include "twofa.h"

/* The documents of a request, in the order of the form, the database enum and the page. */
enum doc_kind { DOC_FRONT, DOC_BACK, DOC_SELFIE, DOC__MAX };
extern const char *const doc_kinds[DOC__MAX];

#define RECOVERY_FILE_MAX (10 * 1024 * 1024)  /* bytes per document */
#define RECOVERY_DOCS_TTL (72 * 3600)         /* documents are deleted after, in any case */
#define RECOVERY_NAME_LEN 43                  /* 32 random bytes, base64url */

/* The MIME type libmagic detects in the content when it is one we take (image/jpeg,
 * image/png, application/pdf), else NULL. */
const char *recovery_sniff(const void *p, size_t n);
/* The file name extension for an accepted type ("jpg", "png", "pdf"). */
const char *recovery_ext(const char *type);
/* Seals n bytes into a new file of the uploads folder; *name is its server-made name.
 * 0, or -1 (logged) when it cannot be written (nothing is left behind). */
int recovery_store(struct req *r, const void *p, size_t n, const char **name) WUR;
/* The bytes of a stored file, unsealed (*n set), or NULL when it is missing, is not a
 * name the server makes, or does not unseal. */
unsigned char *recovery_load(struct req *r, const char *name, size_t *n);
/* Deletes a stored file (a name the server did not make is ignored). */
void recovery_unlink(struct req *r, const char *name);
/* True when name has the form of a server-made name (no path can hide in it). */
bool recovery_name_ok(const char *name);

#endif
