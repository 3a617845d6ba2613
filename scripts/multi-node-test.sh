#!/usr/bin/env bash
# Several simulator nodes as one service (issue: the seed's storage backends and scale-out): two
# `drydock serve` processes on one object store (Swift, through its S3 API or its own: the second
# argument) and one PostgreSQL database, behind nginx balancing between them round robin, under
# the single-use token policy:
#   1. a repository pushed through node 1 pulls through node 2, byte for byte;
#   2. a single-use token spent on node 1 is refused by node 2 (no session cookie with it);
#   3. the whole conformance suite passes through the balancer, each request on either node;
#   4. node 2 killed with SIGKILL in the middle of a layer upload leaves nothing readable on node 1.
#
# Usage: scripts/multi-node-test.sh DRYDOCK_BINARY [s3|swift]
# Needs the servers the test command starts (cmake/servers.cmake): DRYDOCK_SERVERS_DIR holding
# swift.env and postgres.env. Without them it skips (exit 77) with the reason, or fails under
# DRYDOCK_REQUIRE_SERVERS=1 (scripts/test.sh).
# Exit status: 0 on success, 1 when something did not behave, 2 when a tool is missing, 77: skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

drydock="${1:-}"
store="${2:-s3}"
if [ -z "$drydock" ] || [ ! -x "$drydock" ] || [[ ! "$store" =~ ^(s3|swift)$ ]]; then
  echo "usage: scripts/multi-node-test.sh DRYDOCK_BINARY [s3|swift]" >&2
  exit 2
fi
for tool in curl psql python3 sha256sum tar cmp mkfifo; do
  command -v "$tool" >/dev/null || { echo "multi-node-test: $tool is not installed" >&2; exit 2; }
done

servers="${DRYDOCK_SERVERS_DIR:-}"
for name in swift postgres; do
  if [ -z "$servers" ] || [ ! -f "$servers/$name.env" ]; then
    why="no $name server: run it from the test command (scripts/test.sh), which starts one"
    if [ "${DRYDOCK_REQUIRE_SERVERS:-}" = 1 ]; then
      echo "multi-node-test: $why" >&2
      exit 1
    fi
    echo "multi-node-test: skipped: $why"
    exit 77
  fi
done
# KEY=VALUE lines, read without running them.
read_env() {
  local key value
  while IFS='=' read -r key value; do
    [[ "$key" =~ ^[A-Z0-9_]+$ ]] && printf -v "$key" '%s' "$value"
  done <"$1"
}
read_env "$servers/swift.env"
read_env "$servers/postgres.env"

work=$(mktemp -d)
pids=()
database=""
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$database" ]; then
    psql -q "$DRYDOCK_TEST_POSTGRES_URL" -c "DROP DATABASE IF EXISTS $database" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

test_name=multi-node-test
# shellcheck source=scripts/lib/http-test.sh
source scripts/lib/http-test.sh

# A database and a store prefix of this run's own.
run=mn$(printf '%s %s' "$$" "$(date +%s%N)" | sha256sum | cut -c1-12)
database=drydock_$run
psql -q "$DRYDOCK_TEST_POSTGRES_URL" -c "CREATE DATABASE $database" >"$work/psql.out" 2>&1 ||
  die "cannot create a database: $(cat "$work/psql.out")"
db_url="${DRYDOCK_TEST_POSTGRES_URL%/*}/$database"
if [ "$store" = s3 ]; then
  export DRYDOCK_S3_ACCESS_KEY="$S3_ACCESS_KEY" DRYDOCK_S3_SECRET_KEY="$S3_SECRET_KEY"
  store_args=(--storage "s3://drydock-multi-node/$run" --storage-endpoint "$S3_ENDPOINT"
    --storage-region "$S3_REGION")
else
  export DRYDOCK_SWIFT_USER="$SWIFT_USER" DRYDOCK_SWIFT_KEY="$SWIFT_KEY"
  store_args=(--storage "swift://drydock-multi-node/$run" --storage-endpoint "$SWIFT_AUTH_URL")
fi

# The balancer's port first: each node names it in X-Docker-Endpoints.
lb_port=$(free_port)
admin_password=multi-node-admin1
node_args=(--listen 127.0.0.1:0 --memory --database "$db_url" "${store_args[@]}"
  --password-iterations 1 --admin "admin:$admin_password" --token-policy single-use
  --registry-endpoint "127.0.0.1:$lb_port" --quiet)
start_node() {  # start_node N: sets node_pid[N] and node_url[N]
  start_serve "node$1" "${node_args[@]}"
  node_pid[$1]=$serve_pid
  node_url[$1]=$serve_url
}
declare -a node_pid node_url
start_node 1
start_node 2

start_balancer "$lb_port" "${node_url[1]}" "${node_url[2]}"
LB=http://127.0.0.1:$lb_port

# 1. Pushed through node 1 (index and registry), pulled through node 2.
user=multinode
password=multi-node-secret1
repo=$user/shared
push_two_images "${node_url[1]}" "$user" "$password" "$repo" multi-node "${node_url[1]}"
read_token() {  # read_token INDEX_URL: a read token for $repo, in $token
  http GET "$1/v1/repositories/$repo/images" 200 -u "$user:$password" -H 'X-Docker-Token: true'
  token=$(header X-Docker-Token)
  [ -n "$token" ] || die "GET images on $1 gave no X-Docker-Token"
}
read_token "${node_url[2]}"
rm -f "$work/pull.cookies"
pull_two_images "${node_url[2]}" "$repo" -H "Authorization: Token $token" \
  -b "$work/pull.cookies" -c "$work/pull.cookies"

# 2. A single-use token spent on node 1 is spent on node 2.
read_token "${node_url[1]}"
http GET "${node_url[1]}/v1/repositories/$repo/tags" 200 -H "Authorization: Token $token"
http GET "${node_url[2]}/v1/repositories/$repo/tags" 401 -H "Authorization: Token $token"

# 3. The whole suite through the balancer.
"$drydock" check --index "$LB" --registry "$LB" --admin admin --admin-password "$admin_password" \
  --token-policy single-use --report-dir "$work/reports" --format json \
  >"$work/check.out" 2>"$work/check.err" ||
  die "drydock check through the balancer failed ($?): $(tail -n 40 "$work/check.out") $(tail -n 5 "$work/check.err")"
summary=$(tail -n 1 "$work/check.out")

# 4. Node 2 dies in the middle of a layer upload: node 1 shows no part of that image.
victim=$(printf 'multi-node victim %s' "$run" | sha256sum | cut -d' ' -f1)
http PUT "${node_url[1]}/v1/repositories/$repo/" '200|201' -u "$user:$password" \
  -H 'X-Docker-Token: true' -H 'Content-Type: application/json' -d "[{\"id\":\"$victim\"}]"
token=$(header X-Docker-Token)
cookies=(-b "$work/victim.cookies" -c "$work/victim.cookies")
printf '{"id":"%s","created":"2015-01-03T00:00:00Z"}' "$victim" >"$work/victim.json"
http PUT "${node_url[2]}/v1/images/$victim/json" 200 -H "Authorization: Token $token" "${cookies[@]}" \
  -H 'Content-Type: application/json' --data-binary "@$work/victim.json"
mkfifo "$work/layer.fifo"
curl -sS --max-time 60 -X PUT -T "$work/layer.fifo" -H "Authorization: Token $token" "${cookies[@]}" \
  -H 'Content-Type: application/octet-stream' -o /dev/null \
  "${node_url[2]}/v1/images/$victim/layer" 2>"$work/victim.curl" &
upload_pid=$!
exec 3>"$work/layer.fifo"
head -c $((24 << 20)) /dev/urandom >&3  # 24 MiB handed to curl: past the store's first part
kill -KILL "${node_pid[2]}"
wait "${node_pid[2]}" 2>/dev/null || true
exec 3>&-
wait "$upload_pid" 2>/dev/null && die "the upload to a killed node succeeded"
read_token "${node_url[1]}"
reader=(-H "Authorization: Token $token" -b "$work/reader.cookies" -c "$work/reader.cookies")
for what in layer json ancestry; do
  code=$(curl -sS --max-time 30 -o "$work/body" -w '%{http_code}' "${reader[@]}" \
    "${node_url[1]}/v1/images/$victim/$what") || die "GET $what on node 1: curl failed"
  [ "$code" != 200 ] || die "node 1 serves the $what of an image whose upload died with node 2"
  [[ "$code" =~ ^4[0-9][0-9]$ ]] || die "GET $what on node 1 answered $code, not a 4xx"
done

echo "multi-node-test: two nodes on $store and PostgreSQL behind nginx: push on 1 pulled on 2," \
  "spent token refused across nodes, suite through the balancer: $summary;" \
  "a node killed mid-layer left nothing readable"
