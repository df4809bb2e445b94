#!/usr/bin/env bash
# End-to-end and browser tests: a complete private stack (MariaDB, pools, worker, SMTP
# sink, nginx) in a temporary folder on free ports, so it runs beside `make run`.
# KONTOR_KEEP=1 keeps the folder for a look at the logs afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

. "$ROOT/scripts/private-stack.sh"
private_stack_prepare e2e

KONTOR_TEST_FAULTS=1 scripts/stack.sh start "$VAR" "$PORT" "$HTTP_PORT" "$SMTP_PORT" "$SMS_PORT"
export KONTOR_ROOT="$ROOT" KONTOR_VAR="$VAR" KONTOR_PORT="$PORT" KONTOR_HTTP_PORT="$HTTP_PORT"
export KONTOR_URL="https://localhost:$PORT" KONTOR_CONF="$VAR/kontor.conf"
# Test files run one after another: some stop the database or run the worker.
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.js
