#!/usr/bin/env node
/**
 * The packed bin's `verify`, as a user runs it (called by scripts/test-package.sh with the installed
 * bin's path): against a stable local server it passes (exit 0); against a server that refuses
 * connections for a moment (the abrupt replacement of scripts/e2e-kind.sh's exempted run) and one that
 * answers 503 for a moment, it fails (exit 1) with the failures counted in the right class; every run
 * stays within its rate and time bounds. Servers listen on 127.0.0.1 only, port chosen by the OS.
 *
 * Usage: node scripts/package-verify.mjs <path to node_modules/.bin/cdk8s-zero-downtime>
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';

const bin = process.argv[2];
if (!bin) {
  process.stderr.write('usage: node scripts/package-verify.mjs <bin>\n');
  process.exit(64);
}

/** A server on 127.0.0.1 whose handler decides each answer; resolves with it and its port. */
function serve(handler, port = 0) {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port })));
}

function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Runs `bin verify ...args --format json`; resolves with exit code, report and elapsed seconds. */
function verify(args) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['verify', ...args, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const limit = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      let report;
      try {
        report = JSON.parse(out);
      } catch {
        reject(new Error(`verify printed no JSON report (exit ${code}):\n${out}\n${err}`));
        return;
      }
      resolve({ code, report, seconds: (Date.now() - started) / 1000 });
    });
  });
}

function expect(condition, message) {
  if (!condition) {
    process.stderr.write(`package verify test FAILED: ${message}\n`);
    process.exit(1);
  }
}

const ok = (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('v1\n');

// 1. a stable server: 0 failures, exit 0, exactly rate x duration requests
{
  const { server, port } = await serve(ok);
  const r = await verify(['--url', `http://127.0.0.1:${port}/`, '--rate', '20', '--duration', '2s']);
  await close(server);
  expect(r.code === 0, `stable server: exit ${r.code}, want 0`);
  expect(r.report.failures === 0, `stable server: ${r.report.failures} failures`);
  expect(r.report.requests === 40, `stable server: ${r.report.requests} requests, want 40 (20/s for 2 s)`);
  expect(r.seconds < 10, `stable server: took ${r.seconds} s`);
  console.log(`package verify: stable server -> exit 0, ${r.report.requests} requests, 0 failures (${r.seconds.toFixed(1)} s)`);
}

// 2. an abrupt replacement: the port refuses connections for 0.6 s, then a new server listens on it
{
  let { server, port } = await serve(ok);
  const run = verify(['--url', `http://127.0.0.1:${port}/`, '--rate', '20', '--duration', '3s', '--request-timeout', '1s']);
  await new Promise((r) => setTimeout(r, 1000));
  await close(server);
  await new Promise((r) => setTimeout(r, 600));
  ({ server } = await serve(ok, port));
  const r = await run;
  await close(server);
  expect(r.code === 1, `refused window: exit ${r.code}, want 1`);
  expect(r.report.byClass.refused > 0, `refused window: byClass ${JSON.stringify(r.report.byClass)}`);
  expect(r.report.requests <= 60, `refused window: ${r.report.requests} requests > 60`);
  expect(r.report.longestOutageSeconds > 0, 'refused window: no outage window reported');
  console.log(`package verify: refused window -> exit 1, ${r.report.failures} of ${r.report.requests} failed ${JSON.stringify(r.report.byClass)}, outage ${r.report.longestOutageSeconds} s`);
}

// 3. a window of 503 answers
{
  const start = Date.now();
  const { server, port } = await serve((req, res) => {
    const t = Date.now() - start;
    if (t > 800 && t < 1400) res.writeHead(503).end('unavailable\n');
    else ok(req, res);
  });
  const r = await verify(['--url', `http://127.0.0.1:${port}/`, '--rate', '20', '--duration', '2s']);
  await close(server);
  expect(r.code === 1, `503 window: exit ${r.code}, want 1`);
  expect(r.report.byClass.http5xx > 0, `503 window: byClass ${JSON.stringify(r.report.byClass)}`);
  expect(r.report.requests <= 40, `503 window: ${r.report.requests} requests > 40`);
  console.log(`package verify: 503 window -> exit 1, ${r.report.byClass.http5xx} http5xx of ${r.report.requests}`);
}
