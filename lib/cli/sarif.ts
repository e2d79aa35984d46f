import * as path from 'path';
import { pathToFileURL } from 'url';
import { EXEMPTION_ANNOTATION_PREFIX } from '../engine/annotations';
import { describeRef } from '../engine/object-ref';
import type { ZeroDowntimeRule } from '../zero-downtime-rules';
import type { CheckReport, ReportFinding, ReportObject, ReportProblem, ReportSkip } from './check-report';

/*
 * `check --format sarif`: the check report as a SARIF 2.1.0 log, the format GitHub code scanning (and
 * kube-linter's and kube-score's `--format sarif`) use. A pure function of the report: no clock, no
 * absolute path of this machine unless an input lies outside the working directory, so the same input
 * gives the same bytes.
 */

/** The JSON schema the log declares: the OASIS SARIF 2.1.0 schema (errata 01, the current standard). */
export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** `tool.driver.informationUri`: the repository of package.json. */
export const SARIF_INFORMATION_URI = 'https://git.example.com/platform/cdk8s-zero-downtime';

/** Rule id of the results that are input problems (a YAML syntax error, an unreadable file, a field of the wrong type). */
export const INPUT_PROBLEM_RULE_ID = 'input-problem';

/** Rule id of the results that say which rules did not run on an object, and why. */
export const RULES_SKIPPED_RULE_ID = 'rules-skipped';

/** Options of `toSarif`. */
export interface SarifOptions {
  /** `tool.driver.version`: the version of this package (package.json `version`). */
  readonly version: string;
  /**
   * The directory file names are made relative to: `artifactLocation.uri` of `dist/web.yaml` read
   * from `/repo` is `dist/web.yaml`, which is what code scanning expects when the command runs at the
   * repository root. A file outside it gets an absolute `file:` URI.
   */
  readonly cwd: string;
  /**
   * `artifactLocation.uri` of objects read from stdin (`-`).
   * @default 'stdin' - a relative URI like any file's, so code scanning still shows the result; a tool
   * that knows what was piped in (the chart's directory, say) can name that instead.
   */
  readonly stdinUri?: string;
}

/** The SARIF log `toSarif` writes: the subset of SARIF 2.1.0 it uses. */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

export interface SarifRun {
  readonly tool: { readonly driver: SarifDriver };
  readonly invocations: readonly { readonly executionSuccessful: boolean }[];
  readonly results: readonly SarifResult[];
}

export interface SarifDriver {
  readonly name: string;
  readonly version: string;
  readonly informationUri: string;
  readonly rules: readonly SarifRule[];
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifText {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifText;
  readonly fullDescription: SarifText;
  readonly help: SarifText;
  readonly helpUri?: string;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly exemptible?: boolean };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifText;
  readonly locations: readonly SarifLocation[];
  readonly properties?: Readonly<Record<string, unknown>>;
}

export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string };
    readonly region?: { readonly startLine: number };
  };
  readonly logicalLocations?: readonly { readonly name: string; readonly fullyQualifiedName: string; readonly kind: string }[];
}

/**
 * The check report as a SARIF 2.1.0 log with one run: one result per finding (level `error`, as a
 * finding fails the check), per input problem (rule `input-problem`, level `error`) and per skipped
 * object (rule `rules-skipped`, level `note`), each at its file and the line of its object's document.
 * `tool.driver.rules` lists every rule of `rules` (in that order, so an unused rule still has its help
 * text), then `input-problem` and `rules-skipped`. Print it with `JSON.stringify(log, null, 2)`.
 */
export function toSarif(report: CheckReport, rules: readonly ZeroDowntimeRule[], options: SarifOptions): SarifLog {
  const descriptors: SarifRule[] = [...rules.map(ruleDescriptor), INPUT_PROBLEM_RULE, RULES_SKIPPED_RULE];
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  // A finding of a rule that `rules` does not hold still gets a descriptor (from the finding's own
  // text), so that every `ruleId` resolves: a partial rule list must not make the log invalid.
  for (const f of report.findings) {
    if (!index.has(f.rule)) {
      index.set(f.rule, descriptors.length);
      descriptors.push(unlistedRuleDescriptor(f));
    }
  }
  const ruleIndex = (id: string): number => index.get(id) as number;
  const uri = (file: string): string => artifactUri(file, options);

  const results: SarifResult[] = [
    ...report.findings.map((f) => findingResult(f, ruleIndex(f.rule), uri)),
    ...report.problems.map((p) => problemResult(p, ruleIndex(INPUT_PROBLEM_RULE_ID), uri)),
    // Skipped objects are results of level `note`, not `invocations[].toolExecutionNotifications`:
    // GitHub code scanning shows results only and drops notifications, and a rule that silently did
    // not run would read as a pass there ("nothing passes unread"). A note does not fail the check
    // (the exit code stays 0) and code scanning lists it under the lowest severity, at the object.
    ...report.skipped.map((s) => skipResult(s, ruleIndex(RULES_SKIPPED_RULE_ID), uri)),
  ];

  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cdk8s-zero-downtime',
            version: options.version,
            informationUri: SARIF_INFORMATION_URI,
            rules: descriptors,
          },
        },
        // Input problems mean the input could not be judged as written (exit code 2).
        invocations: [{ executionSuccessful: report.problems.length === 0 }],
        results,
      },
    ],
  };
}

function ruleDescriptor(rule: ZeroDowntimeRule): SarifRule {
  const annotation = `${EXEMPTION_ANNOTATION_PREFIX}${rule.id}: "<why the risk is acceptable>"`;
  const exemption = (code: (s: string) => string) =>
    rule.exemptible
      ? `or exempt the object on purpose with the annotation ${code(annotation)}`
      : 'an exemption annotation is ignored: the API server refuses or overwrites such objects';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.reason },
    fullDescription: { text: `${stop(rule.reason)} With ZeroDowntimeWebsite: ${stop(rule.fix)}` },
    help: {
      text: `Fix: ${rule.manifestFix}; ${exemption((s) => s)}. With ZeroDowntimeWebsite: ${rule.fix}. Details: ${rule.source}`,
      markdown: [
        `**Why**: ${stop(rule.reason)}`,
        '',
        `**Fix in the manifest**: ${rule.manifestFix}; ${exemption((s) => `\`${s}\``)}.`,
        '',
        `**Fix with ZeroDowntimeWebsite**: ${stop(rule.fix)}`,
        '',
        `Details: ${rule.source}`,
      ].join('\n'),
    },
    helpUri: rule.source,
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['kubernetes', 'zero-downtime'], exemptible: rule.exemptible },
  };
}

function unlistedRuleDescriptor(f: ReportFinding): SarifRule {
  return {
    id: f.rule,
    name: pascalCase(f.rule),
    shortDescription: { text: f.reason },
    fullDescription: { text: stop(f.reason) },
    help: { text: `Fix: ${f.fix}.` },
    defaultConfiguration: { level: 'error' },
    properties: { tags: ['kubernetes', 'zero-downtime'] },
  };
}

/** A rule of the command itself (not a zero-downtime rule): input problems and skipped rules. */
function commandRule(id: string, name: string, short: string, full: string, help: string, level: 'error' | 'note', tag: string): SarifRule {
  return {
    id,
    name,
    shortDescription: { text: short },
    fullDescription: { text: full },
    help: { text: help },
    defaultConfiguration: { level },
    properties: { tags: ['kubernetes', 'zero-downtime', tag] },
  };
}

const INPUT_PROBLEM_RULE: SarifRule = commandRule(
  INPUT_PROBLEM_RULE_ID,
  'InputProblem',
  'the input cannot be judged as written',
  'The input cannot be judged as written: a YAML syntax error, an unreadable file or directory, or a field ' +
    'of the wrong type in an object the rules read. The command exits with code 2.',
  'Fix the file at the reported line (or make the path readable), then run the check again: no rule ran on an input with a problem.',
  'error',
  'input',
);

const RULES_SKIPPED_RULE: SarifRule = commandRule(
  RULES_SKIPPED_RULE_ID,
  'RulesSkipped',
  'some zero-downtime rules did not run on this object',
  'Some zero-downtime rules did not run on this object, for the reason the result gives (e.g. no Service ' +
    'in the input selects the Deployment, so the traffic rules have nothing to check). Not a failure.',
  'Check the objects it depends on together with it (e.g. the Services and routes that send it traffic) so that every rule runs.',
  'note',
  'coverage',
);

function findingResult(f: ReportFinding, ruleIndex: number, uri: (file: string) => string): SarifResult {
  const object = describeObject(f.object);
  return {
    ruleId: f.rule,
    ruleIndex,
    level: 'error',
    message: { text: `${object}: ${f.message}. Fix: ${f.fix}.` },
    locations: [location(uri(f.source.file), f.source.line, f.object)],
    properties: { path: f.path, allowed: f.allowed },
  };
}

function problemResult(p: ReportProblem, ruleIndex: number, uri: (file: string) => string): SarifResult {
  return {
    ruleId: INPUT_PROBLEM_RULE_ID,
    ruleIndex,
    level: 'error',
    message: { text: p.path !== undefined ? `${p.path}: ${p.message}` : p.message },
    locations: [location(uri(p.file), p.line)],
    ...(p.path !== undefined ? { properties: { path: p.path } } : {}),
  };
}

function skipResult(s: ReportSkip, ruleIndex: number, uri: (file: string) => string): SarifResult {
  const what = s.object ? describeObject(s.object) : 'document';
  const count = `${s.rules.length} rule${s.rules.length === 1 ? '' : 's'}`;
  return {
    ruleId: RULES_SKIPPED_RULE_ID,
    ruleIndex,
    level: 'note',
    message: { text: `${what}: ${count} not run (${s.rules.join(', ')}): ${s.reason}` },
    locations: [location(uri(s.source.file), s.source.line, s.object)],
    properties: { skippedRules: [...s.rules] },
  };
}

function location(uri: string, line: number | undefined, object?: ReportObject): SarifLocation {
  const region = line !== undefined && Number.isInteger(line) && line >= 1 ? { region: { startLine: line } } : {};
  return {
    physicalLocation: { artifactLocation: { uri }, ...region },
    ...(object ? { logicalLocations: [{ name: object.name, fullyQualifiedName: describeObject(object), kind: 'object' }] } : {}),
  };
}

function describeObject(o: ReportObject): string {
  return describeRef({ apiVersion: o.apiVersion, kind: o.kind, namespaceName: o.namespace, name: o.name });
}

/**
 * `artifactLocation.uri` of a file as the report names it (as given on the command line, or found in
 * a directory): relative to `cwd` with forward slashes and each segment percent-encoded (`my app.yaml`
 * → `my%20app.yaml`); a file outside `cwd` (or on another drive) as an absolute `file:` URI.
 */
function artifactUri(file: string, options: SarifOptions): string {
  if (file === '-') return options.stdinUri ?? 'stdin';
  const absolute = path.resolve(options.cwd, file);
  const relative = path.relative(path.resolve(options.cwd), absolute);
  if (relative === '') return '.';
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return pathToFileURL(absolute).href;
  return relative.split(path.sep).map(encodeURIComponent).join('/');
}

/** `readiness-probe-missing` → `ReadinessProbeMissing` (SARIF's `name` is an identifier, the id stays kebab-case). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

/** A clause with a full stop. Not capitalised: a clause may start with a field name (`maxUnavailable`, `spec.replicas`). */
function stop(s: string): string {
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
