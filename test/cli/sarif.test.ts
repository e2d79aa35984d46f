import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { CheckReport } from '../../lib/cli/check-report';
import { INPUT_PROBLEM_RULE_ID, RULES_SKIPPED_RULE_ID, SARIF_INFORMATION_URI, SarifLog, SarifOptions, toSarif } from '../../lib/cli/sarif';
import { EXEMPTION_ANNOTATION_PREFIX } from '../../lib/engine/annotations';
import { ZeroDowntimeRules } from '../../lib/zero-downtime-rules';

/*
 * `toSarif` (check --format sarif): the log is valid SARIF 2.1.0 and says what GitHub code scanning
 * reads (rule, level, file, line, the rule's help), for a report built by hand.
 *
 * The schema comes from the devDependency @microsoft/jest-sarif (Microsoft's SARIF JS SDK; only its
 * schema file is used, not its matchers): SARIF 2.1.0 as released (rtm.5), written for JSON Schema
 * draft-04. It differs from the OASIS standard's sarif-schema-2.1.0.json (draft-07) only in the meta
 * schema, in `suppression.status` (the standard's `state`) and in a typo in the `language` pattern; the
 * log uses neither property (asserted below). Every keyword the schema uses (`$ref`, `type`,
 * `properties`, `items`, `enum`, `minimum`, `pattern`, `format`...) means the same in draft-04 and
 * draft-07, so it is compiled by ajv as draft-07 after renaming draft-04's `id` to `$id`.
 */

const SCHEMA_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function sarifValidator() {
  const { $schema: _draft04, id, ...rest } = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  // unicodeRegExp: false, as the schema's `language` pattern has a lone `]`, a syntax error in a unicode RegExp
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile({ $id: id, ...rest });
}

const validate = sarifValidator();
const RULES = ZeroDowntimeRules.all();
const CWD = '/repo';
const OPTIONS: SarifOptions = { version: '1.2.3', cwd: CWD };

const WEB = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' };
const API = { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' };

/** Two findings in two files (one named relative to the working directory, one absolute inside it), one input problem, one skip (stdin). */
const REPORT: CheckReport = {
  objects: 4,
  findings: [
    {
      rule: 'readiness-probe-missing',
      object: WEB,
      source: { file: 'dist/web.yaml', line: 1 },
      path: 'spec.template.spec.containers[0].readinessProbe',
      value: 'none',
      allowed: 'a readiness probe',
      reason: 'without a readiness probe a new pod gets requests before it can serve them',
      message:
        'spec.template.spec.containers[0].readinessProbe breaks zero-downtime rule readiness-probe-missing ' +
        '(without a readiness probe a new pod gets requests before it can serve them), got "none"; allowed: a readiness probe',
      fix: 'add a readinessProbe (e.g. httpGet on the serving port) to the serving container, or exempt it on purpose with the annotation zero-downtime.cdk8s.io/exempt-readiness-probe-missing: "<reason>"',
    },
    {
      rule: 'recreate-strategy',
      object: API,
      source: { file: '/repo/deploy/prod/api.yaml', line: 23 },
      path: 'spec.strategy.type',
      value: 'Recreate',
      allowed: 'RollingUpdate',
      reason: 'Recreate stops every old pod before any new pod is Ready',
      message:
        'spec.strategy.type breaks zero-downtime rule recreate-strategy (Recreate stops every old pod before any new pod is Ready), ' +
        'got "Recreate"; allowed: RollingUpdate',
      fix: 'set spec.strategy.type: RollingUpdate with maxUnavailable: 0 and maxSurge: 1, or exempt it on purpose with the annotation zero-downtime.cdk8s.io/exempt-recreate-strategy: "<reason>"',
    },
  ],
  problems: [{ file: 'deploy/worker.yaml', line: 7, path: 'spec.template.spec.containers', message: 'must be a list, got "web"' }],
  skipped: [
    {
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'cron' },
      source: { file: '-', line: 5 },
      rules: ['service-selector-mismatch', 'service-target-port-mismatch'],
      reason: 'no Service in the input selects it: traffic rules not run',
    },
  ],
};

const sarif = (report: CheckReport = REPORT, options: SarifOptions = OPTIONS) => toSarif(report, RULES, options);
const run = (log: SarifLog) => log.runs[0];
const emptyReport = (extra: Partial<CheckReport> = {}): CheckReport => ({ objects: 0, findings: [], problems: [], skipped: [], ...extra });

describe('toSarif', () => {
  test('is valid SARIF 2.1.0', () => {
    const log = sarif();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    // the two properties where the schema used here and the OASIS standard's differ are not used
    expect(JSON.stringify(log)).not.toMatch(/"(suppressions|language)":/);
  });

  test('an empty report is valid too, with no result and a successful run', () => {
    const log = sarif(emptyReport());
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(run(log).results).toEqual([]);
    expect(run(log).invocations).toEqual([{ executionSuccessful: true }]);
  });

  test('fails schema validation for a broken log (the validator does check)', () => {
    const log = JSON.parse(JSON.stringify(sarif()));
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    delete log.runs[0].tool.driver.name;
    expect(validate(log)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath).sort()).toEqual(['/runs/0/results/0/locations/0/physicalLocation/region/startLine', '/runs/0/tool/driver']);
  });

  test('one result per finding, problem and skip: rule, level, file and line', () => {
    const results = run(sarif()).results;
    expect(results).toHaveLength(4);
    expect(
      results.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region?.startLine]),
    ).toEqual([
      ['readiness-probe-missing', 'error', 'dist/web.yaml', 1],
      ['recreate-strategy', 'error', 'deploy/prod/api.yaml', 23],
      [INPUT_PROBLEM_RULE_ID, 'error', 'deploy/worker.yaml', 7],
      [RULES_SKIPPED_RULE_ID, 'note', 'stdin', 5],
    ]);
  });

  test('messages name the object, the problem and the fix', () => {
    const [web, , problem, skip] = run(sarif()).results;
    expect(web.message.text).toBe(`Deployment shop/web: ${REPORT.findings[0].message}. Fix: ${REPORT.findings[0].fix}.`);
    expect(web.locations[0].logicalLocations).toEqual([{ name: 'web', fullyQualifiedName: 'Deployment shop/web', kind: 'object' }]);
    expect(problem.message.text).toBe('spec.template.spec.containers: must be a list, got "web"');
    expect(skip.message.text).toBe(
      'Deployment shop/cron: 2 rules not run (service-selector-mismatch, service-target-port-mismatch): no Service in the input selects it: traffic rules not run',
    );
    expect(skip.properties).toEqual({ skippedRules: ['service-selector-mismatch', 'service-target-port-mismatch'] });
  });

  test('every ruleId is in tool.driver.rules, at its ruleIndex', () => {
    const log = sarif();
    const rules = run(log).tool.driver.rules;
    for (const r of run(log).results) expect(rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(rules.map((r) => r.id)).toEqual([...RULES.map((r) => r.id), INPUT_PROBLEM_RULE_ID, RULES_SKIPPED_RULE_ID]);
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
  });

  test('a rule carries its reason, fix, exemption annotation, source and level', () => {
    const rules = run(sarif()).tool.driver.rules;
    const readiness = rules.find((r) => r.id === 'readiness-probe-missing');
    const table = ZeroDowntimeRules.byId('readiness-probe-missing' as never);
    expect(readiness).toMatchObject({
      name: 'ReadinessProbeMissing',
      shortDescription: { text: table.reason },
      helpUri: 'https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#readiness-probe',
      defaultConfiguration: { level: 'error' },
    });
    expect(readiness?.help.text).toContain(table.manifestFix);
    expect(readiness?.help.text).toContain(`${EXEMPTION_ANNOTATION_PREFIX}readiness-probe-missing`);
    expect(readiness?.help.markdown).toContain(table.fix);
    for (const rule of RULES) expect(rules.find((r) => r.id === rule.id)?.helpUri).toBe(rule.source);
    // a rule that cannot be exempted does not offer the annotation
    const duplicate = rules.find((r) => r.id === 'duplicate-object');
    expect(duplicate?.help.text).not.toContain(EXEMPTION_ANNOTATION_PREFIX);
    expect(duplicate?.help.text).toContain('exemption annotation is ignored');
    expect(rules.find((r) => r.id === INPUT_PROBLEM_RULE_ID)?.defaultConfiguration.level).toBe('error');
    expect(rules.find((r) => r.id === RULES_SKIPPED_RULE_ID)?.defaultConfiguration.level).toBe('note');
  });

  test('tool.driver: name, the version given, the repository of package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
    const { name, version, informationUri } = run(sarif()).tool.driver;
    expect({ name, version, informationUri }).toEqual({ name: pkg.name, version: '1.2.3', informationUri: SARIF_INFORMATION_URI });
    expect(SARIF_INFORMATION_URI).toBe(pkg.repository.url.replace(/\.git$/, ''));
  });

  test('an input problem makes the run unsuccessful; a problem without a line has no region', () => {
    const log = sarif(emptyReport({ problems: [{ file: 'charts', message: 'directory holds no .yaml, .yml or .json file' }] }));
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    expect(run(log).invocations).toEqual([{ executionSuccessful: false }]);
    expect(run(log).results[0].locations).toEqual([{ physicalLocation: { artifactLocation: { uri: 'charts' } } }]);
  });

  test.each([
    ['dist/web.yaml', 'dist/web.yaml'],
    ['./dist/web.yaml', 'dist/web.yaml'],
    ['/repo/dist/web.yaml', 'dist/web.yaml'],
    ['dist/my app#1.yaml', 'dist/my%20app%231.yaml'],
    ['.', '.'],
    ['../other/web.yaml', 'file:///other/web.yaml'],
    ['/etc/k8s/web.yaml', 'file:///etc/k8s/web.yaml'],
    ['-', 'stdin'],
  ])('the file %j is the uri %j', (file, uri) => {
    const log = sarif(emptyReport({ problems: [{ file, line: 1, message: 'x' }] }));
    expect(run(log).results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(uri);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
  });

  test('stdin can be given a name', () => {
    const log = sarif(emptyReport({ problems: [{ file: '-', line: 3, message: 'x' }] }), { ...OPTIONS, stdinUri: 'charts/shop' });
    expect(run(log).results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('charts/shop');
  });

  test('a finding of a rule missing from the rule list still resolves', () => {
    const finding = { ...REPORT.findings[0], rule: 'future-rule', reason: 'a future reason', fix: 'a future fix' };
    const log = toSarif(emptyReport({ findings: [finding] }), RULES.slice(0, 2), OPTIONS);
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const [result] = run(log).results;
    expect(run(log).tool.driver.rules[result.ruleIndex]).toMatchObject({ id: 'future-rule', shortDescription: { text: 'a future reason' } });
  });

  test('is deterministic: the same report gives the same bytes', () => {
    const first = JSON.stringify(sarif(), null, 2);
    expect(JSON.stringify(sarif(JSON.parse(JSON.stringify(REPORT))), null, 2)).toBe(first);
    expect(JSON.stringify(toSarif(REPORT, ZeroDowntimeRules.all(), { version: '1.2.3', cwd: CWD }), null, 2)).toBe(first);
  });
});
