# Sourced by bench/run.sh: the measurements, each the same for the simulator and for nginx.

# Downloads URL REPS times to /dev/null, each bounded to 300 s, checking status 200 and SIZE
# bytes. Prints the bytes per second of every repetition, one line, in order. AUTH, when not
# empty, is sent as the Authorization header; further arguments go to curl.
measure_downloads() {
  local url=$1 reps=$2 size=$3 auth=${4:-} i result code speed got
  shift $(($# < 4 ? $# : 4))
  local args=(-sS --max-time 300 -o /dev/null -w '%{http_code} %{speed_download} %{size_download}' "$@")
  [ -z "$auth" ] || args+=(-H "Authorization: $auth")
  for ((i = 0; i < reps; i++)); do
    result=$(curl "${args[@]}" "$url") || bench_die "GET $url: curl failed"
    read -r code speed got <<<"$result"
    [ "$code" = 200 ] || bench_die "GET $url answered $code"
    [ "$got" = "$size" ] || bench_die "GET $url gave $got bytes, wanted $size"
    printf '%s ' "$speed"
  done
  echo
}

# The median of numbers given as arguments.
measure_median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# Runs wrk against URL (2 threads, 10 keep-alive connections, SECONDS), optionally with a Lua
# script. Prints "requests_per_second non_2xx socket_errors"; the whole output goes to OUT.
measure_wrk() {
  local url=$1 seconds=$2 out=$3 script=${4:-} rps non2xx errors
  local args=(-t2 -c10 -d"${seconds}s" --timeout 5s)
  [ -z "$script" ] || args+=(-s "$script")
  timeout $((seconds + 30)) wrk "${args[@]}" "$url" >"$out" 2>&1 || bench_die "wrk $url failed: $(tail -n 3 "$out")"
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  [ -n "$rps" ] || bench_die "wrk $url printed no Requests/sec: $(tail -n 3 "$out")"
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  errors=$(awk '/Socket errors:/ { n = 0; for (i = 3; i <= NF; i += 2) n += $(i + 1) + 0; print n }' "$out")
  echo "$rps ${non2xx:-0} ${errors:-0}"
}

# Runs `drydock check` (the whole suite against its own in-process simulator), bounded to
# SECONDS, with reports in DIR. Sets CHECK_STATUS (exit code), CHECK_SECONDS (wall time),
# CHECK_SUMMARY ("key=value ..." from results.json's summary, empty if there is none).
measure_check() {
  local bin=$1 dir=$2 seconds=$3 start
  mkdir -p "$dir"
  start=$(bench_now)
  CHECK_STATUS=0
  timeout "$seconds" "$bin" check --report-dir "$dir" >"$dir/console.log" 2>&1 || CHECK_STATUS=$?
  CHECK_SECONDS=$(awk -v a="$start" -v b="$(bench_now)" 'BEGIN { printf "%.1f", b - a }')
  CHECK_SUMMARY=""
  [ -f "$dir/results.json" ] || return 0
  # results.json is printed with two-space indents: read the "summary" object's scalar members
  # and its "counts".
  CHECK_SUMMARY=$(awk '
    /^  "summary": \{/ { inside = 1; next }
    inside && /^  \}/ { inside = 0 }
    inside {
      line = $0
      gsub(/[",{}]/, "", line)
      sub(/^[ ]+/, "", line)
      split(line, kv, /: */)
      if (kv[2] != "") printf "%s=%s ", kv[1], kv[2]
    }' "$dir/results.json")
}

# The value of KEY in a "key=value ..." string.
measure_field() { tr ' ' '\n' <<<"$1" | awk -F= -v k="$2" '$1 == k { print $2; exit }'; }

# Opens COUNT connections to the server of URL (http://HOST:PORT/...) and leaves them idle, but
# a tenth of them, which send a request header one byte a second; then asks GET URL REPS times on
# fresh connections (curl, each bounded to 5 s). Prints "median_ms max_ms opened" on one line.
# The connections are closed when it returns. Run it well within the server's header timeout of
# the opening (10 s for the simulator): a server may close connections that never finish a header.
measure_idle_ping() {
  local url=$1 count=$2 reps=${3:-20}
  local hostport=${url#http://}
  hostport=${hostport%%/*}
  (
    host=${hostport%:*}
    port=${hostport##*:}
    ulimit -n $((count + 512)) 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
    fds=()
    for ((i = 0; i < count; i++)); do
      exec {fd}<>"/dev/tcp/$host/$port" 2>/dev/null || break
      fds+=("$fd")
    done
    dribblers=("${fds[@]:0:$((${#fds[@]} / 10))}")
    header="GET /v1/_ping HTTP/1.1"$'\r\n'"Host: $host"$'\r\n'"X-Slow: "
    (
      for ((j = 0; j < 60; j++)); do
        byte=${header:j:1}
        for fd in "${dribblers[@]}"; do printf '%s' "${byte:-x}" >&"$fd" 2>/dev/null || true; done
        sleep 1
      done
    ) &
    dribbler=$!
    times=()
    for ((i = 0; i < reps; i++)); do
      t=$(curl -sS --max-time 5 -o /dev/null -w '%{time_total}' "$url" 2>/dev/null) || t=5
      times+=("$t")
    done
    kill "$dribbler" 2>/dev/null || true
    wait "$dribbler" 2>/dev/null || true
    median=$(measure_median "${times[@]}")
    max=$(printf '%s\n' "${times[@]}" | sort -g | tail -n 1)
    awk -v a="$median" -v b="$max" -v n="${#fds[@]}" 'BEGIN { printf "%.1f %.1f %d\n", a * 1000, b * 1000, n }'
  )
}

# Hashes FILE with `openssl dgst -sha256`; prints bytes per second (the payload checksum is the
# physical limit of a verified upload: the simulator hashes every byte it stores).
measure_sha256() {
  local file=$1 size start seconds
  size=$(stat -c %s "$file")
  start=$(bench_now)
  openssl dgst -sha256 "$file" >/dev/null || bench_die "openssl dgst failed"
  seconds=$(awk -v a="$start" -v b="$(bench_now)" 'BEGIN { print b - a }')
  awk -v s="$size" -v t="$seconds" 'BEGIN { if (t > 0) printf "%.0f", s / t; else print "" }'
}

# Copies FILE into DIR with `dd conv=fsync` (written and flushed to the disk, as the simulator's
# filesystem storage does before it publishes a layer); prints bytes per second. With --data, the
# slower of this and the checksum is the physical limit of a verified upload.
measure_durable_write() {
  local file=$1 dir=$2 size start seconds
  size=$(stat -c %s "$file")
  start=$(bench_now)
  dd if="$file" of="$dir/durable-write.copy" bs=1M conv=fsync status=none || bench_die "dd failed"
  seconds=$(awk -v a="$start" -v b="$(bench_now)" 'BEGIN { print b - a }')
  rm -f "$dir/durable-write.copy"
  awk -v s="$size" -v t="$seconds" 'BEGIN { if (t > 0) printf "%.0f", s / t; else print "" }'
}
