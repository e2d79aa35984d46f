#!/usr/bin/env bash
# End-to-end proof on a real cluster: `cdk8s-zero-downtime verify` watches dist/myapp.k8s.yaml (the
# rollout demo) while it rolls out on kind, then watches the same app with two guardrails deliberately
# exempted, to show verify catching the drops. See docs/verify-on-kind.md.
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
log "building and loading ${image}:v1 and ${image}:v2"
build_image v1 || die "could not build or load ${image}:v1"
build_image v2 || die "could not build or load ${image}:v2"

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

# run_verify <name> <expectation: pass|drops> <command during which to verify>
run_verify() {
  local name="$1" expectation="$2" during="$3" code=0
  log "verify: ${name}"
  verify --url "$url" --rate "$rate" --version-header X-App-Version --timeout 10m --during "$during" || code=$?
  names+=("$name")
  codes+=("$code")
  expectations+=("$expectation")
}

run_verify "guarded: rollout v1 -> v2 (kubectl apply)" pass \
  "kubectl --context kind-${cluster} apply -f '${work}/myapp-v2.yaml' && ${rollout_status}"
run_verify "guarded: kubectl rollout restart" pass \
  "kubectl --context kind-${cluster} -n ${namespace} rollout restart deployment/myapp && ${rollout_status}"

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

run_verify "exempted: rollout v2 -> v1 (kubectl set image)" drops \
  "kubectl --context kind-${cluster} -n ${namespace} set image deployment/myapp web=${image}:v1 && ${rollout_status}"
run_verify "exempted: kubectl rollout restart" drops \
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
