#!/usr/bin/env bash
# Lints the spec files (spec/*.openapi.json and spec/flows/*.arazzo.json) with the pinned @redocly/cli and
# spec/redocly.yaml. Works from any directory. Exits 0 when no file has an error (warnings are printed, not
# fatal), 1 on any error, 2 when the linter is not installed or there is nothing to lint.
set -euo pipefail
cd "$(dirname "$0")/.."

redocly=.tools/node_modules/.bin/redocly
if [ ! -x "$redocly" ]; then
  echo "lint-spec: the spec linter is not installed ($redocly): run scripts/install-deps.sh" >&2
  exit 2
fi

shopt -s nullglob
files=(spec/*.openapi.json spec/flows/*.arazzo.json)
if [ ${#files[@]} -eq 0 ]; then
  echo "lint-spec: no spec files found under spec/" >&2
  exit 2
fi

# No usage reports or update checks: lint runs offline and quietly.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

report=$(mktemp)
trap 'rm -f "$report"' EXIT

# The human-readable problems go to the console (less the linter's boxed notices, such as its Node.js
# deprecation banner); a second, JSON run gives the counts.
set +e
"$redocly" lint --config spec/redocly.yaml --format stylish --max-problems 1000 "${files[@]}" 2>&1 |
  grep -v -E '[║╔╚]' | cat -s
status=${PIPESTATUS[0]}
"$redocly" lint --config spec/redocly.yaml --format json --max-problems 100000 "${files[@]}" >"$report" 2>/dev/null
set -e

counts=$(node -e '
  const fs = require("fs");
  let errors = 0, warnings = 0;
  try {
    // One JSON report per linted file, written back to back: make them one array.
    const text = fs.readFileSync(process.argv[1], "utf8").replace(/\}\s*\{(?=\s*"totals")/g, "},{");
    for (const report of JSON.parse("[" + text + "]")) {
      errors += report.totals.errors;
      warnings += report.totals.warnings;
    }
  } catch (e) {
    errors = -1;
  }
  console.log(errors + " " + warnings);
' "$report")
read -r errors warnings <<<"$counts"

if [ "$errors" -lt 0 ]; then
  echo "lint-spec: the linter gave no readable report (exit status $status)" >&2
  exit 2
fi
echo "lint-spec: ${#files[@]} files, $errors errors, $warnings warnings"
if [ "$errors" -gt 0 ] || [ "$status" -ne 0 ]; then
  exit 1
fi
