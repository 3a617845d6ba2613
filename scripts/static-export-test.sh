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

test_name=static-export-test
# shellcheck source=scripts/lib/http-test.sh
source scripts/lib/http-test.sh

# 1. The simulator, on disk, on an ephemeral port.
start_serve serve --listen 127.0.0.1:0 --data "$work/data" --password-iterations 1 --quiet
S=$serve_url

# 2. A push of two images, as the README's curl push does it.
user=exporter
password=export-secret1
repo=$user/static
push_two_images "$S" "$user" "$password" "$repo" static-export

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

# 5. The export and nginx serving it over HTTPS; the export is written for nginx's port.
export_for_port() {
  "$drydock" export --data "$work/data" --out "$work/export" --repository "$repo" --force \
    --nginx-listen "127.0.0.1:$1" --nginx-cert "$work/tls/cert.pem" \
    --nginx-key "$work/tls/key.pem" >"$work/export.out" 2>"$work/export.err" ||
    die "drydock export failed: $(cat "$work/export.err")"
  echo "include $work/export/nginx.conf.example;"
}
start_nginx export_for_port https --cacert "$work/tls/cert.pem"
R="https://127.0.0.1:$nginx_port"

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
pull_two_images "$R" "$repo" --cacert "$work/tls/cert.pem"
http GET "$R/v1/images/$(printf '0%.0s' {1..64})/json" 404 --cacert "$work/tls/cert.pem"
echo "static-export-test: drydock check --read-only passed against nginx on $R; the curl pull got both layers"
