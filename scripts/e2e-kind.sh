#!/usr/bin/env bash
# End-to-end proof on a real cluster: `cdk8s-zero-downtime verify` watches dist/myapp.k8s.yaml (the
# rollout demo) while it rolls out on kind, then a canary of the same site from start to promote and
# from start to abort (rendered by scripts/e2e-kind-render.ts with Release.canary, applied step by step
# as commits would be), then the same app with two guardrails deliberately exempted, to show verify
# catching the drops. See docs/verify-on-kind.md.
#
# Needs docker (or a kind-compatible engine), kind, kubectl and node; run `npm ci` first (verify runs
# from the TypeScript sources through scripts/run-ts.cjs).
#
# Usage: scripts/e2e-kind.sh
# Environment:
#   KIND_CLUSTER       cluster name (default zd-verify); the script creates it and deletes it on exit
#   KEEP_CLUSTER=1     keep the cluster at the end (for a look around; delete it with kind delete cluster)
#   HOST_PORT          port on 127.0.0.1 mapped to the Service's NodePort 30080 (default 30080)
#   VERIFY_RATE        requests per second (default 20)
#   REQUIRE_DROPS=1    fail if verify catches no drop in the exempted runs (default: only report it)
#   NGINX_IMAGE        base image of the demo v1/v2 images (default nginx:1.27-alpine)
#
# Exit code: 0 when every guarded run passed (verify exit 0) and, with REQUIRE_DROPS=1, every exempted
# run caught drops; 1 otherwise; 2 when a tool is missing or the cluster cannot be set up.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cluster="${KIND_CLUSTER:-zd-verify}"
host_port="${HOST_PORT:-30080}"
rate="${VERIFY_RATE:-20}"
nginx_image="${NGINX_IMAGE:-nginx:1.27-alpine}"
node_port=30080
namespace=myapp
image=zd-verify/myapp
url="http://127.0.0.1:${host_port}/"
work="$(mktemp -d)"
created_cluster=0

log() { printf '\n== %s\n' "$*" >&2; }
die() {
  printf 'e2e-kind: %s\n' "$*" >&2
  exit 2
}

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
  local status=$?
  if [[ "$created_cluster" == 1 && "${KEEP_CLUSTER:-0}" != 1 ]]; then
    log "deleting kind cluster ${cluster}"
    kind delete cluster --name "$cluster" >/dev/null 2>&1 || true
  elif [[ "$created_cluster" == 1 ]]; then
    log "KEEP_CLUSTER=1: cluster ${cluster} kept; delete it with: kind delete cluster --name ${cluster}"
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for tool in docker kind kubectl node; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required and not on PATH (see docs/verify-on-kind.md)"
done
docker info >/dev/null 2>&1 || die "docker cannot reach a container engine (is the daemon running?)"
[[ -f "$root/node_modules/esbuild/package.json" ]] || die "run npm ci first: verify runs through scripts/run-ts.cjs, which needs esbuild"
[[ -f "$root/dist/myapp.k8s.yaml" ]] || die "dist/myapp.k8s.yaml is missing: run npm run synth"
if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  die "a kind cluster named ${cluster} exists already: delete it (kind delete cluster --name ${cluster}) or set KIND_CLUSTER"
fi

# The verifier from this checkout (the packaged bin is the same code: npx cdk8s-zero-downtime verify).
verify() { node "$root/scripts/run-ts.cjs" "$root/lib/cli/main.ts" verify "$@"; }
kc() { kubectl --context "kind-${cluster}" "$@"; }

# --- 1. the cluster: one control plane (with the port mapping) and two workers ---------------------
# The NodePort is reached through kind's extraPortMappings, so every request goes through kube-proxy
# and the Service's endpoints, as production traffic does. (kubectl port-forward would tunnel to one
# pod, chosen once, and never see the endpoint changes a rollout makes.)
cat >"$work/kind.yaml" <<YAML
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
  - role: control-plane
    extraPortMappings:
      - containerPort: ${node_port}
        hostPort: ${host_port}
        listenAddress: "127.0.0.1"
        protocol: TCP
  - role: worker
  - role: worker
YAML
log "creating kind cluster ${cluster}"
created_cluster=1
kind create cluster --name "$cluster" --config "$work/kind.yaml" --wait 180s || die "kind could not create the cluster"

# --- 2. two versions of a small web image --------------------------------------------------------
# nginx serving "myapp vN" with the header X-App-Version: vN. It runs as the rendered pod requires:
# uid 10001, read-only root filesystem (everything nginx writes goes to /tmp, the pod's emptyDir),
# port 80 (allowed for non-root by the pod's net.ipv4.ip_unprivileged_port_start=0 sysctl). The base
# image's STOPSIGNAL is SIGQUIT: nginx's graceful shutdown, which finishes in-flight requests.
build_image() {
  local version="$1" dir="$work/image-$1"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<NGINX
worker_processes 1;
pid /tmp/nginx.pid;
error_log stderr warn;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path /tmp/client_temp;
  proxy_temp_path /tmp/proxy_temp;
  fastcgi_temp_path /tmp/fastcgi_temp;
  uwsgi_temp_path /tmp/uwsgi_temp;
  scgi_temp_path /tmp/scgi_temp;
  keepalive_timeout 65s;
  server {
    listen 80;
    location / {
      default_type text/html;
      add_header X-App-Version ${version} always;
      return 200 "<h1>myapp ${version}</h1>\n";
    }
  }
}
NGINX
  cat >"$dir/Dockerfile" <<DOCKERFILE
FROM ${nginx_image}
COPY nginx.conf /etc/nginx/nginx.conf
USER 10001
ENTRYPOINT ["nginx", "-e", "stderr", "-c", "/etc/nginx/nginx.conf"]
DOCKERFILE
  # (called as `build_image ... || die`, where set -e does not apply: each step returns on failure)
  docker build --quiet --tag "${image}:${version}" "$dir" >/dev/null || return 1
  kind load docker-image "${image}:${version}" --name "$cluster" || return 1
}
log "building and loading ${image}:v1 to :v4 (v3 and v4 are the canary phase's candidates)"
for version in v1 v2 v3 v4; do
  build_image "$version" || die "could not build or load ${image}:${version}"
done

# --- 3. the manifests: dist/myapp.k8s.yaml, three lines changed, in temporary copies -----------------
# - image user/myapp:v2 -> the image built above (v1 or v2), and the version label to match;
# - imagePullPolicy Always -> IfNotPresent: the images exist only on the kind nodes (kind load), a pull
#   would fail;
# - Service type LoadBalancer -> NodePort: kind has no load balancer; the nodePort itself is set by
#   kubectl patch after the first apply (kubectl apply keeps a field it never set).
render() {
  local version="$1" out="$2" src="$root/dist/myapp.k8s.yaml"
  sed -e "s#image: user/myapp:v2#image: ${image}:${version}#" \
    -e 's#imagePullPolicy: Always#imagePullPolicy: IfNotPresent#' \
    -e 's#type: LoadBalancer#type: NodePort#' \
    -e "s#app.kubernetes.io/version: v2#app.kubernetes.io/version: ${version}#" \
    "$src" >"$out"
  grep -q "image: ${image}:${version}" "$out" || die "dist/myapp.k8s.yaml has no line 'image: user/myapp:v2' to replace: update render() in $0"
  grep -q 'imagePullPolicy: IfNotPresent' "$out" || die "dist/myapp.k8s.yaml has no 'imagePullPolicy: Always' to replace"
  grep -q 'type: NodePort' "$out" || die "dist/myapp.k8s.yaml has no 'type: LoadBalancer' Service to replace"
}
render v1 "$work/myapp-v1.yaml"
render v2 "$work/myapp-v2.yaml"

# The canary phase's manifests: the demo's site rendered by the library itself with a stable image and,
# for a release, Release.canary (1 candidate pod next to the 3 stable ones: 25 % by pod ratio), then
# the same two edits for kind as render() makes (pull policy, NodePort). The renderer repeats
# examples/rollout-demo.ts's props; its render without a release must hold exactly the objects of
# myapp-v2.yaml, or the phase would test another site.
site_render() { node "$root/scripts/run-ts.cjs" "$root/scripts/e2e-kind-render.ts" "$@"; }
# canary_render <out> <stable version> [<candidate version>]
canary_render() {
  local out="$1" stable="$2" candidate="${3:-}" raw
  raw="$work/raw-$(basename "$out")"
  if [[ -n "$candidate" ]]; then
    site_render render "$raw" "${image}:${stable}" "${image}:${candidate}" 1 || die "could not render the canary ${stable} + ${candidate}"
  else
    site_render render "$raw" "${image}:${stable}" || die "could not render the site at ${stable}"
  fi
  sed -e 's#imagePullPolicy: Always#imagePullPolicy: IfNotPresent#' -e 's#type: LoadBalancer#type: NodePort#' "$raw" >"$out"
  grep -q 'type: NodePort' "$out" || die "the render of the site has no 'type: LoadBalancer' Service to replace: update canary_render() in $0"
}
canary_render "$work/site-v2.yaml" v2
site_render same "$work/site-v2.yaml" "$work/myapp-v2.yaml" ||
  die "scripts/e2e-kind-render.ts no longer renders dist/myapp.k8s.yaml's site: give it examples/rollout-demo.ts's props"
canary_render "$work/canary-v3.yaml" v2 v3  # start: v3 on 1 pod next to 3 pods of v2
canary_render "$work/promote-v3.yaml" v3 v3 # promote 1: the stable set rolls to v3, the release kept
canary_render "$work/site-v3.yaml" v3       # promote 2 (and abort): the release removed
canary_render "$work/canary-v4.yaml" v3 v4  # a second start, v4, to abort
# Each step passes check against the step before (the transition rules: no Service without endpoints,
# no backend removed while it still gets requests), as a pull request's gate would check it.
check_step() {
  node "$root/scripts/run-ts.cjs" "$root/lib/cli/main.ts" check --baseline "$work/$1.yaml" "$work/$2.yaml" >&2 ||
    die "the canary step $1 -> $2 does not pass cdk8s-zero-downtime check --baseline"
}
check_step site-v2 canary-v3
check_step canary-v3 promote-v3
check_step promote-v3 site-v3
check_step site-v3 canary-v4
check_step canary-v4 site-v3

# --- 4. v1 up and serving --------------------------------------------------------------------------
log "deploying myapp v1"
kc create namespace "$namespace" || die "could not create the namespace ${namespace}"
kc apply -f "$work/myapp-v1.yaml" || die "kubectl apply of myapp v1 failed"
kc -n "$namespace" patch service myapp --type=json \
  -p "[{\"op\":\"add\",\"path\":\"/spec/ports/0/nodePort\",\"value\":${node_port}}]" || die "could not set the nodePort ${node_port}"
kc -n "$namespace" rollout status deployment/myapp --timeout=5m || die "myapp v1 never became ready (kubectl -n ${namespace} describe pods)"

wait_for_site() {
  node -e '
    const http = require("http");
    const url = process.argv[1];
    const deadline = Date.now() + 120000;
    const attempt = () => {
      const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
        res.resume();
        if (res.statusCode === 200) process.exit(0);
        retry();
      });
      req.on("timeout", () => req.destroy());
      req.on("error", retry);
    };
    const retry = () => {
      if (Date.now() > deadline) { console.error("e2e-kind: " + url + " did not answer 200 within 120 s"); process.exit(1); }
      setTimeout(attempt, 1000);
    };
    attempt();
  ' "$url"
}
wait_for_site || die "the site never answered on ${url}"

# --- 5. the runs -----------------------------------------------------------------------------------
rollout_status="kubectl --context kind-${cluster} -n ${namespace} rollout status deployment/myapp --timeout=5m"
declare -a names=() codes=() expectations=()

# run_verify <name> <expectation: pass|drops> <verify options: --during "<command>" or --duration <d>, ...>
run_verify() {
  local name="$1" expectation="$2" code=0
  shift 2
  log "verify: ${name}"
  verify --url "$url" --rate "$rate" --version-header X-App-Version --timeout 10m "$@" || code=$?
  names+=("$name")
  codes+=("$code")
  expectations+=("$expectation")
}

# The tail plan prints for the demo: its grace period of 40 s + 5 s, until the last old pod is gone.
tail=45s
run_verify "guarded: rollout v1 -> v2 (kubectl apply)" pass --tail "$tail" --during \
  "kubectl --context kind-${cluster} apply -f '${work}/myapp-v2.yaml' && ${rollout_status}"
run_verify "guarded: kubectl rollout restart" pass --tail "$tail" --during \
  "kubectl --context kind-${cluster} -n ${namespace} rollout restart deployment/myapp && ${rollout_status}"

# --- 5b. a canary by pod ratio, end to end -----------------------------------------------------------
# Each step is what a commit of the props does (docs/release.md, "Canary by pod ratio"), applied as
# kubectl apply --prune would: apply every object, then delete the ones the new render lacks. verify
# watches each step with the same tail: the candidate's pods terminate after the command returns.
# With a verify that has --expect-share, the steady runs also check the shares (1 of 4 pods: 25 %;
# after promote and abort, only v3).
kapply="kubectl --context kind-${cluster} apply -f"
canary_status="kubectl --context kind-${cluster} -n ${namespace} rollout status deployment/myapp-canary --timeout=5m"
# prune_command <previous render> <next render>: kubectl delete of what the next render lacks, or true
prune_command() {
  local pruned
  pruned="$(site_render pruned "$1" "$2" | tr '\n' ' ')" || die "could not compare $1 and $2"
  if [[ -z "${pruned// /}" ]]; then
    echo true
  else
    echo "kubectl --context kind-${cluster} -n ${namespace} delete --wait=true ${pruned}"
  fi
}
prune_promote="$(prune_command "$work/promote-v3.yaml" "$work/site-v3.yaml")"
prune_abort="$(prune_command "$work/canary-v4.yaml" "$work/site-v3.yaml")"
# (no arrays or mapfile: macOS still ships bash 3.2)
expect_shares=0
if verify --help 2>/dev/null | grep -q -- '--expect-share'; then expect_shares=1; fi
# run_steady <name> <duration> <version=percent>: verify with no command running, the share judged when verify can
run_steady() {
  if [[ "$expect_shares" == 1 ]]; then
    run_verify "$1" pass --duration "$2" --expect-share "$3"
  else
    run_verify "$1" pass --duration "$2"
  fi
}

log "plan of the canary's start (what the release section forecasts)"
node "$root/scripts/run-ts.cjs" "$root/lib/cli/main.ts" plan "$work/canary-v3.yaml" | sed -n '/^release:/,$p' >&2 || true

run_verify "canary: start, v3 on 1 of 4 pods" pass --tail "$tail" --during \
  "${kapply} '${work}/canary-v3.yaml' && ${canary_status} && ${rollout_status}"
run_steady "canary: running, v3 gets 25 % of the connections" 30s v3=25%
run_verify "canary: promote 1, the stable set rolls to v3" pass --tail "$tail" --during \
  "${kapply} '${work}/promote-v3.yaml' && ${rollout_status}"
run_verify "canary: promote 2, the release removed" pass --tail "$tail" --during \
  "${kapply} '${work}/site-v3.yaml' && ${prune_promote} && ${rollout_status}"
run_steady "canary: promoted, only v3 answers" 20s v3=100%
run_verify "canary: start again, v4 on 1 of 4 pods" pass --tail "$tail" --during \
  "${kapply} '${work}/canary-v4.yaml' && ${canary_status} && ${rollout_status}"
run_verify "canary: abort, the release removed" pass --tail "$tail" --during \
  "${kapply} '${work}/site-v3.yaml' && ${prune_abort} && ${rollout_status}"
run_steady "canary: aborted, only v3 answers" 20s v3=100%

# The same app with two guardrails exempted on purpose (the rules rolling-update-max-unavailable and
# prestop-delay-missing): maxUnavailable 1, and no preStop delay. The patch rolls the pods once
# (not measured), then the same two kinds of rollout run under verify.
log "exempting the guardrails: maxUnavailable 1, no preStop"
kc -n "$namespace" patch deployment myapp --type=json -p '[
  {"op":"replace","path":"/spec/strategy/rollingUpdate/maxUnavailable","value":1},
  {"op":"remove","path":"/spec/template/spec/containers/0/lifecycle"},
  {"op":"add","path":"/metadata/annotations/zero-downtime.cdk8s.io~1exempt-rolling-update-max-unavailable","value":"e2e-kind: show verify catching drops"},
  {"op":"add","path":"/metadata/annotations/zero-downtime.cdk8s.io~1exempt-prestop-delay-missing","value":"e2e-kind: show verify catching drops"}
]'
kc -n "$namespace" rollout status deployment/myapp --timeout=5m

run_verify "exempted: rollout v3 -> v1 (kubectl set image)" drops --tail "$tail" --during \
  "kubectl --context kind-${cluster} -n ${namespace} set image deployment/myapp web=${image}:v1 && ${rollout_status}"
run_verify "exempted: kubectl rollout restart" drops --tail "$tail" --during \
  "kubectl --context kind-${cluster} -n ${namespace} rollout restart deployment/myapp && ${rollout_status}"

# --- 6. summary ------------------------------------------------------------------------------------
log "summary (verify exit code: 0 no failed request, 1 failed requests, 2 the rollout command failed)"
status=0
for i in "${!names[@]}"; do
  name="${names[$i]}"
  code="${codes[$i]}"
  expectation="${expectations[$i]}"
  if [[ "$code" == 2 ]]; then
    verdict="FAILED: the rollout command failed or timed out (see above)"
    status=1
  elif [[ "$expectation" == pass && "$code" == 0 ]]; then
    verdict="ok: no request dropped"
  elif [[ "$expectation" == pass ]]; then
    verdict="FAILED: requests were dropped with the guardrails in place"
    status=1
  elif [[ "$code" == 1 ]]; then
    verdict="ok: verify caught the drops"
  elif [[ "${REQUIRE_DROPS:-0}" == 1 ]]; then
    verdict="FAILED: no drop caught (REQUIRE_DROPS=1)"
    status=1
  else
    verdict="note: no drop caught this time (the race is short; run again, or raise VERIFY_RATE)"
  fi
  printf '  %-50s exit %s  %s\n' "$name" "$code" "$verdict" >&2
done
exit "$status"
