/**
 * `verify` against real HTTP servers on 127.0.0.1: a stable server, an abrupt
 * replacement (the port refuses connections for a moment), a graceful handover (the new server is
 * ready before the old one stops, and the old one finishes its in-flight and kept-alive requests), a
 * window of 503 answers, and a server that stalls; and `verify --during CMD`: the command's outcome,
 * the exit codes, and the bounds (`--timeout` and Ctrl-C stop the command's whole process group, and
 * the run ends by itself).
 *
 * The exit codes, the streams, the bounds and the signals are those of real processes (the stable
 * server's JSON run and every --during run); the scenarios that test the measurement itself (the
 * replacement, the handover, the 503 window, the stall, the text report) run the same entry point in
 * this process, one Node start less each.
 *
 * Every run starts in beforeAll (each with its own server, or the one stable server of the --during
 * runs) and each test awaits its own: the file takes about as long as its longest run, a command that
 * ignores SIGTERM (1 s of --timeout, the minimum, then the 2 s SIGKILL grace), instead of the sum of the
 * runs. The runs wait far more than they compute, so they share one test file: two files would hold
 * two jest workers waiting at once. Server-side events are triggered by the number of requests
 * received, not by the clock, so a slow machine shifts them but does not break them.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { formatDuration } from '../../lib/verify/duration';
import { tailForGracePeriod } from '../../lib/verify/options';
import {
  CliProcess,
  CliRun,
  closeServer,
  countingServer,
  CountingServer,
  delay,
  jsonReport,
  listen,
  LOOPBACK,
  processAlive,
  runVerify,
  runVerifyInProcess,
  startVerify,
  tcpFront,
  TcpFront,
  versionPage,
} from './harness';

jest.setTimeout(30_000);

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()));
});

// ---------------------------------------------------------------------------------------------
// (a) a stable server, which is also the bounds case: --rate 20 --duration 1s
// ---------------------------------------------------------------------------------------------
let stable: CountingServer;
let stableRun: Promise<CliRun>;
let stableTextRun: Promise<CliRun>;

async function startStable(): Promise<void> {
  stable = await countingServer((_n, _req, res) => versionPage('v1', res));
  cleanups.push(() => closeServer(stable.server));
  stableRun = runVerify(['--url', stable.url, '--rate', '20', '--duration', '1s', '--version-header', 'X-App-Version', '--format', 'json']);
}

// ---------------------------------------------------------------------------------------------
// (b) abrupt replacement: after the 10th request the server drops every connection and stops
// listening; 800 ms later a new server listens on the same port. --rate 20 --duration 2.5s: the
// replacement serves from about 1.3 s on.
// ---------------------------------------------------------------------------------------------
let abruptServed = { old: 0, replacement: 0 };
let abruptRun: Promise<CliRun>;

async function startAbrupt(): Promise<void> {
  let replacement: http.Server | undefined;
  const old = http.createServer((_req, res) => {
    abruptServed.old++;
    versionPage('v1', res);
    if (abruptServed.old === 10) {
      old.closeAllConnections(); // kills every connection, kept-alive ones included
      old.close();
      setTimeout(() => {
        replacement = http.createServer((_r, s) => {
          abruptServed.replacement++;
          versionPage('v2', s);
        });
        void listen(replacement, port);
      }, 800);
    }
  });
  const port = await listen(old);
  cleanups.push(async () => {
    await closeServer(old);
    if (replacement) await closeServer(replacement);
  });
  abruptRun = runVerifyInProcess(['--url', `http://${LOOPBACK}:${port}/`, '--rate', '20', '--duration', '2.5s', '--version-header', 'X-App-Version', '--format', 'json']);
}

// ---------------------------------------------------------------------------------------------
// (c) graceful handover, as a Service does it: a TCP front sends new connections to the current
// backend. After the old backend has received 10 requests, the new one starts and becomes the
// target; only then does the old one drain: it answers every request still reaching it (in flight,
// or on kept-alive connections) with `Connection: close`, and after 600 ms stops listening.
// ---------------------------------------------------------------------------------------------
let graceful: { front?: TcpFront; oldServed: number; newServed: number; drainedAtOld: number } = { oldServed: 0, newServed: 0, drainedAtOld: 0 };
let gracefulRun: Promise<CliRun>;

async function startGraceful(): Promise<void> {
  let draining = false;
  let next: http.Server | undefined;
  const old = http.createServer((_req, res) => {
    graceful.oldServed++;
    if (draining) {
      graceful.drainedAtOld++;
      res.setHeader('connection', 'close');
    }
    // a little work, so that requests are in flight at the handover
    setTimeout(() => versionPage('v1', res), 20);
    if (graceful.oldServed === 10 && !next) void handover();
  });
  const handover = async (): Promise<void> => {
    next = http.createServer((_req, res) => {
      graceful.newServed++;
      versionPage('v2', res);
    });
    const nextPort = await listen(next); // ready before the old one stops
    graceful.front!.route(nextPort);
    draining = true;
    await delay(600);
    await new Promise<void>((resolve) => old.close(() => resolve()));
  };
  const oldPort = await listen(old);
  graceful.front = await tcpFront(oldPort);
  cleanups.push(async () => {
    await graceful.front!.close();
    await closeServer(old);
    if (next) await closeServer(next);
  });
  gracefulRun = runVerifyInProcess(['--url', graceful.front.url, '--rate', '20', '--duration', '2.5s', '--version-header', 'X-App-Version', '--format', 'json']);
}

// ---------------------------------------------------------------------------------------------
// (d) requests 11 to 20 (by arrival) are answered 503
// ---------------------------------------------------------------------------------------------
let unavailable: CountingServer;
let unavailableRun: Promise<CliRun>;

async function startUnavailable(): Promise<void> {
  unavailable = await countingServer((n, _req, res) => {
    if (n > 10 && n <= 20) {
      res.statusCode = 503;
      res.end('no ready backend\n');
      return;
    }
    versionPage('v1', res);
  });
  cleanups.push(() => closeServer(unavailable.server));
  unavailableRun = runVerifyInProcess(['--url', unavailable.url, '--rate', '20', '--duration', '2s', '--format', 'json']);
}

// ---------------------------------------------------------------------------------------------
// (e) requests 6 to 10 (by arrival) are never answered
// ---------------------------------------------------------------------------------------------
let stalling: CountingServer;
let stallingRun: Promise<CliRun>;

async function startStalling(): Promise<void> {
  stalling = await countingServer((n, _req, res) => {
    if (n >= 6 && n <= 10) return; // stall: no answer, the connection stays open
    versionPage('v1', res);
  });
  cleanups.push(() => closeServer(stalling.server));
  stallingRun = runVerifyInProcess(['--url', stalling.url, '--rate', '20', '--duration', '2s', '--request-timeout', '400ms', '--format', 'json']);
}

async function startStableText(): Promise<void> {
  const server = await countingServer((_n, _req, res) => versionPage('v1', res));
  cleanups.push(() => closeServer(server.server));
  stableTextRun = runVerifyInProcess(['--url', server.url, '--rate', '10', '--duration', '1s', '--version-pattern', 'myapp (v\\d+)']);
}

// ---------------------------------------------------------------------------------------------
// (f) --during CMD, against one stable server: a command that fails, one that succeeds, one still
// running at --timeout, one that ignores SIGTERM, and a run interrupted with Ctrl-C
// ---------------------------------------------------------------------------------------------
let duringServer: CountingServer;
let tmp: string;
let failing: Promise<CliRun>;
let passing: Promise<CliRun>;
let timedOut: Promise<CliRun>;
let stubborn: Promise<CliRun>;
let interrupted: CliProcess;
let interruptedSentAt = 0;

/** A command that starts a background `sleep 30` in its process group and writes its pid to `file`. */
const backgroundSleep = (file: string): string => `sleep 30 & echo $! > '${file}'; wait`;

async function startDuring(): Promise<void> {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-during-'));
  duringServer = await countingServer((_n, _req, res) => versionPage('v1', res));
  cleanups.push(async () => {
    await closeServer(duringServer.server);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const url = duringServer.url;
  // ignores SIGTERM (an ignored signal stays ignored across exec): only SIGKILL stops it. The longest
  // run of the file: started first.
  stubborn = runVerify(['--url', url, '--during', "trap '' TERM; sleep 30", '--timeout', '1s', '--tail', '0s', '--format', 'json']);
  failing = runVerify(['--url', url, '--during', 'echo step one; exit 3', '--tail', '200ms', '--format', 'json']);
  passing = runVerify(['--url', url, '--rate', '20', '--during', 'sleep 0.5', '--tail', '300ms', '--format', 'json']);
  timedOut = runVerify(['--url', url, '--during', backgroundSleep(path.join(tmp, 'timeout.pid')), '--timeout', '1500ms', '--tail', '0s', '--format', 'json']);
  interrupted = startVerify(['--url', url, '--during', backgroundSleep(path.join(tmp, 'interrupt.pid')), '--format', 'json']);
  // Ctrl-C once the command has started and requests flow (the pid file exists)
  const pidFile = path.join(tmp, 'interrupt.pid');
  const started = Date.now();
  let exited = false;
  interrupted.child.once('exit', () => (exited = true)); // e.g. it could not start: do not wait for nothing
  while (!exited && !(fs.existsSync(pidFile) && fs.readFileSync(pidFile, 'utf8').trim() !== '') && Date.now() - started < 15_000) {
    await delay(50);
  }
  await delay(300);
  interruptedSentAt = Date.now();
  interrupted.child.kill('SIGINT');
}

const pidIn = (file: string): number => Number(fs.readFileSync(path.join(tmp, file), 'utf8').trim());

// ---------------------------------------------------------------------------------------------
// (g) the termination window (issue 18): `kubectl rollout status` returns while the last old pod is
// still terminating; a server that exits at once on SIGTERM (nginx's fast shutdown) drops the request
// on its kept-alive connection when its preStop ends, seconds after the command. Here the server
// learns that the --during command exited from verify's own stderr line; PRESTOP_MS later it drops
// every connection, with a request on a kept-alive one, and goes on serving new connections (the new
// pods). Its "grace period" is GRACE_MS: the tail derived from it, as the default is derived from
// Kubernetes' 30 s (with a margin of MARGIN_MS instead of 5 s, to keep the test short), catches the
// drop; a tail of 0 ends before it.
// ---------------------------------------------------------------------------------------------
const PRESTOP_MS = 800;
const GRACE_MS = 1000;
const MARGIN_MS = 500;

/** What the server standing for the last old pod saw. */
interface OldPod {
  /** When the drop was due (Date.now()): PRESTOP_MS after verify said the command had exited. */
  dueAt?: number;
  /** When the server received the run's last request (Date.now()). */
  lastRequestAt: number;
  dropped: boolean;
}

/** A verify run against a server that drops its connections PRESTOP_MS after the --during command exited. */
interface Termination {
  readonly run: Promise<CliRun>;
  readonly pod: OldPod;
}

async function termination(tail: string, format: 'json' | 'text'): Promise<Termination> {
  const state: OldPod = { lastRequestAt: 0, dropped: false };
  const server = http.createServer((req, res) => {
    state.lastRequestAt = Date.now();
    if (state.dueAt !== undefined && !state.dropped && req.headers.connection === 'keep-alive') {
      // SIGTERM, no graceful shutdown: this request is never answered, every connection is cut
      state.dropped = true;
      setTimeout(() => server.closeAllConnections(), 20);
      return;
    }
    versionPage('v1', res);
  });
  const port = await listen(server);
  cleanups.push(() => closeServer(server));
  const proc = startVerify(['--url', `http://${LOOPBACK}:${port}/`, '--rate', '20', '--during', 'sleep 0.3', '--tail', tail, '--format', format]);
  let stderr = '';
  proc.child.stderr!.on('data', (chunk: Buffer | string) => {
    stderr += String(chunk);
    if (state.dueAt === undefined && stderr.includes('verify: the --during command exited 0')) {
      setTimeout(() => (state.dueAt = Date.now()), PRESTOP_MS);
    }
  });
  return { run: proc.done, pod: state };
}

let withTail: Termination;
let withoutTail: Termination;

async function startTermination(): Promise<void> {
  [withTail, withoutTail] = await Promise.all([termination(formatDuration(tailForGracePeriod(GRACE_MS, MARGIN_MS)), 'json'), termination('0s', 'text')]);
}

// ---------------------------------------------------------------------------------------------
// (h) per version (issue 21): one server answering a version per TCP connection, as kube-proxy
// sends each new connection to one pod and every request on it to the same pod.
// - failing: kept-alive connections are v2, fresh ones v1; v2 cuts every 3rd request on its
//   connection (a reset, attributed to v2 through the connection), one fresh connection is cut before
//   any answer (unknown), one fresh answer is a 503 naming v2 (v2's by its answer);
// - shares: every 4th connection is v2, the rest v1 (25 %), a server per run so that runs do not
//   share its count: 100/s for 1 s is about 51 new connections, enough for 25 % (40), and
//   --rate 4 --duration 1s is at most 4, too few.
// These runs start once the runs that measure time have ended (the other in-process runs and the
// termination window's): their load in this process would shift those runs' timings.
// ---------------------------------------------------------------------------------------------
const versionFailures = { v2Cut: 0, unknownCut: 0, v2Answered503: 0 };
let versionFailingRun: Promise<CliRun>;
let sharePassRun: Promise<CliRun>;
let shareFailRun: Promise<CliRun>;
let shareTooFewRun: Promise<CliRun>;

/** A server whose version is chosen per connection by `pick(connectionNumber, firstRequest)`. */
async function perConnectionServer(
  pick: (n: number, req: http.IncomingMessage) => string,
  onRequest?: (version: string, nthOnConnection: number, req: http.IncomingMessage, res: http.ServerResponse) => boolean,
): Promise<string> {
  const versionOf = new WeakMap<object, { version: string; requests: number }>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    let c = versionOf.get(req.socket);
    if (!c) {
      c = { version: pick(++connections, req), requests: 0 };
      versionOf.set(req.socket, c);
    }
    c.requests++;
    if (onRequest?.(c.version, c.requests, req, res)) return;
    versionPage(c.version, res);
  });
  const port = await listen(server);
  cleanups.push(() => closeServer(server));
  return `http://${LOOPBACK}:${port}/`;
}

async function startPerVersion(): Promise<void> {
  let fresh = 0;
  const failingUrl = await perConnectionServer(
    (_n, req) => (req.headers.connection === 'keep-alive' ? 'v2' : 'v1'),
    (version, nth, req, res) => {
      if (version === 'v2' && nth % 3 === 0) {
        versionFailures.v2Cut++;
        req.socket.destroy();
        return true;
      }
      if (version === 'v1' && ++fresh === 5) {
        versionFailures.unknownCut++;
        req.socket.destroy();
        return true;
      }
      if (version === 'v1' && fresh === 7) {
        versionFailures.v2Answered503++;
        res.statusCode = 503;
        res.setHeader('x-app-version', 'v2');
        res.end('v2 is not well\n');
        return true;
      }
      return false;
    },
  );
  const quarter = (n: number): string => (n % 4 === 0 ? 'v2' : 'v1');
  const [passUrl, failUrl, tooFewUrl] = await Promise.all([perConnectionServer(quarter), perConnectionServer(quarter), perConnectionServer(quarter)]);
  const timed = Promise.all([abruptRun, gracefulRun, unavailableRun, stallingRun, stableTextRun, withTail.run, withoutTail.run]);
  versionFailingRun = timed.then(() => runVerifyInProcess(['--url', failingUrl, '--rate', '40', '--duration', '1s', '--version-header', 'X-App-Version', '--format', 'json']));
  const share = (url: string, rate: string, expect: string, format: string): Promise<CliRun> =>
    timed.then(() => runVerifyInProcess(['--url', url, '--rate', rate, '--duration', '1s', '--version-header', 'X-App-Version', '--expect-share', expect, '--format', format]));
  sharePassRun = share(passUrl, '100', 'v2=25%', 'json');
  shareFailRun = share(failUrl, '100', 'v2=50%', 'text');
  shareTooFewRun = share(tooFewUrl, '4', 'v2=25%', 'json');
}

beforeAll(async () => {
  await Promise.all([
    startDuring(),
    startStable(),
    startAbrupt(),
    startGraceful(),
    startUnavailable(),
    startStalling(),
    startStableText(),
    startTermination(),
  ]);
  await startPerVersion();
});

const NO_FAILURES = { refused: 0, reset: 0, timeout: 0, http5xx: 0, other: 0 };

describe('a stable server', () => {
  test('every request succeeds: exit 0, 0 failures', async () => {
    const run = await stableRun;
    const report = jsonReport(run);
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('pass');
    expect(report.failures).toBe(0);
    expect(report.byClass).toEqual(NO_FAILURES);
    expect(report.longestOutageSeconds).toBe(0);
    expect(report.longestOutage).toBeNull();
    expect(report.versions.map((v: { version: string }) => v.version)).toEqual(['v1']);
    expect(report.versionSwitchCount).toBe(0);
  });

  test('--rate 20 --duration 1s sends at most 20 requests, half fresh, half kept-alive, and ends in bounded time', async () => {
    const run = await stableRun;
    const report = jsonReport(run);
    expect(report.requests).toBeLessThanOrEqual(20);
    expect(report.requests).toBe(20); // floor(20/s × 1 s), request k at k/20 s
    expect(stable.count()).toBe(20); // what the server saw, independently of the report
    expect(report.byMode.fresh.requests).toBe(10);
    expect(report.byMode.keepalive.requests).toBe(10);
    expect(report.succeeded).toBe(20);
    expect(report.latency.count).toBe(20);
    expect(report.endReason).toBe('duration');
    // generous bounds: 1 s of sending; the process (Node start, esbuild bundle) well within 15 s
    expect(report.sendSeconds).toBeGreaterThanOrEqual(0.95);
    expect(report.sendSeconds).toBeLessThan(3);
    expect(report.runSeconds).toBeLessThan(3);
    expect(run.elapsedMs).toBeLessThan(15_000);
    expect(run.killedByHarness).toBe(false);
  });

  test('--format json: the documented shape (docs/verify.md)', async () => {
    const report = jsonReport(await stableRun);
    expect(Object.keys(report)).toEqual([
      'verdict',
      'exitCode',
      'problems',
      'findings',
      'url',
      'startedAt',
      'endReason',
      'rate',
      'sendSeconds',
      'runSeconds',
      'requests',
      'succeeded',
      'failures',
      'cancelled',
      'byClass',
      'errors',
      'byMode',
      'longestOutageSeconds',
      'longestOutage',
      'latency',
      'versions',
      'versionSwitches',
      'versionSwitchCount',
      'unversioned',
      'byVersion',
      'shares',
      'during',
      'tail',
    ]);
    expect(report).toEqual(
      expect.objectContaining({ verdict: 'pass', exitCode: 0, problems: [], findings: [], url: stable.url, rate: 20, errors: {}, cancelled: 0, shares: [], during: null, tail: null }),
    );
    expect(report.byVersion).toEqual([
      expect.objectContaining({ version: 'v1', requests: 20, succeeded: 20, failures: 0, byClass: NO_FAILURES, connections: expect.any(Number) }),
    ]);
    expect(Object.keys(report.byVersion[0])).toEqual(['version', 'requests', 'succeeded', 'failures', 'byClass', 'latency', 'connections', 'samples']);
    // 10 fresh connections and the kept-alive pool: each connection one sample
    expect(report.byVersion[0].samples).toBe(report.byVersion[0].connections);
    expect(report.byVersion[0].connections).toBeGreaterThanOrEqual(11);
    expect(Object.keys(report.byClass)).toEqual(['refused', 'reset', 'timeout', 'http5xx', 'other']);
    expect(Object.keys(report.byMode)).toEqual(['fresh', 'keepalive']);
    expect(Object.keys(report.latency)).toEqual(['count', 'p50', 'p95', 'p99', 'max']);
    for (const k of ['p50', 'p95', 'p99', 'max']) expect(typeof report.latency[k]).toBe('number');
    expect(report.latency.p50).toBeLessThanOrEqual(report.latency.p95);
    expect(report.latency.p95).toBeLessThanOrEqual(report.latency.p99);
    expect(report.latency.p99).toBeLessThanOrEqual(report.latency.max);
    expect(report.versions).toEqual([{ version: 'v1', count: 20, firstSeenSeconds: expect.any(Number), lastSeenSeconds: expect.any(Number) }]);
    expect(new Date(report.startedAt).toISOString()).toBe(report.startedAt);
  });

  test('stderr gets a plain start line (not a terminal: no carriage returns)', async () => {
    const run = await stableRun;
    expect(run.stderr).toContain(`verify: GET ${stable.url} at 20/s, alternating fresh connections and a pool of up to 4 kept-alive ones, for 1s`);
    expect(run.stderr).not.toContain('\r');
  });

  test('the text report: verdict line first, one labelled line per figure', async () => {
    const run = await stableTextRun;
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('verify PASS: 0 of 10 requests failed (exit 0)');
    expect(lines).toContain('  failures        refused 0, reset 0, timeout 0, http5xx 0, other 0');
    expect(lines).toContain('  by connection   fresh      5 sent, 0 failed');
    expect(lines).toContain('                  kept-alive 5 sent, 0 failed');
    expect(lines).toContain('  longest outage  none');
    expect(run.stdout).toMatch(/\n {2}latency {9}p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms, max [\d.]+ ms \(of 10 successful requests\)\n/);
    expect(run.stdout).toMatch(/\n {2}versions {8}v1 {2}10 answers, t\+0\.\d\d s to t\+\d+\.\d\d s\n/);
  });
});

describe('an abrupt replacement (connections dropped, port closed ~0.8 s)', () => {
  test('counts refused and reset requests, reports the outage and exits 1', async () => {
    const run = await abruptRun;
    const report = jsonReport(run);
    expect(run.code).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(report.requests).toBe(50); // floor(20/s × 2.5 s)
    // 0.8 s closed at 20 requests/s: about 16 failed requests; at least 5 on any machine
    expect(report.failures).toBeGreaterThanOrEqual(5);
    expect(report.byClass.refused).toBeGreaterThanOrEqual(3);
    expect(report.byClass.refused + report.byClass.reset).toBe(report.failures);
    expect(report.byClass.timeout).toBe(0);
    expect(report.byClass.http5xx).toBe(0);
    expect(report.byClass.other).toBe(0);
    expect(report.longestOutageSeconds).toBeGreaterThanOrEqual(0.3);
    expect(report.longestOutageSeconds).toBeLessThan(3);
    expect(report.longestOutage.endedBy).toBe('success');
    // both servers answered: v1 before the outage, v2 after it
    expect(abruptServed.replacement).toBeGreaterThan(0);
    expect(report.versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v2']);
    expect(report.versions[0].lastSeenSeconds).toBeLessThan(report.versions[1].firstSeenSeconds);
    // the outage ends with the first answer of the new server
    expect(report.versions[1].firstSeenSeconds).toBe(report.longestOutage.toSeconds);
  });
});

describe('a graceful handover (new server ready first, old one drains)', () => {
  test('0 failures, exit 0, and the switch from v1 to v2 is visible', async () => {
    const run = await gracefulRun;
    const report = jsonReport(run);
    expect(run.code).toBe(0);
    expect(report.verdict).toBe('pass');
    expect(report.requests).toBe(50); // floor(20/s × 2.5 s)
    expect(report.failures).toBe(0);
    expect(report.byClass).toEqual(NO_FAILURES);
    expect(report.versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v2']);
    expect(report.versionSwitches[0]).toEqual(expect.objectContaining({ from: 'v1', to: 'v2' }));
    expect(report.versions[1].lastSeenSeconds).toBeGreaterThan(report.versions[0].lastSeenSeconds);
    // the handover really happened under load: the old server drained requests, the new one served
    expect(graceful.drainedAtOld).toBeGreaterThan(0);
    expect(graceful.newServed).toBeGreaterThan(0);
    expect(graceful.oldServed + graceful.newServed).toBe(50);
  });
});

describe('a window of 503 answers', () => {
  test('counts exactly the 10 answers 503 as http5xx and exits 1', async () => {
    const run = await unavailableRun;
    const report = jsonReport(run);
    expect(run.code).toBe(1);
    expect(report.requests).toBe(40);
    expect(report.failures).toBe(10);
    expect(report.byClass).toEqual({ ...NO_FAILURES, http5xx: 10 });
    expect(report.errors).toEqual({ 'HTTP 503': 10 });
    expect(report.succeeded).toBe(30);
    // the 10 failures are consecutive in arrival order; the sending order can differ by one place on
    // a loaded machine (a fresh connection's handshake overtaken by a kept-alive request sent just after)
    expect(report.longestOutage.requests).toBeGreaterThanOrEqual(8);
    expect(report.longestOutage.requests).toBeLessThanOrEqual(10);
    expect(report.longestOutageSeconds).toBeGreaterThan(0.2);
    expect(report.longestOutageSeconds).toBeLessThan(2);
  });
});

describe('a server that stalls', () => {
  test('counts the 5 unanswered requests as timeouts and exits 1', async () => {
    const run = await stallingRun;
    const report = jsonReport(run);
    expect(run.code).toBe(1);
    expect(report.requests).toBe(40);
    // The 5 stalled requests time out; on a heavily loaded machine an answered request may also miss
    // the 400 ms limit, so more timeouts are tolerated, but nothing else.
    expect(report.byClass.timeout).toBeGreaterThanOrEqual(5);
    expect(report.failures).toBe(report.byClass.timeout);
    expect(report.byClass).toEqual({ ...NO_FAILURES, timeout: report.byClass.timeout });
    expect(Object.keys(report.errors)).toEqual(['no answer within 400ms']);
    expect(stalling.count()).toBe(40);
  });
});

describe('--during CMD', () => {
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
    expect(run.stderr).toContain(
      'verify: the --during command exited 3; requests go on for 200ms, while old pods terminate ' +
        '(--tail 200ms: at most the 5s margin; old pods still terminating after the command are not watched)\n',
    );
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
});

describe('the termination window: an old pod that drops its connections after the --during command returned', () => {
  test('a tail derived from the grace period catches it: reset failures after the command, exit 1', async () => {
    const run = await withTail.run;
    const report = jsonReport(run);
    expect(withTail.pod.dropped).toBe(true);
    expect(run.code).toBe(1);
    expect(report.verdict).toBe('fail');
    expect(report.during).toEqual(expect.objectContaining({ exitCode: 0, failed: false }));
    expect(report.endReason).toBe('during-exited');
    // the failures came after the command had returned: resets of the connections the server cut
    expect(report.tail).toEqual(expect.objectContaining({ seconds: 1.5, origin: 'option', reason: '--tail 1.5s: at most the 5s margin; old pods still terminating after the command are not watched' }));
    expect(report.tail.failures).toBeGreaterThanOrEqual(1);
    expect(report.tail.byClass.reset).toBe(report.tail.failures);
    expect(report.byClass.reset).toBe(report.failures);
    expect(report.tail.watchedSeconds).toBeGreaterThanOrEqual(1.5);
    expect(report.tail.requests).toBeGreaterThanOrEqual(15); // 1.5 s at 20/s
  });

  test('a tail of 0 misses it: the run passes, the drop comes after its last request', async () => {
    const run = await withoutTail.run;
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^verify PASS: 0 of \d+ requests failed \(exit 0\)\n/);
    expect(run.stdout).toMatch(/\n {2}tail {12}0\.\d\d s watched after the --during command exited: 0 requests, 0 failed\n/);
    expect(run.stdout).toContain('\n                  why: --tail 0s: requests stop when the command exits; old pods still terminating are not watched\n');
    // the server's drop was due after the run had sent its last request: no request could see it
    while (withoutTail.pod.dueAt === undefined) await delay(20);
    expect(withoutTail.pod.lastRequestAt).toBeLessThan(withoutTail.pod.dueAt);
    expect(withoutTail.pod.dropped).toBe(false);
  });
});

describe('per version (issue 21): a version per connection, as kube-proxy picks a pod per connection', () => {
  test('v2 fails while v1 is fine: exit 1, the finding names v2; failures without an answer count for their connection\'s version', async () => {
    const run = await versionFailingRun;
    const report = jsonReport(run);
    expect(run.code).toBe(1);
    expect(versionFailures.v2Cut).toBeGreaterThanOrEqual(2);
    expect(versionFailures).toEqual(expect.objectContaining({ unknownCut: 1, v2Answered503: 1 }));
    const [v1, v2, unknown] = report.byVersion;
    expect(v1).toEqual(expect.objectContaining({ version: 'v1', failures: 0, byClass: NO_FAILURES }));
    // every cut on a v2 connection is v2's (the connection had answered v2), the 503 naming v2 too
    expect(v2).toEqual(expect.objectContaining({ version: 'v2', failures: versionFailures.v2Cut + 1, byClass: { ...NO_FAILURES, reset: versionFailures.v2Cut, http5xx: 1 } }));
    // the fresh connection cut before it answered: no version to inherit
    expect(unknown).toEqual(expect.objectContaining({ version: 'unknown', requests: 1, failures: 1, byClass: { ...NO_FAILURES, reset: 1 }, samples: 0 }));
    expect(report.findings).toEqual([
      `v2: ${v2.failures} of ${v2.requests} requests failed (reset ${versionFailures.v2Cut}, http5xx 1) while v1 had none`,
      '1 failed request (reset 1) came on connections that never answered with a version: their version is unknown',
    ]);
    expect(report.failures).toBe(v2.failures + 1);
  });

  test('--expect-share v2=25% within its 99 % interval over new connections: exit 0', async () => {
    const run = await sharePassRun;
    const report = jsonReport(run);
    expect(run.code).toBe(0);
    const [share] = report.shares;
    // the fresh half (50) plus the kept-alive connections: one sample per connection, not per request
    expect(share.samples).toBeGreaterThanOrEqual(50);
    expect(share.samples).toBeLessThan(report.requests);
    expect(share).toEqual(expect.objectContaining({ version: 'v2', expectedPercent: 25, verdict: 'pass', confidence: 0.99, minSamples: 40 }));
    expect(share.observedPercent).toBeGreaterThan(share.lowPercent);
    expect(share.observedPercent).toBeLessThan(share.highPercent);
    expect(report.byVersion.map((v: { samples: number }) => v.samples).reduce((a: number, b: number) => a + b)).toBe(share.samples);
  });

  test('--expect-share v2=50% when v2 gets 25 %: exit 1, the finding names v2 with the interval', async () => {
    const run = await shareFailRun;
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('verify FAIL: 0 of 100 requests failed; the share of v2 is outside its interval (exit 1)');
    expect(lines[1]).toMatch(/^ {2}! v2: 2\d(\.\d)? % of \d+ new connections \(\d+\), 50 % expected, 99 % interval 3\d(\.\d)? % to 6\d(\.\d)? % \(± 1\d(\.\d)? %\): outside$/);
    expect(run.stdout).toContain('\n                  samples: new connections, the first versioned answer on each');
  });

  test('4 requests are too few new connections to judge 25 %: exit 2, says so and what to raise', async () => {
    const run = await shareTooFewRun;
    const report = jsonReport(run);
    expect(run.code).toBe(2);
    expect(report.failures).toBe(0);
    expect(report.shares[0]).toEqual(expect.objectContaining({ verdict: 'cannot-judge', minSamples: 40 }));
    expect(report.shares[0].samples).toBeLessThanOrEqual(4);
    expect(report.problems).toEqual([expect.stringMatching(/^v2: cannot judge the share \(25 % expected\): .*too few samples; at least 40 needed for 25 % .*: raise --rate or --duration/)]);
  });
});
