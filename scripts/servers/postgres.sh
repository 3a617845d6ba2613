#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback, for the tests of the index state on PostgreSQL.
#
#   scripts/servers/postgres.sh start STATE_DIR   # starts it; writes STATE_DIR/postgres.env once it answers
#   scripts/servers/postgres.sh stop STATE_DIR    # stops what `start` started
#
# Everything but postgres.env lives under STATE_DIR/postgres/: the cluster (initdb), its log, and its
# unix socket. It listens on 127.0.0.1 on a port the kernel picked free (a start that loses the port
# to another process starts again on a fresh one) and on the socket in that folder; a cluster the
# package made on the default port is left alone. PostgreSQL refuses to run as root: as root, the
# cluster belongs to the `postgres` user and runs as it (runuser), in a folder of its own under /tmp
# when that user cannot reach STATE_DIR (named in STATE_DIR/postgres.where). Durability is off (fsync,
# synchronous_commit): the cluster lives as long as one test run.
# Packages: postgresql (scripts/install-deps.sh).
#
# postgres.env holds, as KEY=VALUE lines:
#   DRYDOCK_TEST_POSTGRES_URL   postgresql://USER:PASSWORD@127.0.0.1:PORT/drydock, a superuser
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command="$1"
servers="$(mkdir -p "$2" && cd "$2" && pwd)"
env_file="$servers/postgres.env"
# As root the cluster runs as `postgres`, which must reach its folder: STATE_DIR/postgres when it
# can, else a folder of its own under /tmp (a clone in a 0700 folder, say), named in where_file.
where_file="$servers/postgres.where"
state="$servers/postgres"
[ ! -f "$where_file" ] || state="$(cat "$where_file")"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/pg_ctl" ] || { echo "postgres.sh: no PostgreSQL in /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }

# as_owner CMD...: runs CMD as the cluster's owner.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_all() {
  [ -f "$state/data/postmaster.pid" ] || return 0
  as_owner "$bin/pg_ctl" -D "$state/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_once: 0 ready, 1 failed, 3 lost the port (worth another try).
start_once() {
  local port password
  port="$(free_port)"
  password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  rm -rf "${state:?}"
  mkdir -p "$state/socket"
  printf '%s\n' "$password" >"$state/password"
  chmod 700 "$state"
  [ "$(id -u)" -ne 0 ] || chown -R postgres: "$state"
  as_owner "$bin/initdb" -D "$state/data" -U drydock --pwfile="$state/password" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$state/initdb.log" 2>&1 || return 1
  rm -f "$state/password"
  if ! as_owner "$bin/pg_ctl" -D "$state/data" -l "$state/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $state/socket -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    grep -qi 'address already in use' "$state/postgres.log" && return 3
    return 1
  fi
  local url="postgresql://drydock:$password@127.0.0.1:$port/drydock"
  PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U drydock drydock || return 1
  printf 'DRYDOCK_TEST_POSTGRES_URL=%s\n' "$url" >"$env_file.tmp"
  chmod 600 "$env_file.tmp"
  mv "$env_file.tmp" "$env_file"
}

# Chooses where the cluster goes (state) for a new start, after the last one was stopped.
choose_state() {
  [ ! -f "$where_file" ] || rm -rf "${state:?}" "$where_file"
  state="$servers/postgres"
  if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$servers"; then
    state="$(mktemp -d /tmp/drydock-postgres.XXXXXX)"
    printf '%s\n' "$state" >"$where_file"
  fi
}

case "$command" in
  start)
    stop_all
    trap 'stop_all; exit 1' INT TERM  # a start cut short (a CTest timeout) leaves nothing running
    rm -f "$env_file"
    choose_state
    for attempt in 1 2 3; do
      rc=0
      start_once || rc=$?
      [ "$rc" -eq 0 ] && { echo "postgres.sh: ready on $(sed -n 's/.*@\([^/]*\)\/.*/\1/p' "$env_file")"; exit 0; }
      stop_all
      [ "$rc" -eq 3 ] || break
      echo "postgres.sh: the port was taken meanwhile; attempt $((attempt + 1))" >&2
    done
    echo "postgres.sh: PostgreSQL did not start; logs in $state:" >&2
    tail -n 20 "$state"/*.log >&2 || true
    exit 1
    ;;
  stop)
    stop_all
    rm -rf "$env_file" "${state:?}" "$where_file"
    ;;
  *) usage ;;
esac
