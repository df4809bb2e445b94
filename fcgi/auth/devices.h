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

/* The purposes of the keyed hashes (sec_token_hash) a registration token and a device key
 * (each 256 random bits, base64url) are stored and looked up as. */
#define DEVICE_REG_PURPOSE "device-registration"
#define DEVICE_KEY_PURPOSE "device-key"

#endif
