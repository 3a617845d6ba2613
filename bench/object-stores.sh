#!/usr/bin/env bash
# Benchmarks `drydock serve` on object stores, each figure beside its reference in the same run, on
# loopback only, with a Swift (and its S3 API) and a PostgreSQL of its own (scripts/servers/):
#   1. one layer pushed and pulled through `drydock serve --storage s3://...` and `swift://...`,
#      beside the same store's own throughput for the same bytes (one PUT and GETs with curl);
#   2. small GETs (wrk) through two nodes on one PostgreSQL and one S3 store behind nginx round
#      robin, beside one of those nodes asked directly.
# Prints a table; no goals are set. Exits 1 only when something broke (a server, a request, a
# pulled layer that differs from the pushed one, wrk error answers), 2 on a usage error.
# Needs a built drydock, curl, openssl, nginx, wrk, python3, Swift and PostgreSQL:
# scripts/bench.sh --object-stores installs and builds them.
set -euo pipefail
shopt -s inherit_errexit

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
source "$BENCH_DIR/lib.sh"
source "$BENCH_DIR/simulator.sh"
source "$BENCH_DIR/measure.sh"
# The end-to-end tests' helpers: drydock serve and nginx on free ports, the README's curl push and
# pull of a two-image repository.
# shellcheck source=scripts/lib/http-test.sh
source "$ROOT/scripts/lib/http-test.sh"

usage() {
  cat <<EOF
usage: bench/object-stores.sh [options]
  --drydock PATH        the drydock binary (default: build/release/drydock)
  --layer-size SIZE     layer pushed and pulled, bytes or with K/M/G (default: 256M; at most 5G,
                        the largest object a single PUT may store)
  --reps N              layer downloads per server; the table shows the median (default: 3)
  --duration SECONDS    each wrk run (default: 5)
EOF
}

drydock_bin=$ROOT/build/release/drydock
layer_size_text=256M
reps=3
duration=5
while [ $# -gt 0 ]; do
  case "$1" in
    --drydock) drydock_bin=$2; shift 2 ;;
    --layer-size) layer_size_text=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
layer_size=$(numfmt --from=iec "${layer_size_text%B}" 2>/dev/null) || {
  echo "bench: bad --layer-size $layer_size_text" >&2
  exit 2
}
for n in "$reps" "$duration"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: not a positive number: $n" >&2; exit 2; }
done
if [ "$layer_size" -le 0 ] || [ "$layer_size" -gt $((5 << 30)) ]; then
  echo "bench: --layer-size must be between 1 byte and 5G" >&2
  exit 2
fi

for tool in curl openssl nginx wrk numfmt python3 memcached swift-proxy-server; do
  command -v "$tool" >/dev/null || bench_die "$tool is not installed (scripts/bench.sh --object-stores installs it)"
done
[ -x "$drydock_bin" ] || bench_die "$drydock_bin is not built (scripts/build.sh release)"

bench_init
broken=0
flag_broken() {
  bench_log "error: $*"
  broken=1
}

# What scripts/lib/http-test.sh expects of its caller.
test_name=bench
drydock=$drydock_bin
work=$BENCH_TMP/work
pids=()
mkdir -p "$work"

# The servers live under the temporary folder; as root, postgres.sh runs the cluster as the
# postgres user, which must reach its folder there.
servers=$BENCH_TMP/servers
chmod 711 "$BENCH_TMP"
postgres_starter=""
object_stores_cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do bench_stop_process "${pids[i]}"; done
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_stop_process "${BENCH_PIDS[i]}"; done
  # A start still running in the background stops what it started on SIGTERM.
  [ -z "$postgres_starter" ] || bench_stop_process "$postgres_starter"
  if [ -d "$servers" ]; then
    "$ROOT/scripts/servers/swift.sh" stop "$servers" >/dev/null 2>&1 || true
    "$ROOT/scripts/servers/postgres.sh" stop "$servers" >/dev/null 2>&1 || true
  fi
  rm -rf "$BENCH_TMP"
  exit "$status"
}
trap object_stores_cleanup EXIT

started=$(bench_now)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# --- Servers: Swift with s3api, and PostgreSQL, started side by side. ---
bench_log "starting Swift (with s3api) and PostgreSQL on loopback"
mkdir -p "$servers"
"$ROOT/scripts/servers/postgres.sh" start "$servers" >"$BENCH_TMP/postgres.log" 2>&1 &
postgres_starter=$!
servers_start=$(bench_now)
"$ROOT/scripts/servers/swift.sh" start "$servers" >"$BENCH_TMP/swift.log" 2>&1 ||
  bench_die "Swift did not start: $(tail -n 20 "$BENCH_TMP/swift.log")"
swift_seconds=$(awk -v a="$servers_start" -v b="$(bench_now)" 'BEGIN { printf "%.1f", b - a }')
wait "$postgres_starter" || bench_die "PostgreSQL did not start: $(tail -n 20 "$BENCH_TMP/postgres.log")"
postgres_starter=""
# KEY=VALUE lines, read without running them.
read_env() {
  local key value
  while IFS='=' read -r key value; do
    if [[ "$key" =~ ^[A-Z0-9_]+$ ]]; then printf -v "$key" '%s' "$value"; fi
  done <"$1"
}
read_env "$servers/swift.env"
read_env "$servers/postgres.env"

# Room for the layer file, and in the Swift device for the copies stored at one time.
device=$(readlink -f "$servers/swift/srv")
for place in "$BENCH_TMP:1" "$device:3"; do
  free_kb=$(df -Pk "${place%:*}" | awk 'NR == 2 { print $4 }')
  need_kb=$(((layer_size / 1024) * ${place##*:} + 65536))
  [ "$free_kb" -ge "$need_kb" ] ||
    bench_die "${place%:*} has $((free_kb / 1024)) MiB free; this layer size needs $((need_kb / 1024)) MiB"
done

# --- Inputs: the image JSON and a deterministic layer, with its checksums. ---
json=$BENCH_TMP/image.json
layer=$BENCH_TMP/layer.bin
size_label=$(numfmt --to=iec-i --suffix=B "$layer_size")
bench_log "generating a $size_label layer (an AES-CTR keystream: deterministic, incompressible)"
bench_make_image "$layer_size" "$json" "$layer"
image_id=$BENCH_IMAGE_ID
payload_checksum=$BENCH_PAYLOAD_CHECKSUM
layer_sha256=$(openssl dgst -sha256 -r "$layer" | cut -c1-64)
checked=""

# The payload checksum (sha256 of the JSON, a newline, the layer) of a download through drydock.
pulled_checksum() {
  local url=$1 authorization=$2
  printf 'sha256:%s' "$(
    {
      cat "$json"
      printf '\n'
      curl -sS --max-time 300 -H "Authorization: $authorization" "$url" || echo "curl failed"
    } | openssl dgst -sha256 -r | cut -c1-64
  )"
}

# One layer through drydock on STORE (s3 or swift), started with the arguments after the first:
# pushed (the whole v1 token flow), then downloaded REPS times alternating with the store's own
# GET of the same bytes (direct_get), then once more, hashed. Sets dd_up, dd_down, dd_downs,
# direct_downs, direct_down (bytes/s).
layer_through_drydock() {
  local store=$1 i speed
  shift
  sim_start "$drydock_bin" memory "$BENCH_TMP/$store-node" "$@"
  bench_log "$store: push through drydock serve (pid $SIM_PID), then the direct PUT"
  sim_begin_push "$image_id"
  sim_push_image "$image_id" "$json" "$layer"
  sim_finish_push "$image_id" "$payload_checksum"
  dd_up=$SIM_UPLOAD_BPS
  direct_put
  sim_begin_pull
  local authorization="Token $SIM_READ_TOKEN" url=$SIM_REGISTRY/v1/images/$image_id/layer
  bench_log "$store: $reps downloads from each, alternating, then one checked download of each"
  dd_downs=()
  direct_downs=()
  for ((i = 0; i < reps; i++)); do
    speed=$(measure_downloads "$url" 1 "$layer_size" "$authorization")
    dd_downs+=($speed)
    speed=$(direct_get)
    direct_downs+=($speed)
  done
  if [ "$(pulled_checksum "$url" "$authorization")" = "$payload_checksum" ]; then
    checked+="$store drydock: same; "
  else
    checked+="$store drydock: DIFFERS; "
    flag_broken "$store: the layer pulled through drydock differs from the pushed one"
  fi
  if [ "$(direct_get_sha256)" = "$layer_sha256" ]; then
    checked+="$store direct: same; "
  else
    checked+="$store direct: DIFFERS; "
    flag_broken "$store: the layer read back from the store differs from the one stored"
  fi
  direct_delete
  bench_release "$SIM_PID"
  dd_down=$(measure_median "${dd_downs[@]}")
  direct_down=$(measure_median "${direct_downs[@]}")
}

# --- 1a. S3 (Swift's s3api), path-style, Signature V4. ---
# The access key (account:user) holds a colon, which curl's --user cannot carry: the URL's
# percent-encoded user part can. These are the throwaway store's credentials, in curl's arguments.
s3_direct_url="http://${S3_ACCESS_KEY//:/%3A}:$S3_SECRET_KEY@${S3_ENDPOINT#http://}/drydock-bench-direct"
# s3api refuses a request without x-amz-content-sha256, and curl signs an emptied `Expect:` header
# that it then leaves out: the direct PUT keeps curl's Expect: 100-continue (one round trip).
s3_curl=(--aws-sigv4 "aws:amz:$S3_REGION:s3" -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD')
s3_bucket() {
  local code
  code=$(curl -sS --max-time 30 -o "$work/body" -w '%{http_code}' -X "$1" "${s3_curl[@]}" "$s3_direct_url") ||
    bench_die "$1 bucket: curl failed"
  [[ "$code" =~ ^(200|204)$ ]] || bench_die "$1 bucket answered $code: $(head -c 300 "$work/body")"
}
s3_bucket PUT
direct_put() {
  local result code
  result=$(curl -sS --max-time 600 -T "$layer" -o "$work/body" -w '%{http_code} %{speed_upload}' \
    "${s3_curl[@]}" "$s3_direct_url/layer") || bench_die "direct S3 PUT: curl failed"
  read -r code direct_up <<<"$result"
  [ "$code" = 200 ] || bench_die "direct S3 PUT answered $code: $(head -c 300 "$work/body")"
}
direct_get() { measure_downloads "$s3_direct_url/layer" 1 "$layer_size" "" "${s3_curl[@]}"; }
direct_get_sha256() {
  curl -sS --max-time 300 "${s3_curl[@]}" "$s3_direct_url/layer" | openssl dgst -sha256 -r | cut -c1-64
}
direct_delete() {
  curl -sS --max-time 30 -o /dev/null -X DELETE "${s3_curl[@]}" "$s3_direct_url/layer" || true
  s3_bucket DELETE
}
export DRYDOCK_S3_ACCESS_KEY=$S3_ACCESS_KEY DRYDOCK_S3_SECRET_KEY=$S3_SECRET_KEY
layer_through_drydock s3 --storage s3://drydock-bench-s3/layer --storage-endpoint "$S3_ENDPOINT" \
  --storage-region "$S3_REGION"
s3_up=$dd_up s3_down=$dd_down s3_direct_up=$direct_up s3_direct_down=$direct_down
s3_downs=("${dd_downs[@]}") s3_direct_downs=("${direct_downs[@]}")

# --- 1b. Swift, tempauth v1. ---
http GET "$SWIFT_AUTH_URL" '200|204' -H "X-Auth-User: $SWIFT_USER" -H "X-Auth-Key: $SWIFT_KEY"
swift_token=(-H "X-Auth-Token: $(header X-Auth-Token)")
swift_direct_url=$(header X-Storage-Url)/drydock-bench-direct
[ -n "$swift_direct_url" ] || bench_die "Swift's tempauth gave no X-Storage-Url"
http PUT "$swift_direct_url" '201|202' "${swift_token[@]}"
direct_put() {
  local result code
  result=$(curl -sS --max-time 600 -T "$layer" -o "$work/body" -H 'Expect:' -w '%{http_code} %{speed_upload}' \
    "${swift_token[@]}" -H 'Content-Type: application/octet-stream' "$swift_direct_url/layer") ||
    bench_die "direct Swift PUT: curl failed"
  read -r code direct_up <<<"$result"
  [ "$code" = 201 ] || bench_die "direct Swift PUT answered $code: $(head -c 300 "$work/body")"
}
direct_get() { measure_downloads "$swift_direct_url/layer" 1 "$layer_size" "" "${swift_token[@]}"; }
direct_get_sha256() {
  curl -sS --max-time 300 "${swift_token[@]}" "$swift_direct_url/layer" | openssl dgst -sha256 -r | cut -c1-64
}
direct_delete() {
  curl -sS --max-time 30 -o /dev/null -X DELETE "${swift_token[@]}" "$swift_direct_url/layer" || true
  curl -sS --max-time 30 -o /dev/null -X DELETE "${swift_token[@]}" "$swift_direct_url" || true
}
export DRYDOCK_SWIFT_USER=$SWIFT_USER DRYDOCK_SWIFT_KEY=$SWIFT_KEY
layer_through_drydock swift --storage swift://drydock-bench-swift/layer --storage-endpoint "$SWIFT_AUTH_URL"
swift_up=$dd_up swift_down=$dd_down swift_direct_up=$direct_up swift_direct_down=$direct_down
swift_downs=("${dd_downs[@]}") swift_direct_downs=("${direct_downs[@]}")

# --- 2. Two nodes on one PostgreSQL and one S3 store behind nginx, against one node. ---
# The database password goes to the nodes in PGPASSWORD, not in their command lines.
db_rest=${DRYDOCK_TEST_POSTGRES_URL#postgresql://}
db_user_info=${db_rest%%@*}
export PGPASSWORD=${db_user_info#*:}
db_url=postgresql://${db_user_info%%:*}@${db_rest#*@}
lb_port=$(free_port)
node_args=(--listen 127.0.0.1:0 --memory --database "$db_url" --storage s3://drydock-bench-nodes/images
  --storage-endpoint "$S3_ENDPOINT" --storage-region "$S3_REGION" --password-iterations 1
  --admin admin:bench-admin1 --registry-endpoint "127.0.0.1:$lb_port" --quiet)
start_serve node1 "${node_args[@]}"
node1=$serve_url
start_serve node2 "${node_args[@]}"
node2=$serve_url
start_balancer "$lb_port" "$node1" "$node2"
lb=http://127.0.0.1:$lb_port
bench_log "two nodes ($node1, $node2) behind nginx round robin ($lb): push and pull through it"
user=drydockbench
password=bench-password1
repo=$user/small
push_two_images "$lb" "$user" "$password" "$repo" object-stores "$lb"
http GET "$lb/v1/repositories/$repo/images" 200 -u "$user:$password" -H 'X-Docker-Token: true'
read_auth="Token $(header X-Docker-Token)"
[ "$read_auth" != "Token " ] || bench_die "GET images gave no X-Docker-Token"
pull_two_images "$lb" "$repo" -H "Authorization: $read_auth"

bench_log "small GETs: wrk -t2 -c10 -d${duration}s, four runs, alternating one node and the balancer"
export BENCH_AUTHORIZATION=$read_auth
read -r one_ping one_ping_bad one_ping_err <<<"$(measure_wrk "$node1/v1/_ping" "$duration" "$work/wrk.one.ping")"
read -r two_ping two_ping_bad two_ping_err <<<"$(measure_wrk "$lb/v1/_ping" "$duration" "$work/wrk.two.ping")"
read -r one_json one_json_bad one_json_err <<<"$(measure_wrk "$node1/v1/images/$child/json" "$duration" \
  "$work/wrk.one.json" "$BENCH_DIR/token_get.lua")"
read -r two_json two_json_bad two_json_err <<<"$(measure_wrk "$lb/v1/images/$child/json" "$duration" \
  "$work/wrk.two.json" "$BENCH_DIR/token_get.lua")"
unset BENCH_AUTHORIZATION
for bad in "$one_ping_bad" "$two_ping_bad" "$one_json_bad" "$two_json_bad"; do
  [ "$bad" = 0 ] || flag_broken "wrk saw non-2xx answers (see the non-2xx/socket line below)"
done

# --- Figures. ---
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "") printf "%.2f", a / b; else printf "-" }'; }
mibs() { awk -v b="$1" 'BEGIN { if (b == "") printf "-"; else printf "%.0f", b / 1048576 }'; }
list_mibs() { for s in "$@"; do printf '%s ' "$(mibs "$s")"; done; }
row() { printf '%-46s %10s %10s %6s\n' "$@"; }
throughput() { row "$1" "$(mibs "$2")" "$(mibs "$3")" "$(ratio "$2" "$3")"; }

elapsed=$(awk -v a="$started" -v b="$(bench_now)" 'BEGIN { printf "%.0f", b - a }')
echo
echo "drydock on object stores: $(nproc) CPUs, load average at start $load_at_start, $elapsed s" \
  "(Swift ready in $swift_seconds s)"
package_version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "?"; }
echo "  Swift $(package_version swift-proxy) with s3api and tempauth, one replica, device in $device;"
echo "  PostgreSQL $(package_version postgresql); the layer nodes: drydock serve --memory --storage;"
echo "  the two nodes: --database postgresql --storage s3"
echo "  layer $size_label; downloads: median of $reps per server, alternating; uploads: one each"
echo "  (figures are noisy on a shared machine: the ratios, taken in the same run, are steadier)"
echo
row "layer (MiB/s)" "drydock" "direct" "ratio"
throughput "S3 upload, $size_label" "$s3_up" "$s3_direct_up"
throughput "S3 download, $size_label (median)" "$s3_down" "$s3_direct_down"
throughput "Swift upload, $size_label" "$swift_up" "$swift_direct_up"
throughput "Swift download, $size_label (median)" "$swift_down" "$swift_direct_down"
echo
row "small GET (req/s)" "two nodes" "one node" "ratio"
row "GET /v1/_ping" "$two_ping" "$one_ping" "$(ratio "$two_ping" "$one_ping")"
row "token-checked GET image json" "$two_json" "$one_json" "$(ratio "$two_json" "$one_json")"
echo
echo "drydock: the v1 token flow's PUT layer and GET layer (read token); it stores a layer in parts"
echo "  (S3 multipart upload, Swift segments under a manifest). direct: one curl PUT of the same file"
echo "  and GETs of it (S3: Signature V4 with UNSIGNED-PAYLOAD; Swift: a tempauth token)."
echo "download runs, MiB/s: S3 drydock $(list_mibs "${s3_downs[@]}")| direct $(list_mibs "${s3_direct_downs[@]}")"
echo "                      Swift drydock $(list_mibs "${swift_downs[@]}")| direct $(list_mibs "${swift_direct_downs[@]}")"
echo "pulled layer against the pushed one (sha256): ${checked%; }"
echo "two nodes: nginx (worker_processes 1, keepalive 16 to the nodes) round robin over both; one node:"
echo "  node 1 of the two, asked directly; wrk -t2 -c10 -d${duration}s, keep-alive"
echo "wrk non-2xx/socket errors: ping one $one_ping_bad/$one_ping_err, two $two_ping_bad/$two_ping_err;" \
  "image json one $one_json_bad/$one_json_err, two $two_json_bad/$two_json_err"
if [ "$broken" -ne 0 ]; then
  echo
  echo "bench: something broke (see the errors above); the figures may not mean what they say"
  exit 1
fi
