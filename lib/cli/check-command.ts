import { Command } from 'commander';
import { Finding, RuleEngine } from '../engine/check';
import { describeRef, ObjectRef } from '../engine/object-ref';
import { describeValue } from '../internal/problems';
import { ExitCode } from './exit-codes';
import { LoadedObject, readManifestsOrReport } from './inputs';
import { formatOption } from './output-format';
import { CliContext } from './program';

/** The JSON document `check --format json` prints. Stable: fields are only ever added. */
export interface CheckReport {
  /** Objects read. */
  readonly objects: number;
  readonly findings: ReadonlyArray<{
    readonly rule: string;
    readonly object: { readonly apiVersion: string; readonly kind: string; readonly namespace?: string; readonly name: string };
    /** Where the object was read: file and line of its document. */
    readonly source: { readonly file: string; readonly line: number };
    /** JSON path of the offending field in the object. */
    readonly path: string;
    readonly value: unknown;
    readonly allowed: string;
    /** Why the rule exists. */
    readonly reason: string;
    /** `<path> breaks zero-downtime rule <id> (<reason>), got <value>; allowed: <allowed>` */
    readonly message: string;
    readonly fix: string;
  }>;
}

const HELP_AFTER = `
Reads Kubernetes objects from files, directories (.yaml, .yml, .json, recursively) or - (stdin);
multi-document YAML and kind: List are expanded. Every Deployment is paired with the Services,
PodDisruptionBudgets, NetworkPolicies, HorizontalPodAutoscaler, Ingresses and HTTPRoutes that
reach it, and checked against the zero-downtime rules (docs/guardrails.md).

Exempt an object from one rule with the annotation
  zero-downtime.cdk8s.io/exempt-<rule id>: "<why the risk is acceptable>"

Exit codes: 0 no findings, 1 findings, 2 bad usage, unreadable input or a YAML syntax error.

Examples:
  $ cdk8s-zero-downtime check dist/
  $ helm template my-release ./chart | cdk8s-zero-downtime check -
  $ kustomize build overlays/prod | cdk8s-zero-downtime check --format json -
`;

/** Registers `check`. */
export function registerCheck(program: Command, ctx: CliContext): void {
  program
    .command('check')
    .description('check rendered manifests against the zero-downtime rules')
    .argument('<paths...>', 'files, directories, or - for stdin')
    .addOption(formatOption())
    .addHelpText('after', HELP_AFTER)
    .action(async (paths: string[], opts: { format: 'text' | 'json' }) => {
      ctx.exitCode = await runCheck(paths, opts.format, ctx);
    });
}

async function runCheck(paths: string[], format: 'text' | 'json', ctx: CliContext): Promise<ExitCode> {
  const input = await readManifestsOrReport(paths, ctx.io, 'check', 'nothing was checked');
  if (!input) return ExitCode.USAGE;
  // In input order, once: the JSON report and the text grouping both read this order.
  const findings = RuleEngine.check(input.objects.map((o) => o.object)).sort((a, b) => a.objectIndex - b.objectIndex);
  const report = toReport(input.objects, findings);
  if (format === 'json') {
    ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    ctx.io.stdout.write(renderText(report, findings.map((f) => f.objectIndex), input.files.length));
  }
  return findings.length > 0 ? ExitCode.FINDINGS : ExitCode.OK;
}

/** The JSON report of `findings` (in input order). */
function toReport(objects: readonly LoadedObject[], findings: readonly Finding[]): CheckReport {
  return {
    objects: objects.length,
    findings: findings.map((f) => ({
      rule: f.rule,
      object: plainRef(f.objectRef),
      source: { file: objects[f.objectIndex].source.file, line: objects[f.objectIndex].source.line },
      path: f.path,
      value: f.value,
      allowed: f.allowed,
      reason: f.reason,
      message: f.message,
      fix: f.fix,
    })),
  };
}

function plainRef(ref: ObjectRef): CheckReport['findings'][number]['object'] {
  return { apiVersion: ref.apiVersion, kind: ref.kind, ...(ref.namespaceName !== undefined ? { namespace: ref.namespaceName } : {}), name: ref.name };
}

/**
 * Findings grouped per object, in input order, then a one-line summary. `objectIndexes[i]` is the input
 * object of `report.findings[i]`: objects are told apart by it, not by file and line, which the items
 * of one `kind: List` share.
 */
function renderText(report: CheckReport, objectIndexes: readonly number[], files: number): string {
  const lines: string[] = [];
  let current: number | undefined;
  report.findings.forEach((f, i) => {
    if (objectIndexes[i] !== current) {
      if (current !== undefined) lines.push('');
      lines.push(`${describeRef({ ...f.object, namespaceName: f.object.namespace })}  (${f.source.file}:${f.source.line})`);
      current = objectIndexes[i];
    }
    lines.push(`  ✗ ${f.rule}: ${f.path} = ${describeValue(f.value)}`);
    lines.push(`      why:     ${f.reason}`);
    lines.push(`      allowed: ${f.allowed}`);
    lines.push(`      fix:     ${f.fix}`);
  });
  const objectsWith = new Set(objectIndexes).size;
  if (lines.length > 0) lines.push('');
  lines.push(
    report.findings.length === 0
      ? `✓ ${report.objects} object${report.objects === 1 ? '' : 's'} in ${files} input${files === 1 ? '' : 's'}: no zero-downtime findings`
      : `✗ ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} in ${objectsWith} of ${report.objects} objects`,
  );
  return `${lines.join('\n')}\n`;
}
