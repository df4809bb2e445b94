/*
 * Registered devices, shared by the account's pages and the login (devices.c) and the
 * device's JSON endpoint (device_api.c).
 */
#ifndef KONTOR_AUTH_DEVICES_H
#define KONTOR_AUTH_DEVICES_H

#include "twofa.h"

#define DEVICE_REG_TTL 600   /* seconds a registration token stays valid */
#define APPROVAL_TTL 120     /* seconds a login waits for its approval on a device */
#define APPROVALS_PENDING 3  /* unanswered approvals a user may have at a time */
#define DEVICE_SECRET_LEN 43 /* registration tokens and device keys: 32 random bytes, base64url */

/* The keyed hashes a registration token and a device key are stored and looked up as. */
#define DEVICE_REG_PURPOSE "device-registration"
#define DEVICE_KEY_PURPOSE "device-key"

/* The keyed hash of a 43-character base64url secret (a token or a key) for purpose; false
 * when s is not shaped like one (nothing to look up). */
bool device_secret_hash(struct req *r, const char *purpose, const char *s, unsigned char out[32]);

#endif
