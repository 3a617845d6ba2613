#!/usr/bin/env bash
# The read-only static registry, end to end: `drydock serve --data` on an ephemeral loopback port
# takes a push of a two-image repository (parent and child, tagged) with curl through the token
# flow; the simulator stops; `drydock export` writes the repository and its nginx configuration;
# nginx serves the export over HTTPS (a self-signed certificate made here) on an ephemeral port;
# `drydock check --read-only` must pass against it, with every check that a static server can
# pass passing (the two that need an index skip: a static server issues no tokens), and the
# README's Docker-1.x-style curl pull must bring back the pushed layers byte for byte.
#
# Usage: scripts/static-export-test.sh DRYDOCK_BINARY
# Exit status: 0 on success, 1 when something did not behave, 2 when a tool is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

drydock="${1:-}"
if [ -z "$drydock" ] || [ ! -x "$drydock" ]; then
  echo "usage: scripts/static-export-test.sh DRYDOCK_BINARY" >&2
  exit 2
fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "static-export-test: nginx is not installed (scripts/install-deps.sh)" >&2; exit 2; }
for tool in curl openssl python3 sha256sum tar cmp; do
  command -v "$tool" >/dev/null || { echo "static-export-test: $tool is not installed" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

die() {
  echo "static-export-test: $*" >&2
  exit 1
}

# Polls `$@` every 50 ms until it succeeds, for at most $1 seconds; fails when process $2 died.
wait_for() {
  local seconds=$1 pid=$2 i
  shift 2
  for ((i = 0; i < seconds * 20; i++)); do
    "$@" && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
  return 1
}

# One request: http METHOD URL STATUSES [curl arguments...] (STATUSES: a pattern, "200|201"); the body is left in $work/body and the
# headers in $work/headers.
http() {
  local method=$1 url=$2 want=$3 code
  shift 3
  code=$(curl -sS --max-time 30 -X "$method" -o "$work/body" -D "$work/headers" -w '%{http_code}' \
    "$@" "$url") || die "$method $url: curl failed"
  [[ "$code" =~ ^($want)$ ]] || die "$method $url answered $code, not $want: $(head -c 300 "$work/body")"
}
header() { grep -i "^$1:" "$work/headers" | tail -n 1 | cut -d: -f2- | sed -e 's/^ *//' -e 's/\r$//'; }

# A port no one listens on now, as the kernel picks one (nginx cannot listen on port 0 and say
# which port it got).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# 1. The simulator, on disk, on an ephemeral port.
"$drydock" serve --listen 127.0.0.1:0 --data "$work/data" --password-iterations 1 --quiet \
  >"$work/serve.out" 2>"$work/serve.err" &
serve_pid=$!
pids+=("$serve_pid")
wait_for 15 "$serve_pid" grep -q '^registry ' "$work/serve.out" ||
  die "drydock serve did not start: $(tail -n 5 "$work/serve.err")"
S=$(awk '$1 == "registry" { print $2 }' "$work/serve.out")
S=${S%/}

# 2. A push of two images, as the README's curl push does it.
user=exporter
password=export-secret1
repo=$user/static
mkdir -p "$work/push"
for name in base child; do
  printf '%s layer of the static export test\n' "$name" >"$work/push/$name.txt"
  tar -C "$work/push" -cf "$work/push/$name.tar" "$name.txt"
done
base=$(printf 'static-export base %s' "$$" | sha256sum | cut -d' ' -f1)
child=$(printf 'static-export child %s' "$$" | sha256sum | cut -d' ' -f1)
printf '{"id":"%s","created":"2015-01-01T00:00:00Z"}' "$base" >"$work/push/base.json"
printf '{"id":"%s","parent":"%s","created":"2015-01-02T00:00:00Z"}' "$child" "$base" \
  >"$work/push/child.json"

http POST "$S/v1/users/" 201 -H 'Content-Type: application/json' \
  -d "{\"username\":\"$user\",\"password\":\"$password\",\"email\":\"$user@example.com\"}"
http PUT "$S/v1/repositories/$repo/" '200|201' -u "$user:$password" -H 'X-Docker-Token: true' \
  -H 'Content-Type: application/json' -d "[{\"id\":\"$base\"},{\"id\":\"$child\",\"Tag\":\"latest\"}]"
token=$(header X-Docker-Token)
[ -n "$token" ] || die "PUT repository gave no X-Docker-Token"
for name in base child; do
  id=${!name}
  sum=sha256:$( (cat "$work/push/$name.json"; printf '\n'; cat "$work/push/$name.tar") | sha256sum | cut -d' ' -f1)
  http PUT "$S/v1/images/$id/json" 200 -H "Authorization: Token $token" \
    -H 'Content-Type: application/json' --data-binary "@$work/push/$name.json"
  http PUT "$S/v1/images/$id/layer" 200 -H "Authorization: Token $token" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$work/push/$name.tar"
  http PUT "$S/v1/images/$id/checksum" 200 -H "Authorization: Token $token" \
    -H "X-Docker-Checksum-Payload: $sum"
done
http PUT "$S/v1/repositories/$repo/tags/latest" 200 -H "Authorization: Token $token" \
  -H 'Content-Type: application/json' -d "\"$child\""
http PUT "$S/v1/repositories/$repo/images" 204 -u "$user:$password" \
  -H 'Content-Type: application/json' -d '[]'

# 3. The simulator stops; its data directory stays.
kill -TERM "$serve_pid"
wait "$serve_pid" || die "drydock serve did not stop cleanly: $(tail -n 5 "$work/serve.err")"

# Refusals: exit 2 with a message, and nothing written.
refused() {
  local code=0
  "$drydock" export "$@" >/dev/null 2>"$work/refusal.err" || code=$?
  [ "$code" -eq 2 ] && [ -s "$work/refusal.err" ] ||
    die "drydock export $* exited $code, not 2 with a message"
}
refused --data "$work/no-such-store" --out "$work/refused"
refused --data "$work/data" --out "$work/refused" --repository "$user/nothing"
mkdir -p "$work/taken" && : >"$work/taken/mine"
refused --data "$work/data" --out "$work/taken"
[ ! -e "$work/refused" ] && [ "$(ls -A "$work/taken")" = mine ] || die "a refused export wrote something"

# 4. A self-signed certificate for 127.0.0.1: the CA drydock check trusts.
mkdir -p "$work/tls" "$work/nginx"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj '/CN=127.0.0.1' \
  -addext 'subjectAltName=IP:127.0.0.1' -keyout "$work/tls/key.pem" -out "$work/tls/cert.pem" \
  2>"$work/tls/openssl.err" || die "openssl: $(cat "$work/tls/openssl.err")"

# 5. The export and nginx serving it, on a port the kernel said was free; another one when nginx
# finds it taken after all.
user_line=""
[ "$(id -u)" -ne 0 ] || user_line="user $(id -un) $(id -gn);"
port=""
for attempt in 1 2 3 4 5; do
  port=$(free_port)
  "$drydock" export --data "$work/data" --out "$work/export" --repository "$repo" --force \
    --nginx-listen "127.0.0.1:$port" --nginx-cert "$work/tls/cert.pem" \
    --nginx-key "$work/tls/key.pem" >"$work/export.out" 2>"$work/export.err" ||
    die "drydock export failed: $(cat "$work/export.err")"
  n="$work/nginx"
  cat >"$n/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log;
events { worker_connections 64; }
http {
  access_log $n/access.log;
  client_body_temp_path $n/client_body;
  proxy_temp_path $n/proxy;
  fastcgi_temp_path $n/fastcgi;
  uwsgi_temp_path $n/uwsgi;
  scgi_temp_path $n/scgi;
  include $work/export/nginx.conf.example;
}
EOF
  : >"$n/error.log"
  "$nginx" -e "$n/error.log" -p "$n" -c "$n/nginx.conf" 2>>"$n/error.log" &
  nginx_pid=$!
  pids+=("$nginx_pid")
  R="https://127.0.0.1:$port"
  if wait_for 15 "$nginx_pid" curl -sf --cacert "$work/tls/cert.pem" -o /dev/null "$R/v1/_ping"; then
    break
  fi
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  grep -q 'Address already in use' "$n/error.log" || die "nginx did not start: $(tail -n 5 "$n/error.log")"
  R=""
done
[ -n "$R" ] || die "nginx found no free port in 5 attempts"

# 6. drydock check --read-only against nginx: exit 0; every check passes but the two that need
# an index (tokens), which skip for want of --index.
"$drydock" check --read-only --registry "$R" --repository "$repo:latest" \
  --cacert "$work/tls/cert.pem" --report-dir "$work/reports" --format json \
  >"$work/check.out" 2>"$work/check.err" ||
  die "drydock check --read-only failed ($?): $(tail -n 30 "$work/check.out") $(cat "$work/check.err")"
python3 - "$work/reports/results.json" <<'EOF' || die "drydock check --read-only: $(tail -n 30 "$work/check.out")"
import json, sys
results = {r["id"]: r for r in json.load(open(sys.argv[1]))["results"]}
needs_index = {"read-only/index/repository-images", "read-only/registry/token-required"}
bad = []
for id, r in sorted(results.items()):
    want = "skip" if id in needs_index else "pass"
    if r["outcome"] != want:
        bad.append(f"{id}: {r['outcome']} (wanted {want}): {r.get('message', '')}")
if len(results) != 8:
    bad.append(f"{len(results)} read-only checks ran, not 8")
for line in bad:
    print("static-export-test:", line, file=sys.stderr)
sys.exit(1 if bad else 0)
EOF

# 7. The README's curl pull, against nginx (a static registry has no tokens to ask for).
C=(--cacert "$work/tls/cert.pem")
http GET "$R/v1/repositories/$repo/tags" 200 "${C[@]}"
[ "$(cat "$work/body")" = "{\"latest\":\"$child\"}" ] || die "tags: $(cat "$work/body")"
case "$(header Content-Type)" in application/json*) ;; *) die "tags: Content-Type $(header Content-Type)" ;; esac
http GET "$R/v1/repositories/$repo/tags/latest" 200 "${C[@]}"
[ "$(cat "$work/body")" = "\"$child\"" ] || die "tags/latest: $(cat "$work/body")"
http GET "$R/v1/images/$child/ancestry" 200 "${C[@]}"
[ "$(cat "$work/body")" = "[\"$child\",\"$base\"]" ] || die "ancestry: $(cat "$work/body")"
for name in child base; do
  id=${!name}
  http GET "$R/v1/images/$id/json" 200 "${C[@]}"
  cmp -s "$work/body" "$work/push/$name.json" || die "json of $name differs from the pushed one"
  size=$(header X-Docker-Size)
  [ "$size" = "$(stat -c %s "$work/push/$name.tar")" ] || die "json of $name: X-Docker-Size $size"
  http GET "$R/v1/images/$id/layer" 200 "${C[@]}"
  cmp "$work/body" "$work/push/$name.tar" || die "the layer of $name differs from the pushed one"
  case "$(header Content-Type)" in
    application/octet-stream*) ;;
    *) die "layer: Content-Type $(header Content-Type)" ;;
  esac
done
http GET "$R/v1/images/$(printf '0%.0s' {1..64})/json" 404 "${C[@]}"
echo "static-export-test: drydock check --read-only passed against nginx on $R; the curl pull got both layers"
