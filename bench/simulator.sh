# Sourced by bench/run.sh: starts `drydock serve` and speaks the v1 push and pull flows to it with
# curl, as a Docker 1.x client does (protocol-notes 6.2 and 6.3), through the real token flow.

# Account and repository the benchmark pushes to (fresh storage on every run).
readonly SIM_USER=drydockbench
readonly SIM_PASSWORD=bench-password
readonly SIM_REPO=$SIM_USER/layer

# Starts `drydock serve` on a free loopback port, reads the addresses it prints, and waits until
# /v1/_ping answers. BACKEND is "data" (filesystem under DIR/data) or "memory"; further arguments
# go to `drydock serve` (--storage ... keeps the layers in an object store; --index-listen and
# --registry-listen split the listeners, in place of the one --listen 127.0.0.1:0).
# Sets SIM_PID, SIM_INDEX, SIM_REGISTRY, and SIM_DIR (its logs and the last response).
sim_start() {
  local bin=$1 backend=$2 dir=$3 i
  shift 3
  local args=(serve --admin "drydockadmin:admin-password" --quiet "$@")
  [[ " $* " == *" --index-listen "* ]] || args+=(--listen 127.0.0.1:0)
  case "$backend" in
    data) args+=(--data "$dir/data") ;;
    memory) args+=(--memory) ;;
    *) bench_die "unknown backend $backend" ;;
  esac
  SIM_DIR=$dir
  mkdir -p "$dir"
  : >"$dir/serve.out"  # exists before the background job's own redirection runs
  "$bin" "${args[@]}" >"$dir/serve.out" 2>"$dir/serve.err" &
  SIM_PID=$!
  bench_own "$SIM_PID"
  # The addresses are printed once listening; read them as soon as they are there (at most 15 s).
  SIM_REGISTRY=""
  for ((i = 0; i < 300; i++)); do
    SIM_REGISTRY=$(awk '$1 == "registry" { print $2 }' "$dir/serve.out")
    [ -n "$SIM_REGISTRY" ] && break
    if ! kill -0 "$SIM_PID" 2>/dev/null; then
      bench_die "drydock serve exited at start: $(tail -n 5 "$dir/serve.err")"
    fi
    sleep 0.05
  done
  [ -n "$SIM_REGISTRY" ] || bench_die "drydock serve printed no registry address in 15 s"
  SIM_INDEX=$(awk '$1 == "index" { print $2 }' "$dir/serve.out")
  SIM_INDEX=${SIM_INDEX:-$SIM_REGISTRY}
  SIM_REGISTRY=${SIM_REGISTRY%/}
  SIM_INDEX=${SIM_INDEX%/}
  case "$SIM_REGISTRY $SIM_INDEX" in
    "http://127.0.0.1:"*" http://127.0.0.1:"*) ;;
    *) bench_die "drydock serve is not on loopback: $SIM_INDEX $SIM_REGISTRY" ;;
  esac
  bench_wait_for_http "$SIM_REGISTRY/v1/_ping" 5 "$SIM_PID" ||
    bench_die "GET $SIM_REGISTRY/v1/_ping did not answer 200 within 5 s"
}

# One request. sim_http METHOD URL STATUSES [curl arguments...]: STATUSES is a pattern such as
# "200|201". The body is left in $SIM_DIR/body, the headers in $SIM_DIR/headers.
sim_http() {
  local method=$1 url=$2 statuses=$3 code
  shift 3
  code=$(curl -sS --max-time 30 -X "$method" -o "$SIM_DIR/body" -D "$SIM_DIR/headers" \
    -w '%{http_code}' "$@" "$url") || bench_die "$method $url: curl failed"
  if ! [[ "$code" =~ ^($statuses)$ ]]; then
    bench_die "$method $url answered $code (wanted $statuses): $(head -c 300 "$SIM_DIR/body")"
  fi
}

# The last value of a response header of the last sim_http, without the trailing CR.
sim_header() {
  grep -i "^$1:" "$SIM_DIR/headers" | tail -n 1 | cut -d: -f2- | sed -e 's/^[[:space:]]*//' -e 's/\r$//'
}

sim_basic() { printf 'Basic %s' "$(printf '%s:%s' "$SIM_USER" "$SIM_PASSWORD" | base64 -w0)"; }

# Registers the account and announces the push; sets SIM_WRITE_TOKEN.
sim_begin_push() {
  local image_id=$1
  sim_http POST "$SIM_INDEX/v1/users/" '201' -H 'Content-Type: application/json' \
    --data-binary "{\"username\":\"$SIM_USER\",\"password\":\"$SIM_PASSWORD\",\"email\":\"$SIM_USER@example.com\"}"
  sim_http PUT "$SIM_INDEX/v1/repositories/$SIM_REPO/" '200|201' -H "Authorization: $(sim_basic)" \
    -H 'X-Docker-Token: true' -H 'Content-Type: application/json' \
    --data-binary "[{\"id\":\"$image_id\",\"Tag\":\"latest\"}]"
  SIM_WRITE_TOKEN=$(sim_header X-Docker-Token)
  [ -n "$SIM_WRITE_TOKEN" ] || bench_die "PUT repository gave no X-Docker-Token"
}

# PUT json, then the layer streamed from FILE (timed: sets SIM_UPLOAD_SECONDS and
# SIM_UPLOAD_BPS), as Content-Length uploads without Expect: 100-continue.
sim_push_image() {
  local image_id=$1 json=$2 layer=$3 result code
  sim_http PUT "$SIM_REGISTRY/v1/images/$image_id/json" '200' \
    -H "Authorization: Token $SIM_WRITE_TOKEN" -H 'Content-Type: application/json' \
    --data-binary "@$json"
  result=$(curl -sS --max-time 600 -T "$layer" -o "$SIM_DIR/body" -H 'Expect:' \
    -H "Authorization: Token $SIM_WRITE_TOKEN" -H 'Content-Type: application/octet-stream' \
    -w '%{http_code} %{time_total} %{speed_upload}' "$SIM_REGISTRY/v1/images/$image_id/layer") ||
    bench_die "PUT layer: curl failed"
  read -r code SIM_UPLOAD_SECONDS SIM_UPLOAD_BPS <<<"$result"
  [ "$code" = 200 ] || bench_die "PUT layer answered $code: $(head -c 300 "$SIM_DIR/body")"
}

# PUT checksum, tag latest, and the final PUT images on the index.
sim_finish_push() {
  local image_id=$1 checksum=$2 endpoints
  # No body: Content-Length 0, as Go's client sends for a PUT without one.
  sim_http PUT "$SIM_REGISTRY/v1/images/$image_id/checksum" '200' -H 'Content-Length: 0' \
    -H "Authorization: Token $SIM_WRITE_TOKEN" -H "X-Docker-Checksum-Payload: $checksum"
  sim_http PUT "$SIM_REGISTRY/v1/repositories/$SIM_REPO/tags/latest" '200|201' \
    -H "Authorization: Token $SIM_WRITE_TOKEN" -H 'Content-Type: application/json' \
    --data-binary "\"$image_id\""
  endpoints=${SIM_REGISTRY#http://}
  sim_http PUT "$SIM_INDEX/v1/repositories/$SIM_REPO/images" '204' -H "Authorization: $(sim_basic)" \
    -H 'X-Docker-Token: true' -H "X-Docker-Endpoints: $endpoints" \
    -H 'Content-Type: application/json' --data-binary '[]'
}

# Asks the index for the image list with a read token, as a pull does; sets SIM_READ_TOKEN.
sim_begin_pull() {
  sim_http GET "$SIM_INDEX/v1/repositories/$SIM_REPO/images" '200' -H "Authorization: $(sim_basic)" \
    -H 'X-Docker-Token: true'
  SIM_READ_TOKEN=$(sim_header X-Docker-Token)
  [ -n "$SIM_READ_TOKEN" ] || bench_die "GET images gave no X-Docker-Token"
}
