#!/usr/bin/env bash
# Runs every Arazzo workflow of spec/flows/ with Redocly Respect (the pinned @redocly/cli) against
# `drydock serve`, and compares each step's result with the known Respect limitations listed below
# (spec/README.md, "Running the flows with other tools").
#
# Usage: scripts/respect-test.sh DRYDOCK_BINARY
#
# Three simulators run on ephemeral loopback ports, in memory: one as `drydock serve` starts by
# default, one with --token-policy single-use (flows/tokenSingleUse needs it) and one with
# --token-ttl 1 (flows/tokenExpiry needs a token that has expired). Each has an admin account and
# a registered one. The inputs are made here, as drydock check makes its own: fresh names, and a
# one- or two-image chain whose JSON objects have their members in code-point order, so the compact
# serialization Respect sends is the one the checksums cover.
#
# Exit status: 0 when every step passed except exactly the expected ones; 1 when a step failed
# that is not expected to, or an expected failure passed (update the list and the README);
# 2 when the tools are missing or a simulator does not start.
set -euo pipefail
cd "$(dirname "$0")/.."

# Every step that does not pass under Respect, and why; the rest must pass. "not-run": Respect
# ends a workflow at its first failing step.
expected=(
  # A binary (application/octet-stream) response is an ArrayBuffer to Respect: it fails the
  # response's {type: string} schema and never equals the layer input.
  "pullUserRepository/getParentLayer fail"
  "pullUserRepository/getChildJson not-run"
  "pullUserRepository/getChildLayer not-run"
  # Respect cuts the JSON pointer of $response.body#/v1.0 at the dot and looks up /v1.
  "tagLifecycle/listTags fail"
  "tagLifecycle/getDeleteToken not-run"
  "tagLifecycle/deleteTag not-run"
  "tagLifecycle/getReadTokenAgain not-run"
  "tagLifecycle/getDeletedTag not-run"
  "tagLifecycle/getRemainingTag not-run"
  "tokenScopePerRepository/listTagsOfBWithTokenOfB fail"
  "tokenAccessPerMethod/listTagsWithReadToken fail"
  # Respect keeps no cookies between steps: the registry's session cookie (single-use policy) is
  # not sent back.
  "tokenSingleUse/continueWithSessionCookie fail"
)

drydock="${1:-}"
if [ -z "$drydock" ] || [ ! -x "$drydock" ]; then
  echo "usage: scripts/respect-test.sh DRYDOCK_BINARY" >&2
  exit 2
fi
redocly=.tools/node_modules/.bin/redocly
if [ ! -x "$redocly" ]; then
  echo "respect-test: Redocly Respect is not installed ($redocly): run scripts/install-deps.sh" >&2
  exit 2
fi
for tool in node curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "respect-test: $tool is not installed" >&2
    exit 2
  fi
done

# No usage reports or update checks: the run stays offline and quiet.
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

suffix="$(date +%s)$$"
admin=respect_admin
account="respect_${suffix: -12}"
password="respect-pw-$suffix"
printf '%s\n' "respect-admin-pw-$suffix" >"$work/admin-password"
chmod 600 "$work/admin-password"

# Starts a simulator named $1 with the options that follow.
start() {
  local name=$1
  shift
  "$drydock" serve --listen 127.0.0.1:0 --memory --quiet --password-iterations 1 --admin "$admin" \
    --admin-password-file "$work/admin-password" "$@" >"$work/$name.out" 2>"$work/$name.err" &
  pids+=($!)
  echo $! >"$work/$name.pid"
}

# poll SECONDS WHAT COMMAND...: runs COMMAND every 0.1 s until it succeeds; past SECONDS, says
# that WHAT did not happen in time and exits 2.
poll() {
  local seconds=$1 what=$2 tries=0
  shift 2
  until "$@"; do
    tries=$((tries + 1))
    if [ "$tries" -gt $((seconds * 10)) ]; then
      echo "respect-test: $what within $seconds s" >&2
      exit 2
    fi
    sleep 0.1
  done
}

# Whether simulator $1 has printed its addresses; exits 2 with its errors if it has exited.
printed_address() {
  local name=$1
  grep -q '^registry ' "$work/$name.out" 2>/dev/null && return 0
  if ! kill -0 "$(cat "$work/$name.pid")" 2>/dev/null; then
    echo "respect-test: the $name simulator exited:" >&2
    cat "$work/$name.err" >&2
    exit 2
  fi
  return 1
}

# Waits until simulator $1 prints its registry address, and prints that URL.
address() {
  local name=$1
  poll 120 "the $name simulator printed no address" printed_address "$name"
  # One listener serves the index and the registry: both lines name the same URL.
  awk '$1 == "registry" {print $2; exit}' "$work/$name.out"
}

start main
start single --token-policy single-use
start short --token-ttl 1
declare -A url
for name in main single short; do
  url[$name]=$(address "$name")
  status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$account\",\"password\":\"$password\",\"email\":\"$account@example.com\"}" \
    "${url[$name]}/v1/users/")
  if [ "$status" != 201 ]; then
    echo "respect-test: registering $account on the $name simulator answered $status" >&2
    exit 2
  fi
done

# inputs.js FILE WORKFLOW_ID: prints the workflow's inputs as one JSON object.
cat >"$work/inputs.js" <<'EOF'
const fs = require("fs");
const crypto = require("crypto");
const [file, workflowId] = process.argv.slice(2);
const env = process.env;
const workflow = JSON.parse(fs.readFileSync(file, "utf8")).workflows.find((w) => w.workflowId === workflowId);
const declared = (workflow.inputs && workflow.inputs.properties) || {};
const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");
const basic = (user, password) => Buffer.from(`${user}:${password}`).toString("base64");
const seed = `${env.SUFFIX} ${workflowId}`;

// A ustar archive of one text file: every byte is ASCII, so the layer passes through a JSON string
// input (Respect sends a string payload as UTF-8) unchanged.
function tar(name, content) {
  const header = Buffer.alloc(512);
  const text = (at, length, value) => header.write(value, at, length, "ascii");
  const octal = (at, length, n) => text(at, length, n.toString(8).padStart(length - 1, "0") + "\0");
  text(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, content.length);
  octal(136, 12, 1412121600);
  text(148, 8, "        ");
  text(156, 1, "0");
  text(257, 6, "ustar\0");
  text(263, 2, "00");
  let sum = 0;
  for (const byte of header) sum += byte;
  text(148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  const body = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  body.write(content, "ascii");
  return Buffer.concat([header, body, Buffer.alloc(1024)]).toString("latin1");
}

// The base and top of a chain of `depth` images.
function chain(depth) {
  const images = [];
  for (let i = 0; i < depth; i++) {
    const id = sha256(`drydock respect image ${seed} ${i}`);
    const content = `drydock respect layer ${i} of ${seed}\n`.repeat(20 + 10 * i);
    const layer = tar(`layer-${i}.txt`, content);
    // Members in code-point order at every level: JSON.stringify keeps this order, and drydock's
    // runner sorts, so both send these bytes.
    const json = {
      Size: content.length,
      architecture: "amd64",
      container_config: {Cmd: ["/bin/sh", "-c", `#(nop) ADD layer ${i}`]},
      created: "2014-10-01T00:00:00Z",
      docker_version: "1.3.0",
      id,
      os: "linux",
    };
    if (i > 0) json.parent = images[i - 1].id;
    const payload = Buffer.concat([Buffer.from(JSON.stringify(json) + "\n"), Buffer.from(layer, "latin1")]);
    images.push({id, json, layer, checksum: "sha256:" + sha256(payload)});
  }
  return {base: images[0], top: images[images.length - 1]};
}

const two = Object.keys(declared).some((name) => name.startsWith("parent") || name.startsWith("child"));
const images = chain(two ? 2 : 1);
const fresh = `r${sha256(seed).slice(0, 12)}`;
const newUser = {username: fresh, password: `pw-${fresh}`, email: `${fresh}@example.com`};
const inputs = {};
for (const name of Object.keys(declared)) {
  const role = ["image", "parent", "child"].find((prefix) => name.startsWith(prefix));
  if (name in newUser) {
    inputs[name] = newUser[name];
  } else if (name === "basicAuth") {
    inputs[name] = declared.username ? basic(newUser.username, newUser.password) : basic(env.ACCOUNT, env.PASSWORD);
  } else if (name === "accountBasicAuth") {
    inputs[name] = basic(env.ACCOUNT, env.PASSWORD);
  } else if (name === "adminBasicAuth") {
    inputs[name] = basic(env.ADMIN, env.ADMIN_PASSWORD);
  } else if (name === "wrongBasicAuth") {
    inputs[name] = basic(env.ACCOUNT, `${env.PASSWORD}-not-the-password`);
  } else if (name === "namespace") {
    inputs[name] = env.ACCOUNT;
  } else if (name.startsWith("repository")) {
    const tail = name === "repository" ? "" : "-" + name.slice("repository".length).toLowerCase();
    inputs[name] = `respect-${fresh}-${workflowId.toLowerCase()}${tail}`;
  } else if (name === "query") {
    inputs[name] = fresh;
  } else if (name === "forgedSignature") {
    inputs[name] = sha256(`drydock respect forged signature ${seed}`);
  } else if (name === "expiredToken") {
    inputs[name] = env.EXPIRED_TOKEN || "";
  } else if (role) {
    const image = role === "parent" ? images.base : images.top;
    const field = name.slice(role.length);
    const values = {Id: image.id, Json: image.json, Checksum: image.checksum, Layer: image.layer,
                    LayerSize: String(image.layer.length)};
    if (!(field in values)) throw new Error(`no value for the input ${name}`);
    inputs[name] = values[field];
  } else {
    throw new Error(`no value for the input ${name}`);
  }
}
process.stdout.write(JSON.stringify(inputs));
EOF

# steps.js FILE WORKFLOW_ID REPORT: prints "WORKFLOW/STEP pass|fail|not-run" for every step of the
# workflow, in order, from Respect's JSON report (no report: every step not-run).
cat >"$work/steps.js" <<'EOF'
const fs = require("fs");
const [file, workflowId, reportFile] = process.argv.slice(2);
const workflow = JSON.parse(fs.readFileSync(file, "utf8")).workflows.find((w) => w.workflowId === workflowId);
const outcome = {};
try {
  const report = JSON.parse(fs.readFileSync(reportFile, "utf8"));
  for (const result of Object.values(report.files || {})) {
    for (const run of result.executedWorkflows || []) {
      if (run.workflowId !== workflowId) continue;
      for (const step of run.executedSteps || []) {
        outcome[step.stepId] = step.status === "success" ? "pass" : "fail";
      }
    }
  }
} catch (e) {
  // No readable report: nothing ran.
}
for (const step of workflow.steps) console.log(`${workflowId}/${step.stepId} ${outcome[step.stepId] || "not-run"}`);
EOF

export SUFFIX=$suffix ACCOUNT=$account PASSWORD=$password ADMIN=$admin
ADMIN_PASSWORD=$(cat "$work/admin-password")
export ADMIN_PASSWORD

# Whether the registry refuses token $1 on URL $2 (401).
refused() {
  [ "$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Token $1" "$2")" = 401 ]
}

# An expired token for flows/tokenExpiry's repository, from the simulator whose tokens live 1 s:
# created there now, then polled until the registry refuses it.
expired_token() {
  local file=$1 workflow=$2 base=${url[short]} inputs namespace repository image token
  inputs=$(EXPIRED_TOKEN=placeholder node "$work/inputs.js" "$file" "$workflow")
  read -r namespace repository image < <(node -e '
    const i = JSON.parse(process.argv[1]);
    console.log(i.namespace, i.repository, i.imageId);' "$inputs")
  token=$(curl -sS -o /dev/null -D - -X PUT -H 'Content-Type: application/json' \
    -H "Authorization: Basic $(printf '%s:%s' "$account" "$password" | base64 -w0)" \
    -H 'X-Docker-Token: true' -d "[{\"id\":\"$image\"}]" \
    "$base/v1/repositories/$namespace/$repository/" |
    tr -d '\r' | awk 'tolower($1) == "x-docker-token:" {sub(/^[^:]*: */, ""); print}')
  if [ -z "$token" ]; then
    echo "respect-test: the short-lived simulator issued no token" >&2
    exit 2
  fi
  poll 30 "the token did not expire" refused "$token" "$base/v1/repositories/$namespace/$repository/tags"
  printf '%s' "$token"
}

: >"$work/observed"
for file in spec/flows/*.arazzo.json; do
  for workflow in $(node -e '
      const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      for (const w of d.workflows) console.log(w.workflowId);' "$file"); do
    server=main
    EXPIRED_TOKEN=
    case "$workflow" in
      tokenSingleUse) server=single ;;
      tokenExpiry)
        server=short
        EXPIRED_TOKEN=$(expired_token "$file" "$workflow")
        ;;
    esac
    export EXPIRED_TOKEN
    base=${url[$server]}
    report="$work/$workflow.json"
    set +e
    "$redocly" respect "$file" --workflow "$workflow" --input "$(node "$work/inputs.js" "$file" "$workflow")" \
      --server "index=$base,registry=$base" --json-output "$report" >"$work/$workflow.log" 2>&1
    set -e
    node "$work/steps.js" "$file" "$workflow" "$report" | tee -a "$work/observed" >"$work/$workflow.steps"
    passed=$(grep -c ' pass$' "$work/$workflow.steps" || true)
    total=$(wc -l <"$work/$workflow.steps")
    echo "respect-test: $workflow: $passed of $total steps passed"
  done
done

printf '%s\n' "${expected[@]}" | sort >"$work/expected"
grep -v ' pass$' "$work/observed" | sort >"$work/failed" || true
passed=$(grep -c ' pass$' "$work/observed" || true)
total=$(wc -l <"$work/observed")
echo "respect-test: $passed of $total steps passed; $(wc -l <"$work/expected") are expected not to"
if ! diff -u --label expected --label observed "$work/expected" "$work/failed"; then
  echo "respect-test: the steps that do not pass differ from the expected ones (above)." >&2
  # The Respect logs of the workflows that differ.
  for workflow in $(diff "$work/expected" "$work/failed" | sed -n 's/^[<>] \([^/]*\)\/.*/\1/p' | sort -u); do
    echo "----- Respect's log of $workflow" >&2
    grep -v -E '[║╔╚]' "$work/$workflow.log" | sed 's/\x1b\[[0-9;]*m//g' | tail -60 >&2
  done
  exit 1
fi
echo "respect-test: every step passed but the expected ones"
