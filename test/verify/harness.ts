/**
 * Test harness of `cdk8s-zero-downtime verify`: runs the command as a real process
 * (the bundle of lib/cli/main.ts made by jest's global setup, see test/support/cli.ts) against HTTP servers in the jest process.
 * Every server listens on 127.0.0.1 with port 0 (the OS picks a free port): no test sends traffic
 * anywhere but loopback.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { cliArgs, runCliInProcess } from '../support/cli';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The only address tests listen on and send to. */
export const LOOPBACK = '127.0.0.1';
/** A child still running after this long is killed and the test fails: nothing can hang the suite. */
const CHILD_LIMIT_MS = 25_000;

/** The outcome of one `verify` process. */
export interface CliRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, Node start and the esbuild bundle included. */
  readonly elapsedMs: number;
  /** Set when the harness had to kill the child (it overran `CHILD_LIMIT_MS`). */
  readonly killedByHarness: boolean;
}

/** A `verify` process on its way. */
export interface CliProcess {
  readonly child: ChildProcess;
  readonly done: Promise<CliRun>;
}

/** Starts `cdk8s-zero-downtime verify <args>` as a child process, stdin closed, not a terminal. */
export function startVerify(args: readonly string[]): CliProcess {
  const started = Date.now();
  const child = spawn(process.execPath, [...cliArgs(), 'verify', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  let killedByHarness = false;
  const limit = setTimeout(() => {
    killedByHarness = true;
    child.kill('SIGKILL');
  }, CHILD_LIMIT_MS);
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr, elapsedMs: Date.now() - started, killedByHarness });
    });
  });
  return { child, done };
}

/** Runs `verify <args>` to the end. */
export function runVerify(args: readonly string[]): Promise<CliRun> {
  return startVerify(args).done;
}

/**
 * Runs `verify <args>` in this process (the entry point the bin runs, with in-memory streams, nothing on
 * stdin, an empty environment): for usage errors and for the measurement itself, whose exit codes and
 * streams the process runs above already cover.
 */
export async function runVerifyInProcess(args: readonly string[]): Promise<CliRun> {
  const started = Date.now();
  const run = await runCliInProcess(['verify', ...args]);
  return { ...run, signal: null, elapsedMs: Date.now() - started, killedByHarness: false };
}

/** Parses the JSON report on stdout, with the run's output in the error if it is not JSON. */
export function jsonReport(run: CliRun): any {
  try {
    return JSON.parse(run.stdout);
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code})\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
  }
}

/** Listens on 127.0.0.1 (port 0: a free one, or the given one) and resolves with the port. */
export function listen(server: net.Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(port, LOOPBACK, () => {
      server.off('error', onError);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Closes a server and every connection it still has. */
export function closeServer(server: http.Server | net.Server): Promise<void> {
  return new Promise((resolve) => {
    if ('closeAllConnections' in server) server.closeAllConnections();
    if (!server.listening) return resolve();
    server.close(() => resolve());
  });
}

/** A page answering `myapp <version>` with the header `X-App-Version: <version>`. */
export function versionPage(version: string, res: http.ServerResponse): void {
  res.setHeader('x-app-version', version);
  res.setHeader('content-type', 'text/html');
  res.end(`<h1>myapp ${version}</h1>\n`);
}

/** An HTTP server on 127.0.0.1 that counts the requests it receives (by arrival). */
export interface CountingServer {
  readonly server: http.Server;
  readonly port: number;
  readonly url: string;
  /** Requests received so far. */
  readonly count: () => number;
}

/**
 * Starts a counting server; `handler` gets the 1-based number of each request by arrival.
 */
export async function countingServer(handler: (n: number, req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<CountingServer> {
  let n = 0;
  const server = http.createServer((req, res) => handler(++n, req, res));
  const port = await listen(server);
  return { server, port, url: `http://${LOOPBACK}:${port}/`, count: () => n };
}

/**
 * A TCP front on 127.0.0.1 that sends each new connection to the backend port of the moment, as
 * kube-proxy sends new connections to the Service's current endpoints; a connection stays with the
 * backend it was opened to until one side closes it. Closes from either side are passed through.
 */
export interface TcpFront {
  readonly port: number;
  readonly url: string;
  /** New connections go to `port` from now on. */
  route(port: number): void;
  close(): Promise<void>;
}

/** Starts a `TcpFront` routing to `initialPort`. */
export async function tcpFront(initialPort: number): Promise<TcpFront> {
  let target = initialPort;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target, LOOPBACK);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    const abort = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', abort);
    upstream.on('error', abort);
    // pipe ends the other side when one side ends (allowHalfOpen is off): a backend's close after
    // `Connection: close` reaches the client after the last byte of the answer
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await listen(server);
  return {
    port,
    url: `http://${LOOPBACK}:${port}/`,
    route: (p) => {
      target = p;
    },
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await closeServer(server);
    },
  };
}

/** Whether process `pid` is still running (a zombie, killed but not yet reaped, counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; Z = zombie (dead, waiting for its parent to reap it)
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): kill(pid, 0) said it exists
  }
}

/** Resolves after `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
