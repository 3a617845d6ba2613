# Sourced by bench/run.sh: the measurements, each the same for the simulator and for nginx.

# Downloads URL REPS times to /dev/null, each bounded to 300 s, checking status 200 and SIZE
# bytes. Prints the bytes per second of every repetition, one line, in order.
measure_downloads() {
  local url=$1 reps=$2 size=$3 auth=${4:-} i result code speed got
  local args=(-sS --max-time 300 -o /dev/null -w '%{http_code} %{speed_download} %{size_download}')
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
