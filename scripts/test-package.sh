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

# The package holds the library only: its build output and .d.ts, the jsii assembly, README, LICENSE and
# CHANGELOG, the generated Gateway API types the construct renders with, and the command as one bundled
# file (scripts/bundle-cli.mjs): no node_modules, no example app, no dist/, no scripts.
tar -tzf "$work/$tarball" | sed 's#^package/##' | sort >"$work/files.txt"
for f in .jsii LICENSE README.md CHANGELOG.md package.json build/lib/index.js build/lib/index.d.ts build/lib/cli/main.js; do
  grep -qx "$f" "$work/files.txt" || { echo "package lacks $f" >&2; exit 1; }
done
if grep -vE '^(\.jsii|LICENSE|README\.md|CHANGELOG\.md|package\.json|build/lib/(engine/|internal/|rollout/|website/)?[^/]+\.(js|d\.ts)|build/lib/cli/main\.js|build/imports/gateway\.networking\.k8s\.io\.(js|d\.ts))$' "$work/files.txt"; then
  echo "the package holds files that are not the library (above)" >&2
  exit 1
fi
# The assembly describes the whole public API: every runtime export of lib/index.ts is a jsii type.
node -e '
const fs = require("fs");
const [dir] = process.argv.slice(1);
const assembly = JSON.parse(fs.readFileSync(`${dir}/.jsii`, "utf8"));
const types = new Set(Object.keys(assembly.types).map((fqn) => fqn.replace(/^cdk8s-zero-downtime\./, "")));
const exported = Object.keys(require(`${dir}/build/lib/index.js`));
const missing = exported.filter((name) => !types.has(name));
if (missing.length > 0) throw new Error("exports missing from .jsii: " + missing.join(", "));
for (const t of ["ContainerImage", "RestartSchedule", "ArgoCdApplication", "ZeroDowntimeRules", "RuleEngine", "ZeroDowntimeWebsiteProps"]) {
  if (!types.has(t)) throw new Error(".jsii lacks " + t);
}
const fromEnvironment = assembly.types["cdk8s-zero-downtime.ContainerImage"].methods.find((m) => m.name === "fromEnvironment");
if (!fromEnvironment || !fromEnvironment.static) throw new Error(".jsii lacks ContainerImage.fromEnvironment");
console.log(`.jsii: ${types.size} types, every one of the ${exported.length} runtime exports`);
' "$root"

# Same peer versions as this repo's lock file, so the install is served from the npm cache.
peer() { node -p "require('$root/node_modules/$1/package.json').version"; }
# package.json of a scratch app in $1, named $2, that installs the tarball and the peers; $3 (optional)
# is more of its top-level fields, after a comma.
write_package_json() {
  cat > "$1/package.json" <<JSON
{
  "name": "$2",
  "private": true,
  "dependencies": {
    "cdk8s": "$(peer cdk8s)",
    "cdk8s-plus-27": "$(peer cdk8s-plus-27)",
    "constructs": "$(peer constructs)",
    "cdk8s-zero-downtime": "file:../$tarball"
  }${3:-}
}
JSON
}
mkdir -p "$work/app"
write_package_json "$work/app" scratch-site
cat > "$work/app/main.ts" <<'TS'
import { App, Chart } from 'cdk8s';
import { ContainerImage, ZeroDowntimeWebsite } from 'cdk8s-zero-downtime';

const app = new App({ outdir: 'dist' });
const chart = new Chart(app, 'scratch', { namespace: 'web' });
new ZeroDowntimeWebsite(chart, 'website', { image: ContainerImage.fromRegistry('repo/site:1.2.3') });
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

# ---- The README's consumer section, followed as a new user would (README "Use it in your own cdk8s app") ----
# Its files (tsconfig.json, cdk8s.yaml, main.ts, reference.ts) are taken from the README as they are, into a
# fresh app that installs the tarball; they are type-checked against the shipped .d.ts files and run; then
# the packed bin renders twice (`synth`, app: and output: from cdk8s.yaml), a chart is deleted from main.ts
# in between, and no file of it may be left behind; `check dist/` passes.
consumer="$work/consumer"
mkdir -p "$consumer"
node -e '
const fs = require("fs");
const [readme, dir] = process.argv.slice(1);
const text = fs.readFileSync(readme, "utf8");
const section = text.slice(text.indexOf("<!-- consumer:start -->"), text.indexOf("<!-- consumer:end -->"));
const files = [...section.matchAll(/<!-- consumer-file: (\S+) -->\n```\w*\n([\s\S]*?)```/g)];
for (const [, name, body] of files) fs.writeFileSync(`${dir}/${name}`, body);
const names = files.map((m) => m[1]).sort().join(",");
if (names !== "cdk8s.yaml,main.ts,reference.ts,tsconfig.json") throw new Error("README consumer files: " + names);
console.log("README consumer section: " + names);
' "$root/README.md" "$consumer"
write_package_json "$consumer" sites ',
  "devDependencies": {
    "typescript": "'"$(peer typescript)"'",
    "ts-node": "'"$(peer ts-node)"'",
    "@types/node": "'"$(peer @types/node)"'"
  }'
cd "$consumer"
npm install --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
./node_modules/.bin/tsc -p tsconfig.json
env -u BUILD_NUMBER -u SHOP_IMAGE CDK8S_OUTDIR="$work/reference-out" node reference.js >"$work/out.txt"
test -s "$work/reference-out/reference.k8s.yaml"
echo "README reference.ts: compiled and rendered $(grep -c '^kind: ' "$work/reference-out/reference.k8s.yaml") objects"
rm -f ./*.js

cbin="$consumer/node_modules/.bin/cdk8s-zero-downtime"
env -u BUILD_NUMBER -u CDK8S_OUTDIR "$cbin" synth >"$work/out.txt"
cat "$work/out.txt"
grep -q '^synth: wrote 4 files to dist/ (4 added, 0 changed, 0 unchanged, 0 removed)$' "$work/out.txt"
[ "$(ls dist | tr '\n' ' ')" = "argocd.k8s.yaml gethue.k8s.yaml myapp.k8s.yaml site.k8s.yaml " ]
"$cbin" check dist/ | tail -n 1
# synth --check: dist/ is current; after main.ts changes it is stale (exit 1), and nothing was written.
env -u BUILD_NUMBER -u CDK8S_OUTDIR "$cbin" synth --check | tee "$work/out.txt"
grep -q '^synth --check: dist/ is up to date (4 files)$' "$work/out.txt"
# Delete scenario 3 (its block runs from "// 3." to the next blank line) and render again.
node -e '
const fs = require("fs");
const text = fs.readFileSync("main.ts", "utf8");
const out = text.replace(/^\/\/ 3\.[\s\S]*?\n\n/m, "");
if (out === text || out.includes("myapp")) throw new Error("could not delete the myapp chart from main.ts");
fs.writeFileSync("main.ts", out);
'
rc=0
env -u BUILD_NUMBER -u CDK8S_OUTDIR "$cbin" synth --check >"$work/out.txt" || rc=$?
[ "$rc" = 1 ] || { cat "$work/out.txt"; echo "synth --check on a stale dist/: exit $rc, expected 1"; exit 1; }
grep -q '^    - dist/myapp.k8s.yaml$' "$work/out.txt"
[ "$(ls dist | tr '\n' ' ')" = "argocd.k8s.yaml gethue.k8s.yaml myapp.k8s.yaml site.k8s.yaml " ]
env -u BUILD_NUMBER -u CDK8S_OUTDIR "$cbin" synth >"$work/out.txt"
cat "$work/out.txt"
grep -q '^  - dist/myapp.k8s.yaml$' "$work/out.txt"
grep -q '^  ~ dist/argocd.k8s.yaml$' "$work/out.txt"
[ "$(ls dist | tr '\n' ' ')" = "argocd.k8s.yaml gethue.k8s.yaml site.k8s.yaml " ]
[ -z "$(ls -A "$consumer" | grep '^\.dist-' || true)" ]
echo "README consumer section: installed, type-checked, rendered, checked, synth --check current and stale, re-rendered without the deleted chart's file"
echo "consumer package test passed"
