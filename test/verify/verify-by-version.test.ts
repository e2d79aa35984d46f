/**
 * `verify` per version, in-process: `--expect-share` parsing, the share statistics (share.ts), the
 * attribution of requests to versions through their connections (by-version.ts), and how both make
 * the report's verdict. The same against real servers: verify-servers.test.ts, "per version".
 */
import * as fc from 'fast-check';
import { UNKNOWN_VERSION, versionBreakdown, versionFailureFindings, VersionResult } from '../../lib/verify/by-version';
import { parseVerifyOptions } from '../../lib/verify/options';
import { buildReport, formatTextReport } from '../../lib/verify/report';
import { RequestLog } from '../../lib/verify/request-log';
import { judgeShare, minSamplesFor, SHARE_Z, shareInterval } from '../../lib/verify/share';

const NONE = { refused: 0, reset: 0, timeout: 0, http5xx: 0, other: 0 };
const PREFIX_ALLOWED =
  'allowed: VERSION=PERCENT, a version as the answers name it and a share from 0 to 100 (e.g. v2=25%), each version once, the shares adding up to at most 100%.';

describe('--expect-share', () => {
  test.each([
    [['v2=25%'], [{ version: 'v2', percent: 25 }]],
    [[' v2 = 25 '], [{ version: 'v2', percent: 25 }]],
    [['2.5.0=12.5%', '2.4.1=87.5%'], [{ version: '2.5.0', percent: 12.5 }, { version: '2.4.1', percent: 87.5 }]],
    [['v2=0%'], [{ version: 'v2', percent: 0 }]],
  ])('%j is %j', (given, shares) => {
    const parsed = parseVerifyOptions({ url: 'http://127.0.0.1/', versionHeader: 'X-App-Version', expectShare: given });
    expect(parsed.ok && parsed.options.expectShares).toEqual(shares);
  });

  test('fails for a bad value, a version named twice, shares above 100 % in all, and without a version option: every problem at once', () => {
    const parsed = parseVerifyOptions({ url: 'http://127.0.0.1/', expectShare: ['v2', 'v2=25%', 'v2=30%', 'v3=101%', 'v1=80%'] });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const lines = parsed.problems.map((p) => `${p.property} ${p.problem}, got ${JSON.stringify(p.value)}`);
    expect(lines).toEqual([
      '--expect-share is not VERSION=PERCENT, got "v2"',
      '--expect-share names v2 twice, got "v2=30%"',
      '--expect-share is above 100%, got "v3=101%"',
      '--expect-share adds up to 105%, got "v2 v2=25% v2=30% v3=101% v1=80%"',
      '--expect-share needs the version of each answer, got "v2 v2=25% v2=30% v3=101% v1=80%"',
    ]);
    expect(parsed.problems[0].fix).toBe('write it like --expect-share v2=25%');
    expect(`allowed: ${parsed.problems[0].allowed}.`).toBe(PREFIX_ALLOWED);
    expect(parsed.problems[4].fix).toBe('add --version-header NAME (e.g. X-App-Version) or --version-pattern REGEX');
  });
});

describe('the share statistics', () => {
  test.each([
    [0.25, 40],
    [0.5, 20],
    [0.1, 100],
    [0.9, 100],
    [0.05, 200],
    [0, 10],
    [1, 10],
  ])('at an expected share of %d, at least %d samples (10 expected on each side)', (p, n) => {
    expect(minSamplesFor(p)).toBe(n);
  });

  test('the 99 % interval: p ± 2.576·sqrt(p(1-p)/n)', () => {
    expect(SHARE_Z).toBe(2.576);
    const i = shareInterval(0.25, 1200);
    expect(i.tolerance).toBeCloseTo(0.0322, 4); // a 2-minute gate at 20/s: 1200 new connections
    expect(i.low).toBeCloseTo(0.2178, 4);
    expect(i.high).toBeCloseTo(0.2822, 4);
    expect(shareInterval(0.5, 4).tolerance).toBeCloseTo(0.644, 3); // 4 kept-alive connections: ± 64 %
    expect(shareInterval(0.05, 10)).toEqual(expect.objectContaining({ low: 0 })); // clipped to [0, 1]
  });

  test('inside the interval passes, outside fails, with the numbers', () => {
    expect(judgeShare({ version: 'v2', percent: 25 }, 30, 100)).toEqual({
      version: 'v2',
      expectedPercent: 25,
      observedPercent: 30,
      samples: 100,
      seen: 30,
      tolerancePercent: 11.2,
      lowPercent: 13.8,
      highPercent: 36.2,
      confidence: 0.99,
      minSamples: 40,
      verdict: 'pass',
      reason: 'v2: 30 % of 100 new connections (30), 25 % expected, 99 % interval 13.8 % to 36.2 % (± 11.2 %): inside',
    });
    const off = judgeShare({ version: 'v2', percent: 25 }, 41, 100);
    expect(off.verdict).toBe('fail');
    expect(off.reason).toBe('v2: 41 % of 100 new connections (41), 25 % expected, 99 % interval 13.8 % to 36.2 % (± 11.2 %): outside');
  });

  test('too few samples cannot judge: 4 kept-alive connections are 4 samples', () => {
    const r = judgeShare({ version: 'v2', percent: 25 }, 1, 4);
    expect(r.verdict).toBe('cannot-judge');
    expect(r.reason).toBe('v2: cannot judge the share (25 % expected): 25 % of 4 new connections (1), too few samples; at least 40 needed for 25 % (10 expected on each side)');
    expect(judgeShare({ version: 'v2', percent: 25 }, 0, 0)).toEqual(
      expect.objectContaining({ verdict: 'cannot-judge', observedPercent: null, lowPercent: null, reason: 'v2: cannot judge the share (25 % expected): no new connection answered with a version; at least 40 needed' }),
    );
  });

  test('0 % and 100 % are exact: one sample of the other kind fails at any n, none passes from 10 samples on', () => {
    expect(judgeShare({ version: 'v2', percent: 0 }, 1, 3)).toEqual(expect.objectContaining({ verdict: 'fail', reason: 'v2: 33.3 % of 3 new connections (1), 0 % expected exactly' }));
    expect(judgeShare({ version: 'v2', percent: 0 }, 0, 9).verdict).toBe('cannot-judge');
    expect(judgeShare({ version: 'v2', percent: 0 }, 0, 10).verdict).toBe('pass');
    expect(judgeShare({ version: 'v1', percent: 100 }, 10, 10).verdict).toBe('pass');
    expect(judgeShare({ version: 'v1', percent: 100 }, 499, 500).verdict).toBe('fail');
  });

  test('properties: the exact expectation passes with enough samples; the tolerance narrows as samples grow', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 50 }), (percent, k) => {
        const n = minSamplesFor(percent / 100) * k;
        const seen = Math.round((percent / 100) * n);
        // rounding seen moves the share by at most 1/(2n), well inside the tolerance at n ≥ minSamples
        expect(judgeShare({ version: 'v', percent }, seen, n).verdict).toBe('pass');
        expect(shareInterval(percent / 100, n * 4).tolerance).toBeCloseTo(shareInterval(percent / 100, n).tolerance / 2, 9);
      }),
    );
  });
});

describe('per version', () => {
  /**
   * Requests by connection (the log's order is the order sent):
   * - 1 (kept alive): v1, v1, reset            -> the reset is v1's: last answered on it
   * - 2 (fresh): refused                        -> unknown: never answered
   * - 3 (kept alive): 502 without version, v2   -> the 502 is v2's: the first answer after it
   * - 4 (fresh): 500 naming v2                  -> v2's by its answer
   * - 5 (kept alive): v2, reset                 -> v2
   * - 0 (no connection): timeout waiting for the pool -> unknown
   * - 6 (fresh): an answer without a version    -> unversioned, in no version
   */
  function log(): RequestLog {
    const l = new RequestLog(11);
    const ok = (t: number, connection: number, version?: string): void => l.complete(l.add(t), t + 5, { kind: 'ok', status: 200, version, connection });
    const failed = (t: number, connection: number | undefined, cls: 'reset' | 'refused' | 'http5xx' | 'timeout', version?: string): void =>
      l.complete(l.add(t), t + 1, { kind: 'failed', failure: { cls, detail: cls }, version, connection });
    ok(0, 1, 'v1');
    failed(10, 2, 'refused');
    failed(20, 3, 'http5xx');
    ok(30, 1, 'v1');
    failed(40, 4, 'http5xx', 'v2');
    ok(50, 3, 'v2');
    ok(60, 5, 'v2');
    failed(70, 1, 'reset');
    failed(80, 5, 'reset');
    failed(90, undefined, 'timeout');
    ok(100, 6);
    return l;
  }

  test('a failed request counts for the version its answer names, else the one answered on its connection, else unknown', () => {
    const b = versionBreakdown(log());
    expect(b.versions).toEqual([
      { version: 'v1', requests: 3, succeeded: 2, failures: 1, byClass: { ...NONE, reset: 1 }, latency: { count: 2, p50: 5, p95: 5, p99: 5, max: 5 }, connections: 1, samples: 1 },
      { version: 'v2', requests: 5, succeeded: 2, failures: 3, byClass: { ...NONE, reset: 1, http5xx: 2 }, latency: expect.objectContaining({ count: 2 }), connections: 3, samples: 3 },
      { version: UNKNOWN_VERSION, requests: 2, succeeded: 0, failures: 2, byClass: { ...NONE, refused: 1, timeout: 1 }, latency: expect.objectContaining({ count: 0 }), connections: 1, samples: 0 },
    ]);
    // samples: one per connection that answered with a version (1, 3, 4, 5), not one per request
    expect(b.samples).toBe(4);
  });

  test('in the report: every finished request is in one version or unversioned', () => {
    const report = buildReport({
      options: { url: new URL('http://127.0.0.1/'), rate: 10, tailMs: 0, tailOrigin: 'option', versionHeader: 'x-app-version' },
      log: log(),
      startedAt: new Date(0),
      endReason: 'duration',
      sendStoppedMs: 110,
      endedMs: 120,
    });
    const inVersions = report.byVersion.reduce((sum, v) => sum + v.requests, 0);
    expect(inVersions + report.unversioned).toBe(report.requests - report.cancelled);
    expect(report.findings).toEqual([
      'v1: 1 of 3 requests failed (reset 1)',
      'v2: 3 of 5 requests failed (reset 1, http5xx 2)',
      '2 failed requests (refused 1, timeout 1) came on connections that never answered with a version: their version is unknown',
    ]);
  });

  test('the finding names the failing version and the versions that had none', () => {
    const v = (version: string, requests: number, failures: number, reset = failures): VersionResult => ({
      version,
      requests,
      succeeded: requests - failures,
      failures,
      byClass: { ...NONE, reset },
      latency: { count: 0, p50: null, p95: null, p99: null, max: null },
      connections: 1,
      samples: 1,
    });
    expect(versionFailureFindings([v('v1', 400, 0), v('v2', 412, 7)])).toEqual(['v2: 7 of 412 requests failed (reset 7) while v1 had none']);
    expect(versionFailureFindings([v('v1', 400, 0), v('v2', 412, 7), v('v3', 10, 0)])).toEqual(['v2: 7 of 412 requests failed (reset 7) while v1 and v3 had none']);
    expect(versionFailureFindings([v('v1', 400, 0), v('v2', 412, 0)])).toEqual([]);
  });
});

describe('the verdict with --expect-share', () => {
  /** `n` new connections, each answering once, `v2` on every `every`-th, `failV2` of the v2 ones failing. */
  function sampled(n: number, every: number, failV2 = 0): RequestLog {
    const l = new RequestLog(n);
    let failed = 0;
    for (let c = 1; c <= n; c++) {
      const version = c % every === 0 ? 'v2' : 'v1';
      if (version === 'v2' && failed < failV2) {
        failed++;
        l.complete(l.add(c), c + 1, { kind: 'failed', failure: { cls: 'http5xx', detail: 'HTTP 500' }, status: 500, version, connection: c });
      } else {
        l.complete(l.add(c), c + 1, { kind: 'ok', status: 200, version, connection: c });
      }
    }
    return l;
  }
  const run = (l: RequestLog, percent: number) =>
    buildReport({
      options: { url: new URL('http://127.0.0.1/'), rate: 10, tailMs: 0, tailOrigin: 'option', versionHeader: 'x-app-version', expectShares: [{ version: 'v2', percent }] },
      log: l,
      startedAt: new Date(0),
      endReason: 'duration',
      sendStoppedMs: l.length,
      endedMs: l.length + 1,
    });

  test('within its interval: pass (exit 0)', () => {
    const report = run(sampled(200, 4), 25);
    expect(report.verdict).toBe('pass');
    expect(report.shares[0]).toEqual(expect.objectContaining({ samples: 200, seen: 50, observedPercent: 25, verdict: 'pass' }));
    expect(report.findings).toEqual([]);
  });

  test('outside its interval: fail (exit 1), the version and the numbers in the findings and the headline', () => {
    const report = run(sampled(200, 2), 25);
    expect(report.exitCode).toBe(1);
    expect(report.findings).toEqual(['v2: 50 % of 200 new connections (100), 25 % expected, 99 % interval 17.1 % to 32.9 % (± 7.9 %): outside']);
    const text = formatTextReport(report).split('\n');
    expect(text[0]).toBe('verify FAIL: 0 of 200 requests failed; the share of v2 is outside its interval (exit 1)');
    expect(text[1]).toBe('  ! v2: 50 % of 200 new connections (100), 25 % expected, 99 % interval 17.1 % to 32.9 % (± 7.9 %): outside');
    expect(text).toContain('                  samples: new connections, the first versioned answer on each (a backend is picked per connection: a kept-alive connection is one sample, not one per request); 99 % two-sided');
  });

  test('a version never seen: fail, with the versions that were', () => {
    const report = run(sampled(200, 1000), 25);
    expect(report.findings).toEqual(['v2: 0 % of 200 new connections (0), 25 % expected, 99 % interval 17.1 % to 32.9 % (± 7.9 %): outside; no new connection answered v2 (seen: v1)']);
  });

  test('too few samples and nothing failed: cannot judge, exit 2, with what to raise', () => {
    const report = run(sampled(8, 4), 25);
    expect(report.verdict).toBe('error');
    expect(report.exitCode).toBe(2);
    expect(report.problems).toEqual([
      'v2: cannot judge the share (25 % expected): 25 % of 8 new connections (2), too few samples; at least 40 needed for 25 % (10 expected on each side): raise --rate or --duration (half the requests open a new connection)',
    ]);
  });

  test('too few samples but a version failed: fail (exit 1), a failed request is evidence at any sample size', () => {
    const report = run(sampled(8, 4, 1), 25);
    expect(report.exitCode).toBe(1);
    expect(report.problems).toEqual([]);
    expect(report.findings).toEqual(['v2: 1 of 2 requests failed (http5xx 1) while v1 had none']);
    expect(report.shares[0].verdict).toBe('cannot-judge');
  });
});
