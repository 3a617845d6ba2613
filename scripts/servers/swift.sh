#!/usr/bin/env bash
# A single-node OpenStack Swift, with its S3 API (the s3api middleware), on loopback, for the tests.
#
#   scripts/servers/swift.sh start STATE_DIR   # starts it; writes STATE_DIR/swift.env once it answers
#   scripts/servers/swift.sh stop STATE_DIR    # stops what `start` started
#
# Everything but swift.env lives under STATE_DIR/swift/: the configuration, the rings, one device
# (a plain directory, in /dev/shm where it can be: make_device), the logs, the process ids.
# memcached (tempauth keeps its tokens there) and the proxy, account, container and object servers
# each run as one process (workers = 0) on 127.0.0.1, on ports the kernel picked free; a start
# that loses a port to another process starts again on fresh ones.
# Packages: swift swift-proxy swift-account swift-container swift-object memcached
# (scripts/install-deps.sh). Servers the packages enabled on the default ports are left alone.
#
# swift.env holds, as KEY=VALUE lines:
#   SWIFT_AUTH_URL SWIFT_USER SWIFT_KEY                      (tempauth v1)
#   S3_ENDPOINT S3_ACCESS_KEY S3_SECRET_KEY S3_REGION        (path-style, Signature V4)
#
# Swift reads its hash prefix and suffix and its storage policies from /etc/swift/swift.conf, a path
# it does not let a caller change. This script writes that file only if it is absent, and never
# changes one that exists: it builds an object ring for every policy that file names.
set -euo pipefail

usage() { echo "usage: $0 start|stop STATE_DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
command="$1"
servers="$(mkdir -p "$2" && cd "$2" && pwd)"
env_file="$servers/swift.env"  # beside the other servers' NAME.env; the rest in a folder of its own
state="$servers/swift"
mkdir -p "$state"
pids="$state/pids"
deadline_seconds=90  # a loaded machine took 21 s

stop_all() {
  [ -f "$pids" ] || return 0
  local pid
  while read -r pid; do kill -TERM "$pid" 2>/dev/null || true; done <"$pids"
  local waited=0
  while read -r pid; do
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt 100 ]; do
      sleep 0.1
      waited=$((waited + 1))
    done
    kill -KILL "$pid" 2>/dev/null || true
  done <"$pids"
  rm -f "$pids"
}

# Prints N TCP ports that were free on 127.0.0.1 a moment ago.
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}

write_swift_conf() {
  [ -f /etc/swift/swift.conf ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "swift.sh: writing /etc/swift/swift.conf (absent; Swift reads its hash prefix from there)"
  $sudo mkdir -p /etc/swift
  printf '%s\n' '[swift-hash]' \
    "swift_hash_path_prefix = drydock-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" \
    "swift_hash_path_suffix = drydock-$(od -An -N8 -tx8 /dev/urandom | tr -d ' ')" \
    '' '[storage-policy:0]' 'name = Policy-0' 'default = yes' |
    $sudo tee /etc/swift/swift.conf.drydock-tmp >/dev/null
  $sudo mv -n /etc/swift/swift.conf.drydock-tmp /etc/swift/swift.conf
  $sudo rm -f /etc/swift/swift.conf.drydock-tmp
}

# build_rings ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT: one replica, one device, in one process,
# with the Python that Debian's swift package is installed for.
build_rings() {
  /usr/bin/python3 - "$state/etc" "$1" "$2" "$3" <<'PY'
import configparser, sys
from swift.common.ring import RingBuilder
etc, account, container, obj = sys.argv[1], *map(int, sys.argv[2:])
conf = configparser.ConfigParser()
conf.read("/etc/swift/swift.conf")
policies = {0} | {int(s.split(":", 1)[1]) for s in conf.sections() if s.startswith("storage-policy:")}
rings = [("account", account), ("container", container)]
rings += [("object" if i == 0 else "object-%d" % i, obj) for i in sorted(policies)]
for name, port in rings:
    builder = RingBuilder(6, 1, 1)
    builder.add_dev({"id": 0, "region": 1, "zone": 1, "ip": "127.0.0.1", "port": port,
                     "device": "d1", "weight": 100, "meta": ""})
    builder.rebalance()
    builder.get_ring().save("%s/%s.ring.gz" % (etc, name))
PY
}

# write_configs MEMCACHED PROXY ACCOUNT CONTAINER OBJECT KEY
write_configs() {
  local user common
  user="$(id -un)"
  common="bind_ip = 127.0.0.1
workers = 0
user = $user
swift_dir = $state/etc
devices = $state/srv
mount_check = false
log_name = swift"
  printf '[DEFAULT]\nbind_port = %s\n%s\n\n[pipeline:main]\npipeline = %s\n\n[app:%s]\nuse = egg:swift#%s\n' \
    "$3" "$common" account-server account-server account >"$state/etc/account-server.conf"
  printf '[DEFAULT]\nbind_port = %s\n%s\n\n[pipeline:main]\npipeline = %s\n\n[app:%s]\nuse = egg:swift#%s\n' \
    "$4" "$common" container-server container-server container >"$state/etc/container-server.conf"
  printf '[DEFAULT]\nbind_port = %s\n%s\n\n[pipeline:main]\npipeline = %s\n\n[app:%s]\nuse = egg:swift#%s\n' \
    "$5" "$common" object-server object-server object >"$state/etc/object-server.conf"
  cat >"$state/etc/proxy-server.conf" <<CONF
[DEFAULT]
bind_port = $2
$common

[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats bulk s3api tempauth copy slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_drydock_tester = $6 .admin

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$1

[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:bulk]
use = egg:swift#bulk
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF
}

# ready PROXY_PORT KEY: true once tempauth answers and an object can be stored and removed.
ready() {
  local auth token url
  auth="$(curl -s -o /dev/null -D - --max-time 5 -H 'X-Auth-User: drydock:tester' \
    -H "X-Auth-Key: $2" "http://127.0.0.1:$1/auth/v1.0" 2>/dev/null)" || return 1
  token="$(printf '%s' "$auth" | tr -d '\r' | sed -n 's/^[Xx]-[Aa]uth-[Tt]oken: //p')"
  url="$(printf '%s' "$auth" | tr -d '\r' | sed -n 's/^[Xx]-[Ss]torage-[Uu]rl: //p')"
  [ -n "$token" ] && [ -n "$url" ] || return 1
  curl -sf -o /dev/null --max-time 5 -X PUT -H "X-Auth-Token: $token" "$url/drydock-probe" &&
    curl -sf -o /dev/null --max-time 5 -X PUT -H "X-Auth-Token: $token" --data-binary probe \
      "$url/drydock-probe/probe" &&
    curl -sf -o /dev/null --max-time 5 -X DELETE -H "X-Auth-Token: $token" \
      "$url/drydock-probe/probe" &&
    curl -sf -o /dev/null --max-time 5 -X DELETE -H "X-Auth-Token: $token" "$url/drydock-probe"
}

# The device: a directory in memory (/dev/shm) where that file system keeps user xattrs (Swift
# keeps an object's metadata in them; tmpfs does from Linux 6.6), else under STATE_DIR. Swift
# fsyncs each object and container update; on disk that was half of a small PUT's time.
make_device() {
  remove_device
  local shm=""
  if shm="$(mktemp -d /dev/shm/drydock-swift.XXXXXX 2>/dev/null)" &&
    python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.drydock", b"1")' "$shm" 2>/dev/null; then
    ln -s "$shm" "$state/srv"
  else
    [ -z "$shm" ] || rm -rf "$shm"
    mkdir -p "$state/srv"
  fi
  mkdir -p "$state/srv/d1"
}

remove_device() {
  if [ -L "$state/srv" ]; then rm -rf "$(readlink "$state/srv")"; fi
  rm -rf "${state:?}/srv"
}

# alive: true while every process started is running.
alive() {
  local pid
  while read -r pid; do kill -0 "$pid" 2>/dev/null || return 1; done <"$pids"
}

# start_once: 0 ready, 1 failed, 3 lost a port (worth another try).
start_once() {
  local ports memcached proxy account container object key
  ports="$(free_ports 5)"
  read -r memcached proxy account container object <<<"$ports"
  key="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
  rm -rf "${state:?}/etc" "${state:?}/log"
  mkdir -p "$state/etc" "$state/log"
  make_device
  write_configs "$memcached" "$proxy" "$account" "$container" "$object" "$key" || return 1
  build_rings "$account" "$container" "$object" || return 1
  : >"$pids"
  memcached -l 127.0.0.1 -p "$memcached" -U 0 -m 64 -u "$(id -un)" >"$state/log/memcached.log" 2>&1 &
  echo $! >>"$pids"
  local server
  for server in account container object proxy; do
    "swift-$server-server" "$state/etc/$server-server.conf" -v >"$state/log/$server.log" 2>&1 &
    echo $! >>"$pids"
  done
  local start=$SECONDS
  until ready "$proxy" "$key"; do
    if ! alive; then
      grep -qi 'address already in use' "$state"/log/*.log && return 3
      return 1
    fi
    [ $((SECONDS - start)) -lt "$deadline_seconds" ] || return 1
    sleep 0.1
  done
  cat >"$env_file.tmp" <<ENV
SWIFT_AUTH_URL=http://127.0.0.1:$proxy/auth/v1.0
SWIFT_USER=drydock:tester
SWIFT_KEY=$key
S3_ENDPOINT=http://127.0.0.1:$proxy
S3_ACCESS_KEY=drydock:tester
S3_SECRET_KEY=$key
S3_REGION=us-east-1
ENV
  mv "$env_file.tmp" "$env_file"
}

case "$command" in
  start)
    stop_all
    trap 'stop_all; remove_device; exit 1' INT TERM  # a start cut short leaves nothing behind
    rm -f "$env_file"
    write_swift_conf
    for attempt in 1 2 3; do
      rc=0
      start_once || rc=$?
      [ "$rc" -eq 0 ] && { echo "swift.sh: ready ($(grep S3_ENDPOINT "$env_file"))"; exit 0; }
      stop_all
      [ "$rc" -eq 3 ] || break
      echo "swift.sh: a port was taken meanwhile; attempt $((attempt + 1))" >&2
    done
    echo "swift.sh: Swift did not start; logs in $state/log:" >&2
    tail -n 20 "$state"/log/*.log >&2 || true
    remove_device
    exit 1
    ;;
  stop)
    stop_all
    rm -f "$env_file"
    remove_device
    ;;
  *) usage ;;
esac
