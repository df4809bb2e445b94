# Sourced by e2e.sh and bench.sh: prepares a private stack's folder and free ports, and
# stops the stack when the script exits (the folder is removed unless the script failed or
# KONTOR_KEEP=1). Sets VAR, PORT, HTTP_PORT, SMTP_PORT, SMS_PORT; the caller starts the stack with
#   scripts/stack.sh start "$VAR" "$PORT" "$HTTP_PORT" "$SMTP_PORT" "$SMS_PORT"
# $1 names the folder and the messages ("e2e", "bench").
private_stack_prepare() {
	PRIVATE_NAME=$1
	VAR=$(mktemp -d "/tmp/kontor-$1.XXXXXX")
	read -r PORT HTTP_PORT SMTP_PORT SMS_PORT < <(/usr/bin/python3 - <<'PY'
import socket
socks = []
for _ in range(4):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(*[s.getsockname()[1] for s in socks])
PY
)
	trap private_stack_cleanup EXIT
	trap 'exit 130' INT TERM
}

private_stack_cleanup() {
	local rc=$?
	"$ROOT/scripts/stack.sh" stop "$VAR" >/dev/null 2>&1 || true
	if [ "$rc" -ne 0 ] || [ "${KONTOR_KEEP:-0}" = 1 ]; then
		printf '%s: files kept in %s (logs in %s/log)\n' "$PRIVATE_NAME" "$VAR" "$VAR" >&2
	else
		rm -rf "$VAR"
	fi
	exit $rc
}
