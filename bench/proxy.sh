#!/usr/bin/env bash
# Benchmarks `drydock proxy` beside nginx as a plain reverse proxy, both in front of one
# `drydock serve` (split index and registry listeners), in one run, on loopback only: a large
# layer's upload (the whole v1 token flow, following X-Docker-Endpoints) and download throughput
# through each proxy and directly, alternating so that all see the same load; the proxy's
# resident memory while the layer streams through it; the pulled layer's payload checksum through
# each; and the proxy's own verdict when it stops. Prints a table. Exits 1 only when something
# broke (a server, a request, a checksum, a failed verdict), 2 on a usage error.
# Needs a built drydock, curl, openssl and nginx: scripts/bench.sh --proxy installs and builds them.
set -euo pipefail
shopt -s inherit_errexit

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
source "$BENCH_DIR/lib.sh"
source "$BENCH_DIR/simulator.sh"
source "$BENCH_DIR/nginx.sh"
source "$BENCH_DIR/measure.sh"

usage() {
  cat <<EOF
usage: bench/proxy.sh [options]
  --drydock PATH        the drydock binary (default: build/release/drydock)
  --layer-size SIZE     layer pushed and pulled, bytes or with K/M/G (default: 1G)
  --reps N              layer downloads per path; the table shows the median (default: 3)
  --backend data|memory simulator storage: data = filesystem in a temporary folder (default),
                        memory = --memory
  --nginx-workers N     nginx worker_processes, a number or auto (default: auto)
  --slow-rate RATE      one further download through drydock proxy by a client that reads at
                        most RATE bytes a second (curl --limit-rate: K/M/G), for the proxy's
                        memory when its client is slower than its server; 0: none (default: 100M)
EOF
}

drydock_bin=$ROOT/build/release/drydock
layer_size_text=1G
reps=3
backend=data
nginx_workers=auto
slow_rate=100M
while [ $# -gt 0 ]; do
  case "$1" in
    --drydock) drydock_bin=$2; shift 2 ;;
    --layer-size) layer_size_text=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --nginx-workers) nginx_workers=$2; shift 2 ;;
    --slow-rate) slow_rate=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
layer_size=$(numfmt --from=iec "${layer_size_text%B}" 2>/dev/null) || {
  echo "bench: bad --layer-size $layer_size_text" >&2
  exit 2
}
[[ "$reps" =~ ^[1-9][0-9]*$ ]] || { echo "bench: not a positive number: $reps" >&2; exit 2; }
[[ "$nginx_workers" =~ ^(auto|[1-9][0-9]*)$ ]] || { echo "bench: bad --nginx-workers" >&2; exit 2; }
[[ "$backend" =~ ^(data|memory)$ ]] || { echo "bench: bad --backend $backend" >&2; exit 2; }
[ "$layer_size" -gt 0 ] || { echo "bench: --layer-size must be positive" >&2; exit 2; }
[[ "$slow_rate" =~ ^(0|[1-9][0-9]*[KMGkmg]?)$ ]] || { echo "bench: bad --slow-rate $slow_rate" >&2; exit 2; }

for tool in curl openssl nginx numfmt; do
  command -v "$tool" >/dev/null || bench_die "$tool is not installed (scripts/bench.sh installs it)"
done
[ -x "$drydock_bin" ] || bench_die "$drydock_bin is not built (scripts/build.sh release)"
has_subcommand() {
  "$drydock_bin" --help 2>/dev/null |
    awk -v s="$1" '/^Subcommands:/ { on = 1; next } on && $1 == s { found = 1 } END { exit !found }'
}
has_subcommand serve || bench_die "$drydock_bin has no 'serve' command"
has_subcommand proxy || bench_die "$drydock_bin has no 'proxy' command"

bench_init
broken=0
flag_broken() {
  bench_log "error: $*"
  broken=1
}

# The three ways to the simulator, in the order every phase takes them.
readonly PATHS=(direct drydock nginx)
declare -A path_label=([direct]="direct" [drydock]="drydock proxy" [nginx]="nginx proxy")
declare -A index_url=() registry_url=() image_json=() image_id=() checksum=()
declare -A write_token=() read_token=() upload_bps=() downloads=() pulled=()

# --- drydock proxy: start, and stop with its verdict. ---

# Starts `drydock proxy --quiet` in front of the simulator, on free loopback ports, its reports in
# DIR/reports. Sets PROXY_PID, PROXY_INDEX, PROXY_REGISTRY and PROXY_DIR.
proxy_start() {
  local dir=$1 i
  PROXY_DIR=$dir
  mkdir -p "$dir"
  : >"$dir/proxy.out"
  "$drydock_bin" proxy --index "$SIM_INDEX" --registry "$SIM_REGISTRY" --listen 127.0.0.1:0 \
    --registry-listen 127.0.0.1:0 --report-dir "$dir/reports" --quiet >"$dir/proxy.out" 2>"$dir/proxy.err" &
  PROXY_PID=$!
  bench_own "$PROXY_PID"
  PROXY_REGISTRY=""
  for ((i = 0; i < 300; i++)); do
    PROXY_REGISTRY=$(awk '$1 == "registry" { print $2 }' "$dir/proxy.out")
    [ -n "$PROXY_REGISTRY" ] && break
    kill -0 "$PROXY_PID" 2>/dev/null || bench_die "drydock proxy exited at start: $(tail -n 5 "$dir/proxy.err")"
    sleep 0.05
  done
  [ -n "$PROXY_REGISTRY" ] || bench_die "drydock proxy printed no registry address in 15 s"
  PROXY_INDEX=$(awk '$1 == "index" { print $2 }' "$dir/proxy.out")
  PROXY_INDEX=${PROXY_INDEX%/}
  PROXY_REGISTRY=${PROXY_REGISTRY%/}
  [ -n "$PROXY_INDEX" ] || bench_die "drydock proxy printed no index address"
}

# Stops the proxy with SIGTERM (it writes its reports, then exits; at most 60 s). Sets
# PROXY_STATUS (its exit status) and PROXY_SUMMARY (its stderr line "judged the client: ...").
proxy_stop() {
  local i kept=() p
  PROXY_STATUS=0
  kill -TERM "$PROXY_PID" 2>/dev/null || true
  for ((i = 0; i < 600; i++)); do
    kill -0 "$PROXY_PID" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$PROXY_PID" 2>/dev/null; then
    flag_broken "drydock proxy did not exit within 60 s of SIGTERM: killing it"
    kill -KILL "$PROXY_PID" 2>/dev/null || true
  fi
  wait "$PROXY_PID" 2>/dev/null || PROXY_STATUS=$?
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$PROXY_PID" ] || kept+=("$p"); done
  BENCH_PIDS=("${kept[@]}")
  PROXY_SUMMARY=$(grep 'judged the client' "$PROXY_DIR/proxy.err" | tail -n 1 |
    sed -e 's/^drydock proxy: //' -e 's/; reports in .*//')
}

# --- The v1 flows, for one path: its index given, its registry followed from X-Docker-Endpoints. ---

path_basic() { printf 'Basic %s' "$(printf 'bench%s:%s' "$1" "$SIM_PASSWORD" | base64 -w0)"; }

# The registry URL named by the last answer's X-Docker-Endpoints (its first entry), or empty.
followed_registry() {
  local endpoint
  endpoint=$(sim_header X-Docker-Endpoints | cut -d, -f1 | tr -d ' ')
  [ -z "$endpoint" ] || echo "http://$endpoint"
}

# The whole push of PATH's image: register, PUT repository (token, endpoints), PUT json, PUT layer
# (timed), PUT checksum, tag, PUT images. Sets upload_bps[PATH] and write_token[PATH].
flow_push() {
  local path=$1 user=bench$1 index=${index_url[$1]} registry id=${image_id[$1]} result code
  sim_http POST "$index/v1/users/" '201' -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$user\",\"password\":\"$SIM_PASSWORD\",\"email\":\"$user@example.com\"}"
  sim_http PUT "$index/v1/repositories/$user/layer/" '200|201' -H "Authorization: $(path_basic "$path")" \
    -H 'X-Docker-Token: true' -H 'Content-Type: application/json' \
    --data-binary "[{\"id\":\"$id\",\"Tag\":\"latest\"}]"
  write_token[$path]=$(sim_header X-Docker-Token)
  [ -n "${write_token[$path]}" ] || bench_die "$path: PUT repository gave no X-Docker-Token"
  registry=$(followed_registry)
  [ "$registry" = "${registry_url[$path]}" ] ||
    bench_die "$path: X-Docker-Endpoints names '$registry', not ${registry_url[$path]}"
  local auth="Authorization: Token ${write_token[$path]}"
  sim_http PUT "$registry/v1/images/$id/json" '200' -H "$auth" -H 'Content-Type: application/json' \
    --data-binary "@${image_json[$path]}"
  result=$(curl -sS --max-time 600 -T "$layer" -o "$SIM_DIR/body" -H 'Expect:' -H "$auth" \
    -H 'Content-Type: application/octet-stream' -w '%{http_code} %{speed_upload}' \
    "$registry/v1/images/$id/layer") || bench_die "$path: PUT layer: curl failed"
  read -r code "upload_bps[$path]" <<<"$result"
  [ "$code" = 200 ] || bench_die "$path: PUT layer answered $code: $(head -c 300 "$SIM_DIR/body")"
  sim_http PUT "$registry/v1/images/$id/checksum" '200' -H 'Content-Length: 0' -H "$auth" \
    -H "X-Docker-Checksum-Payload: ${checksum[$path]}"
  sim_http PUT "$registry/v1/repositories/$user/layer/tags/latest" '200|201' -H "$auth" \
    -H 'Content-Type: application/json' --data-binary "\"$id\""
  sim_http PUT "$index/v1/repositories/$user/layer/images" '204' -H "Authorization: $(path_basic "$path")" \
    -H 'X-Docker-Token: true' -H "X-Docker-Endpoints: ${registry#http://}" \
    -H 'Content-Type: application/json' --data-binary '[]'
}

# The pull of PATH's image up to its layer: the image list with a read token (endpoints
# followed), the tags, the ancestry, the JSON (which must be the pushed one). Sets read_token[PATH].
flow_begin_pull() {
  local path=$1 user=bench$1 index=${index_url[$1]} registry id=${image_id[$1]}
  sim_http GET "$index/v1/repositories/$user/layer/images" '200' -H "Authorization: $(path_basic "$path")" \
    -H 'X-Docker-Token: true'
  read_token[$path]=$(sim_header X-Docker-Token)
  [ -n "${read_token[$path]}" ] || bench_die "$path: GET images gave no X-Docker-Token"
  registry=$(followed_registry)
  [ "$registry" = "${registry_url[$path]}" ] ||
    bench_die "$path: X-Docker-Endpoints names '$registry', not ${registry_url[$path]}"
  local auth="Authorization: Token ${read_token[$path]}"
  sim_http GET "$registry/v1/repositories/$user/layer/tags" '200' -H "$auth"
  sim_http GET "$registry/v1/images/$id/ancestry" '200' -H "$auth"
  sim_http GET "$registry/v1/images/$id/json" '200' -H "$auth"
  cmp -s "$SIM_DIR/body" "${image_json[$path]}" || flag_broken "$path: GET image json differs from the pushed JSON"
}

# One timed download of PATH's layer; appends its bytes per second to downloads[PATH].
flow_download() {
  local path=$1 speed
  speed=$(measure_downloads "${registry_url[$path]}/v1/images/${image_id[$path]}/layer" 1 "$layer_size" \
    "Token ${read_token[$path]}")
  downloads[$path]+="$speed"
}

# One further download of PATH's layer, hashed: sets pulled[PATH] to its payload checksum.
flow_checked_download() {
  local path=$1
  pulled[$path]=sha256:$(
    {
      cat "${image_json[$path]}"
      printf '\n'
      curl -sS --max-time 300 -H "Authorization: Token ${read_token[$path]}" \
        "${registry_url[$path]}/v1/images/${image_id[$path]}/layer" || echo "curl failed"
    } | openssl dgst -sha256 -r | cut -c1-64
  )
}

# --- Inputs: one layer; an image JSON per path (distinct ids), each with its payload checksum. ---
copies=4  # the layer, and the simulator's stored copy of each path's push
[ "$backend" = data ] || copies=1
need_kb=$(((layer_size / 1024) * copies + 65536))
free_kb=$(df -Pk "$BENCH_TMP" | awk 'NR == 2 { print $4 }')
[ "$free_kb" -ge "$need_kb" ] ||
  bench_die "$BENCH_TMP has $((free_kb / 1024)) MiB free; this layer size needs $((need_kb / 1024)) MiB"

started=$(bench_now)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
layer=$BENCH_TMP/layer.bin
size_label=$(numfmt --to=iec-i --suffix=B "$layer_size")
bench_log "generating a $size_label layer (an AES-CTR keystream: deterministic, incompressible)"
image_json[direct]=$BENCH_TMP/direct.json
bench_make_image "$layer_size" "${image_json[direct]}" "$layer"
image_id[direct]=$BENCH_IMAGE_ID
checksum[direct]=$BENCH_PAYLOAD_CHECKSUM
for path in drydock nginx; do
  image_json[$path]=$BENCH_TMP/$path.json
  image_id[$path]=$(bench_image_json "$layer_size" "$path" "${image_json[$path]}")
  checksum[$path]=$(bench_payload_checksum "${image_json[$path]}" "$layer")
done

# --- Servers: the simulator on split listeners, drydock proxy and nginx in front of it. ---
sim_start "$drydock_bin" "$backend" "$BENCH_TMP/sim" --index-listen 127.0.0.1:0 --registry-listen 127.0.0.1:0
bench_log "drydock serve (pid $SIM_PID, $backend backend): index $SIM_INDEX, registry $SIM_REGISTRY"
[ "$SIM_INDEX" != "$SIM_REGISTRY" ] || bench_die "drydock serve did not split its listeners"
proxy_start "$BENCH_TMP/proxy"
bench_log "drydock proxy (pid $PROXY_PID): index $PROXY_INDEX, registry $PROXY_REGISTRY"
bench_wait_for_http "$PROXY_REGISTRY/v1/_ping" 5 "$PROXY_PID" ||
  bench_die "GET $PROXY_REGISTRY/v1/_ping through drydock proxy did not answer 200 within 5 s"
proxy_idle_rss=$(bench_status_kb "$PROXY_PID" VmRSS)
nginx_proxy_start "$BENCH_TMP/nginx" "$nginx_workers" "$SIM_INDEX" "$SIM_REGISTRY"
bench_log "nginx (pid $NGINX_PROXY_PID): index $NGINX_PROXY_INDEX, registry $NGINX_PROXY_REGISTRY"
index_url=([direct]=$SIM_INDEX [drydock]=$PROXY_INDEX [nginx]=$NGINX_PROXY_INDEX)
registry_url=([direct]=$SIM_REGISTRY [drydock]=$PROXY_REGISTRY [nginx]=$NGINX_PROXY_REGISTRY)

# --- Push, one per path; the proxy's memory while its layer streams in. ---
bench_reset_peak_rss "$PROXY_PID" || bench_log "cannot reset VmHWM: the peaks cover the whole run"
bench_start_rss_sampler "$PROXY_PID" "$BENCH_TMP/rss.push"
for path in "${PATHS[@]}"; do
  bench_log "push ${path_label[$path]}: register, PUT repository, PUT json, PUT layer, PUT checksum, tag, PUT images"
  flow_push "$path"
done
bench_release "$BENCH_SAMPLER_PID"
push_hwm=$(bench_status_kb "$PROXY_PID" VmHWM)
push_rss=$(cat "$BENCH_TMP/rss.push")

# --- Pull: read tokens, then the layer along every path, alternating, then one checked each. ---
for path in "${PATHS[@]}"; do flow_begin_pull "$path"; done
bench_reset_peak_rss "$PROXY_PID" || true
bench_start_rss_sampler "$PROXY_PID" "$BENCH_TMP/rss.pull"
bench_log "pull: $reps downloads along each path, alternating, then one checked download each"
for ((i = 0; i < reps; i++)); do
  for path in "${PATHS[@]}"; do flow_download "$path"; done
done
for path in "${PATHS[@]}"; do
  flow_checked_download "$path"
  [ "${pulled[$path]}" = "${checksum[$path]}" ] ||
    flag_broken "${path_label[$path]}: the pulled layer differs from the pushed one"
done
bench_release "$BENCH_SAMPLER_PID"
pull_hwm=$(bench_status_kb "$PROXY_PID" VmHWM)
pull_rss=$(cat "$BENCH_TMP/rss.pull")

# --- A client slower than the server: the proxy holds what it cannot pass on yet. ---
slow_bps=""
if [ "$slow_rate" != 0 ]; then
  bench_log "one download through drydock proxy at most $slow_rate bytes a second (curl --limit-rate)"
  bench_reset_peak_rss "$PROXY_PID" || true
  bench_start_rss_sampler "$PROXY_PID" "$BENCH_TMP/rss.slow"
  slow_bps=$(measure_downloads "${registry_url[drydock]}/v1/images/${image_id[drydock]}/layer" 1 \
    "$layer_size" "Token ${read_token[drydock]}" --limit-rate "$slow_rate")
  bench_release "$BENCH_SAMPLER_PID"
  slow_hwm=$(bench_status_kb "$PROXY_PID" VmHWM)
  slow_rss=$(cat "$BENCH_TMP/rss.slow")
fi

# --- The proxy's verdict; then the others stop. ---
proxy_final_rss=$(bench_status_kb "$PROXY_PID" VmRSS)
bench_log "stopping drydock proxy (SIGTERM): its reports and verdict"
proxy_stop
report_kb=$(du -sk "$PROXY_DIR/reports" 2>/dev/null | cut -f1)
read -r client_failed server_failed <<<"$(awk '{
  for (i = 1; i < NF; i++) if ($(i + 1) ~ /^failed/) f[++n] = $i
} END { print f[1], f[2] }' <<<"$PROXY_SUMMARY")"
if [ -z "$PROXY_SUMMARY" ]; then
  flag_broken "drydock proxy printed no verdict: $(tail -n 3 "$PROXY_DIR/proxy.err" | tr '\n' ' ')"
elif [ "$client_failed" != 0 ] || [ "$server_failed" != 0 ]; then
  flag_broken "drydock proxy judged failures (see its verdict below; reports were in $PROXY_DIR/reports)"
fi
[ "$PROXY_STATUS" = 0 ] || flag_broken "drydock proxy exited with status $PROXY_STATUS"
bench_release "$NGINX_PROXY_PID"
bench_release "$SIM_PID"

# --- Figures. ---
mibs() { awk -v b="$1" 'BEGIN { if (b == "") printf "-"; else printf "%.0f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "") printf "%.2f", a / b; else printf "-" }'; }
row() { printf '%-40s %8s %14s %12s %14s %15s\n' "$@"; }
figure_row() {  # figure_row NAME DIRECT DRYDOCK NGINX (bytes per second)
  row "$1" "$(mibs "$2")" "$(mibs "$3")" "$(mibs "$4")" "$(ratio "$3" "$4")" "$(ratio "$3" "$2")"
}
list_mibs() { for s in $1; do printf '%s ' "$(mibs "$s")"; done; }
rss_line() {  # rss_line LABEL HWM_KB SAMPLED_KB
  printf '  %-30s peak VmHWM %6s, largest sampled VmRSS %6s  %s\n' "$1" "$(bench_mib "$2")" \
    "$(bench_mib "$3")" "$(awk -v kb="$2" 'BEGIN { print (kb / 1024 < 64) ? "met" : "MISSED" }')"
}
declare -A median=()
for path in "${PATHS[@]}"; do
  # shellcheck disable=SC2086  # the list is of numbers
  median[$path]=$(measure_median ${downloads[$path]})
done

elapsed=$(awk -v a="$started" -v b="$(bench_now)" 'BEGIN { printf "%.0f", b - a }')
echo
echo "drydock proxy benchmark: $(nproc) CPUs, load average at start $load_at_start, at end" \
  "$(cut -d' ' -f1-3 /proc/loadavg), $elapsed s"
echo "  one drydock serve --$backend (split listeners); drydock proxy --quiet; nginx" \
  "$(nginx -v 2>&1 | sed 's|.*/||') proxy_pass, worker_processes $nginx_workers" \
  "($(nginx_worker_count "$nginx_workers")), request and response buffering off"
echo "  layer $size_label; uploads: one per path (the whole token flow); downloads: median of $reps per" \
  "path, alternating"
echo "  (figures are noisy on a shared machine: the ratios, taken in the same run, are steadier)"
echo
row "metric" "direct" "drydock proxy" "nginx proxy" "drydock/nginx" "drydock/direct"
figure_row "layer upload, $size_label (MiB/s)" "${upload_bps[direct]}" "${upload_bps[drydock]}" "${upload_bps[nginx]}"
figure_row "layer download, $size_label (MiB/s, median)" "${median[direct]}" "${median[drydock]}" "${median[nginx]}"
echo
printf 'download runs, MiB/s:'
for path in "${PATHS[@]}"; do printf ' %s %s|' "${path_label[$path]}" "$(list_mibs "${downloads[$path]}")"; done
echo
printf 'pulled payload checksum equals the pushed one:'
for path in "${PATHS[@]}"; do
  printf ' %s %s;' "${path_label[$path]}" "$([ "${pulled[$path]}" = "${checksum[$path]}" ] && echo yes || echo NO)"
done
echo
echo
echo "drydock proxy resident memory, MiB (goal: under 64 while a $size_label layer streams through it):"
echo "  idle after start               VmRSS $(bench_mib "$proxy_idle_rss")"
rss_line "push (its one push)" "$push_hwm" "$push_rss"
rss_line "pull ($((reps + 1)) layer downloads)" "$pull_hwm" "$pull_rss"
[ -z "$slow_bps" ] || rss_line "slow client ($(mibs "$slow_bps") MiB/s)" "$slow_hwm" "$slow_rss"
echo "  idle after the downloads       VmRSS $(bench_mib "$proxy_final_rss")"
echo
echo "drydock proxy verdict (SIGTERM): ${PROXY_SUMMARY:-none}; exit status $PROXY_STATUS;" \
  "reports $(bench_mib "$report_kb") MiB"
if [ "$broken" -ne 0 ]; then
  echo
  echo "bench: something broke (see the errors above); the figures may not mean what they say"
  exit 1
fi
