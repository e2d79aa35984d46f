import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCliInProcess } from '../support/cli';

/*
 * `plan --baseline`: which workloads the change rolls (issue 20). Two hand-written renders: the image
 * of `web` changes (a rollout), `api` only changes its replica count (no pod replaced), `old` goes and
 * `new` comes.
 */

const deployment = (name: string, image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: app, image: "${image}"}]
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? os.tmpdir(), 'plan-baseline-'));
  fs.writeFileSync(path.join(dir, 'before.yaml'), [deployment('web', 'shop/web:1.0.0'), deployment('api', 'shop/api:1.0.0'), deployment('old', 'shop/old:1.0.0')].join('---\n'));
  fs.writeFileSync(path.join(dir, 'after.yaml'), [deployment('web', 'shop/web:1.1.0'), deployment('api', 'shop/api:1.0.0', 4), deployment('new', 'shop/new:1.0.0')].join('---\n'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('text: the workloads the change rolls come first, with the fields that differ', async () => {
  const r = await runCliInProcess(['plan', '--baseline', path.join(dir, 'before.yaml'), path.join(dir, 'after.yaml')]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.split('\n').slice(0, 6)).toEqual([
    'Rollouts: the change rolls 1 of 4 workloads',
    '  ↻ Deployment shop/web: spec.template.spec.containers[0].image',
    '  + Deployment shop/new created',
    '  - Deployment shop/old removed',
    '  = 1 unchanged (no pod replaced)',
    '',
  ]);
});

test('JSON: baseline and rollouts next to the plan', async () => {
  const r = await runCliInProcess(['plan', '--format', 'json', '--baseline', path.join(dir, 'before.yaml'), path.join(dir, 'after.yaml')]);
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout);
  expect(report.baseline).toEqual({ objects: 3, files: [path.join(dir, 'before.yaml')] });
  expect(report.rollouts.map((x: any) => [x.change, x.object.name, x.state ?? 'new'])).toEqual([
    ['rolls', 'web', 'new'],
    ['unchanged', 'api', 'new'],
    ['created', 'new', 'new'],
    ['removed', 'old', 'baseline'],
  ]);
  expect(report.deployments.map((d: any) => d.name)).toEqual(['web', 'api', 'new']);
});

test('--baseline and --baseline-git together: exit 2', async () => {
  const r = await runCliInProcess(['plan', '--baseline', 'a.yaml', '--baseline-git', 'main', 'b.yaml']);
  expect(r.code).toBe(2);
  expect(r.stderr).toBe('cdk8s-zero-downtime plan: --baseline and --baseline-git both name a baseline: pass one of them\n');
});
