/**
 * The canary phase of scripts/e2e-kind.sh: renders the rollout demo's site (examples/rollout-demo.ts,
 * the same props) with a stable image and, optionally, a canary by pod ratio (`Release.canary`), the
 * way a commit of the props would; and lists what `kubectl apply --prune` would delete between two
 * renders. Not part of the package.
 *
 * Usage (through scripts/run-ts.cjs):
 *   render <out.yaml> <stable image> [<candidate image> [<candidate replicas>]]
 *   same <a.yaml> <b.yaml>       exit 0 when both hold the same objects (YAML formatting aside), else 1
 *   pruned <prev.yaml> <next.yaml>   the objects of prev that next lacks, as kind/name, one a line
 */
import * as fs from 'fs';
import { isDeepStrictEqual } from 'util';
import { App, Chart, Duration } from 'cdk8s';
import { PercentOrAbsolute } from 'cdk8s-plus-27';
import { parseAllDocuments } from 'yaml';
import { ContainerImage, HealthCheck, Release, RolloutStrategy, ServiceType, ZeroDowntimeWebsite } from '../lib';

/** The demo's site, as examples/rollout-demo.ts builds it, plus the release. `same` checks it still matches dist/. */
function render(stable: string, candidate: string | undefined, replicas: number | undefined): string {
  const app = new App();
  const chart = new Chart(app, 'myapp', { namespace: 'myapp', disableResourceNameHashes: true });
  new ZeroDowntimeWebsite(chart, 'myapp', {
    image: ContainerImage.fromRegistry(stable),
    containerPort: 80,
    readiness: HealthCheck.httpGet('/', { port: 80, initialDelay: Duration.seconds(5), period: Duration.seconds(5), successThreshold: 1 }),
    strategy: RolloutStrategy.rollingUpdate({ maxUnavailable: PercentOrAbsolute.absolute(0), maxSurge: PercentOrAbsolute.absolute(1) }),
    serviceType: ServiceType.LOAD_BALANCER,
    servicePort: 80,
    ...(candidate ? { release: Release.canary({ image: ContainerImage.fromRegistry(candidate), ...(replicas ? { replicas } : {}) }) } : {}),
  });
  return app.synthYaml();
}

function objects(file: string): Array<Record<string, any>> {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o !== null && o !== undefined);
}

const key = (o: Record<string, any>) => `${String(o.kind).toLowerCase()}/${o.metadata?.name}`;

const [command, ...args] = process.argv.slice(2);
if (command === 'render' && args.length >= 2) {
  fs.writeFileSync(args[0], render(args[1], args[2], args[3] === undefined ? undefined : Number(args[3])));
} else if (command === 'same' && args.length === 2) {
  process.exitCode = isDeepStrictEqual(objects(args[0]), objects(args[1])) ? 0 : 1;
} else if (command === 'pruned' && args.length === 2) {
  const next = new Set(objects(args[1]).map(key));
  for (const o of objects(args[0])) if (!next.has(key(o))) process.stdout.write(`${key(o)}\n`);
} else {
  process.stderr.write('usage: e2e-kind-render.ts render <out.yaml> <stable image> [<candidate image> [<replicas>]] | same <a> <b> | pruned <prev> <next>\n');
  process.exitCode = 2;
}
