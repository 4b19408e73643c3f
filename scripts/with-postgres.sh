#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL server.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# Starts a private cluster in a temp dir (trust auth, UTF8, C.UTF-8), bound to 127.0.0.1 on a
# free port, creates database `yuanqu`, exports
#   YUANQU_DATABASE_URL=postgres://postgres@127.0.0.1:$PORT/yuanqu
# (and PGHOST/PGPORT/PGUSER/PGDATABASE), runs CMD, then always stops the server and removes the temp dir. Exits with CMD's status.
#
# No PostgreSQL installed is a failure (exit 1) naming the command that installs it: the pass is never skipped.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

pg_bin=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        pg_bin="$dir"
        break
    fi
done

if [[ -z "$pg_bin" ]]; then
    echo "ERROR: PostgreSQL server not found (no initdb/pg_ctl under /usr/lib/postgresql/*/bin);" \
         "install it with: sudo apt-get install postgresql (or: scripts/system-deps.sh ensure)" >&2
    exit 1
fi

# initdb refuses to run as root: run the server as `postgres` then.
if [[ "$(id -u)" -eq 0 ]]; then
    pg_user="postgres"
    as_pg() { runuser -u postgres -- "$@"; }
else
    pg_user="$(id -un)"
    as_pg() { "$@"; }
fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/yuanqu-pg.XXXXXX")"
chown "$pg_user" "$tmp"
chmod 700 "$tmp"
data="$tmp/data"
started=0

cleanup() {
    if [[ "$started" -eq 1 ]]; then
        as_pg "$pg_bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"

as_pg "$pg_bin/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 || {
    cat "$tmp/initdb.log" >&2
    echo "ERROR: initdb failed" >&2
    exit 1
}

# fsync off and friends: a throw-away test cluster, speed matters more than durability.
opts="-c listen_addresses=127.0.0.1 -p $port -k $tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
started=1
as_pg "$pg_bin/pg_ctl" -D "$data" -l "$tmp/server.log" -o "$opts" -w -t 60 start >/dev/null || {
    cat "$tmp/server.log" >&2
    echo "ERROR: PostgreSQL did not start" >&2
    exit 1
}

as_pg "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U postgres yuanqu

export YUANQU_DATABASE_URL="postgres://postgres@127.0.0.1:$port/yuanqu"
# libpq defaults too, so plain `psql` (or `psql ""`) reaches the same database.
export PGHOST=127.0.0.1 PGPORT="$port" PGUSER=postgres PGDATABASE=yuanqu
# On PostgreSQL the settings refuse to start without a key: a throw-away server gets a throw-away key.
export YUANQU_SECRET_KEY="${YUANQU_SECRET_KEY:-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')}"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $tmp)" >&2

status=0
"$@" || status=$?
exit "$status"
