import * as path from 'path';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import fc from 'fast-check';
import jsYaml from 'js-yaml';
import { parseAllDocuments, parseDocument, Scalar, visit } from 'yaml';
import { buildExampleApp } from '../examples/app';
import { ContainerImage, ZeroDowntimeWebsite } from '../lib';
import { plainManifest, SAFE_YAML_OPTIONS, stringifyManifests } from '../lib/internal/yaml-output';
import { expectEqual } from './support/expect-equal';

/*
 * Every string the library writes is read back as that string by YAML 1.1 and 1.2 parsers (the `yaml`
 * package in both modes, js-yaml) and by Go's YAML libraries (go-yaml v2 behind sigs.k8s.io/yaml and
 * kubectl, yaml.v3 in Argo CD and most Go tools; their resolver is written out below from resolve.go),
 * whichever way the manifests are written: importing the library fixes cdk8s's own Yaml.stringify.
 */

/** The scalars the YAML 1.1 type repository and the YAML 1.2 core and JSON schemas resolve to non-strings. */
const YAML_11 = [
  // bool (https://yaml.org/type/bool.html)
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
  'on', 'On', 'ON', 'off', 'Off', 'OFF',
  // int (https://yaml.org/type/int.html): decimal, octal, hex, binary, base 60, with underscores and signs
  '685230', '+685_230', '-685230', '0', '-0', '+0', '02472256', '0x_0A_74_AE', '0xA74AE', '0b1010_0111_0100_1010_1110', '190:20:30',
  // float (https://yaml.org/type/float.html)
  '6.8523015e+5', '685.230_15e+03', '685_230.15', '190:20:30.15', '-.inf', '.inf', '+.inf', '.Inf', '.INF', '.NaN', '.nan', '.NAN', '1.', '.5', '-1.5',
  // null (https://yaml.org/type/null.html)
  '~', 'null', 'Null', 'NULL', '',
  // timestamp (https://yaml.org/type/timestamp.html)
  '2001-12-15T02:59:43.1Z', '2001-12-14t21:59:43.10-05:00', '2001-12-14 21:59:43.10 -5', '2001-12-15 2:59:43.10', '2002-12-14',
  // merge and value keys (https://yaml.org/type/merge.html, https://yaml.org/type/value.html)
  '<<', '=',
];
const YAML_12 = [
  // core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
  '0o14', '0o755', '0xC', '0x1F', '1.23015e+3', '12.3015e+02', '1e3', '1E3', '-1e-3', '.5e3', '0.', '-.Inf', '+.INF', '.NaN',
  'true', 'False', 'NULL', '~', '-19', '+12', '007',
  // JSON schema
  '-0', '0.5', '-1.5e10',
];
/** What Go's YAML libraries and js-yaml resolve beyond both schemas (see lib/internal/yaml-output.ts). */
const GO_AND_JS = ['-0o17', '+0o17', '0O17', '0X1F', '0B11', '0_x1F', '0o_7', '1_0', '1__0', '+_1', '2001-1-2', '2001-12-14 21:59:43.', '0755', '089', '1_0.5', '1_0e3'];

const AMBIGUOUS = [...new Set([...YAML_11, ...YAML_12, ...GO_AND_JS])];

/** Strings that no parser reads as anything else: they must stay plain and byte-identical to cdk8s's. */
const SAFE = ['web', 'repo/site:1.2.3', 'v1.2.3', '1.2.3', 'TCP', 'http', 'kubernetes.io/hostname', 'RuntimeDefault', '0o8', '0x', '_1', 'e3', 'yesno', 'On-call', 'null-ish', '2001-12', 'a=b', '<<a'];

/**
 * Whether go-yaml (v2 and v3) resolves a plain scalar to something other than a string, written out
 * from their resolve.go: a resolve table by first character, then timestamps, then, for a digit or a
 * sign, `strconv.ParseInt(s without '_', 0, 64)`, ParseUint, a YAML-style float, `0b`/`-0b`, `0o`/`-0o`.
 */
function goResolvesToNonString(s: string): boolean {
  const v2Map = ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF'];
  const shared = ['true', 'True', 'TRUE', 'false', 'False', 'FALSE', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<'];
  if ([...v2Map, ...shared].includes(s)) return true;
  const first = s[0] ?? '';
  const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
  if (first === '.') return yamlStyleFloat.test(s) || /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s);
  if (!/[-+0-9]/.test(first)) return false;
  const timestamp = /^\d{4}-\d{1,2}-\d{1,2}(([Tt]|\s+)\d{1,2}:\d{1,2}:\d{1,2}(\.\d*)?(\s*(Z|[-+]\d{1,2}(:\d{2})?))?)?$/;
  if (timestamp.test(s)) return true;
  const plain = s.replace(/_/g, '');
  const goInt = /^[-+]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/;
  return goInt.test(plain) || yamlStyleFloat.test(plain);
}

/** The strings of a YAML text that are written plain (unquoted); numbers and booleans are left out. */
function plainScalars(text: string): string[] {
  const out: string[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' }) as any[]) {
    visit(doc, {
      Scalar(_key, node: Scalar) {
        if (node.type === 'PLAIN' && typeof node.value === 'string') out.push(node.value);
      },
    });
  }
  return out;
}

/** A document that holds `s` as a value, as a key and in a list. */
const holder = (s: string) => ({ value: s, [s]: 'key', list: [s], nested: { labels: { version: s } } });

/** The `yaml` package cdk8s bundles, resolved once (every require of it returns the same module). */
let cdk8sYaml: any;

/** The `yaml` package cdk8s bundles, with cdk8s's own options: what cdk8s writes without the fix. */
function cdk8sOriginal(...docs: unknown[]): string {
  cdk8sYaml ??= require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
  return docs.map((d) => cdk8sYaml.stringify(d, { keepUndefined: true, lineWidth: 0, version: '1.1' })).join('---\n');
}

describe('ambiguous scalars are written as strings every parser reads back', () => {
  const readers: Array<[string, (text: string) => any[]]> = [
    ['yaml, YAML 1.1', (t) => parseAllDocuments(t, { version: '1.1' }).map((d: any) => d.toJS())],
    ['yaml, YAML 1.2 core', (t) => parseAllDocuments(t, { version: '1.2' }).map((d: any) => d.toJS())],
    ['js-yaml', (t) => jsYaml.loadAll(t)],
  ];

  test.each(AMBIGUOUS.map((s) => [JSON.stringify(s), s]))('%s', (_shown, s) => {
    const text = Yaml.stringify(holder(s));
    for (const [reader, read] of readers) {
      expectEqual({ reader, doc: JSON.parse(JSON.stringify(read(text)[0])) }, { reader, doc: holder(s) });
    }
    expectEqual(plainScalars(text).filter(goResolvesToNonString), []);
    expect(text).toContain(JSON.stringify(s)); // double-quoted
  });

  test('0o755 is written quoted (it was plain, and a YAML 1.2 parser read the number 493)', () => {
    expect(cdk8sOriginal({ mode: '0o755' })).toBe('mode: 0o755\n');
    expect(Yaml.stringify({ mode: '0o755' })).toBe('mode: "0o755"\n');
    expect(parseDocument(Yaml.stringify({ mode: '0o755' }), { version: '1.2' }).toJS()).toEqual({ mode: '0o755' });
  });
});

describe('every synth path uses it', () => {
  const object = (chart: Chart) =>
    new ZeroDowntimeWebsite(chart, 'site', { image: ContainerImage.fromRegistry('repo/site:1.2.3'), version: '0o755', env: { MODE: '-0o17', ON: 'on' }, labels: { team: '0x1F' } });

  test('Yaml.stringify (and so Yaml.save, App.synth, cdk8s synth) is replaced once the library is imported', () => {
    expect(Yaml.stringify).not.toBe(undefined);
    expect(Yaml.stringify({ a: '0o1' })).toBe(stringifyManifests({ a: '0o1' }));
  });

  test('app.synthYaml()', () => {
    const app = Testing.app();
    object(new Chart(app, 'c'));
    const text = app.synthYaml();
    expect(text).toContain('app.kubernetes.io/version: "0o755"');
    expect(plainScalars(text).filter(goResolvesToNonString)).toEqual([]);
  });

  test('app.synth() writes the files with it', () => {
    const app = Testing.app();
    object(new Chart(app, 'c'));
    app.synth();
    const text = require('fs').readFileSync(path.join(app.outdir, 'c.k8s.yaml'), 'utf8');
    expect(text).toContain('value: "-0o17"');
    expect(plainScalars(text).filter(goResolvesToNonString)).toEqual([]);
  });
});

describe('strings that were already safe are written byte for byte as before', () => {
  test.each(SAFE.map((s) => [JSON.stringify(s), s]))('%s', (_shown, s) => {
    expect(Yaml.stringify(holder(s))).toBe(cdk8sOriginal(holder(s)));
  });

  test('the example app renders the same bytes as cdk8s would (it holds no ambiguous string)', () => {
    const app = new App({ outdir: Testing.app().outdir });
    const charts = buildExampleApp(app, { env: {} });
    for (const chart of Object.values(charts)) {
      const objects = Testing.synth(chart as Chart);
      expect(Yaml.stringify(...objects)).toBe(cdk8sOriginal(...objects));
    }
  });

  test('random strings: the output changes only when the plain form was read as something else', () => {
    const ambiguousChars = fc.constantFrom(...'0123456789oxXbBeE._-+:~<=yYnNtTfF'.split(''));
    const strings = fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: ambiguousChars, minLength: 1, maxLength: 8 }));
    fc.assert(
      fc.property(strings, (s) => {
        const ours = Yaml.stringify(holder(s));
        const theirs = cdk8sOriginal(holder(s));
        if (ours === theirs) return;
        // it changed: the old plain form was misread by one of the parsers
        const misread =
          s === '<<' || s === '=' || // YAML 1.1 merge and value keys, quoted on purpose
          goResolvesToNonString(s) ||
          parseDocument(`v: ${s}`, { version: '1.2' }).toJS()?.v !== s ||
          (() => {
            try {
              return (jsYaml.load(`v: ${s}`) as any)?.v !== s;
            } catch {
              return true;
            }
          })();
        expect({ s, misread }).toEqual({ s, misread: true });
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 200), seed: 7 },
    );
  });
});

describe('the common case is written directly, byte for byte as the yaml package writes it', () => {
  /** The `yaml` package's own writing of `doc`, with the library's options: what the direct writer must match. */
  const packageWrites = (doc: unknown): string => {
    cdk8sYaml ??= require(require.resolve('yaml', { paths: [path.dirname(require.resolve('cdk8s'))] }));
    return cdk8sYaml.stringify(doc, SAFE_YAML_OPTIONS);
  };

  test('every object of the example app and of a busy site', () => {
    const app = Testing.app();
    buildExampleApp(app);
    const chart = new Chart(app, 'busy', { namespace: 'busy' });
    new ZeroDowntimeWebsite(chart, 'busy', {
      image: ContainerImage.fromRegistry('repo/site:1.2.3'),
      ingress: { host: 'busy.example.com', tlsSecretName: 'busy-tls', className: 'nginx' },
      autoscaling: { minReplicas: 3, maxReplicas: 12 },
      config: { files: { 'site.conf': 'server_name busy;\n', 'on': 'yes' }, env: { SITE_ID: '007', MODE: 'true' } },
      labels: { team: 'web', tier: '0o755' },
      writablePaths: ['/tmp', '/var/cache/nginx'],
    });
    const objects = app.charts.flatMap((c) => c.toJson());
    expect(objects.length).toBeGreaterThan(20);
    for (const o of objects) expect(stringifyManifests(o)).toBe(packageWrites(o));
    // most are the common case (the rest: a ConfigMap's multi-line file, an ambiguous label value...)
    expect(objects.filter((o) => plainManifest(o) !== undefined).length).toBeGreaterThan(objects.length * 0.7);
  });

  test('random documents: maps, lists, empty ones, scalars of every kind, shared objects', () => {
    const tricky = fc.constantFrom(...'abc019 :-#?&*!|>\'"%@`,[]{}\n\t.~<=_/'.split(''));
    const key = fc.oneof(
      { arbitrary: fc.constantFrom('name', 'app.kubernetes.io/name', 'true', '1', 'a: b', '- x', ''), weight: 3 },
      fc.string({ unit: tricky, maxLength: 6 }),
    );
    const common = fc.constantFrom(...'abcxyz0189-./: '.split(''));
    const scalar = fc.oneof(
      { arbitrary: fc.string({ unit: common, maxLength: 10 }), weight: 6 },
      { arbitrary: fc.nat(), weight: 2 },
      fc.string({ unit: tricky, maxLength: 10 }),
      fc.constantFrom('web', 'repo/site:1.2.3', '0 3 * * *', 'Europe/Paris', '64Mi', '---', '...', 'yes', '0o17', ' lead', 'trail ', 'a #b', 'line\nline\n'),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
      list: fc.array(tie('value'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
    }));
    const doc = fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 });
    let direct = 0;
    let runs = 0;
    fc.assert(
      fc.property(doc, fc.boolean(), (d, share) => {
        if (share) (d as any).again = (d as any).shared = { a: [1] }; // one object twice: an anchor and an alias
        runs++;
        if (plainManifest(d) !== undefined) direct++;
        expect(stringifyManifests(d)).toBe(packageWrites(d));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 19 },
    );
    expect(direct).toBeGreaterThan(runs * 0.05); // the direct writer was put to the test, not only the fallback
  });
});
