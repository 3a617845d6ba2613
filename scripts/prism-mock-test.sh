#!/usr/bin/env bash
# Serves each OpenAPI document with Prism's mock server (the pinned @stoplight/prism-cli, spec/lint/) and
# checks that its replies are valid against the document: Prism validates every reply it builds from the
# document's examples, and with --errors answers 500 application/problem+json, with an `sl-violations`
# header, for one that breaks the document. Each request below must get the expected status and content
# type and no `sl-violations` at all. Works from any directory. Exits 0 when every reply is valid, 1 when
# one is not, 2 when Prism is not installed or does not start.
set -euo pipefail
cd "$(dirname "$0")/.."

prism=.tools/node_modules/.bin/prism
if [ ! -x "$prism" ]; then
  echo "prism-mock-test: Prism is not installed ($prism): run scripts/install-deps.sh" >&2
  exit 2
fi
for tool in curl python3; do
  command -v "$tool" >/dev/null || { echo "prism-mock-test: $tool is needed" >&2; exit 2; }
done

work=$(mktemp -d)
pid=""
stop_prism() {
  if [ -n "$pid" ]; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
trap 'stop_prism; rm -rf "$work"' EXIT

# A port the kernel just handed out on loopback (Prism cannot listen on port 0 itself). Another process
# may take it before Prism does: start_prism then tries a new one.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Starts `prism mock` on $1 and sets base; waits, by polling, until it answers or exits.
start_prism() {
  local document=$1 attempt port
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    "$prism" mock --errors --host 127.0.0.1 --port "$port" "$document" >"$work/prism.log" 2>&1 &
    pid=$!
    base="http://127.0.0.1:$port"
    local deadline=$((SECONDS + 60))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
      # Any HTTP answer (Prism's 404 for an unknown path included) means it listens.
      if [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/" 2>/dev/null)" != "000" ]; then
        return 0
      fi
      sleep 0.1
    done
    stop_prism
    if ! grep -q EADDRINUSE "$work/prism.log"; then
      break
    fi
    echo "prism-mock-test: port $port was taken, trying another" >&2
  done
  echo "prism-mock-test: prism mock $document did not start:" >&2
  cat "$work/prism.log" >&2
  exit 2
}

failures=0
checked=0
# expect STATUS CONTENT-TYPE METHOD PATH [curl arguments...]
expect() {
  local status=$1 type=$2 method=$3 path=$4
  shift 4
  local headers="$work/headers" body="$work/body" got
  got=$(curl -s -X "$method" -D "$headers" -o "$body" -w '%{http_code}' "$@" "$base$path" || true)
  checked=$((checked + 1))
  local problem=""
  if [ "$got" != "$status" ]; then
    problem="status $got, expected $status"
  elif ! grep -qi "^content-type: $type" "$headers"; then
    problem="content type $(grep -i '^content-type:' "$headers" | tr -d '\r' || echo none), expected $type"
  elif grep -qi '^sl-violations:' "$headers"; then
    problem="Prism flags the exchange: $(grep -i '^sl-violations:' "$headers" | tr -d '\r')"
  fi
  if [ -n "$problem" ]; then
    failures=$((failures + 1))
    echo "FAIL $document: $method $path: $problem" >&2
    head -c 600 "$body" >&2
    echo >&2
  else
    echo "ok   $document: $method $path -> $status $type"
  fi
}

image=088b4505aa3adc3d35e79c031fa126b403200f02f51920fbd9b7c503e87c7a2c
json=(-H 'Content-Type: application/json')
basic=(-u 'alice:secret5')

document=spec/registry-v1.openapi.json
start_prism "$document"
expect 200 application/json GET /v1/_ping
expect 200 application/json GET "/v1/images/$image/json"
expect 404 application/json GET "/v1/images/$image/json" -H 'Prefer: code=404'
expect 200 application/json PUT "/v1/images/$image/json" "${json[@]}" --data "{\"id\": \"$image\"}"
expect 200 application/octet-stream GET "/v1/images/$image/layer"
expect 200 application/json PUT "/v1/images/$image/layer" -H 'Content-Type: application/octet-stream' \
  --data-binary 'layer'
expect 200 application/json GET "/v1/images/$image/ancestry"
expect 200 application/json GET /v1/repositories/foo/bar/tags
expect 200 application/json PUT /v1/repositories/foo/bar/tags/latest "${json[@]}" --data "\"$image\""
expect 401 application/json GET /v1/repositories/foo/bar/tags -H 'Prefer: code=401'
stop_prism

document=spec/index-v1.openapi.json
start_prism "$document"
expect 200 application/json GET /v1/users/ "${basic[@]}"
expect 201 application/json POST /v1/users/ "${json[@]}" \
  --data '{"username": "alice", "password": "secret5", "email": "alice@example.com"}'
expect 200 application/json PUT /v1/repositories/foo/bar/ "${basic[@]}" "${json[@]}" -H 'X-Docker-Token: true' \
  --data "[{\"id\": \"$image\"}]"
expect 200 application/json GET /v1/repositories/foo/bar/images "${basic[@]}"
expect 200 application/json GET '/v1/search?q=busybox'
expect 404 application/json DELETE /v1/repositories/foo/bar/ "${basic[@]}" -H 'Prefer: code=404'
stop_prism

echo "prism-mock-test: $checked replies, $failures invalid"
[ "$failures" -eq 0 ]
