#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the tests and prints its URL on stdout (nothing else
# goes to stdout).  Installs Debian's postgresql package when its programs are missing.  The
# cluster lives in a fresh temporary folder owned by the postgres user, listens on 127.0.0.1
# only, on a free port, and trusts local connections: it holds nothing but test data and dies
# with the machine.  Must run as root (it switches to the postgres user).
set -euo pipefail

pg_bindir() {
    local newest
    newest=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -n "$newest" ] && [ -x "$newest/pg_ctl" ] && [ -x "$newest/postgres" ]; then
        echo "$newest"
    fi
}

if [ -z "$(pg_bindir)" ]; then
    echo "installing postgresql from Debian's packages" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
bindir=$(pg_bindir)
if [ -z "$bindir" ]; then
    echo "postgresql is installed but its programs are not under /usr/lib/postgresql" >&2
    exit 1
fi

# Asking the kernel for a port and releasing it leaves a small race, acceptable on a CI machine.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cluster=$(mktemp -d /tmp/wiredesk-pg.XXXXXX)
chown postgres:postgres "$cluster"
as_postgres() { runuser -u postgres -- "$@"; }

as_postgres "$bindir/initdb" -D "$cluster/data" -U postgres --auth=trust --encoding=UTF8 \
    --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 ||
    { cat "$cluster/initdb.log" >&2; exit 1; }
as_postgres "$bindir/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster -c fsync=off" start >&2 ||
    { cat "$cluster/server.log" >&2; exit 1; }
as_postgres "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres wiredesk_test >&2

echo "postgresql://postgres@127.0.0.1:$port/wiredesk_test"
