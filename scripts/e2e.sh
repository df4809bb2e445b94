#!/usr/bin/env bash
# End-to-end and browser tests: a complete private stack (MariaDB, pools, worker, SMTP
# sink, nginx) in a temporary folder on free ports, so it runs beside `make run`.
# KONTOR_KEEP=1 keeps the folder for a look at the logs afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

VAR=$(mktemp -d /tmp/kontor-e2e.XXXXXX)
read -r PORT HTTP_PORT SMTP_PORT < <(/usr/bin/python3 - <<'PY'
import socket
socks = []
for _ in range(3):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(*[s.getsockname()[1] for s in socks])
PY
)
cleanup() {
	rc=$?
	scripts/stack.sh stop "$VAR" >/dev/null 2>&1 || true
	if [ "$rc" -ne 0 ] || [ "${KONTOR_KEEP:-0}" = 1 ]; then
		echo "e2e: logs kept in $VAR/log"
	else
		rm -rf "$VAR"
	fi
	exit $rc
}
trap cleanup EXIT INT TERM

KONTOR_TEST_FAULTS=1 scripts/stack.sh start "$VAR" "$PORT" "$HTTP_PORT" "$SMTP_PORT"
export KONTOR_ROOT="$ROOT" KONTOR_VAR="$VAR" KONTOR_PORT="$PORT" KONTOR_HTTP_PORT="$HTTP_PORT"
export KONTOR_URL="https://localhost:$PORT" KONTOR_CONF="$VAR/kontor.conf"
# Test files run one after another: some stop the database or run the worker.
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/*.test.js
