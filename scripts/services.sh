#!/usr/bin/env bash
# Make sure what the full test run needs is on this machine and running:
#   PostgreSQL on 127.0.0.1:5432 (database `test`, trust auth for local TCP),
#   Redis on 127.0.0.1:6379, Debian's Chromium at /usr/bin/chromium, Node with npm, wrk and nginx.
# Used by .ci/run; safe to run again (each step first checks, then acts).
#
# Why all of this: CI may run on a fresh machine where nothing installed by hand
# survives, and services may have stopped. Debian packages are the only source we
# use -- never a browser download of its own (`playwright install` can't work here).
set -euo pipefail

export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO="sudo -n"; fi

APT_UPDATED=""
apt_install() {
    if [ -z "$APT_UPDATED" ]; then
        $SUDO apt-get update -qq
        APT_UPDATED=1
    fi
    echo "services: apt-get install $*"
    $SUDO apt-get install -y -q "$@"
}

# Wait up to $1 seconds for the command after it to succeed.
wait_for() {
    local seconds=$1; shift
    for _ in $(seq "$seconds"); do
        if "$@"; then return 0; fi
        sleep 1
    done
    "$@"
}

pg_version() { ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1; }
pg_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
pg_reachable() { PGCONNECT_TIMEOUT=5 psql -w -q -At "postgres://postgres@127.0.0.1:5432/test" -c 'select 1' >/dev/null 2>&1; }
as_postgres() { $SUDO runuser -u postgres -- "$@"; }

ensure_postgres() {
    if ! command -v pg_ctlcluster >/dev/null || [ -z "$(pg_version)" ]; then
        apt_install postgresql
    fi
    if ! pg_ready; then
        echo "services: starting PostgreSQL $(pg_version)"
        $SUDO pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main start || true
        wait_for 30 pg_ready || { echo "services: PostgreSQL did not start" >&2; return 1; }
    fi
    if pg_reachable; then
        echo "services: PostgreSQL ok (postgres@127.0.0.1:5432/test)"
        return 0
    fi
    # Not reachable as postgres@127.0.0.1/test without a password: allow trust auth
    # for local TCP (tests only; this is a throwaway CI/dev server) and create `test`.
    local hba
    hba="/etc/postgresql/$(pg_version)/main/pg_hba.conf"
    if ! grep -Eq '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
        echo "services: enabling trust auth for 127.0.0.1 in $hba"
        $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
        $SUDO pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main reload
    fi
    if [ "$(as_postgres psql -At -c "select 1 from pg_roles where rolname = 'test'")" != 1 ]; then
        as_postgres createuser --createdb test
    fi
    if [ "$(as_postgres psql -At -c "select 1 from pg_database where datname = 'test'")" != 1 ]; then
        as_postgres createdb test
    fi
    pg_reachable || { echo "services: PostgreSQL still not reachable as postgres@127.0.0.1/test" >&2; return 1; }
    echo "services: PostgreSQL ok (postgres@127.0.0.1:5432/test)"
}

redis_ok() { [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]; }

ensure_redis() {
    if ! command -v redis-server >/dev/null; then
        apt_install redis-server
    fi
    if ! redis_ok; then
        echo "services: starting Redis"
        $SUDO mkdir -p /var/lib/redis /var/log/redis
        # Same flags as the machine's own start-up: nothing persisted to disk.
        $SUDO redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" \
            --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
        wait_for 15 redis_ok || { echo "services: Redis did not answer PING" >&2; return 1; }
    fi
    echo "services: Redis ok (127.0.0.1:6379)"
}

ensure_chromium() {
    if [ ! -x /usr/bin/chromium ]; then
        apt_install chromium
    fi
    echo "services: Chromium ok ($(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium))"
}

# Node and npm run the frappe-js-sdk compatibility check (tests/api/js).
ensure_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        apt_install nodejs npm
    fi
    echo "services: Node ok ($(node --version), npm $(npm --version))"
}

# wrk drives the load runs and the through-a-server benchmarks; nginx checks deploy/'s site
# file (`nginx -t`) and fronts the app servers in the deployment test. Neither runs as a service.
ensure_tools() {
    local missing=()
    command -v wrk >/dev/null 2>&1 || missing+=(wrk)
    [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    fi
    # Debian's package starts nginx on port 80: the tests start their own, on their own ports.
    if [ -f /run/nginx.pid ]; then $SUDO /usr/sbin/nginx -s stop 2>/dev/null || true; fi
    echo "services: wrk and nginx ok ($(wrk --version 2>&1 | head -n 1 | cut -c1-40); $(/usr/sbin/nginx -v 2>&1))"
}

ensure_postgres
ensure_redis
ensure_chromium
ensure_node
ensure_tools
