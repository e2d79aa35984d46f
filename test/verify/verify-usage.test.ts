/**
 * `verify` usage: --help, and bad options refused before any request is sent, with exit code 2 and a
 * message naming the option, the value, what is allowed and the fix. No run here sends a request
 * (every case fails validation, or is --help).
 *
 * Every problem of a run is reported at once, so one real process carries several of them (exit code,
 * stdout and stderr of the command as it is shipped); the other cases are decided by the options alone
 * and run in-process (`runCli` of lib/cli/program.ts with in-memory streams). None of the in-process
 * cases gives --url: should a check they test ever let the options through, the run is still refused
 * (--url is required) and the test fails at once, instead of sending requests from the test process.
 */
import { CliRun, runVerify, runVerifyInProcess } from './harness';

jest.setTimeout(30_000);

const PREFIX = 'cdk8s-zero-downtime verify: ';
const HINT = '(run cdk8s-zero-downtime verify --help for usage)';

let several: Promise<CliRun>;

beforeAll(() => {
  several = runVerify(['--url', 'ftp://127.0.0.1/', '--rate', 'abc', '--duration', '30', '--version-pattern', '(v']);
});

/** A refused run: exit 2, no report, and stderr's lines. */
async function refused(args: string[]): Promise<string[]> {
  const run = await runVerifyInProcess(args);
  expect(run.code).toBe(2);
  expect(run.stdout).toBe(''); // no report: nothing ran
  return run.stderr.split('\n');
}

test('every problem is reported at once, each line with the command prefix (a real process): exit 2, nothing on stdout', async () => {
  const run = await several;
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.split('\n');
  expect(lines).toHaveLength(6);
  expect(lines[0]).toBe(`${PREFIX}--url has the scheme ftp, got "ftp://127.0.0.1/"; allowed: an absolute http:// or https:// URL of a page that answers 2xx or 3xx. Fix: use http:// or https://.`);
  expect(lines[1]).toBe(`${PREFIX}--rate is not a number, got "abc"; allowed: requests per second, a number from 0.1 to 1000 (default 10). Fix: give e.g. --rate 20.`);
  // a duration without a unit gets the fix with the unit
  expect(lines[2]).toBe(
    `${PREFIX}--duration is not a duration, got "30"; allowed: a duration from 100ms to 24h with a unit: ms, s, m or h (e.g. 30s, 1m30s). Fix: add a unit, e.g. --duration 30s.`,
  );
  // the reason in parentheses is the JavaScript engine's
  expect(lines[3]).toMatch(/^cdk8s-zero-downtime verify: --version-pattern is not a valid regular expression \(.+\), got "\(v"; allowed: /);
  expect(lines[3]).toContain('Fix: fix the pattern, e.g. --version-pattern "(v\\d+)".');
  expect(lines.slice(4)).toEqual([HINT, '']);
});

test('a missing --url', async () => {
  expect(await refused(['--duration', '1s'])).toEqual([
    `${PREFIX}--url is required, got ""; allowed: an absolute http:// or https:// URL of a page that answers 2xx or 3xx. Fix: give the page to watch, e.g. --url http://127.0.0.1:8080/.`,
    HINT,
    '',
  ]);
});

test('--duration with --during is refused: --timeout caps such a run', async () => {
  const lines = await refused(['--during', 'true', '--duration', '5s']);
  expect(lines).toHaveLength(4);
  expect(lines[0]).toMatch(/^cdk8s-zero-downtime verify: --url is required, got ""; /);
  expect(lines[1]).toBe(
    `${PREFIX}--duration cannot be combined with --during, got "5s"; allowed: --duration without --during (a fixed-length run); with --during the run lasts while CMD runs, plus --tail, capped by --timeout. Fix: drop --duration, and use --timeout to cap the run.`,
  );
  expect(lines.slice(2)).toEqual([HINT, '']);
});

test('a --timeout that leaves no room for the default --tail is refused: the run could never watch the last old pods go', async () => {
  const lines = await refused(['--during', 'true', '--timeout', '20s']);
  expect(lines[1]).toBe(
    `${PREFIX}--timeout must be longer than the default --tail (35s), which it includes, got "20s"; allowed: a --timeout above the --tail, which covers the termination of the last old pods. Fix: raise --timeout, e.g. --timeout 5m35s, or give a --tail shorter than it.`,
  );
  expect(lines.slice(2)).toEqual([HINT, '']);
  // an explicit --tail that fits is fine: only the missing --url is left
  expect(await refused(['--during', 'true', '--timeout', '20s', '--tail', '5s'])).toHaveLength(3);
});

test('an unknown --format is refused by the shared --format option, as check and plan refuse it', async () => {
  const lines = await refused(['--format', 'xml']);
  expect(lines).toEqual(["error: option '-f, --format <format>' argument 'xml' is invalid. Allowed choices are text, json.", '(run with --help for usage)', '']);
});

test('an unknown option is a usage error', async () => {
  const lines = await refused(['--rates', '5']);
  expect(lines[0]).toBe("error: unknown option '--rates'");
  expect(lines).toContain('(run with --help for usage)');
});

test('--help shows the options, examples, bounds and exit codes', async () => {
  const run = await runVerifyInProcess(['--help']);
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  for (const option of ['--url <url>', '--during <cmd>', '--rate <n>', '--duration <d>', '--tail <d>', '--timeout <d>', '--request-timeout <d>', '--version-header <name>', '--version-pattern <regex>', '-f, --format <format>']) {
    expect(run.stdout).toContain(option);
  }
  expect(run.stdout).toMatch(/-f, --format <format>\s+output format \(choices:\s+"text",\s+"json",\s+default:\s+"text"\)/);
  expect(run.stdout).toContain('Examples:');
  expect(run.stdout).toContain('$ cdk8s-zero-downtime verify --url http://127.0.0.1:8080/');
  expect(run.stdout).toContain('Exit codes:');
  expect(run.stdout).toContain('At most floor(rate x --duration) requests');
  // the tail: why requests go on after the --during command, and its default
  expect(run.stdout).toContain("by default 35s, Kubernetes' default grace period (30s) + 5s");
});
