# Shared by the benchmark scripts (sourced, not run): logging, the processes and temporary files
# the run owns (released on every exit path), bounded waits, and memory readings from /proc.

# Processes started by this run, stopped by bench_cleanup in reverse order.
BENCH_PIDS=()
# The run's temporary directory; removed by bench_cleanup.
BENCH_TMP=""

bench_log() { printf 'bench: %s\n' "$*" >&2; }

# Something broke: say what, and exit 1 (the EXIT trap cleans up).
bench_die() {
  bench_log "error: $*"
  exit 1
}

# Stops one process we started: SIGTERM, up to 5 s of grace, then SIGKILL.
bench_stop_process() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    bench_log "process $pid ignored SIGTERM for 5 s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#BENCH_PIDS[@]} - 1; i >= 0; i--)); do bench_stop_process "${BENCH_PIDS[i]}"; done
  if [ -n "$BENCH_TMP" ] && [ -d "$BENCH_TMP" ]; then rm -rf "$BENCH_TMP"; fi
  exit "$status"
}

# Installs the cleanup on every exit path and makes the temporary directory (BENCH_TMP).
bench_init() {
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/drydock-bench.XXXXXX")
}

# Remembers a started process so that it is stopped on exit.
bench_own() { BENCH_PIDS+=("$1"); }

# Stops a process now and forgets it.
bench_release() {
  local pid=$1 kept=() p
  bench_stop_process "$pid"
  for p in "${BENCH_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  BENCH_PIDS=("${kept[@]}")
}

# Waits until URL answers 200, at most SECONDS; fails early if PID (when given) has exited.
bench_wait_for_http() {
  local url=$1 seconds=$2 pid=${3:-} i code
  for ((i = 0; i < seconds * 20; i++)); do
    code=$(curl -s -o /dev/null --max-time 1 -w '%{http_code}' "$url" 2>/dev/null) || code=000
    [ "$code" = 200 ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.05
  done
  return 1
}

# A loopback TCP port nobody listens on now (the caller retries if it is taken meanwhile).
bench_free_port() {
  local i port
  for ((i = 0; i < 100; i++)); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  bench_die "no free loopback port found in 100 tries"
}

# The value of a /proc/PID/status field in kB (VmRSS, VmHWM...), or empty.
bench_status_kb() {
  local key value _
  while read -r key value _; do
    if [ "$key" = "$2:" ]; then
      echo "$value"
      return 0
    fi
  done <"/proc/$1/status"
}

# Resets the process's peak RSS (VmHWM) to its current RSS, so that the next reading covers one
# phase only. Returns 1 when the kernel refuses (the peak then covers the whole life).
bench_reset_peak_rss() { { echo 5 >"/proc/$1/clear_refs"; } 2>/dev/null; }

# Samples PID's VmRSS every 50 ms in the background, keeping the largest value (kB) in FILE.
# Bounded to 30 minutes. Sets BENCH_SAMPLER_PID; stop it with bench_release.
bench_start_rss_sampler() {
  local pid=$1 file=$2
  echo 0 >"$file"
  (
    max=0
    for ((n = 0; n < 36000; n++)); do
      [ -r "/proc/$pid/status" ] || break
      rss=$(bench_status_kb "$pid" VmRSS) || break
      if [ -n "$rss" ] && [ "$rss" -gt "$max" ]; then
        max=$rss
        echo "$max" >"$file"
      fi
      sleep 0.05
    done
  ) &
  BENCH_SAMPLER_PID=$!
  bench_own "$BENCH_SAMPLER_PID"
}

bench_mib() { awk -v kb="${1:-0}" 'BEGIN { printf "%.1f", kb / 1024 }'; }

# Seconds since the epoch, with nanoseconds.
bench_now() { date +%s.%N; }

# Writes the JSON of an image whose layer is SIZE bytes: bench_image_json SIZE LABEL FILE. The id
# is derived from SIZE and LABEL (empty for the main image), so that images of different labels can
# be pushed to one registry; prints the id.
bench_image_json() {
  local size=$1 label=$2 file=$3 id
  id=$(printf 'drydock-bench-image %s%s' "$size" "${label:+ $label}" | openssl dgst -sha256 -r | cut -c1-64)
  # Keys sorted and compact: the simulator currently stores the JSON re-serialized (sorted keys),
  # not byte for byte, so that only this form gives a payload checksum it accepts.
  printf '{"Size":%s,%s,"id":"%s","os":"linux"}' "$size" \
    '"container_config":{"Cmd":["/bin/sh","-c","#(nop) ADD file"]},"created":"2015-01-01T00:00:00Z","docker_version":"1.9.1"' \
    "$id" >"$file"
  echo "$id"
}

# The payload checksum (protocol-notes section 7) of an image: bench_payload_checksum JSON LAYER.
bench_payload_checksum() {
  printf 'sha256:%s\n' "$({ cat "$1"; printf '\n'; cat "$2"; } | openssl dgst -sha256 -r | cut -c1-64)"
}

# Writes the benchmark's image: bench_make_image SIZE JSON_FILE LAYER_FILE. The layer is SIZE bytes
# of an AES-CTR keystream (deterministic, incompressible); the JSON names it. Sets BENCH_IMAGE_ID
# and BENCH_PAYLOAD_CHECKSUM (protocol-notes section 7: sha256(json + "\n" + layer)), computed
# while the layer is written.
bench_make_image() {
  local size=$1 json=$2 layer=$3
  BENCH_IMAGE_ID=$(bench_image_json "$size" "" "$json")
  BENCH_PAYLOAD_CHECKSUM=sha256:$(
    {
      cat "$json"
      printf '\n'
      { openssl enc -aes-128-ctr -nosalt -pbkdf2 -pass pass:drydock-bench </dev/zero 2>/dev/null || true; } |
        head -c "$size" | tee "$layer"
    } | openssl dgst -sha256 -r | cut -c1-64
  )
  [ "$(stat -c %s "$layer")" = "$size" ] || bench_die "the layer file came out short"
}
