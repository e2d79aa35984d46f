import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';

/*
 * `cdk8s-zero-downtime synth` judges the change from the previous output (the dist/ it is about to
 * replace) with the transition rules: a rename, a moved nodePort... is refused with the fix and dist/
 * is left as it was, unless the new object carries the exemption annotation; a first render passes.
 * The "app" is a shell command that copies a manifest into $CDK8S_OUTDIR (no cdk8s start per run).
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-transitions-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const SITE = (name: string, nodePort: number, annotations = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name}, namespace: web, annotations: ${annotations} }
spec:
  replicas: 3
  selector: { matchLabels: { app: shop } }
  template:
    metadata: { labels: { app: shop } }
    spec: { containers: [{ name: web, image: "shop:1.0.0", ports: [{ name: http, containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: shop, namespace: web }
spec: { type: NodePort, selector: { app: shop }, ports: [{ port: 80, targetPort: http, nodePort: ${nodePort} }] }
`;

/** Runs synth in `dir` with an app that writes `manifest` as the whole output. */
async function synth(dir: string, manifest: string) {
  const source = path.join(dir, `render-${Math.random().toString(36).slice(2)}.yaml`);
  fs.writeFileSync(source, manifest);
  return runCliInProcess(['synth', '--app', `cp '${source}' "$CDK8S_OUTDIR/site.k8s.yaml"`, '--out', 'dist'], { cwd: dir });
}

const dist = (dir: string) => fs.readFileSync(path.join(dir, 'dist', 'site.k8s.yaml'), 'utf8');

test('a first render passes, the same render again passes, a rename and a moved nodePort are refused with dist/ left as it was', async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'p-'));
  expect((await synth(dir, SITE('shop', 31000))).code).toBe(0);
  expect((await synth(dir, SITE('shop', 31000))).code).toBe(0);

  const refused = await synth(dir, SITE('shop-v2', 31001));
  expect(refused.code).toBe(1);
  const lines = refused.stderr.trimEnd().split('\n');
  expect(lines[0]).toBe('cdk8s-zero-downtime synth: the change from the previous dist/ breaks 2 zero-downtime transition rules:');
  expect(lines[1]).toMatch(/^cdk8s-zero-downtime synth: Deployment web\/shop-v2: metadata\.name breaks zero-downtime rule serving-workload-replaced \(.*\), got Deployment web\/shop → Deployment web\/shop-v2; allowed: .* Fix: .*PruneLast=true.*exempt-serving-workload-replaced: "<reason>" on the new object\.$/);
  expect(lines[2]).toMatch(/^cdk8s-zero-downtime synth: Service web\/shop: spec\.ports\[0\]\.nodePort breaks zero-downtime rule node-port-changed .*got 31000 → 31001;/);
  expect(lines[3]).toBe('cdk8s-zero-downtime synth: failed: dist/ left unchanged');
  expect(dist(dir)).toBe(SITE('shop', 31000));
});

test('the exemption annotation on the new object lets the change through', async () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'p-'));
  expect((await synth(dir, SITE('shop', 31000))).code).toBe(0);
  const exempted = SITE('shop-v2', 31000, '{ zero-downtime.cdk8s.io/exempt-serving-workload-replaced: "maintenance window on Sunday" }');
  const r = await synth(dir, exempted);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  expect(dist(dir)).toBe(exempted);
});
