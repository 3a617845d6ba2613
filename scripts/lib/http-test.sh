# What the end-to-end script tests share (sourced): requests with curl, waiting without fixed
# sleeps, free ports, nginx on one of them, and the README's curl push and pull of two images.
#
# The sourcing script sets, before calling any of these:
#   test_name  the prefix of its messages ("static-export-test")
#   work       its scratch directory (bodies, headers, the pushed files go there)
#   pids       an array of the background processes its EXIT trap stops

die() {
  echo "$test_name: $*" >&2
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

# One request: http METHOD URL STATUSES [curl arguments...] (STATUSES: a pattern, "200|201"); the
# body is left in $work/body and the headers in $work/headers.
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

# Starts `drydock serve ARGS...` on an ephemeral port, its output in $work/NAME.out and .err; sets
# serve_pid and serve_url (its registry's URL, which is its index's on one listener).
start_serve() {
  local name=$1
  shift
  "$drydock" serve "$@" >"$work/$name.out" 2>"$work/$name.err" &
  serve_pid=$!
  pids+=("$serve_pid")
  wait_for 30 "$serve_pid" grep -q '^registry ' "$work/$name.out" ||
    die "drydock serve ($name) did not start: $(tail -n 5 "$work/$name.err")"
  serve_url=$(awk '$1 == "registry" { print $2 }' "$work/$name.out")
  serve_url=${serve_url%/}
}

# Starts nginx, in $work/nginx, with the inside of its `http { ... }` block as `MAKE_BLOCK PORT`
# prints it (run in this shell: it may die), on a port the kernel said was free (another one when
# nginx finds it taken after all); sets nginx_pid and nginx_port once
# `curl CURL_ARGS... SCHEME://127.0.0.1:PORT/v1/_ping` answers.
# Usage: start_nginx MAKE_BLOCK SCHEME [CURL_ARGS...]; with nginx_port set, that port only.
start_nginx() {
  local make_block=$1 scheme=$2 n="$work/nginx" user_line="" attempt port
  shift 2
  local nginx
  nginx=$(command -v nginx || echo /usr/sbin/nginx)
  [ -x "$nginx" ] || die "nginx is not installed (scripts/install-deps.sh)"
  [ "$(id -u)" -ne 0 ] || user_line="user $(id -un) $(id -gn);"
  mkdir -p "$n"
  local attempts=5 wanted=${nginx_port:-}
  [ -z "$wanted" ] || attempts=1
  for ((attempt = 1; attempt <= attempts; attempt++)); do
    port=${wanted:-$(free_port)}
    "$make_block" "$port" >"$n/http.conf"
    cat >"$n/nginx.conf" <<EOF
$user_line
daemon off;
worker_processes 1;
pid $n/nginx.pid;
error_log $n/error.log;
events { worker_connections 1024; }
http {
  access_log $n/access.log;
  client_body_temp_path $n/client_body;
  proxy_temp_path $n/proxy;
  fastcgi_temp_path $n/fastcgi;
  uwsgi_temp_path $n/uwsgi;
  scgi_temp_path $n/scgi;
  include $n/http.conf;
}
EOF
    : >"$n/error.log"
    "$nginx" -e "$n/error.log" -p "$n" -c "$n/nginx.conf" 2>>"$n/error.log" &
    nginx_pid=$!
    pids+=("$nginx_pid")
    if wait_for 15 "$nginx_pid" curl -sf "$@" -o /dev/null "$scheme://127.0.0.1:$port/v1/_ping"; then
      nginx_port=$port
      return 0
    fi
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
    grep -q 'Address already in use' "$n/error.log" || die "nginx did not start: $(tail -n 5 "$n/error.log")"
  done
  die "nginx found no free port in $attempts attempt(s)"
}

# Starts nginx on 127.0.0.1:PORT balancing round robin over the drydock nodes at NODE_URLs
# (http://HOST:PORT each), bodies streamed both ways, the client's Host passed on:
#   start_balancer PORT NODE_URL...
start_balancer() {
  nginx_port=$1
  shift
  balancer_nodes=("$@")
  start_nginx balancer_block http
}
balancer_block() {
  local node
  echo "  client_max_body_size 0;"
  echo "  proxy_request_buffering off;"
  echo "  proxy_buffering off;"
  echo "  proxy_http_version 1.1;"
  echo "  upstream drydock {"
  for node in "${balancer_nodes[@]}"; do echo "    server ${node#http://} max_fails=0;"; done
  echo "    keepalive 16;"
  echo "  }"
  cat <<EOF
  server {
    listen 127.0.0.1:$1;
    access_log off;
    location / {
      proxy_pass http://drydock;
      proxy_set_header Host \$http_host;
      proxy_set_header Connection "";
      proxy_next_upstream off;
    }
  }
EOF
}

# The README's curl push of a two-image repository:
#   push_two_images INDEX_URL USER PASSWORD REPO SEED [REGISTRY_URL]
# Registers USER (unless it exists), writes $work/push/{base,child}.{json,tar} and sets `base` and
# `child` to their ids (distinct per SEED). Registry calls go to REGISTRY_URL, else where
# X-Docker-Endpoints says, with the token and, under the single-use policy, the session cookie
# that follows it (kept in $work/push/cookies).
push_two_images() {
  local S=$1 user=$2 password=$3 repo=$4 seed=$5 R=${6:-} name id sum token
  mkdir -p "$work/push"
  for name in base child; do
    printf '%s layer of %s\n' "$name" "$seed" >"$work/push/$name.txt"
    tar -C "$work/push" -cf "$work/push/$name.tar" "$name.txt"
  done
  base=$(printf '%s base %s' "$seed" "$$" | sha256sum | cut -d' ' -f1)
  child=$(printf '%s child %s' "$seed" "$$" | sha256sum | cut -d' ' -f1)
  printf '{"id":"%s","created":"2015-01-01T00:00:00Z"}' "$base" >"$work/push/base.json"
  printf '{"id":"%s","parent":"%s","created":"2015-01-02T00:00:00Z"}' "$child" "$base" \
    >"$work/push/child.json"

  http POST "$S/v1/users/" '201|400' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$password\",\"email\":\"$user@example.com\"}"
  http PUT "$S/v1/repositories/$repo/" '200|201' -u "$user:$password" -H 'X-Docker-Token: true' \
    -H 'Content-Type: application/json' -d "[{\"id\":\"$base\"},{\"id\":\"$child\",\"Tag\":\"latest\"}]"
  token=$(header X-Docker-Token)
  [ -n "$token" ] || die "PUT repository gave no X-Docker-Token"
  [ -n "$R" ] || R="http://$(header X-Docker-Endpoints | cut -d, -f1)"
  local auth=(-H "Authorization: Token $token" -b "$work/push/cookies" -c "$work/push/cookies")
  rm -f "$work/push/cookies"
  for name in base child; do
    id=${!name}
    sum=sha256:$( (cat "$work/push/$name.json"; printf '\n'; cat "$work/push/$name.tar") | sha256sum | cut -d' ' -f1)
    http PUT "$R/v1/images/$id/json" 200 "${auth[@]}" \
      -H 'Content-Type: application/json' --data-binary "@$work/push/$name.json"
    http PUT "$R/v1/images/$id/layer" 200 "${auth[@]}" \
      -H 'Content-Type: application/octet-stream' --data-binary "@$work/push/$name.tar"
    http PUT "$R/v1/images/$id/checksum" 200 "${auth[@]}" -H "X-Docker-Checksum-Payload: $sum"
  done
  http PUT "$R/v1/repositories/$repo/tags/latest" 200 "${auth[@]}" \
    -H 'Content-Type: application/json' -d "\"$child\""
  http PUT "$S/v1/repositories/$repo/images" 204 -u "$user:$password" \
    -H 'Content-Type: application/json' -d '[]'
}

# The README's curl pull of what push_two_images pushed, from registry URL R, compared byte for
# byte: pull_two_images R REPO [curl arguments for every request...].
pull_two_images() {
  local R=$1 repo=$2 name id size
  shift 2
  http GET "$R/v1/repositories/$repo/tags" 200 "$@"
  [ "$(cat "$work/body")" = "{\"latest\":\"$child\"}" ] || die "tags: $(cat "$work/body")"
  case "$(header Content-Type)" in application/json*) ;; *) die "tags: Content-Type $(header Content-Type)" ;; esac
  http GET "$R/v1/repositories/$repo/tags/latest" 200 "$@"
  [ "$(cat "$work/body")" = "\"$child\"" ] || die "tags/latest: $(cat "$work/body")"
  http GET "$R/v1/images/$child/ancestry" 200 "$@"
  [ "$(cat "$work/body")" = "[\"$child\",\"$base\"]" ] || die "ancestry: $(cat "$work/body")"
  for name in child base; do
    id=${!name}
    http GET "$R/v1/images/$id/json" 200 "$@"
    cmp -s "$work/body" "$work/push/$name.json" || die "json of $name differs from the pushed one"
    size=$(header X-Docker-Size)
    [ "$size" = "$(stat -c %s "$work/push/$name.tar")" ] || die "json of $name: X-Docker-Size $size"
    http GET "$R/v1/images/$id/layer" 200 "$@"
    cmp "$work/body" "$work/push/$name.tar" || die "the layer of $name differs from the pushed one"
    case "$(header Content-Type)" in
      application/octet-stream*) ;;
      *) die "layer: Content-Type $(header Content-Type)" ;;
    esac
  done
}
