#!/usr/bin/env bash
# Installs what drydock needs to build and test, from Debian packages and the npm registry.
# Safe to run again: it installs only what is missing. Needs root (or sudo) for apt-get.
# Arguments name further Debian packages a caller needs (scripts/bench.sh: nginx, wrk...).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config ccache git
  libcpp-httplib-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev libvalijson-dev
  libcli11-dev libgtest-dev libgmock-dev libsqlite3-dev
  clang libclang-rt-14-dev
  curl
  chromium  # renders report.html in a test (conformance/report/html_browser_test.cc)
  "$@"
)
# Node.js and npm run the spec linter; a machine that has them from elsewhere keeps its own.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "install-deps: installing ${missing[*]}"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

# The spec linter (@redocly/cli), pinned by spec/lint/package-lock.json, into an ignored folder.
if [ -f spec/lint/package-lock.json ] && [ ! -x .tools/node_modules/.bin/redocly ]; then
  echo "install-deps: installing the spec linter into .tools/"
  mkdir -p .tools
  cp spec/lint/package.json spec/lint/package-lock.json .tools/
  (cd .tools && npm ci --no-audit --no-fund --loglevel=error)
fi
