#!/usr/bin/env bash
# Proves the npm package works for a user: `npm pack` the library, install the tarball into a scratch
# cdk8s app outside this repo, type-check that app against the shipped .d.ts files, render one website
# with `new ZeroDowntimeWebsite(...)`, and check the rendered YAML.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$root"

tarball="$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $tarball ($(du -k "$work/$tarball" | cut -f1) KiB)"

# Same peer versions as this repo's lock file, so the install is served from the npm cache.
peer() { node -p "require('$root/node_modules/$1/package.json').version"; }
mkdir -p "$work/app"
cat > "$work/app/package.json" <<JSON
{
  "name": "scratch-site",
  "private": true,
  "dependencies": {
    "cdk8s": "$(peer cdk8s)",
    "cdk8s-plus-27": "$(peer cdk8s-plus-27)",
    "constructs": "$(peer constructs)",
    "cdk8s-zero-downtime": "file:../$tarball"
  }
}
JSON
cat > "$work/app/main.ts" <<'TS'
import { App, Chart } from 'cdk8s';
import { ZeroDowntimeWebsite } from 'cdk8s-zero-downtime';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'scratch', { namespace: 'web' });
new ZeroDowntimeWebsite(chart, 'website', { image: 'repo/site:1.2.3' });
app.synth();
TS
cat > "$work/app/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2022", "module": "commonjs", "strict": true, "esModuleInterop": true, "skipLibCheck": false, "types": [] } }
JSON

cd "$work/app"
npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
"$root/node_modules/.bin/tsc" -p tsconfig.json
node main.js
node -e '
const { parseAllDocuments } = require(process.argv[1]);
const docs = parseAllDocuments(require("fs").readFileSync("dist/scratch.k8s.yaml", "utf8")).map((d) => d.toJSON());
const kinds = docs.map((d) => d.kind).sort().join(",");
if (kinds !== "Deployment,NetworkPolicy,PodDisruptionBudget,Service") throw new Error("unexpected kinds: " + kinds);
const d = docs.find((x) => x.kind === "Deployment");
if (d.spec.strategy.rollingUpdate.maxUnavailable !== 0) throw new Error("maxUnavailable is not 0");
console.log("scratch app rendered " + docs.length + " objects: " + kinds);
' "$root/node_modules/yaml"

# The packed bin, as a user's CI runs it: the committed example dist/ passes (exit 0); hand-written bad
# manifests fail (exit 1) with the right rule ids; a YAML syntax error is exit 2.
bin="$work/app/node_modules/.bin/cdk8s-zero-downtime"
"$bin" --version
"$bin" check "$root/dist" | tail -n 1
expect_exit() { # expect_exit CODE COMMAND...
  local want="$1" got=0
  shift
  "$@" >"$work/out.txt" 2>"$work/err.txt" || got=$?
  if [ "$got" != "$want" ]; then
    echo "expected exit $want, got $got from: $*" >&2
    cat "$work/out.txt" "$work/err.txt" >&2
    exit 1
  fi
}
expect_exit 1 "$bin" check --format json "$root/test/fixtures/manifests/rollout-unsafe.yaml"
rules="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).findings.map((f) => f.rule).join(","))' "$work/out.txt")"
want="readiness-probe-missing,recreate-strategy,deployment-replicas,prestop-delay-missing,mutable-image-tag,service-target-port-mismatch"
if [ "$rules" != "$want" ]; then
  echo "unexpected rule ids: $rules (want $want)" >&2
  exit 1
fi
echo "bin check: rollout-unsafe.yaml -> exit 1 with $rules"
expect_exit 1 "$bin" check - < "$root/test/fixtures/manifests/drain-blockers.yaml"
grep -q 'pdb-min-available-above-hpa-min' "$work/out.txt"
expect_exit 2 "$bin" check "$root/test/fixtures/manifests/broken.yaml"
grep -q 'broken.yaml:7:3' "$work/err.txt"
echo "bin check: stdin -> exit 1, YAML syntax error -> exit 2 with file:line:column"
# The packed bin's verify against local servers (127.0.0.1 only): stable -> 0, refused and 503 windows -> 1.
node "$root/scripts/package-verify.mjs" "$bin"
echo "package test passed"
