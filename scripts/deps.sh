#!/usr/bin/env bash
# Installs what Kontor needs on Debian 12 and is missing: build and runtime packages from
# apt, and the browser-test driver (playwright-core) from npm into tests/e2e/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(build-essential pkg-config clang
      libfcgi-dev libmariadb-dev libxml2-dev libxslt1-dev libsodium-dev liboath-dev
      libqrencode-dev libjansson-dev libcurl4-openssl-dev libmagic-dev libcrack2-dev
      cracklib-runtime libmimalloc-dev libcmocka-dev
      mariadb-server mariadb-client galera-4 spawn-fcgi multiwatch nginx libnginx-mod-http-dav-ext
      python3 python3-aiosmtpd libxml2-utils openssl oathtool wrk chromium nodejs npm curl)

missing=()
for p in "${PKGS[@]}"; do
	if [ "$p" = nodejs ] || [ "$p" = npm ]; then
		# A newer Node.js from elsewhere on PATH is fine; only install Debian's if none.
		command -v "${p/nodejs/node}" >/dev/null 2>&1 && continue
	fi
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "deps: installing ${missing[*]}"
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	# Debian may start its own MariaDB and nginx services on install; Kontor runs private
	# instances on other ports and sockets, so they do not collide.
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# cracklib's dictionary is built by the package's trigger; build it if that did not run.
if [ ! -e /var/cache/cracklib/cracklib_dict.pwd ]; then
	${SUDO:-} update-cracklib >/dev/null 2>&1 || true
fi

if [ ! -d tests/e2e/node_modules/playwright-core ]; then
	echo "deps: installing playwright-core for the browser tests"
	(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
