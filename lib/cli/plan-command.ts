import { Command } from 'commander';
import { allPlans, planDeployments, renderPlanSvg, renderPlanText } from '../plan';
import { RuleEngine } from '../engine/check';
import { errorPrefix } from './cli-errors';
import { ExitCode } from '../internal/exit-codes';
import { BaselineOptions, baselineUsageProblem, readBaseline } from './check-baseline';
import { inputProblems, writeProblems } from './input-problems';
import { readManifestsOrReport } from './inputs';
import { reportRollouts, rolloutLines } from './rollouts-report';
import { formatOption } from './output-format';
import { CliContext } from './context';

/** Output formats of `plan`. */
export type PlanFormat = 'text' | 'json' | 'svg';

const HELP_AFTER = `
For every Deployment in the input (files, directories of .yaml/.yml/.json, or - for stdin), paired
with its Services, PodDisruptionBudgets and HorizontalPodAutoscaler like \`check\` does (StatefulSets
and DaemonSets too, by their own controllers' rules):
  replicas          spec.replicas, or the autoscaler's minReplicas (and what changes at maxReplicas)
  surge/unavailable maxSurge and maxUnavailable in pods (default 25%; surge rounds up, unavailable down)
  waves             times the rollout waits for new pods to become available
  min available     the fewest available pods during the rollout
  peak pods         the most pods at once; the surge's CPU/memory requests, checked against the
                    namespace's ResourceQuota (LimitRange defaults fill missing requests)
  rollout           waves x (readiness delay + period x successThreshold [+1 period] + minReadySeconds),
                    compared with progressDeadlineSeconds (default 600); old pods then serve on for
                    preStop + drain, within the grace period
  drain             a node drain as kubectl drain and the eviction API do it, for a node holding
                    1, 2, ... of the pods: evictions at once, fewest Ready and available pods (the
                    budget counts Ready pods, not minReadySeconds), pods terminating at once, and
                    the time until they are gone (kubectl retries a refused eviction every 5 s)
and the risks, in plain sentences. Times leave out image pull and start-up beyond the probes.
For each release (two Deployments behind one Service: split by pod ratio; or an HTTPRoute rule
with weighted backendRefs: split by weight), versions by app.kubernetes.io/version and
zero-downtime.cdk8s.io/track (else by name): pods, traffic share, capacity share (pods of all
pods), load per pod, and what promote, abort and a new share will roll and how long it takes.
See docs/plan.md for the rules behind each number.

Formats:
  text  one table per namespace, then each Deployment's details and risks (default)
  json  {"deployments": [...], "statefulSets": [...], "daemonSets": [...], "releases": [...], "leavesOut": [...]},
        a stable shape (docs/plan.md)
  svg   one standalone SVG document: a rollout panel per Deployment (old, new and available
        pods over the estimated time, progress deadline marked), then a node-drain panel per
        workload whose pods a drain evicts, then a panel per release (traffic against
        capacity share per version, the next steps); redirect it to a file

Exit codes: 0 planned (risks or not), 1 with --fail-on-risk when any workload has a risk,
2 bad usage, unreadable input, a YAML syntax error, a field of the wrong type in an object plan
reads (replicas: "3", a template that is not an object), or no Kubernetes object at all.

Examples:
  $ cdk8s-zero-downtime plan dist/
  $ cdk8s-zero-downtime plan --format svg dist/myapp.k8s.yaml > rollout.svg
  $ helm template my-release ./chart | cdk8s-zero-downtime plan --format json - | jq '.deployments[] | {name, waves, peakPods}'
  $ kustomize build overlays/prod | cdk8s-zero-downtime plan --fail-on-risk -
  $ cdk8s-zero-downtime plan --baseline-git origin/main dist/   # which workloads this change rolls

With --baseline (the render before the change) or --baseline-git <ref>, plan says first which
workloads the change rolls (a changed pod template), creates, removes or leaves alone, as
check --baseline does; JSON adds "baseline" and "rollouts".
`;

/** The options of `plan`. */
interface PlanOptions extends BaselineOptions {
  readonly format: PlanFormat;
  readonly failOnRisk?: boolean;
}

/** Registers `plan`: what a rollout and a node drain will do, before they happen. */
export function registerPlan(program: Command, ctx: CliContext): void {
  program
    .command('plan')
    .description('show what a rollout and a node drain will do, before they happen: waves, peak pods, surge requests, time, risks')
    .argument('<paths...>', 'files, directories, or - for stdin')
    .addOption(formatOption(['text', 'json', 'svg']))
    .option('--fail-on-risk', 'exit 1 when any workload has a risk (default: exit 0 whatever the plan says)')
    .option('--baseline <path>', 'the render before the change (file, directory or -): say which workloads the change rolls; repeatable', (value: string, list: string[]) => [...list, value], [] as string[])
    .option('--baseline-git <ref>', 'the planned paths as they are at this git revision, as the baseline')
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], opts: PlanOptions) => {
      ctx.exitCode = await runPlan(paths, opts, ctx);
    });
}

async function runPlan(paths: string[], opts: PlanOptions, ctx: CliContext): Promise<ExitCode> {
  const { format } = opts;
  const failOnRisk = opts.failOnRisk === true;
  const wrong = baselineUsageProblem(opts, paths);
  if (wrong !== undefined) {
    ctx.io.stderr.write(`${errorPrefix('plan')}${wrong}\n`);
    return ExitCode.USAGE;
  }
  const input = await readManifestsOrReport(paths, ctx.io, 'plan', 'nothing was planned');
  if (!input) return ExitCode.USAGE;
  // A workload whose fields have the wrong type cannot be planned as written: say so, never "no Deployment".
  const { problems } = inputProblems(input, RuleEngine.analyze(input.objects.map((o) => o.object), { rules: [] }));
  if (problems.length > 0) {
    writeProblems('plan', problems, 'nothing was planned', ctx.io.stderr);
    return ExitCode.USAGE;
  }
  const baseline = await readBaseline(opts, paths, ctx.io.stdin, ctx.io.cwd ?? process.cwd());
  if (baseline && baseline.errors.length > 0) {
    writeProblems('plan', baseline.errors, 'in the baseline: nothing was planned', ctx.io.stderr);
    return ExitCode.USAGE;
  }
  const report = planDeployments(
    input.objects.map((o) => o.object),
    { sources: input.objects.map((o) => o.source) },
  );
  // With a baseline: which workloads this change rolls (a changed pod template), and which it leaves alone.
  const rollouts = baseline ? reportRollouts(baseline.objects, input.objects) : undefined;
  if (format === 'json') {
    const withChange = rollouts && baseline ? { ...report, baseline: { objects: baseline.objects.length, files: baseline.files }, rollouts } : report;
    ctx.io.stdout.write(`${JSON.stringify(withChange, null, 2)}\n`);
  } else if (format === 'svg') {
    ctx.io.stdout.write(renderPlanSvg(report));
  } else {
    if (rollouts) ctx.io.stdout.write(`${rolloutLines(rollouts).join('\n')}\n\n`);
    ctx.io.stdout.write(renderPlanText(report));
  }
  return failOnRisk && allPlans(report).some((d) => d.risks.length > 0) ? ExitCode.FINDINGS : ExitCode.OK;
}
