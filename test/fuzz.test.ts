import { execFile } from 'child_process';
import * as path from 'path';
import { promisify } from 'util';
import { Duration } from 'cdk8s';
import fc from 'fast-check';
import { ContainerImage, HttpRoutePathType, KubernetesVersion, PreStopHook, ZeroDowntimeWebsiteProps } from '../lib';
import { describeProps, renderableProps, synthYaml, websiteProps } from './fuzz/arbitraries';
import { checkOne } from './fuzz/check';

/*
 * Property-based fuzzing of ZeroDowntimeWebsite (generators: test/fuzz/arbitraries.ts, check:
 * test/fuzz/check.ts): 75 random prop sets per `npm test` (150 before the suite grew past 2,000 tests: the 20 s budget); `npm run fuzz` runs 10,000 or more.
 *
 * Replay a failure with the seed (and path) it prints: FUZZ_SEED=<seed> [FUZZ_PATH=<path>] npx jest test/fuzz.test.ts
 */

const ROOT = path.join(__dirname, '..');
const NUM_RUNS = Number(process.env.FUZZ_RUNS ?? 75);
const seed = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;
const replayPath = process.env.FUZZ_PATH;

function run<T>(arb: fc.Arbitrary<T>, predicate: (value: T) => void, numRuns: number): void {
  const details = fc.check(fc.property(arb, predicate), { numRuns, seed, path: replayPath });
  if (details.failed) {
    throw new Error(
      `fuzz case failed (replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npx jest test/fuzz.test.ts)\n` +
      `${(details.errorInstance as Error | undefined)?.message ?? ''}\nprops: ${describeProps(details.counterexample?.[0])}`,
    );
  }
}

test('random props synthesize valid manifests or fail with the library validation error', () => {
  const counts = { ok: 0, rejected: 0 };
  run(websiteProps, (props) => {
    counts[checkOne(props)]++;
  }, NUM_RUNS);
  // Both outcomes are exercised: about one case in eleven synthesizes (measured over 40 seeds: 7 to 24
  // of 150, 13 on average: about 6.5 of 75), so none of 75 means the generators changed (by chance:
  // e^-6.5, about 1 run in 700).
  if (replayPath === undefined) {
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(NUM_RUNS / 2);
  }
});

/** What the YAML of a sample renders: the kinds, the Service types, the two preStop sleeps. */
function optionsRendered(yamls: Array<string | null>): string[] {
  const text = yamls.filter((y) => y !== null).join('\n---\n');
  const found = new Set([...text.matchAll(/^kind: (\S+)$/gm)].map((m) => m[1]));
  for (const type of text.matchAll(/^ {2}type: (NodePort|LoadBalancer)$/gm)) found.add(type[1]);
  if (/^ +preStop:\n +sleep:\n +seconds: \d+$/m.test(text)) found.add('native preStop sleep');
  if (/^ +preStop:\n +exec:\n +command:\n +- sleep$/m.test(text)) found.add('exec preStop sleep');
  return [...found].sort();
}

test('synth is deterministic across processes: another process renders the same YAML for the same props', async () => {
  // Within one process a cache or a module-level counter could make two renders agree and still differ
  // from the next run's; the committed dist/ is checked the same way (main.test.ts, check-dist.mjs).
  // A fixed sample (not FUZZ_SEED's) of props that synthesize: the cost is the other process starting,
  // so a few cases that render every option (asserted below) compare more YAML than many refused ones.
  const [caseSeed, runs] = [20261130, 8];
  // Started first: it bundles and loads the library while this process renders the same sample.
  const other = promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts', 'run-ts.cjs'), path.join(__dirname, 'fixtures', 'fuzz-yaml.ts'), String(caseSeed), String(runs)], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const here = fc.sample(renderableProps, { seed: caseSeed, numRuns: runs }).map((props) => synthYaml(props) ?? null);
  const { stdout } = await other;
  // Every case of the sample synthesizes and together they render every option (if the generators
  // change and this no longer holds, pick another caseSeed).
  expect(here.flatMap((y, i) => (y === null ? [i] : []))).toEqual([]);
  expect(optionsRendered(here)).toEqual([
    'ConfigMap', 'CronJob', 'Deployment', 'HTTPRoute', 'HorizontalPodAutoscaler', 'Ingress', 'LoadBalancer', 'NetworkPolicy', 'NodePort',
    'PodDisruptionBudget', 'Role', 'RoleBinding', 'Service', 'ServiceAccount', 'exec preStop sleep', 'native preStop sleep',
  ]);
  expect(JSON.parse(stdout)).toEqual(here);
}, 60000);

test('describeProps prints the route and the Kubernetes version as they are written in code, for a replay', () => {
  const props: ZeroDowntimeWebsiteProps = {
    image: ContainerImage.fromRegistry('repo/site:1.2.3'),
    kubernetesVersion: KubernetesVersion.V1_31,
    preStop: PreStopHook.sleep(Duration.seconds(15)),
    httpRoute: {
      parentRefs: [{ name: 'public', gatewayNamespace: 'gateway', sectionName: 'https' }],
      hostnames: ['www.example.com'],
      paths: [{ value: '/feed.xml', pathType: HttpRoutePathType.EXACT }],
      annotations: { 'example.com/timeout': '30s' },
    },
  };
  const text = describeProps(props);
  expect(text).toContain('kubernetesVersion: KubernetesVersion.V1_31');
  expect(text).toContain("parentRefs: [ { name: 'public', gatewayNamespace: 'gateway', sectionName: 'https' } ]");
  expect(text).toContain("hostnames: [ 'www.example.com' ]");
  expect(text).toContain("paths: [ { value: '/feed.xml', pathType: 'Exact' } ]");
  expect(text).toContain("annotations: { 'example.com/timeout': '30s' }");
  // An object shaped like a version is told apart from the constant it imitates.
  const lookAlike = { minor: 31, name: '1.31', isAtLeast: () => true, toString: () => '1.31' };
  expect(describeProps({ ...props, kubernetesVersion: lookAlike })).toContain("kubernetesVersion: { minor: 31, name: '1.31', isAtLeast: [Function: isAtLeast], toString: [Function: toString] } (not a KubernetesVersion constant)");
  const unset = describeProps({ ...props, kubernetesVersion: undefined });
  expect(unset).toContain('kubernetesVersion: undefined,');
  expect(unset).not.toContain('not a KubernetesVersion constant');
});
