/**
 * `verify --during CMD` as a real process: the command's outcome, the exit codes, and the bounds
 * (`--timeout` and Ctrl-C stop the command's whole process group, and the run ends by itself).
 * The runs start together in beforeAll against one stable server on 127.0.0.1.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliProcess, CliRun, closeServer, countingServer, CountingServer, jsonReport, processAlive, runVerify, startVerify, versionPage } from './harness';

jest.setTimeout(30_000);

let server: CountingServer;
let tmp: string;
let failing: Promise<CliRun>;
let passing: Promise<CliRun>;
let timedOut: Promise<CliRun>;
let stubborn: Promise<CliRun>;
let interrupted: CliProcess;
let interruptedSentAt = 0;

/** A command that starts a background `sleep 30` in its process group and writes its pid to `file`. */
const backgroundSleep = (file: string): string => `sleep 30 & echo $! > '${file}'; wait`;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-during-'));
  server = await countingServer((_n, _req, res) => versionPage('v1', res));
  failing = runVerify(['--url', server.url, '--during', 'echo step one; exit 3', '--tail', '200ms', '--format', 'json']);
  passing = runVerify(['--url', server.url, '--rate', '20', '--during', 'sleep 0.5', '--tail', '300ms', '--format', 'json']);
  timedOut = runVerify(['--url', server.url, '--during', backgroundSleep(path.join(tmp, 'timeout.pid')), '--timeout', '1500ms', '--format', 'json']);
  // ignores SIGTERM (an ignored signal stays ignored across exec): only SIGKILL stops it
  stubborn = runVerify(['--url', server.url, '--during', "trap '' TERM; sleep 30", '--timeout', '1s', '--format', 'json']);
  interrupted = startVerify(['--url', server.url, '--during', backgroundSleep(path.join(tmp, 'interrupt.pid')), '--format', 'json']);
  // Ctrl-C once the command has started and requests flow (the pid file exists)
  const pidFile = path.join(tmp, 'interrupt.pid');
  const started = Date.now();
  let exited = false;
  interrupted.child.once('exit', () => (exited = true)); // e.g. it could not start: do not wait for nothing
  while (!exited && !(fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '') && Date.now() - started < 15_000) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  interruptedSentAt = Date.now();
  interrupted.child.kill('SIGINT');
});

afterAll(async () => {
  await closeServer(server.server);
  fs.rmSync(tmp, { recursive: true, force: true });
});

const pidIn = (file: string): number => Number(fs.readFileSync(path.join(tmp, file), 'utf8').trim());

test('a --during command that exits non-zero is reported, with exit code 2', async () => {
  const run = await failing;
  const report = jsonReport(run);
  expect(run.code).toBe(2);
  expect(report.verdict).toBe('error');
  expect(report.exitCode).toBe(2);
  expect(report.problems).toEqual(['the --during command exited with code 3']);
  expect(report.during).toEqual(
    expect.objectContaining({ command: 'echo step one; exit 3', exitCode: 3, signal: null, error: null, stoppedBy: null, failed: true }),
  );
  expect(report.failures).toBe(0); // the server was fine: the 2 is the command's
  expect(report.endReason).toBe('during-exited');
  // the command's output goes to stderr, prefixed, never into the report on stdout
  expect(run.stderr).toContain('  | step one\n');
  expect(run.stderr).toContain('verify: the --during command exited 3; requests go on for 200ms\n');
});

test('a --during command that succeeds: exit 0, requests while it ran plus --tail, within rate × run time', async () => {
  const run = await passing;
  const report = jsonReport(run);
  expect(run.code).toBe(0);
  expect(report.during).toEqual(expect.objectContaining({ command: 'sleep 0.5', exitCode: 0, failed: false, stoppedBy: null }));
  expect(report.endReason).toBe('during-exited');
  expect(report.failures).toBe(0);
  // 0.5 s of command + 0.3 s of tail at 20/s: about 16 requests; never more than 20/s × send time + 1
  expect(report.sendSeconds).toBeGreaterThanOrEqual(0.8);
  expect(report.requests).toBeGreaterThanOrEqual(10);
  expect(report.requests).toBeLessThanOrEqual(Math.floor(20 * report.sendSeconds) + 1);
  expect(report.requests).toBeLessThanOrEqual(40);
});

test('--timeout stops a command that is still running, with its process group: exit 2', async () => {
  const run = await timedOut;
  const report = jsonReport(run);
  expect(run.code).toBe(2);
  expect(report.endReason).toBe('timeout');
  expect(report.during).toEqual(expect.objectContaining({ stoppedBy: 'timeout', failed: true }));
  expect(report.problems).toEqual(['the --during command was still running at --timeout (1.5s) and was stopped']);
  expect(report.sendSeconds).toBeGreaterThanOrEqual(1.4);
  expect(report.sendSeconds).toBeLessThan(3);
  expect(report.requests).toBeLessThanOrEqual(15); // floor(10/s × 1.5 s)
  expect(processAlive(pidIn('timeout.pid'))).toBe(false); // the background sleep went with the group
  expect(run.elapsedMs).toBeLessThan(15_000);
});

test('a command that ignores SIGTERM is killed (SIGKILL) after the grace period: the run still ends', async () => {
  const run = await stubborn;
  const report = jsonReport(run);
  expect(run.code).toBe(2);
  expect(report.during).toEqual(expect.objectContaining({ stoppedBy: 'timeout', signal: 'SIGKILL', exitCode: null }));
  // 1 s timeout + 2 s grace: the whole run stays well under 10 s
  expect(report.runSeconds).toBeGreaterThanOrEqual(2.9);
  expect(report.runSeconds).toBeLessThan(6);
  expect(run.elapsedMs).toBeLessThan(15_000);
});

test('Ctrl-C (SIGINT) stops the run and the command group, prints the report, exit 2', async () => {
  const run = await interrupted.done;
  const report = jsonReport(run);
  expect(run.code).toBe(2);
  expect(report.endReason).toBe('interrupted');
  expect(report.during).toEqual(expect.objectContaining({ stoppedBy: 'interrupt', failed: true }));
  expect(report.problems[0]).toBe('interrupted (Ctrl-C or SIGTERM) before the end of the run');
  expect(report.requests).toBeGreaterThan(0);
  expect(processAlive(pidIn('interrupt.pid'))).toBe(false);
  expect(Date.now() - interruptedSentAt).toBeLessThan(10_000);
});
