#!/usr/bin/env bash
# Benchmarks `drydock serve` beside nginx serving the same bytes from files, in one run, on
# loopback only: small GETs (wrk, keep-alive, 10 connections), layer upload and download
# throughput, the simulator's resident memory while a large layer streams in and out, and the
# conformance suite's wall time. Prints a table; goals missed are reported, not fatal. Exits 1
# only when something broke (a server, a request, a tool), 2 on a usage error.
# Needs a built drydock, curl, openssl, nginx and wrk: scripts/bench.sh installs and builds them.
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
usage: bench/run.sh [options]
  --drydock PATH        the drydock binary (default: build/release/drydock)
  --layer-size SIZE     layer pushed and pulled, bytes or with K/M/G (default: 1G)
  --reps N              layer downloads per server; the table shows the median (default: 3)
  --duration SECONDS    each wrk run (default: 5)
  --backend data|memory simulator storage: data = filesystem in a temporary folder (default),
                        memory = --memory (then the layer itself is resident)
  --nginx-workers N     nginx worker_processes, a number or auto (default: auto)
  --check-timeout S     bound on \`drydock check\` (default: 180)
  --skip-check          do not run the conformance suite
EOF
}

drydock_bin=$ROOT/build/release/drydock
layer_size_text=1G
reps=3
duration=5
backend=data
nginx_workers=auto
check_timeout=180
run_check=1
idle_count=1000
idle_reps=20
while [ $# -gt 0 ]; do
  case "$1" in
    --drydock) drydock_bin=$2; shift 2 ;;
    --layer-size) layer_size_text=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --backend) backend=$2; shift 2 ;;
    --nginx-workers) nginx_workers=$2; shift 2 ;;
    --check-timeout) check_timeout=$2; shift 2 ;;
    --skip-check) run_check=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
layer_size=$(numfmt --from=iec "${layer_size_text%B}" 2>/dev/null) || {
  echo "bench: bad --layer-size $layer_size_text" >&2
  exit 2
}
for n in "$reps" "$duration" "$check_timeout"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "bench: not a positive number: $n" >&2; exit 2; }
done
[[ "$nginx_workers" =~ ^(auto|[1-9][0-9]*)$ ]] || { echo "bench: bad --nginx-workers" >&2; exit 2; }
[[ "$backend" =~ ^(data|memory)$ ]] || { echo "bench: bad --backend $backend" >&2; exit 2; }
[ "$layer_size" -gt 0 ] || { echo "bench: --layer-size must be positive" >&2; exit 2; }

for tool in curl openssl nginx wrk numfmt; do
  command -v "$tool" >/dev/null || bench_die "$tool is not installed (scripts/bench.sh installs it)"
done
[ -x "$drydock_bin" ] || bench_die "$drydock_bin is not built (scripts/build.sh release)"
# Whether the binary has a subcommand (`drydock X --help` would print the top-level help anyway).
has_subcommand() {
  "$drydock_bin" --help 2>/dev/null |
    awk -v s="$1" '/^Subcommands:/ { on = 1; next } on && $1 == s { found = 1 } END { exit !found }'
}
has_subcommand serve || bench_die "$drydock_bin has no 'serve' command yet"

bench_init
broken=0
flag_broken() {
  bench_log "error: $*"
  broken=1
}

# --- Inputs: an image JSON and a deterministic layer; the payload checksum in the same pass. ---
copies=3  # the layer, the simulator's stored copy, nginx's upload
[ "$backend" = data ] || copies=2
need_kb=$(((layer_size / 1024) * copies + 65536))
free_kb=$(df -Pk "$BENCH_TMP" | awk 'NR == 2 { print $4 }')
[ "$free_kb" -ge "$need_kb" ] ||
  bench_die "$BENCH_TMP has $((free_kb / 1024)) MiB free; this layer size needs $((need_kb / 1024)) MiB"

started=$(bench_now)
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
json=$BENCH_TMP/image.json
layer=$BENCH_TMP/layer.bin
size_label=$(numfmt --to=iec-i --suffix=B "$layer_size")
bench_log "generating a $size_label layer (an AES-CTR keystream: deterministic, incompressible)"
bench_make_image "$layer_size" "$json" "$layer"
image_id=$BENCH_IMAGE_ID
payload_checksum=$BENCH_PAYLOAD_CHECKSUM

# --- Servers. ---
sim_start "$drydock_bin" "$backend" "$BENCH_TMP/sim"
bench_log "drydock serve (pid $SIM_PID, $backend backend): index $SIM_INDEX, registry $SIM_REGISTRY"
curl -sS --max-time 5 -o "$BENCH_TMP/ping.body" "$SIM_REGISTRY/v1/_ping" || bench_die "GET /v1/_ping failed"
idle_rss=$(bench_status_kb "$SIM_PID" VmRSS)

www=$BENCH_TMP/nginx/www
mkdir -p "$www"
cp "$BENCH_TMP/ping.body" "$www/ping.json"
cp "$json" "$www/image.json"
ln "$layer" "$www/layer" 2>/dev/null || cp "$layer" "$www/layer"
nginx_start "$BENCH_TMP/nginx" "$nginx_workers"
bench_log "nginx (pid $NGINX_PID, worker_processes $nginx_workers): $NGINX_URL"

# --- The physical limit of a verified upload: SHA-256 over the same bytes, from the page cache. ---
sha_bps=$(measure_sha256 "$layer")
disk_bps=""
[ "$backend" = data ] && disk_bps=$(measure_durable_write "$layer" "$BENCH_TMP")

# --- Idle connections: 1,000 open (a tenth sending a header a byte a second), then pings. ---
bench_log "idle connections: $idle_count open, then $idle_reps pings on fresh connections"
read -r sim_idle_median sim_idle_max sim_idle_opened <<<"$(measure_idle_ping "$SIM_REGISTRY/v1/_ping" "$idle_count" "$idle_reps")"
read -r nginx_idle_median nginx_idle_max nginx_idle_opened <<<"$(measure_idle_ping "$NGINX_URL/ping.json" "$idle_count" "$idle_reps")"

# --- Push to the simulator through the token flow; its memory while the layer streams in. ---
bench_reset_peak_rss "$SIM_PID" || bench_log "cannot reset VmHWM: the peaks cover the whole run"
bench_start_rss_sampler "$SIM_PID" "$BENCH_TMP/rss.push"
bench_log "push: register, PUT repository, PUT json, PUT layer, PUT checksum, tag, PUT images"
sim_begin_push "$image_id"
sim_push_image "$image_id" "$json" "$layer"
sim_finish_push "$image_id" "$payload_checksum"
bench_release "$BENCH_SAMPLER_PID"
push_hwm=$(bench_status_kb "$SIM_PID" VmHWM)
push_rss=$(cat "$BENCH_TMP/rss.push")
sim_up=$SIM_UPLOAD_BPS

# --- The same upload to nginx (dav PUT), if it can take one. ---
nginx_up=""
if nginx_has_dav; then
  result=$(curl -sS --max-time 600 -T "$layer" -o /dev/null -H 'Expect:' \
    -H 'Content-Type: application/octet-stream' -w '%{http_code} %{speed_upload}' \
    "$NGINX_URL/upload/layer") || bench_die "PUT to nginx failed"
  read -r code nginx_up <<<"$result"
  [[ "$code" =~ ^(201|204)$ ]] || bench_die "PUT to nginx answered $code"
  rm -f "$www/upload/layer"
else
  bench_log "this nginx has no dav module: upload is measured for the simulator alone"
fi

# --- Pull: a read token, then the layer from both, alternating; the simulator's memory. ---
sim_begin_pull
read_auth="Token $SIM_READ_TOKEN"
layer_url=$SIM_REGISTRY/v1/images/$image_id/layer
bench_reset_peak_rss "$SIM_PID" || true
bench_start_rss_sampler "$SIM_PID" "$BENCH_TMP/rss.pull"
bench_log "pull: $reps downloads from each server, alternating, then one checked download"
sim_downs=()
nginx_downs=()
for ((i = 0; i < reps; i++)); do
  speed=$(measure_downloads "$layer_url" 1 "$layer_size" "$read_auth")
  sim_downs+=($speed)
  speed=$(measure_downloads "$NGINX_URL/layer" 1 "$layer_size")
  nginx_downs+=($speed)
done
pulled=sha256:$(
  {
    cat "$json"
    printf '\n'
    curl -sS --max-time 300 -H "Authorization: $read_auth" "$layer_url" || echo "curl failed"
  } | openssl dgst -sha256 -r | cut -c1-64
)
[ "$pulled" = "$payload_checksum" ] || flag_broken "the pulled layer differs from the pushed one"
bench_release "$BENCH_SAMPLER_PID"
pull_hwm=$(bench_status_kb "$SIM_PID" VmHWM)
pull_rss=$(cat "$BENCH_TMP/rss.pull")
sim_down=$(measure_median "${sim_downs[@]}")
nginx_down=$(measure_median "${nginx_downs[@]}")

# --- Small GETs: wrk, 2 threads, 10 keep-alive connections, alternating servers. ---
image_url=$SIM_REGISTRY/v1/images/$image_id/json
code=$(curl -sS --max-time 5 -o "$BENCH_TMP/image.body" -w '%{http_code}' \
  -H "Authorization: $read_auth" "$image_url") || bench_die "GET image json failed"
[ "$code" = 200 ] || bench_die "GET image json answered $code"
cmp -s "$BENCH_TMP/image.body" "$json" || flag_broken "GET image json differs from the pushed JSON"
bench_log "small GETs: wrk -t2 -c10 -d${duration}s, four runs"
export BENCH_AUTHORIZATION=$read_auth
figures=$(measure_wrk "$SIM_REGISTRY/v1/_ping" "$duration" "$BENCH_TMP/wrk.sim.ping")
read -r sim_ping sim_ping_bad sim_ping_err <<<"$figures"
figures=$(measure_wrk "$NGINX_URL/ping.json" "$duration" "$BENCH_TMP/wrk.nginx.ping")
read -r nginx_ping nginx_ping_bad nginx_ping_err <<<"$figures"
figures=$(measure_wrk "$image_url" "$duration" "$BENCH_TMP/wrk.sim.json" "$BENCH_DIR/token_get.lua")
read -r sim_json sim_json_bad sim_json_err <<<"$figures"
figures=$(measure_wrk "$NGINX_URL/image.json" "$duration" "$BENCH_TMP/wrk.nginx.json")
read -r nginx_json nginx_json_bad nginx_json_err <<<"$figures"
unset BENCH_AUTHORIZATION
for bad in "$sim_ping_bad" "$nginx_ping_bad" "$sim_json_bad" "$nginx_json_bad"; do
  [ "$bad" = 0 ] || flag_broken "wrk saw non-2xx answers (see the socket/non-2xx line below)"
done
final_rss=$(bench_status_kb "$SIM_PID" VmRSS)
final_hwm=$(bench_status_kb "$SIM_PID" VmHWM)
bench_release "$NGINX_PID"
bench_release "$SIM_PID"

# --- The conformance suite against its own local simulator. ---
check_line="skipped (--skip-check)"
if [ "$run_check" = 1 ]; then
  if has_subcommand check; then
    bench_log "drydock check (bounded to ${check_timeout}s)"
    measure_check "$drydock_bin" "$BENCH_TMP/check" "$check_timeout"
    if [ -n "$CHECK_SUMMARY" ]; then
      check_line="$CHECK_SECONDS s wall, $(measure_field "$CHECK_SUMMARY" requests) requests"
      check_line+=" (suite's own total_ms $(measure_field "$CHECK_SUMMARY" total_ms));"
      for k in pass fail skip error disabled; do
        check_line+=" $k $(measure_field "$CHECK_SUMMARY" "$k"),"
      done
      check_line+=" exit $CHECK_STATUS"
    else
      check_line="exit $CHECK_STATUS after $CHECK_SECONDS s, no results.json:"
      check_line+=" $(tail -n 3 "$BENCH_TMP/check/console.log" | tr '\n' ' ')"
      flag_broken "drydock check wrote no results.json"
    fi
  else
    check_line="skipped: this drydock has no 'check' command yet"
  fi
fi

# --- Figures. ---
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "") printf "%.2f", a / b; else printf "-" }'; }
verdict() {
  awk -v r="$1" -v g="$2" 'BEGIN { if (r == "-") print "-"; else print (r + 0 >= g + 0) ? "met" : "MISSED" }'
}
mibs() { awk -v b="$1" 'BEGIN { if (b == "") printf "-"; else printf "%.0f", b / 1048576 }'; }
row() { printf '%-44s %10s %10s %6s %7s  %s\n' "$@"; }
compare() {  # compare NAME DRYDOCK NGINX GOAL [SHOWN_DRYDOCK SHOWN_NGINX]
  local r
  r=$(ratio "$2" "$3")
  if [ -n "$4" ]; then
    row "$1" "${5:-$2}" "${6:-$3}" "$r" ">=$4" "$(verdict "$r" "$4")"
  else
    row "$1" "${5:-$2}" "${6:-$3}" "$r" "-" "reported"
  fi
}
list_mibs() { for s in "$@"; do printf '%s ' "$(mibs "$s")"; done; }
rss_line() {  # rss_line LABEL HWM_KB SAMPLED_KB
  printf '  %-32s peak VmHWM %6s, largest sampled VmRSS %6s  %s\n' "$1" "$(bench_mib "$2")" \
    "$(bench_mib "$3")" "$(awk -v kb="$2" 'BEGIN { print (kb / 1024 < 64) ? "met" : "MISSED" }')"
}

elapsed=$(awk -v a="$started" -v b="$(bench_now)" 'BEGIN { printf "%.0f", b - a }')
echo
echo "drydock benchmark: $(nproc) CPUs, load average at start $load_at_start, $elapsed s"
echo "  drydock serve --$backend; nginx $(nginx -v 2>&1 | sed 's|.*/||'), worker_processes" \
  "$nginx_workers ($(nginx_worker_count "$nginx_workers")), sendfile on, access_log off"
echo "  layer $size_label; downloads: median of $reps per server, alternating; uploads: one each"
echo "  (figures are noisy on a shared machine: the ratios, taken in the same run, are steadier)"
echo
row "metric" "drydock" "nginx" "ratio" "goal" "verdict"
compare "small GET /v1/_ping (req/s)" "$sim_ping" "$nginx_ping" 0.80
compare "token-checked GET image json (req/s)" "$sim_json" "$nginx_json" 0.80
compare "layer download, $size_label (MiB/s, median)" "$sim_down" "$nginx_down" 0.90 \
  "$(mibs "$sim_down")" "$(mibs "$nginx_down")"
compare "layer upload, $size_label (MiB/s)" "$sim_up" "$nginx_up" "" "$(mibs "$sim_up")" "$(mibs "$nginx_up")"
row "layer upload vs openssl dgst -sha256 (MiB/s)" "$(mibs "$sim_up")" "$(mibs "$sha_bps")" \
  "$(ratio "$sim_up" "$sha_bps")" ">=0.80" "$(verdict "$(ratio "$sim_up" "$sha_bps")" 0.80)"
[ -z "$disk_bps" ] || row "layer upload vs dd conv=fsync (MiB/s)" "$(mibs "$sim_up")" \
  "$(mibs "$disk_bps")" "$(ratio "$sim_up" "$disk_bps")" "-" "reported"
row "ping beside $idle_count idle conns (ms, median)" "$sim_idle_median" "$nginx_idle_median" "-" "-" "reported"
row "ping beside $idle_count idle conns (ms, max)" "$sim_idle_max" "$nginx_idle_max" "-" "<50" \
  "$(awk -v m="$sim_idle_max" 'BEGIN { print (m + 0 < 50) ? "met" : "MISSED" }')"
echo
echo "idle connections opened: drydock $sim_idle_opened, nginx $nginx_idle_opened (of $idle_count);" \
  "the openssl column of the upload row is openssl dgst -sha256 over the layer file"
[ -z "$disk_bps" ] || echo "the dd row: the layer copied into the simulator's folder and flushed" \
  "(dd bs=1M conv=fsync), as the filesystem storage flushes a layer before publishing it"
echo "download runs, MiB/s: drydock $(list_mibs "${sim_downs[@]}")| nginx $(list_mibs "${nginx_downs[@]}")"
echo "wrk non-2xx/socket errors: /v1/_ping $sim_ping_bad/$sim_ping_err, ping.json" \
  "$nginx_ping_bad/$nginx_ping_err, image json $sim_json_bad/$sim_json_err, image.json $nginx_json_bad/$nginx_json_err"
[ -n "$nginx_up" ] || echo "upload: this nginx has no dav module, so the simulator's upload stands alone"
echo
echo "simulator resident memory, MiB (goal: under 64 while a $size_label layer streams in and out):"
echo "  idle after start                 VmRSS $(bench_mib "$idle_rss")"
rss_line "push (register ... PUT images)" "$push_hwm" "$push_rss"
rss_line "pull ($((reps + 1)) layer downloads)" "$pull_hwm" "$pull_rss"
echo "  after the small GETs             VmRSS $(bench_mib "$final_rss"), VmHWM since the pull began $(bench_mib "$final_hwm")"
echo
echo "conformance suite (drydock check, its own local simulator): $check_line"
if [ "$broken" -ne 0 ]; then
  echo
  echo "bench: something broke (see the errors above); the figures may not mean what they say"
  exit 1
fi
