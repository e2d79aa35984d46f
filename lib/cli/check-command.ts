import { Command } from 'commander';
import { Analysis, Finding, RuleEngine } from '../engine/check';
import { TransitionFinding, TransitionState } from '../engine/transition';
import { describeRef } from '../engine/object-ref';
import { ZeroDowntimeRules } from '../zero-downtime-rules';
import { describeValue } from '../internal/problems';
import { BaselineOptions, baselineUsageProblem, readBaseline } from './check-baseline';
import { inputProblems, writeProblems } from './input-problems';
import { plainRef, reportRollouts, rolloutLines } from './rollouts-report';
import { CheckReport, ReportProblem, ReportRollout, ReportSkip } from './check-report';
import { errorPrefix } from './cli-errors';
import { ExitCode } from '../internal/exit-codes';
import { LoadedInput, LoadedObject, readManifests } from './inputs';
import { formatOption } from './output-format';
import { toSarif } from './sarif';
import { CliContext } from './context';

export type { CheckReport } from './check-report';

const HELP_AFTER = `
Reads Kubernetes objects from files, directories (.yaml, .yml, .json, recursively) or - (stdin);
multi-document YAML and kind: List are expanded. Every Deployment is paired with the Services,
PodDisruptionBudgets, NetworkPolicies, HorizontalPodAutoscaler, Ingresses and HTTPRoutes that
reach it, and checked against the zero-downtime rules (docs/guardrails.md).

Exempt an object from one rule with the annotation
  zero-downtime.cdk8s.io/exempt-<rule id>: "<why the risk is acceptable>"

Nothing passes unread:
  - a field the rules read with the wrong type (replicas: "3", a template that is not an object, a
    quoted port number) is an input problem, with file, line and JSON path (exit 2);
  - a document that is not a Kubernetes object (no apiVersion and kind) is reported as skipped, and
    input with no Kubernetes object at all is an input problem (exit 2);
  - the rules that could not run on an object are listed with the reason, e.g. a Deployment no
    Service in the input selects: its traffic rules are not run (JSON: "skipped").
Deployments, StatefulSets and DaemonSets are judged, each by the rules that apply to its kind
(docs/guardrails.md, column "Applies to").

Check a change, not only the end state: with --baseline (the render before the change: files, folders
or -, repeatable) or --baseline-git <ref> (the same paths at a git revision, read with git, no checkout),
the transition rules compare the two renders too: immutable fields changed (the apply fails halfway),
workloads renamed or moved, Services that lose their endpoints or ports while the change is applied,
node ports and Service types changed, an Ingress replaced by an HTTPRoute in one step, replicas
dropped at once. Findings on an object the change removes point at the baseline ("state": "baseline").
The report lists which workloads the change rolls (JSON: "rollouts"). A path missing at the revision is
an empty baseline (a first render passes).

Exit codes: 0 no findings, 1 findings, 2 bad usage, unreadable input, a YAML syntax error or an
input problem (the report still lists the findings of everything else).

Examples:
  $ cdk8s-zero-downtime check dist/
  $ helm template my-release ./chart | cdk8s-zero-downtime check -
  $ kustomize build overlays/prod | cdk8s-zero-downtime check --format json -
  $ cdk8s-zero-downtime check --format sarif dist/ > results.sarif   # GitHub code scanning
  $ cdk8s-zero-downtime check --baseline-git origin/main dist/        # the change against main's dist/
  $ cdk8s-zero-downtime check --baseline old/ new/
`;

/** Registers `check`. */
export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('check rendered manifests against the zero-downtime rules')
    .argument('<paths...>', 'files, directories, or - for stdin')
    .addOption(formatOption(['text', 'json', 'sarif']))
    .option('--baseline <path>', 'the render before the change (file, directory or -); repeatable', (value: string, list: string[]) => [...list, value], [] as string[])
    .option('--baseline-git <ref>', 'the checked paths as they are at this git revision, as the baseline')
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], opts: CheckOptions) => {
      ctx.exitCode = await runCheck(paths, opts, program.version() ?? 'unknown', ctx);
    });
}

/** Output formats of `check`: text for people, JSON for scripts, SARIF 2.1.0 for code scanning. */
export type CheckFormat = 'text' | 'json' | 'sarif';

/** Options of `check`, as commander parses them. */
interface CheckOptions extends BaselineOptions {
  readonly format: CheckFormat;
}

/** The baseline of a run and what comparing it with the new render found. */
interface Comparison {
  readonly input: LoadedInput;
  readonly findings: TransitionFinding[];
  readonly rollouts: ReportRollout[];
}

async function runCheck(paths: string[], opts: CheckOptions, version: string, ctx: CliContext): Promise<ExitCode> {
  const { format } = opts;
  const usage = (message: string) => {
    ctx.io.stderr.write(`${errorPrefix('check')}${message}\n`);
    return ExitCode.USAGE;
  };
  const wrong = baselineUsageProblem(opts, paths);
  if (wrong !== undefined) return usage(wrong);
  const input = await readManifests(paths, ctx.io.stdin);
  const baselineInput = await readBaseline(opts, paths, ctx.io.stdin, ctx.io.cwd ?? process.cwd());
  const after = input.objects.map((o) => o.object);
  const analysis = RuleEngine.analyze(after);
  const comparison: Comparison | undefined = baselineInput && {
    input: baselineInput,
    findings: RuleEngine.compare(baselineInput.objects.map((o) => o.object), after),
    rollouts: reportRollouts(baselineInput.objects, input.objects),
  };
  const unreadable = input.errors.length > 0 || (baselineInput?.errors.length ?? 0) > 0;
  const report = toReport(input, analysis, comparison);
  if (report.problems.length > 0) writeProblems('check', report.problems, unreadable ? 'nothing was checked' : 'the findings of everything else are reported', ctx.io.stderr);
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else if (format === 'sarif') {
    const rules = comparison ? [...ZeroDowntimeRules.all(), ...ZeroDowntimeRules.transitions()] : ZeroDowntimeRules.all();
    const sarif = toSarif(report, rules, { version, cwd: ctx.io.cwd ?? process.cwd() });
    ctx.io.stdout.write(`${JSON.stringify(sarif, null, 2)}\n`);
  } else if (!unreadable) {
    ctx.io.stdout.write(renderText(report, analysis, comparison, input.files.length));
  }
  if (report.problems.length > 0) return ExitCode.USAGE;
  return report.findings.length > 0 ? ExitCode.FINDINGS : ExitCode.OK;
}

/**
 * The report of one run: with a file that cannot be read or parsed, nothing is checked (the objects
 * of a half-read input would be judged without the objects that pair with them); otherwise every
 * object is checked and fields of the wrong type are problems next to the findings.
 */
function toReport(input: LoadedInput, analysis: Analysis, comparison?: Comparison): CheckReport {
  const { objects } = input;
  const source = (index: number) => ({ file: objects[index].source.file, line: objects[index].source.line });
  const readProblems: ReportProblem[] = [...input.errors, ...(comparison?.input.errors ?? [])].map((e) => ({
    file: e.file,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    message: e.message,
  }));
  if (readProblems.length > 0) return { objects: 0, findings: [], problems: readProblems, skipped: [] };
  const { problems, objects: counted } = inputProblems(input, analysis);
  // In input order, once: the JSON report and the text grouping both read this order. Findings on
  // objects of the baseline (removed by the change) come last, in the baseline's order.
  const baselineObjects = comparison?.input.objects ?? [];
  const findings = orderedFindings(analysis, comparison);
  return {
    objects: counted,
    findings: findings.map(({ f, inBaseline }) => toReportFinding(f, inBaseline ? baselineObjects : objects, inBaseline)),
    problems,
    skipped: analysis.skipped.map((s): ReportSkip => ({
      ...(s.objectRef ? { object: plainRef(s.objectRef) } : {}),
      source: source(s.objectIndex),
      rules: s.rules,
      reason: s.reason,
    })),
    ...(comparison ? {
      baseline: { objects: baselineObjects.length, files: comparison.input.files },
      rollouts: comparison.rollouts,
    } : {}),
  };
}

/** Every finding in report order: by object in input order, those on objects of the baseline last. */
function orderedFindings(analysis: Analysis, comparison?: Comparison): Array<{ f: Finding; inBaseline: boolean }> {
  return [
    ...analysis.findings.map((f) => ({ f, inBaseline: false })),
    ...(comparison?.findings ?? []).map((f) => ({ f, inBaseline: f.state === TransitionState.BASELINE })),
  ].sort((a, b) => Number(a.inBaseline) - Number(b.inBaseline) || a.f.objectIndex - b.f.objectIndex);
}

function toReportFinding(f: Finding, objects: readonly LoadedObject[], inBaseline = false): CheckReport['findings'][number] {
  return {
    rule: f.rule,
    object: plainRef(f.objectRef),
    source: { file: objects[f.objectIndex].source.file, line: objects[f.objectIndex].source.line },
    path: f.path,
    value: f.value,
    allowed: f.allowed,
    reason: f.reason,
    message: f.message,
    fix: f.fix,
    ...(inBaseline ? { state: 'baseline' as const } : {}),
  };
}


/**
 * Findings grouped per object, in input order, then what was not checked, then a one-line summary.
 * Objects are told apart by their input position, not by file and line, which the items of one
 * `kind: List` share.
 */
function renderText(report: CheckReport, analysis: Analysis, comparison: Comparison | undefined, files: number): string {
  const objectKeys = orderedFindings(analysis, comparison).map(({ f, inBaseline }) => `${inBaseline ? 'b' : 'n'}${f.objectIndex}`);
  const lines: string[] = [];
  let current: string | undefined;
  report.findings.forEach((f, i) => {
    if (objectKeys[i] !== current) {
      if (current !== undefined) lines.push('');
      lines.push(`${describeRef({ ...f.object, namespaceName: f.object.namespace })}  (${f.source.file}:${f.source.line})${f.state === 'baseline' ? '  removed by the change' : ''}`);
      current = objectKeys[i];
    }
    lines.push(`  ✗ ${f.rule}: ${f.path} = ${describeValue(f.value)}`);
    lines.push(`      why:     ${f.reason}`);
    lines.push(`      allowed: ${f.allowed}`);
    lines.push(`      fix:     ${f.fix}`);
  });
  if (report.skipped.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(`Not checked (${report.skipped.length}):`);
    for (const s of report.skipped) {
      const what = s.object ? describeRef({ ...s.object, namespaceName: s.object.namespace }) : 'a document';
      lines.push(`  - ${what}  (${s.source.file}:${s.source.line}): ${s.reason} (${s.rules.length} rule${s.rules.length === 1 ? '' : 's'})`);
    }
  }
  if (report.rollouts !== undefined && report.rollouts.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(...rolloutLines(report.rollouts));
  }
  const objectsWith = new Set(objectKeys).size;
  if (lines.length > 0) lines.push('');
  const problems = report.problems.length > 0 ? `✗ ${report.problems.length} input problem${report.problems.length === 1 ? '' : 's'} (see above); ` : '';
  const notChecked = report.skipped.length > 0 ? `; ${report.skipped.length} not fully checked` : '';
  const compared = report.baseline ? `, compared with ${report.baseline.objects} in the baseline` : '';
  lines.push(
    report.findings.length === 0
      ? `${problems || '✓ '}${report.objects} object${report.objects === 1 ? '' : 's'} in ${files} input${files === 1 ? '' : 's'}${compared}: no zero-downtime findings${notChecked}`
      : `${problems || '✗ '}${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${objectsWith} of ${report.objects} objects${notChecked}`,
  );
  return `${lines.join('\n')}\n`;
}

