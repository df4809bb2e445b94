#!/usr/bin/env bash
# Benchmark: wrk against a private stack (MariaDB, pools, nginx) in a temporary folder on free
# ports, so it runs beside `make run`. Side by side in one run, over HTTPS on loopback:
#   static  nginx serving a static copy of the home page (same bytes): the physical limit
#   login   GET /login, anonymous (a first visit: no cookies)
#   home    GET / with the session cookie of the logged-in demo user
#   api     GET /api/1/organizations with a bearer token
#   plist100, plist100k   GET /orgs/{id}/products (the product list's first page, 50 products
#           sorted by name, each with 1-3 tags) of an organization with 100 products and of one
#           with 100,000, made with SQL (scripts/bench_products.sql); the goal is that the
#           second answers within twice the time of the first (p50 at one connection)
#   plistsearch  the same list of 100,000 products searched by name for a text few names hold
#           (every row must be read): informational
#   dav     GET /dav/bench.txt (a small file nginx serves) with an application password: the
#           cost of the auth_request check that runs before every DAV request
# The product lists belong to a second user (legal representative of the two organizations),
# so that the home page and the API list stay those of the demo user, comparable with earlier
# reports.
# For each: requests/s, p50 and p99 at BENCH_CONNECTIONS (32) connections, the ratio of
# requests/s to the static file's, p50 and p99 at one connection, CPU time per request of the
# FastCGI pool processes, MariaDB and nginx (utime+stime from /proc/PID/stat around each run),
# and the resident memory (VmRSS) of each FastCGI process at the end. Rounds are interleaved
# (static, login, home, ..., static, ...) so that drift on a shared machine hits all alike;
# the table shows medians. Every response must be a 200: nginx's access log is checked after
# each run (a Lua response() hook in wrk would cost the client 15-20% of the static rate).
#
# Prints a markdown table and writes it to var/bench-latest.md.
#   BENCH_ROUNDS (3)  BENCH_SECONDS (5)  BENCH_CONNECTIONS (32)  BENCH_POOL_SIZE (2)
#   BENCH_OUT (var/bench-latest.md)  KONTOR_KEEP=1 keeps the temporary folder.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

ROUNDS=${BENCH_ROUNDS:-3}
SECS=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-32}
OUT=${BENCH_OUT:-$ROOT/var/bench-latest.md}
# Comparable figures: the pool size is the bench's, whatever `make run` uses.
export KONTOR_POOL_SIZE=${BENCH_POOL_SIZE:-2}
# nginx's limit_req on /login (5r/s, burst 20 per address) would answer 429s: lifted here.
export KONTOR_LOGIN_RATE=100000r/s KONTOR_LOGIN_BURST=100000
# The API's per-token and per-address limits would answer 429 to wrk: lifted for the bench.
export KONTOR_API_RATE=100000r/s KONTOR_API_BURST=100000 KONTOR_API_ADDR_RATE=100000r/s KONTOR_API_ADDR_BURST=100000
DEMO_EMAIL=demo@kontor.localhost
DEMO_PASSWORD=${KONTOR_DEMO_PASSWORD:-Alpen-Panel-Login-2026}
TARGETS="static login home api plist100 plist100k plistsearch dav"
# The product lists' user (not the demo user: see above), and the name search's text.
PB_EMAIL=products-bench@kontor.localhost
PB_PASSWORD=Tabelle-Messen-Zeilen-2026
PB_SEARCH=abcd

log() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk (or make deps)"
[ -x bin/auth ] || die "build first: make"
TCK=$(getconf CLK_TCK)

. "$ROOT/scripts/private-stack.sh"
private_stack_prepare bench

log "starting a private stack in $VAR (pool size $KONTOR_POOL_SIZE)"
scripts/stack.sh start "$VAR" "$PORT" "$HTTP_PORT" "$SMTP_PORT" >"$VAR/stack.out" 2>&1 </dev/null \
	|| { cat "$VAR/stack.out" >&2; die "the stack did not start"; }
BASE=https://127.0.0.1:$PORT

# Logs in with curl, as a browser would (page, then the form with its token); prints the
# session cookie. $1 e-mail, $2 password, $3 cookie jar.
login_as() {
	local jar=$3 csrf st cookie
	curl -sk -c "$jar" -b "$jar" -o "$VAR/login.html" "$BASE/login"
	csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$VAR/login.html" | head -n 1)
	st=$(curl -sk -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "email=$1" \
		--data-urlencode "password=$2" --data-urlencode "csrf=$csrf" "$BASE/login")
	[ "$st" = 303 ] || die "login as $1 answered $st, not 303"
	cookie=$(awk '$6 ~ /kontor$/ { print $6 "=" $7 }' "$jar")
	[ -n "$cookie" ] || die "no session cookie after login as $1"
	echo "$cookie"
}
COOKIE=$(login_as "$DEMO_EMAIL" "$DEMO_PASSWORD" "$VAR/cookies")
st=$(curl -sk -H "Cookie: $COOKIE" -o "$VAR/home.html" -w '%{http_code}' "$BASE/")
[ "$st" = 200 ] || die "the home page answered $st with the session cookie"
st=$(curl -sk -o "$VAR/login-anon.html" -w '%{http_code}' "$BASE/login")
[ "$st" = 200 ] || die "the anonymous login page answered $st"

path_of() {
	case $1 in
	static) echo /bench/home.html ;;
	login) echo /login ;;
	home) echo / ;;
	api) echo "$API_PATH" ;;
	plist100) echo "/orgs/$ORG_100/products" ;;
	plist100k) echo "/orgs/$ORG_100K/products" ;;
	plistsearch) echo "/orgs/$ORG_100K/products?search=$PB_SEARCH" ;;
	dav) echo /dav/bench.txt ;;
	esac
}
url_of() { echo "$BASE$(path_of "$1")"; }
size_of() {
	case $1 in
	static | home) stat -c %s "$VAR/home.html" ;;
	login) stat -c %s "$VAR/login-anon.html" ;;
	api) stat -c %s "$VAR/api.json" ;;
	plist*) stat -c %s "$VAR/$1.html" ;;
	dav) stat -c %s "$VAR/bench.txt" ;;
	esac
}

# The API list call: the demo user's organizations, with a token made for the bench.
API_PATH="/api/1/organizations?per_page=20"
TOKEN=$(KONTOR_CONF="$VAR/kontor.conf" bin/kontorctl token add demo@kontor.localhost --name bench \
	--scopes organizations:read) || die "kontorctl token add failed"
st=$(curl -sk -o "$VAR/api.json" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE$API_PATH")
[ "$st" = 200 ] || die "the API list call answered $st"

# The DAV file: an application password of the demo user, made on its page as a user would.
curl -sk -H "Cookie: $COOKIE" -o "$VAR/apppw-new.html" "$BASE/account/app-passwords/new"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$VAR/apppw-new.html" | head -n 1)
curl -sk -H "Cookie: $COOKIE" -o "$VAR/apppw.html" --data-urlencode name=bench \
	--data-urlencode protocol_webdav=1 --data-urlencode "csrf=$csrf" "$BASE/account/app-passwords/new"
APPPW=$(grep -o '[2-9a-km-np-z]\{4\}\(-[2-9a-km-np-z]\{4\}\)\{6\}' "$VAR/apppw.html" | head -n 1)
[ -n "$APPPW" ] || die "no application password on the creation page"
DAV_AUTH=$(printf '%s:%s' "$DEMO_EMAIL" "$APPPW" | base64 -w0)
# Put through nginx like a client: the account's folder is its own (var/dav/<id>/dav/).
printf 'Kontor bench\n' >"$VAR/bench.txt"
st=$(curl -sk -o /dev/null -w '%{http_code}' -T "$VAR/bench.txt" -H "Authorization: Basic $DAV_AUTH" "$BASE/dav/bench.txt")
[ "$st" = 201 ] || [ "$st" = 204 ] || die "PUT /dav/bench.txt with the application password answered $st"
st=$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Basic $DAV_AUTH" "$BASE/dav/bench.txt")
[ "$st" = 200 ] || die "GET /dav/bench.txt with the application password answered $st"

# The product lists: their user, two organizations and their products and tags (a few seconds).
ctl() { KONTOR_CONF="$VAR/kontor.conf" bin/kontorctl "$@"; }
printf '%s\n' "$PB_PASSWORD" | ctl user add "$PB_EMAIL" --name "Product Bench" --locale en >/dev/null \
	|| die "kontorctl user add $PB_EMAIL failed"
ORG_100=$(ctl org add "Bench 100 products" --legal-rep "$PB_EMAIL" --country CH) || die "kontorctl org add failed"
ORG_100K=$(ctl org add "Bench 100000 products" --legal-rep "$PB_EMAIL" --country CH) || die "kontorctl org add failed"
log "creating 100 and 100,000 products with tags (scripts/bench_products.sql)"
for on in "$ORG_100 100" "$ORG_100K 100000"; do
	read -r o n <<<"$on"
	{ echo "SET @org = $o, @n = $n;"; cat scripts/bench_products.sql; } | scripts/stack.sh sql "$VAR" >/dev/null \
		|| die "scripts/bench_products.sql failed for $n products"
	got=$(scripts/stack.sh sql "$VAR" -N -e "SELECT products_count FROM organizations WHERE id = $o")
	[ "$got" = "$n" ] || die "organization $o has $got products, not $n"
done
PB_MATCHES=$(scripts/stack.sh sql "$VAR" -N -e \
	"SELECT COUNT(*) FROM products WHERE org_id = $ORG_100K AND INSTR(name, '$PB_SEARCH') > 0")
PB_COOKIE=$(login_as "$PB_EMAIL" "$PB_PASSWORD" "$VAR/cookies-products")
# Each first page must show 50 products, each with one to three tags (the search: 200 only).
tags_per_row() {  # the number of tags in each product row of a list page
	awk 'BEGIN { RS = "<tr>" } /<th scope="row">/ { print gsub(/class="tag tag-[0-9]+"/, "") }' "$1"
}
for t in plist100 plist100k plistsearch; do
	st=$(curl -sk -H "Cookie: $PB_COOKIE" -o "$VAR/$t.html" -w '%{http_code}' "$BASE$(path_of "$t")")
	[ "$st" = 200 ] || die "the product list $(path_of "$t") answered $st"
	[ "$t" = plistsearch ] && continue
	rows=$(tags_per_row "$VAR/$t.html" | wc -l)
	bad=$(tags_per_row "$VAR/$t.html" | awk '$1 < 1 || $1 > 3' | wc -l)
	[ "$rows" = 50 ] && [ "$bad" = 0 ] \
		|| die "the product list $(path_of "$t") shows $rows products, $bad of them without 1-3 tags"
done

# The static file: the home page's own bytes, served by nginx from $VAR/bench/ (local.conf.in).
mkdir -p "$VAR/bench"
cp "$VAR/home.html" "$VAR/bench/home.html"
st=$(curl -sk -o /dev/null -w '%{http_code}' "$BASE/bench/home.html")
[ "$st" = 200 ] || die "nginx does not serve $VAR/bench/ (nginx/local.conf.in needs location /bench/)"


# The processes to account: the auth pool's members (children of multiwatch), MariaDB, and
# nginx's workers.
mapfile -t FCGI_PIDS < <(pgrep -P "$(cat "$VAR/run/auth.pid")" | sort -n)
mapfile -t API_PIDS < <(pgrep -P "$(cat "$VAR/run/api.pid")" | sort -n)
mapfile -t PRODUCTS_PIDS < <(pgrep -P "$(cat "$VAR/run/products.pid")" | sort -n)
DB_PID=$(cat "$VAR/run/mysqld.pid")
mapfile -t NGINX_PIDS < <(pgrep -P "$(cat "$VAR/run/nginx-main.pid")")
[ "${#FCGI_PIDS[@]}" = "$KONTOR_POOL_SIZE" ] || die "expected $KONTOR_POOL_SIZE auth processes, found: ${FCGI_PIDS[*]}"
[ "${#PRODUCTS_PIDS[@]}" = "$KONTOR_POOL_SIZE" ] || die "expected $KONTOR_POOL_SIZE products processes, found: ${PRODUCTS_PIDS[*]}"

ticks() {  # utime+stime of the given pids, in clock ticks
	local t=0 p v
	for p in "$@"; do
		v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{ print $12 + $13 }') || v=0
		t=$((t + ${v:-0}))
	done
	echo "$t"
}
machine_busy() {  # all CPUs, busy ticks (not idle or iowait)
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
}
# CPU of this shell's finished children (wrk): the times builtin, run in this very shell (a
# subshell starts from zero), writes "0m1.230s 0m0.450s" for the children on its second line.
times_ticks() {
	awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] }
		printf "%d\n", t * '"$TCK"' + 0.5 }' "$1"
}

cat >"$VAR/report.lua" <<'LUA'
function done(summary, latency, requests)
	local e = summary.errors
	io.write(string.format("BENCH %d %d %d %d %d\n", summary.requests, summary.duration,
		latency:percentile(50), latency:percentile(99),
		e.connect + e.read + e.write + e.timeout + e.status))
end
LUA

ACCESS=$VAR/log/nginx-access.log
NGINX_MASTER=$(cat "$VAR/run/nginx-main.pid")
# Waits until the given processes and MariaDB are idle: a slow page leaves requests queued at
# the pool's socket when wrk stops (nginx logs them as 499, the pool still answers them), and
# they must not run into the next measurement.
settle() {
	local a b
	for _ in $(seq 1 150); do
		a=$(ticks "$@" "$DB_PID"); sleep 0.2; b=$(ticks "$@" "$DB_PID")
		[ $((b - a)) -le 1 ] && return 0
	done
	log "the pool was still busy after 30 s"
}

# Appends one line per run to $VAR/runs:
#   target conns round requests rps p50_us p99_us fcgi_ticks db_ticks nginx_ticks wrk_ticks busy_ticks secs
run_wrk() {
	local target=$1 conns=$2 round=$3 secs=$4 threads=2 hdr=()
	[ "$conns" -lt 2 ] && threads=1
	[ "$target" = home ] && hdr=(-H "Cookie: $COOKIE")
	[ "$target" = api ] && hdr=(-H "Authorization: Bearer $TOKEN")
	case $target in plist*) hdr=(-H "Cookie: $PB_COOKIE") ;; esac
	[ "$target" = dav ] && hdr=(-H "Authorization: Basic $DAV_AUTH")
	# The FastCGI processes of the target's pool.
	local pids=("${FCGI_PIDS[@]}")
	[ "$target" = api ] && pids=("${API_PIDS[@]}")
	case $target in plist*) pids=("${PRODUCTS_PIDS[@]}") ;; esac
	local off f0 d0 n0 w0 b0 f1 d1 n1 w1 b1
	off=$(stat -c %s "$ACCESS")
	f0=$(ticks "${pids[@]}"); d0=$(ticks "$DB_PID"); n0=$(ticks "${NGINX_PIDS[@]}"); b0=$(machine_busy)
	times >"$VAR/times0"
	# --timeout: at 32 connections the slow product lists wait seconds in the pool's queue, and
	# wrk's default of 2 s would count them as errors.
	wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 30s --latency -s "$VAR/report.lua" "${hdr[@]}" \
		"$(url_of "$target")" >"$VAR/wrk.out" 2>&1 || { cat "$VAR/wrk.out" >&2; die "wrk failed"; }
	times >"$VAR/times1"
	w0=$(times_ticks "$VAR/times0"); w1=$(times_ticks "$VAR/times1")
	f1=$(ticks "${pids[@]}"); d1=$(ticks "$DB_PID"); n1=$(ticks "${NGINX_PIDS[@]}"); b1=$(machine_busy)
	local line
	line=$(grep '^BENCH ' "$VAR/wrk.out") || { cat "$VAR/wrk.out" >&2; die "no report from wrk"; }
	read -r _ req dur p50 p99 errs <<<"$line"
	[ "$errs" = 0 ] || die "$target: wrk counted $errs socket errors or error statuses"
	# Every answer in nginx's log for this run must be a 200 (USR1 flushes the log buffer),
	# but for the requests in flight when wrk stopped and closed its connections (499).
	kill -USR1 "$NGINX_MASTER"
	local seen=0 bad=0
	for _ in $(seq 1 30); do
		sleep 0.1
		read -r seen bad < <(tail -c +"$((off + 1))" "$ACCESS" | awk -v p="$(path_of "$target")" \
			'$7 == p && $9 != 499 { n++; if ($9 != 200) b++ } END { print n + 0, b + 0 }')
		[ "$seen" -ge "$req" ] && break
	done
	[ "$bad" = 0 ] || die "$target: $bad of $seen answers were not 200 (see $ACCESS)"
	[ "$seen" -ge "$req" ] || die "$target: nginx logged $seen requests, wrk counted $req"
	printf '%s %s %s %s %s %s %s %s %s %s %s %s %s\n' "$target" "$conns" "$round" "$req" \
		"$(awk -v r="$req" -v d="$dur" 'BEGIN { printf "%.1f", r / (d / 1e6) }')" "$p50" "$p99" \
		"$((f1 - f0))" "$((d1 - d0))" "$((n1 - n0))" "$((w1 - w0))" "$((b1 - b0))" \
		"$(awk -v d="$dur" 'BEGIN { printf "%.3f", d / 1e6 }')" >>"$VAR/runs"
	case $target in plist*) settle "${pids[@]}" ;; esac
}

: >"$VAR/runs"
log "warming up (1 s each)"
for t in $TARGETS; do
	run_wrk "$t" "$CONNS" 0 1
done
: >"$VAR/runs"
for r in $(seq 1 "$ROUNDS"); do
	log "round $r of $ROUNDS at $CONNS connections: $TARGETS (${SECS} s each)"
	for t in $TARGETS; do run_wrk "$t" "$CONNS" "$r" "$SECS"; done
done
for r in $(seq 1 "$ROUNDS"); do
	log "round $r of $ROUNDS at 1 connection: $TARGETS (${SECS} s each)"
	for t in $TARGETS; do run_wrk "$t" 1 "$r" "$SECS"; done
done

NOW_FCGI=$(pgrep -P "$(cat "$VAR/run/auth.pid")" | sort -n | tr '\n' ' ')
[ "$NOW_FCGI" = "${FCGI_PIDS[*]} " ] || die "an auth process restarted during the bench (was ${FCGI_PIDS[*]}, now $NOW_FCGI); see $VAR/log/auth.log"
NOW_PRODUCTS=$(pgrep -P "$(cat "$VAR/run/products.pid")" | sort -n | tr '\n' ' ')
[ "$NOW_PRODUCTS" = "${PRODUCTS_PIDS[*]} " ] || die "a products process restarted during the bench (was ${PRODUCTS_PIDS[*]}, now $NOW_PRODUCTS); see $VAR/log/products.log"
RSS=""
for p in "${FCGI_PIDS[@]}" "${API_PIDS[@]}" "${PRODUCTS_PIDS[@]}"; do
	RSS+="$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$p/status") "
done

ALLOC=glibc
ldd bin/auth | grep -q mimalloc && ALLOC=mimalloc
REV=$(git describe --always --dirty 2>/dev/null || echo unknown)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)

# Medians and the report, from $VAR/runs.
awk -v conns="$CONNS" -v tck="$TCK" -v rss="$RSS" -v alloc="$ALLOC" -v rev="$REV" \
	-v cpu="$CPU" -v ncpu="$(nproc)" -v rounds="$ROUNDS" -v secs="$SECS" \
	-v pool="$KONTOR_POOL_SIZE" -v when="$(date -u '+%Y-%m-%d %H:%M UTC')" \
	-v size_static="$(size_of static)" -v size_login="$(size_of login)" -v size_home="$(size_of home)" -v size_api="$(size_of api)" \
	-v size_plist100="$(size_of plist100)" -v size_plist100k="$(size_of plist100k)" -v size_plistsearch="$(size_of plistsearch)" \
	-v size_dav="$(size_of dav)" -v search="$PB_SEARCH" -v matches="$PB_MATCHES" '
function median(k,    n, i, j, a, t) {
	n = split(vals[k], a, " ")
	for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function lo(k,    n, i, a, v) { n = split(vals[k], a, " "); v = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 < v + 0) v = a[i]; return v }
function hi(k,    n, i, a, v) { n = split(vals[k], a, " "); v = a[1]; for (i = 2; i <= n; i++) if (a[i] + 0 > v + 0) v = a[i]; return v }
function spread(k) { return comma(lo(k)) "–" comma(hi(k)) }
function add(k, v) { vals[k] = (k in vals) ? vals[k] " " v : v }
function ms(us) { return us >= 10000 ? sprintf("%.0f ms", us / 1000) : sprintf("%.2f ms", us / 1000) }
function us_per_req(ticks, reqs) { return ticks * 1e6 / tck / reqs }
function fmt_cpu(v) { return v < 0.5 ? "–" : v >= 10000 ? sprintf("%.0f ms", v / 1000) : sprintf("%.0f µs", v) }
function ratio(v) { return v < 0.001 ? "< 0.001" : sprintf("%.3f", v) }
function comma(n,    s, out) {
	s = sprintf("%d", n + 0.5); out = ""
	while (length(s) > 3) { out = "," substr(s, length(s) - 2) out; s = substr(s, 1, length(s) - 3) }
	return s out
}
{
	t = $1; c = ($2 == 1) ? 1 : "n"
	add(t c "rps", $5); add(t c "p50", $6); add(t c "p99", $7)
	if (c == "n") {
		add(t "fcgi", us_per_req($8, $4)); add(t "db", us_per_req($9, $4)); add(t "nginx", us_per_req($10, $4))
		add(t "wrk", us_per_req($11, $4))
	}
	# Machine CPU not spent by the bench (other users of the machine, interrupts), in % of all CPUs.
	other = ($12 - $8 - $9 - $10 - $11) * 100 / ($13 * tck * ncpu)
	add("other", other < 0 ? 0 : other)
	busy += $12; total += $13 * tck * ncpu
}
END {
	nt = split("static login home api plist100 plist100k plistsearch dav", T, " ")
	name["static"] = "static file (nginx)"; name["login"] = "login page `GET /login` (anonymous)"; name["home"] = "home page `GET /` (logged in)"; name["api"] = "API list `GET /api/1/organizations` (token)"
	name["plist100"] = "product list `GET /orgs/{id}/products`, 100 products"
	name["plist100k"] = "product list, 100,000 products"
	name["plistsearch"] = sprintf("product list, 100,000 products, name search `?search=%s` (%d found; informational)", search, matches)
	size["static"] = size_static; size["login"] = size_login; size["home"] = size_home; size["api"] = size_api
	name["dav"] = "DAV file `GET /dav/bench.txt` (application password, auth_request)"; size["dav"] = size_dav
	size["plist100"] = size_plist100; size["plist100k"] = size_plist100k; size["plistsearch"] = size_plistsearch
	base = median("staticnrps")
	printf "### Kontor benchmark, %s\n\n", when
	printf "%s, %d CPUs; commit %s; allocator **%s**; %d FastCGI processes in the pool; HTTPS on loopback (wrk, keep-alive); " \
		"%d interleaved rounds of %d s, medians.\n\n", cpu, ncpu, rev, alloc, pool, rounds, secs
	printf "| page | bytes | req/s @%d | ratio to static | p50 @%d | p99 @%d | p50 @1 | p99 @1 | FastCGI CPU/req | MariaDB CPU/req | nginx CPU/req |\n", conns, conns, conns
	printf "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"
	for (i = 1; i <= nt; i++) {
		t = T[i]
		printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", name[t], comma(size[t]),
			comma(median(t "nrps")), ratio(median(t "nrps") / base), ms(median(t "np50")), ms(median(t "np99")),
			ms(median(t "1p50")), ms(median(t "1p99")), fmt_cpu(median(t "fcgi")), fmt_cpu(median(t "db")),
			fmt_cpu(median(t "nginx"))
	}
	n = split(rss, R, " "); maxr = 0; list = ""
	for (i = 1; i <= n; i++) { list = list (i > 1 ? ", " : "") R[i] " MB"; if (R[i] + 0 > maxr) maxr = R[i] + 0 }
	printf "\nResident memory per FastCGI process (auth, then api, then products) after the run: %s. ", list
	printf "Spread of req/s @%d over the rounds: static %s, login %s, home %s, API %s, product list 100 %s, 100,000 %s, search %s. ", conns, spread("staticnrps"), spread("loginnrps"), spread("homenrps"), spread("apinrps"), spread("plist100nrps"), spread("plist100knrps"), spread("plistsearchnrps")
	printf "The product lists show the first page (50 products sorted by name, each with 1–3 of the organization'"'"'s 9 tags; every product carries 1–3 tags) to a second user, legal representative of both organizations. "
	printf "wrk itself used %.0f µs of CPU per home page request. ", median("homewrk")
	printf "Other load on the machine during the runs: median %.0f%% of all CPUs (max %.0f%%).\n\n", median("other"), hi("other")
	hr = median("homenrps") / base; h32 = median("homenp99") / 1000; h1 = median("home1p99") / 1000
	printf "| goal for the home page | target | measured | |\n|---|---|--:|---|\n"
	printf "| req/s as a ratio to the static file | ≥ 0.06 | %.3f | %s |\n", hr, hr >= 0.06 ? "met" : "**missed**"
	printf "| p99 at %d connections | < 25 ms | %.1f ms | %s |\n", conns, h32, h32 < 25 ? "met" : "**missed**"
	printf "| p99 at 1 connection | < 3 ms | %.2f ms | %s |\n", h1, h1 < 3 ? "met" : "**missed**"
	printf "| resident memory per process | < 20 MB | %.1f MB | %s |\n", maxr, maxr < 20 ? "met" : "**missed**"
	s1 = median("plist1001p50"); l1 = median("plist100k1p50"); pr = l1 / s1
	printf "\n| goal for the product list | target | measured | |\n|---|---|--:|---|\n"
	printf "| 100,000 products answer within twice the time of 100 (p50 at 1 connection) | ≤ 2× | %.2f× (%s vs %s) | %s |\n", \
		pr, ms(l1), ms(s1), pr <= 2 ? "met" : "**missed**"
}' "$VAR/runs" >"$VAR/report.md"

mkdir -p "$(dirname "$OUT")"
cp "$VAR/report.md" "$OUT"
cp "$VAR/runs" "${OUT%.md}.runs"
echo
cat "$VAR/report.md"
log "written to $OUT (raw runs in ${OUT%.md}.runs)"
