/**
 * `npm run fuzz [-- <count>] [--seed <n>] [--path <p>]`: property-based fuzzing of ZeroDowntimeWebsite.
 *
 * Renders <count> (default 10,000) random prop sets (test/fuzz/arbitraries.ts). Each must either
 * synthesize objects that pass the strict schema of their target Kubernetes version, the API server's
 * name/key/port rules and a YAML round trip with no undefined/null/NaN, or fail with the library's
 * validation error (test/fuzz/check.ts).
 *
 * Prints the seed, the count, how many synthesized and how many were rejected, and the time taken.
 * On a failure prints the seed, the replay path, the shrunk props and the error, and exits 1.
 * Replay a failure: npm run fuzz -- <count> --seed <seed> --path <path>
 * Exit codes: 0 all cases passed; 1 a case failed; 64 bad usage.
 */
import fc from 'fast-check';
import { describeProps, websiteProps } from '../test/fuzz/arbitraries';
import { checkOne } from '../test/fuzz/check';

const USAGE = 'usage: npm run fuzz -- [count] [--seed <integer>] [--path <replay path>]';

interface Options {
  readonly count: number;
  readonly seed: number;
  readonly path?: string;
}

function usage(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(64);
}

function parseArgs(argv: string[]): Options {
  let count = 10_000;
  let seed = Date.now() ^ (Math.random() * 0x100000000);
  let path: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (name: string) => {
      const v = argv[++i];
      if (v === undefined) usage(`${name} needs a value`);
      return v;
    };
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else if (arg === '--seed') {
      seed = Number(value('--seed'));
      if (!Number.isSafeInteger(seed)) usage(`--seed must be an integer, got ${JSON.stringify(argv[i])}`);
    } else if (arg === '--path') {
      path = value('--path');
      if (!/^\d+(:\d+)*$/.test(path)) usage(`--path must look like 12:0:3, got ${JSON.stringify(path)}`);
    } else if (/^\d+$/.test(arg)) {
      count = Number(arg);
      if (count < 1) usage('count must be at least 1');
    } else {
      usage(`unknown argument: ${arg}`);
    }
  }
  return { count, seed, path };
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  const counts = { ok: 0, rejected: 0 };
  let cases = 0;
  process.stdout.write(`fuzz: seed ${opts.seed}, ${opts.count} cases${opts.path ? `, replaying path ${opts.path}` : ''}\n`);
  const start = process.hrtime.bigint();
  const details = fc.check(
    fc.property(websiteProps, (props) => {
      cases++;
      counts[checkOne(props)]++;
    }),
    { numRuns: opts.count, seed: opts.seed, path: opts.path },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  if (details.failed) {
    const error = details.errorInstance as Error | undefined;
    process.stdout.write(
      [
        `fuzz: FAILED at case ${details.numRuns} of ${opts.count} (shrunk ${details.numShrinks} times, ${seconds.toFixed(1)} s)`,
        `seed: ${details.seed}`,
        `path: ${details.counterexamplePath}`,
        `replay: npm run fuzz -- ${opts.count} --seed ${details.seed} --path ${details.counterexamplePath}`,
        `props: ${describeProps(details.counterexample?.[0])}`,
        `error: ${error?.message ?? String(details.errorInstance)}`,
        '',
      ].join('\n'),
    );
    return 1;
  }
  const rate = cases / seconds;
  process.stdout.write(
    `fuzz: ${details.numRuns} cases passed in ${seconds.toFixed(1)} s (${rate.toFixed(0)} cases/s): ` +
    `${counts.ok} synthesized, ${counts.rejected} rejected with a validation error (seed ${details.seed})\n`,
  );
  return 0;
}

process.exitCode = main();
