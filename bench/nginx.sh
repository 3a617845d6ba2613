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
