/* Common includes for the cmocka unit tests. */
#ifndef KONTOR_UNIT_H
#define KONTOR_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "core.h"
#endif
