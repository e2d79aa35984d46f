/**
 * `verify` usage as a real process: --help, and bad options refused before any request is sent,
 * with exit code 2 and a message naming the option, the value, what is allowed and the fix.
 * No run here sends a request (every case fails validation, or is --help).
 */
import { CliRun, runVerify } from './harness';

jest.setTimeout(30_000);

const URL_OK = 'http://127.0.0.1:9/';
const cases: Record<string, string[]> = {
  help: ['--help'],
  noUrl: ['--duration', '1s'],
  ftpUrl: ['--url', 'ftp://127.0.0.1/'],
  badRate: ['--url', URL_OK, '--rate', 'abc'],
  unitlessDuration: ['--url', URL_OK, '--duration', '30'],
  durationWithDuring: ['--url', URL_OK, '--during', 'true', '--duration', '5s'],
  badFormatAndPattern: ['--url', URL_OK, '--format', 'xml', '--version-pattern', '(v'],
  unknownOption: ['--url', URL_OK, '--rates', '5'],
};
const runs: Record<string, Promise<CliRun>> = {};

beforeAll(() => {
  for (const [name, args] of Object.entries(cases)) runs[name] = runVerify(args);
});

const usageError = async (name: string): Promise<CliRun> => {
  const run = await runs[name];
  expect(run.code).toBe(2);
  expect(run.stdout).toBe(''); // no report: nothing ran
  return run;
};

test('--help shows the options, examples, bounds and exit codes', async () => {
  const run = await runs.help;
  expect(run.code).toBe(0);
  for (const option of ['--url <url>', '--during <cmd>', '--rate <n>', '--duration <d>', '--tail <d>', '--timeout <d>', '--request-timeout <d>', '--version-header <name>', '--version-pattern <regex>', '--format <format>']) {
    expect(run.stdout).toContain(option);
  }
  expect(run.stdout).toContain('Examples:');
  expect(run.stdout).toContain('$ cdk8s-zero-downtime verify --url http://127.0.0.1:8080/');
  expect(run.stdout).toContain('Exit codes:');
  expect(run.stdout).toContain('At most floor(rate x --duration) requests');
});

test('a missing --url', async () => {
  const run = await usageError('noUrl');
  expect(run.stderr).toContain(
    'cdk8s-zero-downtime verify: error: --url is required, got ""; allowed: an absolute http:// or https:// URL of a page that answers 2xx or 3xx. Fix: give the page to watch, e.g. --url http://127.0.0.1:8080/.',
  );
});

test('a URL that is not http(s)', async () => {
  const run = await usageError('ftpUrl');
  expect(run.stderr).toContain('--url has the scheme ftp, got "ftp://127.0.0.1/"');
  expect(run.stderr).toContain('Fix: use http:// or https://.');
});

test('a rate that is not a number', async () => {
  const run = await usageError('badRate');
  expect(run.stderr).toContain(
    '--rate is not a number, got "abc"; allowed: requests per second, a number from 0.1 to 1000 (default 10). Fix: give e.g. --rate 20.',
  );
});

test('a duration without a unit gets the fix with the unit', async () => {
  const run = await usageError('unitlessDuration');
  expect(run.stderr).toContain('--duration is not a duration, got "30"');
  expect(run.stderr).toContain('Fix: add a unit, e.g. --duration 30s.');
});

test('--duration with --during is refused: --timeout caps such a run', async () => {
  const run = await usageError('durationWithDuring');
  expect(run.stderr).toContain('--duration cannot be combined with --during, got "5s"');
  expect(run.stderr).toContain('Fix: drop --duration, and use --timeout to cap the run.');
});

test('every problem is reported at once', async () => {
  const run = await usageError('badFormatAndPattern');
  expect(run.stderr).toContain('--version-pattern is not a valid regular expression');
  expect(run.stderr).toContain('got "(v"');
  expect(run.stderr).toContain('--format is not a known format, got "xml"; allowed: text or json. Fix: use --format text (default) or --format json.');
  expect(run.stderr).toContain('(run cdk8s-zero-downtime verify --help for usage)');
});

test('an unknown option is a usage error', async () => {
  const run = await usageError('unknownOption');
  expect(run.stderr).toContain("error: unknown option '--rates'");
});
