#!/usr/bin/env bash
# A two-node MariaDB Galera cluster on 127.0.0.1 for the multi-node tests (see
# ../shared/notes/galera.md for what it guarantees and why it is started this way).
#
#   galera.sh start DIR [BASE_PORT]   starts both nodes in DIR; returns when both are Synced
#                                     in a cluster of 2. Ports: BASE_PORT..BASE_PORT+7, or free
#                                     ones (kept in DIR/ports). Writes DIR/node1.conf and
#                                     DIR/node2.conf (Kontor configurations, same secret, one
#                                     per node's socket DIR/nodeN/mysqld.sock).
#   galera.sh stop DIR                stops both nodes; no process is left behind
#   galera.sh sql DIR NODE [ARGS]     the mariadb client (as the database's administrator, over
#                                     the socket) on node NODE's kontor database
#
# The first start bootstraps node 1 alone (--wsrep-new-cluster) and creates the database, the
# kontor user and the schema there, then stops it cleanly. Every start then copies node 1's
# datadir (data and Galera position) to node 2, bootstraps node 1 again and lets node 2 join:
# it only misses node 1's new view and catches up by IST, no full state transfer. Node 2 stops
# first, so node 1 is always the one that is safe to bootstrap.
# Even an IST runs the SST script (wsrep_sst_rsync), whose rsync daemon, when started by root,
# drops to nobody and fails; so as root the servers run as the user mysql, which owns
# DIR/node1 and DIR/node2 and may pass through DIR (start adds o+x to DIR, nothing else).
# Every wait is time-boxed (GALERA_TIMEOUT seconds for start, default 30; GALERA_STOP_TIMEOUT
# for each node's clean stop, default 10, then KILL); a failed start stops what it started
# and prints the end of the node's log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROVIDER=/usr/lib/galera/libgalera_smm.so
TIMEOUT=${GALERA_TIMEOUT:-30}
STOP_TIMEOUT=${GALERA_STOP_TIMEOUT:-10}

log() { printf 'galera: %s\n' "$*"; }
err() { printf 'galera: %s\n' "$*" >&2; }
die() { err "$*"; exit 1; }
# A start that fails for any reason stops what it started.
on_exit() {
	local rc=$?
	if [ "${STARTING:-0}" = 1 ]; then
		STARTING=0
		[ "$rc" -ne 0 ] || rc=1
		err "start failed; stopping the nodes (files kept in $DIR)"
		stop_nodes || true
	fi
	exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT TERM

sock() { echo "$DIR/node$1/mysqld.sock"; }
# mariadb-install-db gives root and the user the servers run as (the --user; the caller unless
# root) socket authentication: the caller's own name works either way.
sql_root() { local n=$1; shift; mariadb --no-defaults --connect-timeout=3 --socket="$(sock "$n")" -u "$(id -un)" "$@"; }
# The pid of node N's mariadbd, if it runs: only a process whose command line names the
# node's datadir (a stale pid file never makes stop kill anything else).
node_pid() {
	local p
	[ -f "$DIR/node$1/pid" ] || return 0
	p=$(cat "$DIR/node$1/pid")
	if [[ "$p" =~ ^[0-9]+$ ]] && { tr '\0' ' ' <"/proc/$p/cmdline"; } 2>/dev/null | grep -qF -- "--datadir=$DIR/node$1/data "; then
		echo "$p"
	fi
	return 0
}
alive() { local p; p=$(node_pid "$1"); [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }
log_tail() { tail -n 15 "$DIR/node$1/mariadb.log" 2>/dev/null | sed 's/^/    /' >&2 || true; }

# Per node: the SQL port, Galera's group communication port, its IST port and the SST
# script's port (rsync runs even when only an IST is needed; its default 4444 would collide
# with any other cluster on the machine).
ports() {
	if [ ! -f "$DIR/ports" ]; then
		if [ -n "${BASE:-}" ]; then
			seq "$BASE" $((BASE + 7)) | xargs >"$DIR/ports"
		else
			/usr/bin/python3 - >"$DIR/ports" <<'PY'
import socket
socks = []
for _ in range(8):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
print(*[s.getsockname()[1] for s in socks])
PY
		fi
	fi
	read -r P1 G1 I1 S1 P2 G2 I2 S2 <"$DIR/ports"
}

# Starts node N in the background, in a session of its own (so that stop can end any helper
# it forks, such as an SST script). Extra arguments go to mariadbd (--wsrep-new-cluster).
node_start() {
	local n=$1; shift
	local port gport iport sport
	if [ "$n" = 1 ]; then port=$P1 gport=$G1 iport=$I1 sport=$S1; else port=$P2 gport=$G2 iport=$I2 sport=$S2; fi
	rm -f "$(sock "$n")" "$DIR/node$n/mysqld.pid"
	setsid mariadbd --no-defaults --datadir="$DIR/node$n/data" --socket="$(sock "$n")" \
		--port="$port" --bind-address=127.0.0.1 --pid-file="$DIR/node$n/mysqld.pid" \
		--log-error="$DIR/node$n/mariadb.log" --user="$RUN_AS" \
		--innodb-buffer-pool-size=64M --max-connections=100 \
		--character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
		--default-time-zone=+00:00 --innodb-flush-log-at-trx-commit=2 \
		--default-storage-engine=InnoDB --binlog-format=ROW --innodb-autoinc-lock-mode=2 \
		--wsrep-log-conflicts=ON \
		--wsrep-on=ON --wsrep-provider="$PROVIDER" --wsrep-cluster-name=kontor-test \
		--wsrep-node-name="node$n" --wsrep-node-address=127.0.0.1 \
		--wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$sport" \
		--wsrep-cluster-address="gcomm://127.0.0.1:$G1,127.0.0.1:$G2" \
		--wsrep-provider-options="gmcast.listen_addr=tcp://127.0.0.1:$gport;ist.recv_addr=127.0.0.1:$iport;gcache.size=16M;pc.recovery=FALSE" \
		"$@" </dev/null >/dev/null 2>&1 &
	echo $! >"$DIR/node$n/pid"
	disown
}

# The node's wsrep status as "ready size state", or nothing when it does not answer.
wsrep_status() {
	sql_root "$1" -N -B -e "SHOW GLOBAL STATUS WHERE Variable_name IN
		('wsrep_ready', 'wsrep_cluster_size', 'wsrep_local_state_comment')" 2>/dev/null \
		| awk '{v[$1] = $2} END {print v["wsrep_ready"], v["wsrep_cluster_size"], v["wsrep_local_state_comment"]}'; return 0
}

# Waits until every node named has wsrep_ready=ON, wsrep_cluster_size=SIZE and is Synced.
wait_synced() {
	local size=$1; shift
	local deadline=$((SECONDS + TIMEOUT)) n st
	while :; do
		local all=1
		for n in "$@"; do
			alive "$n" || { log_tail "$n"; die "node $n ended during start-up; see $DIR/node$n/mariadb.log"; }
			st=$(wsrep_status "$n")
			[ "$st" = "ON $size Synced" ] || all=0
		done
		[ "$all" = 1 ] && return 0
		if [ "$SECONDS" -ge "$deadline" ]; then
			for n in "$@"; do
				st=$(wsrep_status "$n")
				err "node $n: wsrep_ready, cluster_size, state = ${st:-no answer}"
				log_tail "$n"
			done
			die "the cluster did not reach size $size with every node Synced within ${TIMEOUT}s; logs: $DIR/node*/mariadb.log"
		fi
		sleep 0.1
	done
}

# Ends node N: TERM (a clean shutdown, which Galera needs to be safe to bootstrap), at most
# STOP_TIMEOUT seconds, then KILL; then anything still in its session.
node_stop() {
	local n=$1 pid
	pid=$(node_pid "$n")
	[ -n "$pid" ] || { rm -f "$DIR/node$n/pid"; return 0; }
	local rc=0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		local deadline=$((SECONDS + STOP_TIMEOUT))
		while kill -0 "$pid" 2>/dev/null; do
			if [ "$SECONDS" -ge "$deadline" ]; then
				err "node $n (pid $pid) did not stop within ${STOP_TIMEOUT}s; killing it"
				kill -KILL "$pid" 2>/dev/null || true
				rc=1
				break
			fi
			sleep 0.05
		done
	fi
	# Helpers it started (its session and process group are its pid).
	kill -KILL -- "-$pid" 2>/dev/null || true
	local deadline=$((SECONDS + 5))
	while kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null; do
		[ "$SECONDS" -ge "$deadline" ] && { err "processes of node $n (group $pid) are still there"; return 1; }
		sleep 0.05
	done
	rm -f "$DIR/node$n/pid"
	return "$rc"
}

# Node 2 first: the last node to leave is the one that is safe to bootstrap next time.
stop_nodes() {
	local rc=0
	node_stop 2 || rc=1
	node_stop 1 || rc=1
	return "$rc"
}

# Node 1 alone: a fresh datadir, the database, the kontor user, the schema; stopped cleanly.
init_node1() {
	local d="$DIR/node1/data"
	log "initialising node 1 in $d"
	mariadb-install-db --no-defaults --datadir="$d" --user="$RUN_AS" \
		--auth-root-authentication-method=socket --skip-test-db >"$DIR/node1/install-db.log" 2>&1 \
		|| die "mariadb-install-db failed; see $DIR/node1/install-db.log"
	node_start 1 --wsrep-new-cluster
	wait_synced 1 1
	local pw
	pw=$(sed -n 's/^db_password = //p' "$DIR/node1.conf")
	sql_root 1 -e "CREATE DATABASE kontor CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
		CREATE USER 'kontor'@'localhost' IDENTIFIED BY '$pw';
		GRANT ALL PRIVILEGES ON kontor.* TO 'kontor'@'localhost';" || die "creating the database failed"
	sql_root 1 kontor -e "CREATE TABLE schema_migrations (
		version VARCHAR(100) NOT NULL PRIMARY KEY, applied_at DATETIME NOT NULL) ENGINE=InnoDB" \
		|| die "creating schema_migrations failed"
	local f v
	for f in "$ROOT"/schema/[0-9]*.sql; do
		v=$(basename "$f" .sql)
		sql_root 1 kontor <"$f" || die "migration $v failed"
		sql_root 1 kontor -e "INSERT INTO schema_migrations VALUES ('$v', UTC_TIMESTAMP())" \
			|| die "recording migration $v failed"
	done
	node_stop 1 || die "node 1 did not stop cleanly after the set-up"
}

# The Kontor configuration of node 1 (made once), and node 2's: the same but its socket.
make_confs() {
	if [ ! -f "$DIR/node1.conf" ]; then
		(umask 077; cat >"$DIR/node1.conf" <<CONF
# Kontor configuration for node 1 of the Galera test cluster (scripts/galera.sh)
db_socket = $(sock 1)
db_name = kontor
db_user = kontor
db_password = $(openssl rand -hex 16)
secret = $(openssl rand -hex 32)
templates = $ROOT/templates
base_url = https://localhost:8443
smtp_url = smtp://127.0.0.1:9
mail_from = Kontor <noreply@kontor.localhost>
CONF
		)
	fi
	(umask 077; sed "s|^db_socket = .*|db_socket = $(sock 2)|; s|node 1 of|node 2 of|" \
		"$DIR/node1.conf" >"$DIR/node2.conf")
}

start() {
	if [ "$(id -u)" -eq 0 ]; then
		RUN_AS=mysql
		id mysql >/dev/null 2>&1 || { err "no user mysql to run the servers as (root cannot: see the notes)"; exit 1; }
	else
		RUN_AS=$(id -un)
	fi
	[ -r "$PROVIDER" ] || { err "galera-4 is not installed ($PROVIDER is missing): run scripts/deps.sh"; exit 1; }
	command -v mariadbd >/dev/null || { err "mariadbd is missing (mariadb-server): run scripts/deps.sh"; exit 1; }
	if alive 1 || alive 2; then err "a cluster is already running in $DIR"; exit 1; fi
	STARTING=1
	mkdir -p "$DIR/node1" "$DIR/node2"
	if [ "$RUN_AS" != "$(id -un)" ]; then
		# As root the servers run as mysql: even an IST runs wsrep_sst_rsync, whose rsync
		# daemon started by root drops to nobody and cannot write the datadir. mysql needs
		# to pass through DIR (not list it) and owns the nodes' folders.
		chmod o+x "$DIR"
		chown -R "$RUN_AS:" "$DIR/node1" "$DIR/node2"
		runuser -u "$RUN_AS" -- test -w "$DIR/node1" \
			|| die "user $RUN_AS cannot reach $DIR/node1 (a folder above $DIR is closed to it)"
	fi
	ports
	make_confs
	if [ ! -f "$DIR/node1/data/grastate.dat" ]; then
		rm -rf "$DIR/node1/data"
		init_node1
	fi
	# Only a clean stop leaves node 1 safe to bootstrap; after a crash, recover by hand.
	grep -q '^safe_to_bootstrap: *1' "$DIR/node1/data/grastate.dat" \
		|| die "node 1 is not safe to bootstrap (it was not the last to stop cleanly); see $DIR/node1/data/grastate.dat"
	# Node 2 starts as a copy of node 1 as it stopped last (its data and Galera position; a
	# later start so also takes whatever node 1 alone wrote) and joins with an IST of the
	# few events since (node 1's new view): no full state transfer.
	rm -rf "$DIR/node2/data"
	cp -a "$DIR/node1/data" "$DIR/node2/data"
	rm -f "$DIR/node2/data/galera.cache" "$DIR/node2/data/gvwstate.dat"
	node_start 1 --wsrep-new-cluster
	wait_synced 1 1
	node_start 2
	wait_synced 2 1 2
	STARTING=0
	log "ready: node 1 on $(sock 1) (port $P1), node 2 on $(sock 2) (port $P2); configurations $DIR/node1.conf, $DIR/node2.conf"
}

usage() { err "usage: galera.sh start DIR [BASE_PORT] | stop DIR | sql DIR NODE [ARGS]"; exit 2; }

cmd=${1:-}
[ $# -ge 2 ] || usage
if [ "$cmd" = start ]; then mkdir -p "$2"; fi
[ -d "$2" ] || { err "no folder $2"; exit 1; }
DIR=$(cd "$2" && pwd)
case "$cmd" in
start)
	BASE=${3:-}
	if [ -n "$BASE" ] && ! [[ "$BASE" =~ ^[0-9]+$ && "$BASE" -ge 1024 && "$BASE" -le 65528 ]]; then
		usage
	fi
	start
	;;
stop) stop_nodes ;;
sql)
	[ $# -ge 3 ] && [[ "$3" =~ ^[12]$ ]] || usage
	n=$3; shift 3
	sql_root "$n" kontor "$@"
	;;
*) usage ;;
esac
