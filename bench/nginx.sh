# Sourced by bench/run.sh: nginx serving the same bytes as the simulator, from files, on loopback,
# with the configuration in bench/nginx.conf.in.

# Whether this nginx can take PUT uploads (the dav module is compiled in).
nginx_has_dav() { nginx -V 2>&1 | grep -q -- '--with-http_dav_module'; }

# Starts nginx with root DIR/www (the caller fills it), WORKERS worker processes ("auto" or a
# number). Retries on another port if the chosen one was taken meanwhile.
# Sets NGINX_PID and NGINX_URL.
nginx_start() {
  local dir=$1 workers=$2 attempt port user_line=""
  mkdir -p "$dir/www/upload" "$dir/logs" "$dir/body" "$dir/proxy" "$dir/fastcgi" "$dir/uwsgi" "$dir/scgi"
  # As root, nginx would run its workers as "nobody", who cannot read the run's private directory.
  [ "$(id -u)" -ne 0 ] || user_line="user root;"
  for ((attempt = 0; attempt < 5; attempt++)); do
    port=$(bench_free_port)
    sed -e "s|@DIR@|$dir|g" -e "s|@PORT@|$port|g" -e "s|@WORKERS@|$workers|g" \
      -e "s|@USER@|$user_line|g" "$BENCH_DIR/nginx.conf.in" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$dir/logs/stdout" 2>&1 &
    NGINX_PID=$!
    bench_own "$NGINX_PID"
    NGINX_URL="http://127.0.0.1:$port"
    if bench_wait_for_http "$NGINX_URL/ping.json" 5 "$NGINX_PID"; then return 0; fi
    bench_release "$NGINX_PID"
    grep -q 'Address already in use' "$dir/logs/error.log" "$dir/logs/stdout" 2>/dev/null ||
      bench_die "nginx did not start: $(tail -n 5 "$dir/logs/error.log" "$dir/logs/stdout" 2>/dev/null)"
  done
  bench_die "nginx found no free port in 5 tries"
}

# nginx's worker count as it will run: "auto" is the number of online CPUs.
nginx_worker_count() {
  if [ "$1" = auto ]; then nproc; else echo "$1"; fi
}

# Starts nginx as a plain reverse proxy (bench/nginx-proxy.conf.in) in front of an index and a
# registry: nginx_proxy_start DIR WORKERS UPSTREAM_INDEX UPSTREAM_REGISTRY (http://HOST:PORT).
# Bodies stream unbuffered both ways; X-Docker-Endpoints names nginx's registry server. Retries on
# other ports if a chosen one was taken meanwhile. Sets NGINX_PROXY_PID, NGINX_PROXY_INDEX and
# NGINX_PROXY_REGISTRY.
nginx_proxy_start() {
  local dir=$1 workers=$2 upstream_index=$3 upstream_registry=$4 attempt index_port registry_port
  local user_line=""
  mkdir -p "$dir/logs" "$dir/body" "$dir/proxy" "$dir/fastcgi" "$dir/uwsgi" "$dir/scgi"
  [ "$(id -u)" -ne 0 ] || user_line="user root;"
  for ((attempt = 0; attempt < 5; attempt++)); do
    index_port=$(bench_free_port)
    registry_port=$(bench_free_port)
    [ "$index_port" != "$registry_port" ] || continue
    sed -e "s|@DIR@|$dir|g" -e "s|@INDEX_PORT@|$index_port|g" -e "s|@REGISTRY_PORT@|$registry_port|g" \
      -e "s|@UPSTREAM_INDEX@|$upstream_index|g" -e "s|@UPSTREAM_REGISTRY@|$upstream_registry|g" \
      -e "s|@WORKERS@|$workers|g" -e "s|@USER@|$user_line|g" \
      "$BENCH_DIR/nginx-proxy.conf.in" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$dir/logs/stdout" 2>&1 &
    NGINX_PROXY_PID=$!
    bench_own "$NGINX_PROXY_PID"
    NGINX_PROXY_INDEX="http://127.0.0.1:$index_port"
    NGINX_PROXY_REGISTRY="http://127.0.0.1:$registry_port"
    # The index has no /v1/_ping; both servers are up once one of them forwards a request.
    if bench_wait_for_http "$NGINX_PROXY_REGISTRY/v1/_ping" 5 "$NGINX_PROXY_PID"; then return 0; fi
    bench_release "$NGINX_PROXY_PID"
    grep -q 'Address already in use' "$dir/logs/error.log" "$dir/logs/stdout" 2>/dev/null ||
      bench_die "nginx did not start: $(tail -n 5 "$dir/logs/error.log" "$dir/logs/stdout" 2>/dev/null)"
  done
  bench_die "nginx found no free ports in 5 tries"
}
