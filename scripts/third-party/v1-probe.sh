#!/usr/bin/env bash
# Hand-written curl walk through the v1 registry/index API, printing status,
# headers and body of every answer. Used to write README.md beside this file;
# re-run it to see whether a server still answers the same way.
#
# usage: v1-probe.sh BASE_URL [--destructive]
#        v1-probe.sh BASE_URL --auth USER:PASS
#   BASE_URL      e.g. the output of docker-registry-server.sh start
#   --destructive also sends requests known to crash some servers (last)
#   --auth        only the authentication walk, for a server started with
#                 credentials (docker-registry-server.sh start -- --user U:P)
#
# Needs curl, python3 (checksums), tar and gzip. Creates two images in the
# server (ids ...01 and ...02) and the repository probe/app.
set -uo pipefail

base="${1:?usage: v1-probe.sh BASE_URL [--destructive]}"
base="${base%/}"
destructive="${2:-}"
host_port="${base#*://}"
creds="${3:-}"
work="$(mktemp -d "${TMPDIR:-/tmp}/v1-probe.XXXXXX")"
trap 'rm -rf "$work"' EXIT

P=0000000000000000000000000000000000000000000000000000000000000001
C=0000000000000000000000000000000000000000000000000000000000000002
X=00000000000000000000000000000000000000000000000000000000000000ff

# Fixtures: one gzip'd tar layer, two image JSONs, their payload checksums
# (sha256 over JSON bytes + "\n" + layer bytes).
mkdir -p "$work/root/etc"
echo hello >"$work/root/etc/greeting"
tar -C "$work/root" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
  -cf - etc | gzip -n >"$work/layer"
printf '{"id":"%s"}' "$P" >"$work/p.json"
printf '{"id":"%s","parent":"%s"}' "$C" "$P" >"$work/c.json"
sum() {
  python3 -c 'import hashlib,sys
d=open(sys.argv[1],"rb").read()+b"\n"+open(sys.argv[2],"rb").read()
print("sha256:"+hashlib.sha256(d).hexdigest())' "$1" "$2"
}
psum="$(sum "$work/p.json" "$work/layer")"
csum="$(sum "$work/c.json" "$work/layer")"

# r TITLE CURL-ARGS... : one request, print status + headers + first 300
# bytes of body. Date/Connection/Keep-Alive are dropped; token values are
# shortened so transcripts diff cleanly.
r() {
  local title="$1"; shift
  echo "### $title"
  rm -f "$work/h" "$work/b"
  curl -sS -D "$work/h" -o "$work/b" "$@" 2>"$work/e" || {
    echo "(curl failed: $?) $(sed -E 's/port [0-9]+/port <port>/' "$work/e")"
  }
  [[ -f "$work/h" ]] &&
    tr -d '\r' <"$work/h" | grep -v -i -E '^(date|connection|keep-alive):' |
    sed -E 's/(Token |X-Docker-Token: )[A-Za-z0-9_]+\.[0-9]+\.[A-Za-z0-9+\/=]+/\1<token>/' |
    sed -e '/^$/d' -e "s#${host_port}#<host:port>#g"
  if [[ "$title" == HEAD* ]]; then
    :
  elif [[ ! -s "$work/b" ]]; then
    echo "(empty body)"
  elif LC_ALL=C grep -q '[^[:print:][:space:]]' "$work/b"; then
    echo "($(wc -c <"$work/b") bytes, binary)"
  else
    head -c 300 "$work/b" | tr '\n' ' '
    echo
  fi
  echo
}
J=(-H 'Content-Type: application/json')
O=(-H 'Content-Type: application/octet-stream')

if [[ "$destructive" == "--auth" ]]; then
  [[ -n "$creds" ]] || { echo "--auth needs USER:PASS" >&2; exit 2; }
  echo "== authentication (server started with credentials)"
  r "GET /v1/_ping, no credentials" "$base/v1/_ping"
  r "GET /v1/users/, no credentials" "$base/v1/users/"
  r "GET /v1/users/, wrong password" -u "${creds%%:*}:wrong" "$base/v1/users/"
  r "GET /v1/users/, Basic ok" -u "$creds" "$base/v1/users/"
  tok="$(curl -sS -D - -o /dev/null -u "$creds" "$base/v1/users/" | tr -d '\r' |
         sed -n 's/^X-Docker-Token: //Ip' | head -n1)"
  r "PUT /v1/repositories/probe/app/, Basic + X-Docker-Token: true" -X PUT "${J[@]}" \
    -H 'X-Docker-Token: true' -u "$creds" --data "[{\"id\":\"$P\"}]" "$base/v1/repositories/probe/app/"
  r "GET /v1/repositories/probe/app/images, Basic + X-Docker-Token: true" \
    -H 'X-Docker-Token: true' -u "$creds" "$base/v1/repositories/probe/app/images"
  r "PUT json, no credentials" -X PUT "${J[@]}" --data-binary @"$work/p.json" "$base/v1/images/$P/json"
  r "PUT json, Authorization: Token <issued>" -X PUT "${J[@]}" -H "Authorization: Token $tok" \
    --data-binary @"$work/p.json" "$base/v1/images/$P/json"
  r "GET tags, Authorization: Token <issued>" -H "Authorization: Token $tok" \
    "$base/v1/repositories/probe/app/tags"
  r "GET tags, Authorization: Token Token <issued> (docker-registry style prefix)" \
    -H "Authorization: Token Token $tok" "$base/v1/repositories/probe/app/tags"
  r "GET tags, Authorization: Token <garbage>" \
    -H 'Authorization: Token signature=x,repository="probe/app",access=read' \
    "$base/v1/repositories/probe/app/tags"
  r "GET tags, empty Authorization: Token" -H 'Authorization: Token ' "$base/v1/repositories/probe/app/tags"
  exit 0
fi

echo "== discovery"
r "GET /v1/_ping" "$base/v1/_ping"
r "GET /_ping" "$base/_ping"
r "HEAD /v1/_ping" -I "$base/v1/_ping"
r "GET /" "$base/"
r "GET /v2/" "$base/v2/"
r "GET /v1/nonexistent-route" "$base/v1/nonexistent-route"

echo "== index routes"
r "POST /v1/users/ (register)" -X POST "${J[@]}" \
  --data '{"username":"probe","password":"secret1","email":"probe@example.invalid"}' "$base/v1/users/"
r "GET /v1/users/ (login check)" -u probe:secret1 "$base/v1/users/"
r "GET /v1/users" "$base/v1/users"
r "PUT /v1/users/probe/" -X PUT "${J[@]}" --data '{"email":"x@example.invalid"}' "$base/v1/users/probe/"
r "PUT /v1/repositories/probe/app/ (X-Docker-Token: true)" -X PUT "${J[@]}" \
  -H 'X-Docker-Token: true' -u probe:secret1 \
  --data "[{\"id\":\"$P\"},{\"id\":\"$C\",\"Tag\":\"latest\"}]" "$base/v1/repositories/probe/app/"
r "PUT /v1/repositories/probe/app (no slash)" -X PUT "${J[@]}" \
  -H 'X-Docker-Token: true' --data "[{\"id\":\"$P\"}]" "$base/v1/repositories/probe/app"

echo "== push image $P (base)"
r "GET json before push" "$base/v1/images/$P/json"
r "PUT json" -X PUT "${J[@]}" --data-binary @"$work/p.json" "$base/v1/images/$P/json"
r "GET json after PUT json, before layer" "$base/v1/images/$P/json"
r "PUT layer (Content-Length)" -X PUT "${O[@]}" --data-binary @"$work/layer" "$base/v1/images/$P/layer"
r "GET json after layer, before checksum" "$base/v1/images/$P/json"
r "PUT checksum (X-Docker-Checksum-Payload)" -X PUT -H "X-Docker-Checksum-Payload: $psum" \
  -H 'X-Docker-Checksum: tarsum+sha256:0000' "$base/v1/images/$P/checksum"
r "PUT checksum again" -X PUT -H "X-Docker-Checksum-Payload: $psum" "$base/v1/images/$P/checksum"
r "PUT json again (image complete)" -X PUT "${J[@]}" --data-binary @"$work/p.json" "$base/v1/images/$P/json"
r "GET json after re-PUT json" "$base/v1/images/$P/json"
r "PUT layer again" -X PUT "${O[@]}" --data-binary @"$work/layer" "$base/v1/images/$P/layer"
r "PUT checksum after re-push" -X PUT -H "X-Docker-Checksum-Payload: $psum" "$base/v1/images/$P/checksum"

echo "== push image $C (child), chunked layer"
r "PUT json" -X PUT "${J[@]}" --data-binary @"$work/c.json" "$base/v1/images/$C/json"
r "PUT layer (chunked)" -X PUT "${O[@]}" -H 'Transfer-Encoding: chunked' \
  --data-binary @"$work/layer" "$base/v1/images/$C/layer"
r "PUT checksum" -X PUT -H "X-Docker-Checksum-Payload: $csum" "$base/v1/images/$C/checksum"
r "PUT tag latest" -X PUT "${J[@]}" --data "\"$C\"" "$base/v1/repositories/probe/app/tags/latest"
r "PUT tag base" -X PUT "${J[@]}" --data "\"$P\"" "$base/v1/repositories/probe/app/tags/base"
r "PUT /v1/repositories/probe/app/images (finish, body [])" -X PUT "${J[@]}" \
  -H 'X-Docker-Token: true' -H "X-Docker-Endpoints: ${base#http://}" --data '[]' \
  "$base/v1/repositories/probe/app/images"

echo "== pull"
r "GET /v1/repositories/probe/app/images (X-Docker-Token: true)" -H 'X-Docker-Token: true' \
  "$base/v1/repositories/probe/app/images"
r "GET tags" "$base/v1/repositories/probe/app/tags"
r "GET tags/latest" "$base/v1/repositories/probe/app/tags/latest"
r "GET ancestry" "$base/v1/images/$C/ancestry"
r "GET json" "$base/v1/images/$C/json"
r "HEAD json" -I "$base/v1/images/$C/json"
r "GET layer" "$base/v1/images/$C/layer"
curl -sS "$base/v1/images/$C/layer" | cmp -s - "$work/layer" &&
  echo "(layer bytes identical to what was pushed)" || echo "(layer bytes DIFFER)"
echo
r "GET layer Range: bytes=0-9" -H 'Range: bytes=0-9' "$base/v1/images/$C/layer"
r "GET json If-Modified-Since" -H 'If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT' \
  "$base/v1/images/$C/json"
r "PUT tag on bare name app" -X PUT "${J[@]}" --data "\"$C\"" "$base/v1/repositories/app/tags/v1"
r "GET /v1/repositories/app/tags (bare name)" "$base/v1/repositories/app/tags"
r "GET /v1/repositories/library/app/tags" "$base/v1/repositories/library/app/tags"
r "GET /v1/repositories/probe/app/json" "$base/v1/repositories/probe/app/json"
r "GET /v1/repositories (list)" "$base/v1/repositories"
r "GET /v1/search?q=app" "$base/v1/search?q=app"
r "GET /v1/images/$C/files" "$base/v1/images/$C/files"
r "GET /v1/images/$C/tree/etc (package extension)" "$base/v1/images/$C/tree/etc"
r "GET /v1/images/$C/blobs/etc/greeting (package extension)" "$base/v1/images/$C/blobs/etc/greeting"

echo "== auth header handling"
tok="$(curl -sS -D - -o /dev/null "$base/v1/users" | tr -d '\r' |
       sed -n 's/^X-Docker-Token: //Ip' | head -n1)"
r "GET tags with Authorization: Token <issued>" -H "Authorization: Token $tok" \
  "$base/v1/repositories/probe/app/tags"
r "GET tags with Authorization: Token garbage" -H 'Authorization: Token signature=x,repository="probe/app",access=read' \
  "$base/v1/repositories/probe/app/tags"

echo "== errors"
r "GET json unknown id" "$base/v1/images/$X/json"
r "GET layer unknown id" "$base/v1/images/$X/layer"
r "GET ancestry unknown id" "$base/v1/images/$X/ancestry"
r "PUT layer with no json" -X PUT "${O[@]}" --data-binary @"$work/layer" "$base/v1/images/$X/layer"
r "PUT checksum unknown id" -X PUT -H "X-Docker-Checksum-Payload: $psum" "$base/v1/images/$X/checksum"
r "PUT json id mismatch (body id != URL id)" -X PUT "${J[@]}" --data-binary @"$work/p.json" \
  "$base/v1/images/abc/json"
r "PUT json missing parent" -X PUT "${J[@]}" \
  --data "{\"id\":\"$X\",\"parent\":\"$X$X\"}" "$base/v1/images/$X/json"
r "GET tags unknown repo" "$base/v1/repositories/nobody/nothing/tags"
r "GET tag unknown" "$base/v1/repositories/probe/app/tags/nope"
r "PUT tag body not JSON" -X PUT "${J[@]}" --data 'not json' "$base/v1/repositories/probe/app/tags/bad"
r "PUT tag to unknown image" -X PUT "${J[@]}" --data "\"$X$X\"" "$base/v1/repositories/probe/app/tags/ghost"
r "DELETE tag base" -X DELETE "$base/v1/repositories/probe/app/tags/base"
r "DELETE tag unknown" -X DELETE "$base/v1/repositories/probe/app/tags/nope"
r "DELETE /v1/repositories/probe/app/" -X DELETE "$base/v1/repositories/probe/app/"
r "PUT checksum missing header (on $C)" -X PUT "$base/v1/images/$C/checksum"
r "GET json of $C after failed checksum" "$base/v1/images/$C/json"

if [[ "$destructive" == "--destructive" ]]; then
  echo "== destructive"
  r "PUT json body not JSON" -X PUT "${J[@]}" --data 'not json' "$base/v1/images/$X/json"
  r "GET /v1/_ping afterwards" --max-time 3 "$base/v1/_ping"
fi
