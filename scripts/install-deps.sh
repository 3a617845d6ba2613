#!/usr/bin/env bash
# Installs what drydock needs to build and test, from Debian packages and the npm registry.
# Safe to run again: it installs only what is missing. Needs root (or sudo) for apt-get.
# Arguments name further Debian packages a caller needs (scripts/bench.sh: nginx, wrk...).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

packages=(
  build-essential cmake pkg-config ccache git
  libcpp-httplib-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
  libcli11-dev libgtest-dev libgmock-dev libsqlite3-dev
  libboost-dev  # Boost.Asio and Boost.Beast, header-only: the simulator's HTTP engine
  # a single-node Swift with its S3 API, for the object-storage tests (scripts/servers/swift.sh)
  swift swift-proxy swift-account swift-container swift-object memcached
  # index state on a shared database: libpq to build, a PostgreSQL for the tests (scripts/servers/postgres.sh)
  libpq-dev postgresql
  clang libclang-rt-14-dev
  curl ca-certificates
  chromium  # renders report.html in a test (conformance/report/html_browser_test.cc)
  nginx openssl python3  # serve a drydock export over HTTPS in a test (scripts/static-export-test.sh)
  "$@"
)
# Node.js and npm run the spec linter; a machine that has them from elsewhere keeps its own.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
updated=false
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update
  updated=true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# valijson is header-only and drydock uses only its nlohmann adapter, but its Debian package
# depends on every JSON library it has an adapter for (Qt5, Poco with its database connectors,
# jsoncpp...: about 155 packages, 294 MiB). Unless it is installed already, its own .deb is
# unpacked, headers only, into an ignored folder where CMake finds it.
valijson=.tools/valijson/usr/include/valijson/validator.hpp
if [ ! -f /usr/include/valijson/validator.hpp ] && [ ! -f "$valijson" ]; then
  echo "install-deps: unpacking libvalijson-dev's headers into .tools/valijson/"
  $updated || $sudo apt-get update
  work="$(mktemp -d)"
  [ "$(id -u)" -ne 0 ] || chown _apt "$work" 2>/dev/null || true  # apt downloads as _apt
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download libvalijson-dev)
  mkdir -p .tools/valijson
  dpkg-deb -x "$work"/libvalijson-dev_*.deb .tools/valijson
fi

# The spec tools (@redocly/cli, @stoplight/prism-cli), pinned by spec/lint/package-lock.json, into an
# ignored folder; again when the lock file changed since.
if [ -f spec/lint/package-lock.json ] &&
  { [ ! -x .tools/node_modules/.bin/redocly ] || [ ! -x .tools/node_modules/.bin/prism ] ||
    ! cmp -s spec/lint/package-lock.json .tools/package-lock.json; }; then
  echo "install-deps: installing the spec tools into .tools/"
  mkdir -p .tools
  cp spec/lint/package.json spec/lint/package-lock.json .tools/
  (cd .tools && npm ci --no-audit --no-fund --loglevel=error)
fi
