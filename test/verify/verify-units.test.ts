/**
 * The pieces of `verify`, in-process: durations, options, classification, statistics, outage,
 * versions, the request log, the sending window of a run, the progress display and the report. (The
 * command itself is tested as a real process in the other verify-*.test.ts files.)
 */
import { performance } from 'perf_hooks';
import { Writable } from 'stream';
import { classifyError, classifyStatus } from '../../lib/verify/classify';
import { formatDuration, parseDuration } from '../../lib/verify/duration';
import { DEFAULT_GRACE_PERIOD_MS, parseVerifyOptions, requestBudget, TAIL_MARGIN_MS, tailForGracePeriod, tailReason } from '../../lib/verify/options';
import { longestOutage, RequestSequence } from '../../lib/verify/outage';
import { ProgressDisplay, progressLine } from '../../lib/verify/progress';
import { buildReport, formatJsonReport, formatTextReport } from '../../lib/verify/report';
import { runVerify } from '../../lib/verify/run-verify';
import { MAX_ERROR_DETAILS, RequestLog } from '../../lib/verify/request-log';
import { percentile, summarizeLatency } from '../../lib/verify/stats';
import { makeVersionExtractor } from '../../lib/verify/version-extractor';
import { versionTimeline } from '../../lib/verify/version-timeline';
import { closeServer, countingServer } from './harness';

describe('durations', () => {
  test.each([
    ['250ms', 250],
    ['2s', 2000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    [' 30s ', 30_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['30', '', 's', '1x', '-1s', '1s2', '1 s', 'abc'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test.each([
    [250, '250ms'],
    [2000, '2s'],
    [1500, '1.5s'],
    [120_000, '2m'],
    [90_000, '1m30s'],
    [600_000, '10m'],
    [3_600_000, '1h'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('options', () => {
  test('defaults: 10/s for 30 s, 2 s per request, a 35 s tail, capped at 10 min, text', () => {
    const parsed = parseVerifyOptions({ url: 'http://127.0.0.1:8080/' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const { url, ...rest } = parsed.options;
    expect(url.toString()).toBe('http://127.0.0.1:8080/');
    expect(rest).toEqual({
      during: undefined,
      rate: 10,
      durationMs: 30_000,
      timeoutMs: 600_000,
      tailMs: 35_000,
      tailOrigin: 'default',
      requestTimeoutMs: 2000,
      versionHeader: undefined,
      versionPattern: undefined,
      expectShares: [],
      format: 'text',
    });
  });

  test('with --during there is no duration: the command, --tail and --timeout set the length', () => {
    const parsed = parseVerifyOptions({ url: 'https://127.0.0.1/', during: 'true', tail: '500ms', timeout: '1m', versionHeader: 'X-App-Version', format: 'json' });
    expect(parsed.ok && parsed.options).toEqual(
      expect.objectContaining({ during: 'true', durationMs: undefined, tailMs: 500, tailOrigin: 'option', timeoutMs: 60_000, versionHeader: 'x-app-version', format: 'json' }),
    );
  });

  test("the default tail is the termination window of a pod with Kubernetes' default grace period (30 s) plus 5 s", () => {
    expect(DEFAULT_GRACE_PERIOD_MS).toBe(30_000);
    expect(TAIL_MARGIN_MS).toBe(5_000);
    expect(tailForGracePeriod(40_000)).toBe(45_000);
    expect(tailForGracePeriod(500, 300)).toBe(800);
    const parsed = parseVerifyOptions({ url: 'http://127.0.0.1/', during: 'kubectl rollout status deployment/web' });
    expect(parsed.ok && [parsed.options.tailMs, parsed.options.tailOrigin]).toEqual([tailForGracePeriod(DEFAULT_GRACE_PERIOD_MS), 'default']);
  });

  test.each([
    [35_000, 'default' as const, "default: Kubernetes' default terminationGracePeriodSeconds, 30s, plus a 5s margin: the longest an old pod can hold connections after kubectl rollout status returns"],
    [45_000, 'option' as const, '--tail 45s: covers old pods with a terminationGracePeriodSeconds up to 40s, plus a 5s margin'],
    [1000, 'option' as const, '--tail 1s: at most the 5s margin; old pods still terminating after the command are not watched'],
    [0, 'option' as const, '--tail 0s: requests stop when the command exits; old pods still terminating are not watched'],
  ])('the reason of a %d ms tail (%s)', (ms, origin, reason) => {
    expect(tailReason(ms, origin)).toBe(reason);
  });

  test('the request budget: floor(rate × duration), or rate × timeout with --during', () => {
    expect(requestBudget({ rate: 20, durationMs: 1000, timeoutMs: 600_000 })).toBe(20);
    expect(requestBudget({ rate: 0.3, durationMs: 10_000, timeoutMs: 600_000 })).toBe(3);
    expect(requestBudget({ rate: 7, durationMs: 1500, timeoutMs: 600_000 })).toBe(10);
    expect(requestBudget({ rate: 10, durationMs: undefined, timeoutMs: 600_000 })).toBe(6000);
  });

  test('a run that could send no request, or too many, is refused', () => {
    const none = parseVerifyOptions({ url: 'http://127.0.0.1/', rate: '0.5', duration: '1s' });
    expect(!none.ok && none.problems.map((p) => `${p.property} ${p.problem}`)).toEqual(['--rate × --duration (1s) allows no request']);
    const many = parseVerifyOptions({ url: 'http://127.0.0.1/', rate: '1000', during: 'true', timeout: '24h' });
    expect(!many.ok && many.problems.map((p) => `${p.property} ${p.problem}`)).toEqual(['--rate × --timeout (24h) allows 86400000 requests']);
  });

  test('each bad option is named with its value', () => {
    const parsed = parseVerifyOptions({ url: 'nope', rate: '5000', requestTimeout: '1ms', versionHeader: 'a b', versionPattern: '' });
    expect(!parsed.ok && parsed.problems.map((p) => [p.property, p.value])).toEqual([
      ['--url', 'nope'],
      ['--rate', '5000'],
      ['--request-timeout', '1ms'],
      ['--version-header', 'a b'],
      ['--version-pattern', ''],
    ]);
  });
});

describe('classification', () => {
  const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });

  test.each([
    [err('ECONNREFUSED'), 'refused', 'ECONNREFUSED'],
    [err('ECONNRESET', 'socket hang up'), 'reset', 'ECONNRESET'],
    [err('EPIPE'), 'reset', 'EPIPE'],
    [err('ETIMEDOUT'), 'timeout', 'ETIMEDOUT'],
    [err('ENOTFOUND'), 'other', 'ENOTFOUND'],
    [err('EHOSTUNREACH'), 'other', 'EHOSTUNREACH'],
    [new Error('socket hang up'), 'reset', 'ECONNRESET'],
    [new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')], 'connect failed'), 'refused', 'ECONNREFUSED'],
    [new Error('something odd'), 'other', 'something odd'],
  ])('%p is %s', (error, cls, detail) => {
    expect(classifyError(error)).toEqual({ cls, detail });
  });

  test('statuses: 1xx-3xx succeed, 4xx is other, 5xx is http5xx', () => {
    expect(classifyStatus(200)).toBeUndefined();
    expect(classifyStatus(204)).toBeUndefined();
    expect(classifyStatus(301)).toBeUndefined();
    expect(classifyStatus(404)).toEqual({ cls: 'other', detail: 'HTTP 404' });
    expect(classifyStatus(502)).toEqual({ cls: 'http5xx', detail: 'HTTP 502' });
    expect(classifyStatus(503)).toEqual({ cls: 'http5xx', detail: 'HTTP 503' });
  });
});

describe('version extraction', () => {
  test('none without options', () => {
    expect(makeVersionExtractor(undefined, undefined)).toBeUndefined();
  });
  test('a header: its value', () => {
    const extract = makeVersionExtractor('x-app-version', undefined)!;
    expect(extract({ 'x-app-version': ' v2 ' }, 'body v9')).toBe('v2');
    expect(extract({}, 'body v9')).toBeUndefined();
  });
  test('a pattern: the first group, or the whole match, in the body', () => {
    expect(makeVersionExtractor(undefined, /myapp (v\d+)/)!({}, '<h1>myapp v12</h1>')).toBe('v12');
    expect(makeVersionExtractor(undefined, /v\d+/)!({}, '<h1>myapp v12</h1>')).toBe('v12');
    expect(makeVersionExtractor(undefined, /(a)|(v\d)/)!({}, 'v3')).toBe('v3');
    expect(makeVersionExtractor(undefined, /nothing/)!({}, 'v3')).toBeUndefined();
  });
  test('both: the pattern applies to the header', () => {
    expect(makeVersionExtractor('server', /nginx\/([\d.]+)/)!({ server: 'nginx/1.27.3' }, 'v9')).toBe('1.27.3');
  });
  test('long versions are cut to 64 characters', () => {
    const v = makeVersionExtractor('x-v', undefined)!({ 'x-v': 'a'.repeat(100) }, '');
    expect(v).toBe(`${'a'.repeat(61)}...`);
  });
});

describe('latency statistics', () => {
  test('nearest-rank percentiles', () => {
    const ten = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(ten, 100)).toBe(10);
    const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 95)).toBe(95);
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile([], 50)).toBeUndefined();
  });
  test('summary of unsorted latencies, rounded to 0.1 ms; nulls when none', () => {
    expect(summarizeLatency([3.04, 1, 2.26])).toEqual({ count: 3, p50: 2.3, p95: 3, p99: 3, max: 3 });
    expect(summarizeLatency([])).toEqual({ count: 0, p50: null, p95: null, p99: null, max: null });
  });
});

/** A sequence from a pattern: o ok, x failed, c cancelled; request i sent at i × 100 ms. */
function sequence(pattern: string): RequestSequence {
  const states = { o: 'ok', x: 'failed', c: 'cancelled' } as const;
  return {
    length: pattern.length,
    startMs: (i) => i * 100,
    state: (i) => states[pattern[i] as 'o' | 'x' | 'c'],
  };
}

describe('longest outage', () => {
  test('from the first failed request to the next successful one', () => {
    expect(longestOutage(sequence('ooxxxoxxo'), 900)).toEqual({ fromSeconds: 0.2, toSeconds: 0.5, seconds: 0.3, requests: 3, endedBy: 'success' });
  });
  test('one failure among successes lasts one interval', () => {
    expect(longestOutage(sequence('oxo'), 300)).toEqual({ fromSeconds: 0.1, toSeconds: 0.2, seconds: 0.1, requests: 1, endedBy: 'success' });
  });
  test('cancelled requests neither break nor extend a run', () => {
    expect(longestOutage(sequence('oxcxo'), 500)).toEqual({ fromSeconds: 0.1, toSeconds: 0.4, seconds: 0.3, requests: 2, endedBy: 'success' });
  });
  test('a run lasting to the end ends when sending stopped', () => {
    expect(longestOutage(sequence('ooxx'), 450)).toEqual({ fromSeconds: 0.2, toSeconds: 0.45, seconds: 0.25, requests: 2, endedBy: 'end-of-run' });
  });
  test('none without failures', () => {
    expect(longestOutage(sequence('oooc'), 400)).toBeUndefined();
  });
});

describe('version timeline', () => {
  const seq = (entries: Array<[string, string | undefined]>) => ({
    length: entries.length,
    startMs: (i: number) => i * 100,
    state: (i: number) => (entries[i][0] === 'ok' ? 'ok' : 'failed') as 'ok' | 'failed',
    version: (i: number) => entries[i][1],
  });

  test('first and last seen, switches, unversioned answers; failures ignored', () => {
    const t = versionTimeline(
      seq([
        ['ok', 'v1'],
        ['ok', 'v1'],
        ['failed', undefined],
        ['ok', 'v2'],
        ['ok', undefined],
        ['ok', 'v1'],
        ['ok', 'v2'],
      ]),
    );
    expect(t).toEqual({
      versions: [
        { version: 'v1', count: 3, firstSeenSeconds: 0, lastSeenSeconds: 0.5 },
        { version: 'v2', count: 2, firstSeenSeconds: 0.3, lastSeenSeconds: 0.6 },
      ],
      switches: [
        { atSeconds: 0.3, from: 'v1', to: 'v2' },
        { atSeconds: 0.5, from: 'v2', to: 'v1' },
        { atSeconds: 0.6, from: 'v1', to: 'v2' },
      ],
      switchCount: 3,
      unversioned: 1,
    });
  });

  test('at most 50 switches are listed, all are counted', () => {
    const entries = Array.from({ length: 120 }, (_, i): [string, string] => ['ok', i % 2 === 0 ? 'a' : 'b']);
    const t = versionTimeline(seq(entries));
    expect(t.switches).toHaveLength(50);
    expect(t.switchCount).toBe(119);
  });
});

describe('request log', () => {
  test('counts, states, classes and error details', () => {
    const log = new RequestLog(4);
    const a = log.add(0);
    const b = log.add(100);
    const c = log.add(200);
    log.complete(a, 5, { kind: 'ok', status: 200, version: 'v1' });
    log.complete(b, 101, { kind: 'failed', failure: { cls: 'refused', detail: 'ECONNREFUSED' } });
    log.complete(b, 150, { kind: 'ok', status: 200 }); // a second outcome is ignored
    expect(log.counts()).toEqual({
      sent: 3,
      ok: 1,
      failed: 1,
      cancelled: 0,
      inFlight: 1,
      byClass: { refused: 1, reset: 0, timeout: 0, http5xx: 0, other: 0 },
      lastVersion: 'v1',
    });
    expect([log.state(a), log.state(b), log.state(c)]).toEqual(['ok', 'failed', 'pending']);
    expect(log.failureClass(b)).toBe('refused');
    expect(log.latencyMs(a)).toBe(5);
    expect(log.version(a)).toBe('v1');
    expect(log.errorDetails()).toEqual([['ECONNREFUSED', 1]]);
  });

  test('never holds more than its capacity', () => {
    const log = new RequestLog(1);
    log.add(0);
    expect(() => log.add(1)).toThrow('request log is full (1 requests)');
  });

  test(`at most ${MAX_ERROR_DETAILS} distinct error details, the rest under (more)`, () => {
    const log = new RequestLog(30);
    for (let i = 0; i < 25; i++) log.complete(log.add(i), i + 1, { kind: 'failed', failure: { cls: 'other', detail: `E${i}` } });
    const details = log.errorDetails();
    expect(details).toHaveLength(MAX_ERROR_DETAILS + 1);
    expect(details[0]).toEqual(['(more)', 5]);
  });
});

describe('the sending window', () => {
  test('a --duration that ends while the process is busy still sends its whole budget', async () => {
    const server = await countingServer((_n, _req, res) => res.end('ok\n'));
    const quiet = new Writable({ write: (_chunk, _enc, done) => done() });
    try {
      // 100/s for 100 ms: a budget of 10, request k due at k × 10 ms
      const run = runVerify(
        { url: new URL(server.url), rate: 100, durationMs: 100, timeoutMs: 10_000, tailMs: 0, tailOrigin: 'option', requestTimeoutMs: 10_000, expectShares: [], format: 'json' },
        { stderr: quiet, env: {} },
      );
      // The process is busy for 250 ms: requests 1 to 9 and the end of --duration all come due while it
      // is. The first request timer fires first and sends one late request; the end of --duration
      // fires next, before the next request timer: the window must still wait for the budget.
      const busyUntil = performance.now() + 250;
      while (performance.now() < busyUntil) {
        // busy
      }
      const report = await run;
      expect(report.endReason).toBe('duration');
      expect(report.requests).toBe(10);
      expect(report.succeeded).toBe(10);
      expect(server.count()).toBe(10);
      expect(report.sendSeconds).toBeGreaterThanOrEqual(0.1);
    } finally {
      await closeServer(server.server);
    }
  });
});

describe('progress display', () => {
  const counts = { sent: 12, ok: 9, failed: 3, cancelled: 0, inFlight: 0, byClass: { refused: 2, reset: 1, timeout: 0, http5xx: 0, other: 0 }, lastVersion: 'v2' };

  test('the line', () => {
    expect(progressLine({ elapsedMs: 1234, counts, during: 'running' })).toBe('verify 1.2s  sent 12  ok 9  failed 3 (refused 2, reset 1)  version v2  during: running');
  });

  test('in the tail, the line counts down what is left of it: the run is still watching', () => {
    expect(progressLine({ elapsedMs: 50_000, counts, during: 'exited 0', tailLeftMs: 22_100 })).toBe(
      'verify 50.0s  sent 12  ok 9  failed 3 (refused 2, reset 1)  version v2  during: exited 0  tail: 23s left (old pods terminating)',
    );
  });

  afterEach(() => jest.useRealTimers());

  test('on a terminal: redrawn in place with \\r, erased at the end', () => {
    jest.useFakeTimers();
    const out: string[] = [];
    const display = new ProgressDisplay({ isTTY: true, columns: 80, write: (s: string) => out.push(s) }, () => ({ elapsedMs: 1234, counts }));
    display.start();
    jest.advanceTimersByTime(500);
    display.log('  | rollout step');
    display.stop();
    const line = 'verify 1.2s  sent 12  ok 9  failed 3 (refused 2, reset 1)  version v2';
    expect(out).toEqual([`\r\x1b[2K${line}`, `\r\x1b[2K${line}`, '\r\x1b[2K', '  | rollout step\n', `\r\x1b[2K${line}`, '\r\x1b[2K']);
  });

  test('elsewhere (CI): a plain line every 5 s, no control characters', () => {
    jest.useFakeTimers();
    const out: string[] = [];
    const display = new ProgressDisplay({ isTTY: false, write: (s: string) => out.push(s) }, () => ({ elapsedMs: 5000, counts }));
    display.start();
    jest.advanceTimersByTime(4999);
    expect(out).toEqual([]);
    jest.advanceTimersByTime(1);
    display.stop();
    expect(out).toEqual(['verify 5.0s  sent 12  ok 9  failed 3 (refused 2, reset 1)  version v2\n']);
  });
});

const NONE = { refused: 0, reset: 0, timeout: 0, http5xx: 0, other: 0 };

describe('report', () => {
  /** 4 requests 100 ms apart: ok v1, refused, reset, ok v2. */
  function log(): RequestLog {
    const l = new RequestLog(4);
    l.complete(l.add(0), 2, { kind: 'ok', status: 200, version: 'v1' });
    l.complete(l.add(100), 101, { kind: 'failed', failure: { cls: 'refused', detail: 'ECONNREFUSED' } });
    l.complete(l.add(200), 203, { kind: 'failed', failure: { cls: 'reset', detail: 'ECONNRESET' } });
    l.complete(l.add(300), 304, { kind: 'ok', status: 200, version: 'v2' });
    return l;
  }
  const base = {
    options: { url: new URL('http://127.0.0.1:8080/'), rate: 10, tailMs: 35_000, tailOrigin: 'default' as const },
    startedAt: new Date('2025-01-01T00:00:00.000Z'),
    endReason: 'duration' as const,
    sendStoppedMs: 400,
    endedMs: 410,
  };

  test('figures, verdict and exit code', () => {
    const report = buildReport({ ...base, log: log() });
    expect(report).toEqual({
      verdict: 'fail',
      exitCode: 1,
      problems: [],
      findings: ['2 failed requests (refused 1, reset 1) came on connections that never answered with a version: their version is unknown'],
      url: 'http://127.0.0.1:8080/',
      startedAt: '2025-01-01T00:00:00.000Z',
      endReason: 'duration',
      rate: 10,
      sendSeconds: 0.4,
      runSeconds: 0.41,
      requests: 4,
      succeeded: 2,
      failures: 2,
      cancelled: 0,
      byClass: { refused: 1, reset: 1, timeout: 0, http5xx: 0, other: 0 },
      errors: { ECONNREFUSED: 1, ECONNRESET: 1 },
      byMode: {
        fresh: { requests: 2, succeeded: 1, failures: 1, byClass: { refused: 0, reset: 1, timeout: 0, http5xx: 0, other: 0 } },
        keepalive: { requests: 2, succeeded: 1, failures: 1, byClass: { refused: 1, reset: 0, timeout: 0, http5xx: 0, other: 0 } },
      },
      longestOutageSeconds: 0.2,
      longestOutage: { fromSeconds: 0.1, toSeconds: 0.3, seconds: 0.2, requests: 2, endedBy: 'success' },
      latency: { count: 2, p50: 2, p95: 4, p99: 4, max: 4 },
      versions: [
        { version: 'v1', count: 1, firstSeenSeconds: 0, lastSeenSeconds: 0 },
        { version: 'v2', count: 1, firstSeenSeconds: 0.3, lastSeenSeconds: 0.3 },
      ],
      versionSwitches: [{ atSeconds: 0.3, from: 'v1', to: 'v2' }],
      versionSwitchCount: 1,
      unversioned: 0,
      // no connection in this log: the failures have no version to inherit, and nothing is a sample
      byVersion: [
        { version: 'v1', requests: 1, succeeded: 1, failures: 0, byClass: NONE, latency: { count: 1, p50: 2, p95: 2, p99: 2, max: 2 }, connections: 0, samples: 0 },
        { version: 'v2', requests: 1, succeeded: 1, failures: 0, byClass: NONE, latency: { count: 1, p50: 4, p95: 4, p99: 4, max: 4 }, connections: 0, samples: 0 },
        {
          version: 'unknown',
          requests: 2,
          succeeded: 0,
          failures: 2,
          byClass: { ...NONE, refused: 1, reset: 1 },
          latency: { count: 0, p50: null, p95: null, p99: null, max: null },
          connections: 0,
          samples: 0,
        },
      ],
      shares: [],
      during: null,
      tail: null,
    });
    expect(JSON.parse(formatJsonReport(report))).toEqual(report);
  });

  test('a failed --during command makes it an error (exit 2), whatever the requests did', () => {
    const clean = new RequestLog(1);
    clean.complete(clean.add(0), 1, { kind: 'ok', status: 200 });
    const report = buildReport({ ...base, log: clean, endReason: 'during-exited', during: { command: 'kubectl rollout status x', exitCode: 1, signal: null, startedMs: 0, endedMs: 1500 } });
    expect(report.verdict).toBe('error');
    expect(report.exitCode).toBe(2);
    expect(report.problems).toEqual(['the --during command exited with code 1']);
    expect(report.during).toEqual({
      command: 'kubectl rollout status x',
      exitCode: 1,
      signal: null,
      startedSeconds: 0,
      endedSeconds: 1.5,
      durationSeconds: 1.5,
      error: null,
      stoppedBy: null,
      failed: true,
    });
  });

  describe('the tail: what the run watched after the --during command exited', () => {
    const during = { command: 'kubectl rollout status deployment/web', exitCode: 0, signal: null, startedMs: 0, endedMs: 150 };

    test('counts the requests sent after the command, and which of them failed: in the report, the JSON and the text', () => {
      // the command exits at 150 ms: the reset at 200 ms comes after it, the refused at 100 ms before
      const report = buildReport({ ...base, log: log(), endReason: 'during-exited', during, options: { ...base.options, tailMs: 250, tailOrigin: 'option' } });
      expect(report.tail).toEqual({
        seconds: 0.25,
        origin: 'option',
        reason: '--tail 250ms: at most the 5s margin; old pods still terminating after the command are not watched',
        watchedSeconds: 0.25,
        requests: 2,
        failures: 1,
        byClass: { refused: 0, reset: 1, timeout: 0, http5xx: 0, other: 0 },
      });
      expect(Object.keys(report).slice(-2)).toEqual(['during', 'tail']);
      expect(JSON.parse(formatJsonReport(report)).tail).toEqual(report.tail);
      const text = formatTextReport(report).split('\n');
      expect(text.slice(-5)).toEqual([
        '  during          "kubectl rollout status deployment/web" exited with code 0 after 0.15 s',
        '  tail            0.25 s watched after the --during command exited: 2 requests, 1 failed (reset 1)',
        '                  why: --tail 250ms: at most the 5s margin; old pods still terminating after the command are not watched',
        '                  ! the rollout was not over for clients when the command returned: 1 reset by an old pod that cut its connections while terminating (docs/verify.md, "The termination window")',
        '',
      ]);
    });

    test('the default tail says why it lasts 35 s', () => {
      const clean = new RequestLog(1);
      clean.complete(clean.add(0), 1, { kind: 'ok', status: 200 });
      const report = buildReport({ ...base, log: clean, endReason: 'during-exited', during, sendStoppedMs: 35_150, endedMs: 35_160 });
      expect(report.tail).toEqual(expect.objectContaining({ seconds: 35, origin: 'default', watchedSeconds: 35, requests: 0, failures: 0 }));
      expect(formatTextReport(report)).toContain(
        "\n  tail            35.00 s watched after the --during command exited: 0 requests, 0 failed\n" +
          "                  why: default: Kubernetes' default terminationGracePeriodSeconds, 30s, plus a 5s margin: the longest an old pod can hold connections after kubectl rollout status returns\n",
      );
    });

    test('--timeout reached during the tail is an error (exit 2): the last old pods were not watched to the end', () => {
      const report = buildReport({ ...base, log: log(), endReason: 'timeout', during, sendStoppedMs: 10_150, endedMs: 10_160, timeoutMs: 10_150 });
      expect(report.exitCode).toBe(2);
      expect(report.problems).toEqual([
        '--timeout (10.15s) was reached 10.00 s into the 35s tail: old pods still terminating were not watched to the end; raise --timeout',
      ]);
      expect(report.tail!.watchedSeconds).toBe(10);
    });

    test('a command stopped by verify (--timeout, Ctrl-C) has no tail', () => {
      const report = buildReport({ ...base, log: log(), endReason: 'timeout', during: { ...during, stoppedBy: 'timeout' }, timeoutMs: 1000 });
      expect(report.tail).toEqual(expect.objectContaining({ watchedSeconds: 0, requests: 0, failures: 0 }));
      expect(report.problems).toEqual(['the --during command was still running at --timeout (1s) and was stopped']);
    });
  });

  test('the text report', () => {
    expect(formatTextReport(buildReport({ ...base, log: log() }))).toBe(
      [
        'verify FAIL: 2 of 4 requests failed (exit 1)',
        '  ! 2 failed requests (refused 1, reset 1) came on connections that never answered with a version: their version is unknown',
        '  url             http://127.0.0.1:8080/',
        '  run             4 requests at 10/s for 0.40 s (--duration elapsed), 0.41 s in all',
        '  results         2 ok, 2 failed',
        '  failures        refused 1, reset 1, timeout 0, http5xx 0, other 0',
        '  errors          ECONNREFUSED ×1, ECONNRESET ×1',
        '  by connection   fresh      2 sent, 1 failed (reset 1)',
        '                  kept-alive 2 sent, 1 failed (refused 1)',
        '  longest outage  0.20 s: 2 requests failed in a row, from t+0.10 s to t+0.30 s',
        '  latency         p50 2 ms, p95 4 ms, p99 4 ms, max 4 ms (of 2 successful requests)',
        '  versions        v1  1 answer, t+0.00 s to t+0.00 s',
        '                  v2  1 answer, t+0.30 s to t+0.30 s',
        '  switches        1: v1 → v2 at t+0.30 s',
        '  by version      v1       1 request, 0 failed; p50 2 ms, p99 2 ms, max 2 ms; 0 connections',
        '                  v2       1 request, 0 failed; p50 4 ms, p99 4 ms, max 4 ms; 0 connections',
        '                  unknown  2 requests, 2 failed (refused 1, reset 1); 0 connections',
        '                  a failed request without an answer counts for the version last answered on its connection; unknown: its connection never answered',
        '',
      ].join('\n'),
    );
  });
});
