#!/usr/bin/env bash
# Start/stop the third-party Docker Registry v1 server from the npm package
# docker-registry-server (pinned in docker-registry-server/package-lock.json)
# on a free loopback port, for `drydock check`. See README.md beside this file.
#
# usage: docker-registry-server.sh start [-- SERVER-ARGS...]   start, print base URL
#        docker-registry-server.sh stop                        stop it, drop its storage
#        docker-registry-server.sh url                         print base URL if running
#        docker-registry-server.sh status                      say whether it runs
#        docker-registry-server.sh install                     npm ci only
#
# SERVER-ARGS go to the server's own CLI, e.g. `start -- --user alice:secret`
# (turns on its Basic-auth mode).
#
# Environment:
#   DRYDOCK_TP_STATE_DIR  where pid/url/log live
#                         (default .tools/third-party/docker-registry-server/run)
#   DRYDOCK_TP_PORT       fixed port instead of a free one
#   DRYDOCK_TP_TIMEOUT    seconds to wait for /v1/_ping (default 20)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pin_dir="$here/docker-registry-server"
install_dir="$root/.tools/third-party/docker-registry-server"
state_dir="${DRYDOCK_TP_STATE_DIR:-$install_dir/run}"
pid_file="$state_dir/pid"
url_file="$state_dir/url"
log_file="$state_dir/server.log"
data_file="$state_dir/datadir"
host=127.0.0.1
timeout_s="${DRYDOCK_TP_TIMEOUT:-20}"

die() { echo "docker-registry-server.sh: $*" >&2; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"
}

running_pid() {
  [[ -f "$pid_file" ]] || return 1
  local pid
  pid="$(cat "$pid_file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

do_install() {
  need node "Node.js >= 18 is needed"
  need npm "npm is needed to install the pinned package"
  local bin="$install_dir/node_modules/docker-registry-server/bin.js"
  if [[ -f "$bin" ]] &&
     cmp -s "$pin_dir/package-lock.json" "$install_dir/package-lock.json" &&
     cmp -s "$pin_dir/package.json" "$install_dir/package.json"; then
    return 0
  fi
  echo "docker-registry-server.sh: installing pinned packages into $install_dir" >&2
  mkdir -p "$install_dir"
  cp "$pin_dir/package.json" "$pin_dir/package-lock.json" "$install_dir/"
  if ! (cd "$install_dir" &&
        npm ci --no-audit --no-fund --loglevel=error >"$install_dir/npm-ci.log" 2>&1); then
    tail -n 30 "$install_dir/npm-ci.log" >&2 || true
    rm -f "$install_dir/package-lock.json"   # force a retry next time
    die "npm ci failed (full log: $install_dir/npm-ci.log)"
  fi
  [[ -f "$bin" ]] || die "npm ci finished but $bin is missing"
}

free_port() {
  node -e '
    const s = require("net").createServer();
    s.listen(0, process.argv[1], () => { console.log(s.address().port); s.close(); });
  ' "$host"
}

ping_ok() {
  local body
  body="$(curl -sS --max-time 1 "$1/v1/_ping" 2>/dev/null)" || return 1
  [[ "$body" == "true" ]]
}

do_start() {
  need curl "used to poll /v1/_ping"
  local pid
  if pid="$(running_pid)"; then
    if [[ -f "$url_file" ]] && ping_ok "$(cat "$url_file")"; then
      echo "docker-registry-server.sh: already running (pid $pid)" >&2
      cat "$url_file"
      return 0
    fi
    die "pid $pid from $pid_file is alive but does not answer; run '$0 stop' first"
  fi
  do_install
  mkdir -p "$state_dir"
  rm -f "$pid_file" "$url_file"

  # The server's CLI maps --port 0 to 8000, so we pick the port. Another
  # process may grab it between pick and bind: retry a few times then.
  local port url data deadline
  for _ in 1 2 3; do
    port="${DRYDOCK_TP_PORT:-$(free_port)}"
    url="http://$host:$port"
    data="$(mktemp -d "${TMPDIR:-/tmp}/drydock-drs.XXXXXX")"
    echo "$data" >"$data_file"
    # cwd = storage dir: the server also looks for hook scripts in ./hooks/.
    (cd "$data" &&
     DRYDOCK_TP_BIND_HOST="$host" exec nohup node \
       -r "$pin_dir/shim.js" \
       "$install_dir/node_modules/docker-registry-server/bin.js" \
       --port "$port" --dir "$data" "$@" \
       >"$log_file" 2>&1 </dev/null) &
    pid=$!
    echo "$pid" >"$pid_file"

    deadline=$((SECONDS + timeout_s))
    while ((SECONDS < deadline)); do
      if ! kill -0 "$pid" 2>/dev/null; then
        break
      fi
      if ping_ok "$url"; then
        echo "$url" >"$url_file"
        echo "$url"
        return 0
      fi
      sleep 0.2
    done

    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      rm -rf "$data"; rm -f "$pid_file" "$data_file"
      tail -n 20 "$log_file" >&2 || true
      die "server (pid $pid) did not answer $url/v1/_ping within ${timeout_s}s; log: $log_file"
    fi
    wait "$pid" 2>/dev/null || true
    rm -rf "$data"; rm -f "$pid_file" "$data_file"
    if grep -q EADDRINUSE "$log_file" && [[ -z "${DRYDOCK_TP_PORT:-}" ]]; then
      continue
    fi
    tail -n 20 "$log_file" >&2 || true
    die "server exited before answering $url/v1/_ping; log: $log_file"
  done
  die "could not bind a free port after 3 attempts; log: $log_file"
}

do_stop() {
  local pid
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -KILL "$pid" 2>/dev/null || true
    fi
    echo "docker-registry-server.sh: stopped pid $pid" >&2
  else
    echo "docker-registry-server.sh: not running" >&2
  fi
  if [[ -f "$data_file" ]]; then
    local data
    data="$(cat "$data_file")"
    case "$data" in
      */drydock-drs.*) rm -rf "$data" ;;
    esac
  fi
  rm -f "$pid_file" "$url_file" "$data_file"
}

do_url() {
  if running_pid >/dev/null && [[ -f "$url_file" ]]; then
    cat "$url_file"
  else
    die "not running"
  fi
}

do_status() {
  local pid
  if pid="$(running_pid)" && [[ -f "$url_file" ]]; then
    echo "running: pid $pid, $(cat "$url_file"), storage $(cat "$data_file" 2>/dev/null)"
  else
    echo "not running"
    return 1
  fi
}

cmd="${1:-}"
shift || true
[[ "${1:-}" == "--" ]] && shift
case "$cmd" in
  start) do_start "$@" ;;
  stop) do_stop ;;
  url) do_url ;;
  status) do_status ;;
  install) do_install ;;
  *) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
