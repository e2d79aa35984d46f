import { Command } from 'commander';
import { formatProblem } from '../internal/problems';
import { errorPrefix } from './cli-errors';
import { ExitCode } from '../internal/exit-codes';
import { formatOption } from './output-format';
import { CliContext } from './context';
import { KILL_GRACE_MS } from '../verify/during-command';
import { formatDuration } from '../verify/duration';
import { KEEPALIVE_POOL_SIZE } from '../verify/http-probe';
import { DEFAULT_GRACE_PERIOD_MS, parseVerifyOptions, RawVerifyOptions, TAIL_MARGIN_MS, VERIFY_DEFAULTS, VERIFY_LIMITS } from '../verify/options';
import { formatJsonReport, formatTextReport } from '../verify/report';
import { runVerify } from '../verify/run-verify';

const EXAMPLES = `
Examples:
  # watch a site for 30 s (10 requests/s)
  $ cdk8s-zero-downtime verify --url http://127.0.0.1:8080/

  # prove a rollout drops nothing: exit 1 if any request failed, 2 if the rollout itself failed;
  # requests go on ${formatDuration(VERIFY_DEFAULTS.tailMs)} after it, while the last old pods terminate
  $ cdk8s-zero-downtime verify --url http://127.0.0.1:30080/ --version-header X-App-Version \\
      --during "kubectl -n myapp rollout restart deployment/myapp && kubectl -n myapp rollout status deployment/myapp --timeout=5m"

  # the same, with the tail for the pods' own grace period (40s): \`cdk8s-zero-downtime plan\` prints it
  $ cdk8s-zero-downtime verify --url http://127.0.0.1:30080/ --tail 45s \\
      --during "kubectl rollout restart deployment/myapp -n myapp && kubectl rollout status deployment/myapp -n myapp --timeout=6m"

  # one minute, version read from the page body, report as JSON for CI
  $ cdk8s-zero-downtime verify --url https://example.test/ --duration 1m --version-pattern "(v\\d+)" --format json

  # the analysis gate of a canary at 25 %: exit 1 if a version fails or v2's share is off
  $ cdk8s-zero-downtime verify --url https://shop.example.test/ --duration 2m --rate 20 \\
      --version-header X-App-Version --expect-share v2=25% --format json

The tail:
  kubectl rollout status returns once the last old pod is deleted, not once it is gone: it runs its preStop
  hook, gets SIGTERM and drains, for up to terminationGracePeriodSeconds. A server that drops its
  kept-alive connections at SIGTERM fails requests then, after the command. So requests go on for
  --tail after the command: by default ${formatDuration(VERIFY_DEFAULTS.tailMs)}, Kubernetes' default grace period (${formatDuration(DEFAULT_GRACE_PERIOD_MS)}) + ${formatDuration(TAIL_MARGIN_MS)};
  give your pods' grace period + ${formatDuration(TAIL_MARGIN_MS)}. The report says how long it watched, and what failed then.

How it measures:
  Request k is sent k/rate seconds after the start, never earlier; requests do not wait for each other.
  Even requests open a fresh connection (Connection: close), odd ones reuse a pool of up to ${KEEPALIVE_POOL_SIZE}
  kept-alive connections. No retry, no redirect. A 1xx-3xx answer read to its end is a success;
  failures are classed refused, reset, timeout, http5xx (500-599) or other (4xx, DNS, TLS, ...).

Per version, and the expected share:
  With --version-header or --version-pattern the report gives each version's requests, failures,
  latency and connections, and names a version that fails while another is fine. A failed request
  without an answer counts for the version last answered on its connection (unknown: it never answered).
  --expect-share v2=25% judges v2's share of new connections: kube-proxy picks a backend per
  connection, so each new connection's first answer is one sample, and a kept-alive connection is one
  sample however many requests it carries. Passes when the share lies within p +- 2.576 x sqrt(p(1-p)/n)
  (p = 0.25 here, n the samples: 99 %); cannot judge (exit 2) below 10 expected samples on each side.

Bounds:
  At most floor(rate x --duration) requests, or floor(rate x --timeout) with --during. Sending stops at
  --duration, or --tail after the --during command exits, or at --timeout; answers in flight then get
  --request-timeout. At --timeout everything stops: requests in flight are cancelled and the command's
  process group gets SIGTERM, then SIGKILL ${formatDuration(KILL_GRACE_MS)} later.

Exit codes:
  0  every request succeeded (and every --expect-share is within its interval)
  1  at least one request failed, or a version's share is outside its interval
  2  bad usage, the --during command failed (non-zero exit, signal, or still running at --timeout),
     --timeout cut the tail short, the run was interrupted (Ctrl-C), or an --expect-share cannot be
     judged (too few new connections) while nothing failed

The report goes to stdout; progress and the --during command's output go to stderr.
See docs/verify.md.
`;

/** Registers `verify`: requests at a fixed rate during a rollout, failing on any dropped request. */
export function registerVerify(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description('Send requests at a fixed rate, e.g. during a rollout, and fail if any of them is dropped.')
    .option('--url <url>', 'page to request, http:// or https:// (required)')
    .option('--during <cmd>', 'shell command run alongside (sh -c), e.g. a rollout; the run lasts while it runs, plus --tail')
    .option('--rate <n>', `requests per second, half on fresh connections, half kept-alive (default: ${VERIFY_DEFAULTS.rate}, at most ${VERIFY_LIMITS.maxRate})`)
    .option('--duration <d>', `how long to send requests, without --during (default: ${formatDuration(VERIFY_DEFAULTS.durationMs)})`)
    .option(
      '--tail <d>',
      `how long to keep sending after the --during command exits, while old pods terminate: their grace period + ${formatDuration(TAIL_MARGIN_MS)} ` +
        `(default: ${formatDuration(VERIFY_DEFAULTS.tailMs)}, for Kubernetes' default grace period of ${formatDuration(DEFAULT_GRACE_PERIOD_MS)})`,
    )
    .option('--timeout <d>', `cap on the whole run, the --during command included (default: ${formatDuration(VERIFY_DEFAULTS.timeoutMs)})`)
    .option('--request-timeout <d>', `time allowed per request, to the last byte of the answer (default: ${formatDuration(VERIFY_DEFAULTS.requestTimeoutMs)})`)
    .option('--version-header <name>', 'response header carrying the served version, e.g. X-App-Version')
    .option('--version-pattern <regex>', 'regular expression finding the version in the body (or in --version-header); its first capture group is the version')
    .option(
      '--expect-share <version=percent>',
      'share of new connections a version must answer, e.g. v2=25% (repeatable; needs --version-header or --version-pattern); judged at 99 % over connections, not requests',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .addOption(formatOption())
    .addHelpText('after', EXAMPLES)
    .action(async (raw: RawVerifyOptions) => {
      const parsed = parseVerifyOptions(raw);
      if (!parsed.ok) {
        for (const problem of parsed.problems) ctx.io.stderr.write(`${errorPrefix('verify')}${formatProblem(problem)}\n`);
        ctx.io.stderr.write('(run cdk8s-zero-downtime verify --help for usage)\n');
        ctx.exitCode = ExitCode.USAGE;
        return;
      }
      const options = parsed.options;
      const controller = new AbortController();
      const onSignal = (): void => controller.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const report = await runVerify(options, { stderr: ctx.io.stderr, env: ctx.io.env }, controller.signal);
        ctx.io.stdout.write(options.format === 'json' ? formatJsonReport(report) : formatTextReport(report));
        ctx.exitCode = report.exitCode;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
    });
}
