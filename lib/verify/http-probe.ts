/**
 * One request of a `verify` run, over a fresh connection or a kept-alive one, with Node's own client.
 */
import * as http from 'http';
import * as https from 'https';
import { classifyError, classifyStatus, Failure } from './classify';
import { VersionExtractor } from './version-extractor';

/**
 * How a request reaches the server:
 * - `fresh`: a new TCP connection, closed after the answer (`Connection: close`), as a new visitor;
 * - `keepalive`: a connection of a small pool that stays open between requests, as a browser or a
 *   reverse proxy. Kept-alive connections are where most rollout drops happen: the old pod's server
 *   closes them, or is killed, while requests are still sent on them.
 */
export type ConnectionMode = 'fresh' | 'keepalive';

/** Both connection modes, in report order. */
export const CONNECTION_MODES: readonly ConnectionMode[] = ['fresh', 'keepalive'];

/** Bytes of the body kept for `--version-pattern`; the rest is read and dropped. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Kept-alive connections in the pool (at most; the pool grows only when all are busy). */
export const KEEPALIVE_POOL_SIZE = 4;

/**
 * The outcome of one request. `connection` numbers the TCP connection it went on (1, 2, ... per run;
 * absent when it never got one, e.g. a timeout while waiting for a pooled connection): requests on one
 * kept-alive connection reach the backend that connection was opened to. A failed answer (`5xx`,
 * `4xx`) that names a version carries it too.
 */
export type ProbeOutcome =
  | { readonly kind: 'ok'; readonly status: number; readonly version?: string; readonly connection?: number }
  | { readonly kind: 'failed'; readonly failure: Failure; readonly status?: number; readonly version?: string; readonly connection?: number }
  /** Stopped by the run itself (`--timeout`, Ctrl-C) before it could finish: neither a success nor a failure. */
  | { readonly kind: 'cancelled' };

/** A request on its way. */
export interface InFlightProbe {
  /** Settles once, with the outcome; never rejects. */
  readonly done: Promise<ProbeOutcome>;
  /** Stops the request now; `done` settles with `cancelled` unless it has settled already. */
  cancel(): void;
}

/** The two agents of a run: one that never reuses a connection and one small kept-alive pool. */
export interface ProbeAgents {
  readonly fresh: http.Agent;
  readonly keepalive: http.Agent;
  /** The number of a connection of this run: 1 for the first one seen, 2 for the next, ... */
  connectionId(socket: object): number;
  /** Closes every connection of both agents. */
  destroy(): void;
}

/**
 * Creates the agents for a URL's scheme. The kept-alive pool uses `fifo` scheduling, so every pooled
 * connection is used in turn instead of the most recent one only, and a connection the server drops
 * while idle is found on the next request, as a browser or proxy would find it.
 */
export function createAgents(url: URL): ProbeAgents {
  const Agent = url.protocol === 'https:' ? https.Agent : http.Agent;
  const fresh = new Agent({ keepAlive: false });
  const keepalive = new Agent({ keepAlive: true, maxSockets: KEEPALIVE_POOL_SIZE, maxFreeSockets: KEEPALIVE_POOL_SIZE, scheduling: 'fifo' });
  const ids = new WeakMap<object, number>();
  let lastId = 0;
  return {
    fresh,
    keepalive,
    connectionId: (socket) => {
      let id = ids.get(socket);
      if (id === undefined) {
        id = ++lastId;
        ids.set(socket, id);
      }
      return id;
    },
    destroy: () => {
      fresh.destroy();
      keepalive.destroy();
    },
  };
}

/** What `startProbe` needs to send one request. */
export interface ProbeSpec {
  readonly url: URL;
  readonly mode: ConnectionMode;
  readonly agents: ProbeAgents;
  /** From the moment the request is created to the last byte of the answer, waiting for a pooled connection included. */
  readonly timeoutMs: number;
  readonly extractVersion?: VersionExtractor;
}

/**
 * Sends one GET request and resolves with its outcome: a 1xx-3xx answer read to its end is `ok`;
 * anything else is a classified failure (see `classifyError`, `classifyStatus`). Redirects are not
 * followed and nothing is retried: a client that retries would hide exactly what `verify` looks for.
 * One timer covers the whole request, and is always cleared.
 */
export function startProbe(spec: ProbeSpec): InFlightProbe {
  const client = spec.url.protocol === 'https:' ? https : http;
  const headers: http.OutgoingHttpHeaders = {
    'user-agent': 'cdk8s-zero-downtime-verify',
    accept: '*/*',
    connection: spec.mode === 'fresh' ? 'close' : 'keep-alive',
  };
  let settle!: (o: ProbeOutcome) => void;
  const done = new Promise<ProbeOutcome>((resolve) => (settle = resolve));
  let settled = false;
  let timer: NodeJS.Timeout | undefined;
  let connection: number | undefined;
  const finish = (outcome: ProbeOutcome): void => {
    if (settled) return;
    settled = true;
    if (timer) clearTimeout(timer);
    settle(connection === undefined || outcome.kind === 'cancelled' ? outcome : { ...outcome, connection });
  };

  const req = client.request(spec.url, { method: 'GET', headers, agent: spec.mode === 'fresh' ? spec.agents.fresh : spec.agents.keepalive });
  timer = setTimeout(() => {
    finish({ kind: 'failed', failure: { cls: 'timeout', detail: `no answer within ${spec.timeoutMs}ms` } });
    req.destroy();
  }, spec.timeoutMs);

  req.on('socket', (socket) => (connection = spec.agents.connectionId(socket)));
  req.on('error', (error) => finish({ kind: 'failed', failure: classifyError(error) }));
  req.on('response', (res) => {
    const status = res.statusCode ?? 0;
    const chunks: Buffer[] = [];
    let kept = 0;
    res.on('data', (chunk: Buffer) => {
      if (spec.extractVersion && kept < MAX_BODY_BYTES) {
        const part = chunk.subarray(0, MAX_BODY_BYTES - kept);
        chunks.push(part);
        kept += part.length;
      }
    });
    res.on('error', (error) => finish({ kind: 'failed', failure: classifyError(error), status }));
    res.on('close', () => {
      // 'close' without a complete body: the connection was cut in the middle of the answer
      if (!res.complete) finish({ kind: 'failed', failure: { cls: 'reset', detail: 'answer cut short' }, status });
    });
    res.on('end', () => {
      const version = spec.extractVersion?.(res.headers, Buffer.concat(chunks).toString('utf8'));
      const failure = classifyStatus(status);
      if (failure) {
        // a failed answer that names its version (an app's own 500) is that version's failure
        finish(version === undefined ? { kind: 'failed', failure, status } : { kind: 'failed', failure, status, version });
        return;
      }
      finish(version === undefined ? { kind: 'ok', status } : { kind: 'ok', status, version });
    });
  });
  req.end();

  return {
    done,
    cancel: () => {
      finish({ kind: 'cancelled' });
      req.destroy();
    },
  };
}
