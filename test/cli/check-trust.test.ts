import { CliRun, runCli, runCliInProcess as runInProcess } from '../support/cli';

/*
 * `check` and `plan` never say ✓ where they did not look: the silent passes of issue 18, each as the
 * command prints it. One real process (exit code 2 of `check`); the rest in this process.
 */

/** Three Deployments the rules used to pass unread, a document that is no object, and a site no Service selects. */
const SILENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: five, namespace: web}
spec:
  template: 5
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: text, namespace: web}
spec:
  replicas: 2
  template:
    metadata: {labels: {app: text}}
    spec:
      containers: nginx
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: quoted, namespace: web}
spec:
  replicas: "3"
  template:
    metadata: {labels: {app: quoted}}
    spec:
      containers: [{name: app, image: "nginx:1.27.3"}]
---
# a values file that slipped into the folder
replicaCount: 2
`;

const UNSERVED = `apiVersion: apps/v1
kind: Deployment
metadata: {name: worker, namespace: jobs}
spec:
  replicas: 1
  template:
    metadata: {labels: {app: worker}}
    spec:
      containers: [{name: app, image: "user/worker:1.0.0"}]
`;

let silent: Promise<CliRun>;
beforeAll(() => {
  silent = runCli(['check', '-'], { input: SILENT });
});

describe('check never passes what it did not read', () => {
  test('template 5, containers a string, replicas "3": exit 2, each problem with file, line and path on stderr', async () => {
    const r = await silent;
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([
      'cdk8s-zero-downtime check: -:1: Deployment web/five: spec.template: expected an object with spec, found 5',
      'cdk8s-zero-downtime check: -:7: Deployment web/text: spec.template.spec.containers: expected a list, found "nginx"',
      'cdk8s-zero-downtime check: -:17: Deployment web/quoted: spec.replicas: expected an integer (without quotes), found "3"',
      'cdk8s-zero-downtime check: 3 input problems; the findings of everything else are reported',
      '',
    ]);
    // the values file is not counted as an object, and the report says it was not read
    expect(r.stdout).toContain('  - a document  (-:28): not a Kubernetes object (no apiVersion and kind): not read (24 rules)');
    expect(r.stdout.trim().split('\n').pop()).toBe('✗ 3 input problems (see above); 3 objects in 1 input: no zero-downtime findings; 3 not fully checked');
  });

  test('JSON carries the problems and the skips in the same document', async () => {
    const r = await runInProcess(['check', '--format', 'json', '-'], { input: SILENT });
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.objects).toBe(3);
    expect(report.problems).toEqual([
      { file: '-', line: 1, path: 'spec.template', message: 'Deployment web/five: spec.template: expected an object with spec, found 5' },
      { file: '-', line: 7, path: 'spec.template.spec.containers', message: 'Deployment web/text: spec.template.spec.containers: expected a list, found "nginx"' },
      { file: '-', line: 17, path: 'spec.replicas', message: 'Deployment web/quoted: spec.replicas: expected an integer (without quotes), found "3"' },
    ]);
    // Deployment five has no pod template to read: its problem says so, it is not also a skip
    expect(report.skipped.map((s: any) => [s.object?.name ?? null, s.source.line, s.reason])).toEqual([
      ['text', 7, 'no Service in the input selects its pods: traffic rules not run'],
      ['quoted', 17, 'no Service in the input selects its pods: traffic rules not run'],
      [null, 28, 'not a Kubernetes object (no apiVersion and kind): not read'],
    ]);
  });

  test.each([
    ['empty input (helm template failed into the pipe)', '', 'no Kubernetes object in the input (empty input: did the command that writes it fail?)'],
    ['only empty documents', '---\n---\n', 'no Kubernetes object in the input (empty input: did the command that writes it fail?)'],
    ['only documents that are no objects', 'a: 1\n---\n- x\n', 'no Kubernetes object in the input: 2 documents are not Kubernetes objects (no apiVersion and kind)'],
  ])('%s: exit 2 with a message that says so', async (_title, input, message) => {
    const r = await runInProcess(['check', '-'], { input });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`cdk8s-zero-downtime check: -: ${message}`);
  });

  test('a Deployment no Service selects: the traffic rules it skipped are named in text, it still passes', async () => {
    const r = await runInProcess(['check', '-'], { input: UNSERVED });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe([
      'Not checked (1):',
      '  - Deployment jobs/worker  (-:1): no Service in the input selects its pods: traffic rules not run (9 rules)',
      '',
      '✓ 1 object in 1 input: no zero-downtime findings; 1 not fully checked',
      '',
    ].join('\n'));
  });
});

describe('plan never says "no Deployment" about a Deployment it could not read', () => {
  test('the same input: exit 2 with the problems, nothing planned', async () => {
    const r = await runInProcess(['plan', '-'], { input: SILENT });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').slice(-2)).toEqual(['cdk8s-zero-downtime plan: 3 input problems; nothing was planned', '']);
    expect(r.stderr).toContain('cdk8s-zero-downtime plan: -:17: Deployment web/quoted: spec.replicas: expected an integer (without quotes), found "3"');
  });

  test('empty input: exit 2', async () => {
    const r = await runInProcess(['plan', '-'], { input: '' });
    expect(r.code).toBe(2);
    // the same words as check's (one function: lib/cli/input-problems.ts)
    expect(r.stderr).toBe('cdk8s-zero-downtime plan: -: no Kubernetes object in the input (empty input: did the command that writes it fail?)\ncdk8s-zero-downtime plan: 1 input problem; nothing was planned\n');
  });
});
