/**
 * YAML that every parser reads the same way.
 *
 * cdk8s writes manifests with `Yaml.stringify`: the `yaml` package in YAML 1.1 mode. That quotes every
 * string a YAML 1.1 parser would read as something else (`yes`, `on`, `0x1F`, `1_000`, `12:30`...),
 * but not the strings only YAML 1.2 reads as numbers: `0o755` is written bare, and a YAML 1.2 parser
 * (Go's yaml.v3, used by Argo CD and many tools) or go-yaml v2 behind `kubectl` (which reads numbers
 * with Go's `strconv.ParseInt(s, 0, 64)`) turns it into the number 493. A label value, env value or
 * annotation then arrives as a number and the API server refuses the object, or worse, a ConfigMap
 * value silently changes.
 *
 * The fix is one option of the `yaml` package, not a string hack: `compat`, "use scalar styles that
 * are parsed correctly by the compat schema as well as the actual schema". The stringifier already
 * quotes a plain string when a tag of the schema would resolve it to a non-string; `compat` adds more
 * tags to that test:
 *
 * - every tag of the YAML 1.2 core schema (`0o755`, `.5e3`...);
 * - what Go's YAML libraries and js-yaml resolve beyond both schemas: signed and upper-case base
 *   prefixes (`-0o17`, `0X1F`), underscores anywhere after the first character (go-yaml removes them
 *   before parsing a number: `0_x1F`), js-yaml's timestamps, and the YAML 1.1 merge and value keys
 *   `<<` and `=`.
 *
 * Only strings that would otherwise be read as something else change (they gain double quotes): the
 * output for every other string is byte-identical to cdk8s's.
 *
 * `installSafeYamlOutput()` replaces `cdk8s.Yaml.stringify` with `stringifyManifests` once, when this
 * library is imported, so every way of writing manifests uses it: `app.synth()`, `cdk8s synth`,
 * `ZeroDowntimeApp.synthApp()`, `app.synthYaml()` and `Yaml.save()`. It uses cdk8s's own copy of the `yaml` package
 * with cdk8s's own options (only `compat` added), so nothing else of the output can differ.
 */
import * as path from 'path';
import { Yaml } from 'cdk8s';
import type * as OwnYaml from 'yaml';

type YamlModule = typeof OwnYaml;

/**
 * The `yaml` package cdk8s bundles (so the output matches cdk8s's byte for byte). The library has no
 * `yaml` dependency of its own: cdk8s, a peer dependency, always carries it. Only an app bundled with
 * cdk8s inlined (webpack, esbuild) has no cdk8s directory to resolve it from: it gets the `yaml` its
 * bundler resolves, the same major version cdk8s uses.
 */
function cdk8sYaml(): YamlModule {
  try {
    const cdk8sDir = path.dirname(require.resolve('cdk8s'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(require.resolve('yaml', { paths: [cdk8sDir] })) as YamlModule;
    if (typeof mod.stringify === 'function' && typeof mod.Schema === 'function') return mod;
  } catch {
    // bundled apps: below
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('yaml') as YamlModule;
}

const YAML = cdk8sYaml();

/** `_*`: go-yaml removes every `_` of a plain scalar that starts with a digit or sign before parsing it. */
const U = '_*';
const DIGITS = (d: string) => `(?:[${d}]${U})+`;
const SIGN = `(?:[-+]${U})?`;

/**
 * Scalars that Go's YAML libraries (gopkg.in/yaml.v2 behind sigs.k8s.io/yaml and kubectl, yaml.v3)
 * or js-yaml read as numbers, timestamps or keys, and that neither the YAML 1.1 nor the 1.2 core
 * schema of the `yaml` package catches.
 */
const GO_AND_JS_YAML: readonly RegExp[] = [
  // Go: strconv.ParseInt(s without '_', 0, 64): sign, 0x/0X, 0b/0B, 0o/0O, leading-0 octal, decimal.
  // js-yaml: signed 0o/0x/0b with underscores.
  new RegExp(`^${SIGN}(?:0${U}[xX]${U}${DIGITS('0-9a-fA-F')}|0${U}[bB]${U}${DIGITS('01')}|0${U}[oO]${U}${DIGITS('0-7')}|${DIGITS('0-9')})$`),
  // Go: yamlStyleFloat on s without '_' (`1_0.5`, `1_0e3`, `.5e3`).
  new RegExp(`^${SIGN}(?:\\.${U}${DIGITS('0-9')}|${DIGITS('0-9')}(?:\\.${U}(?:[0-9]${U})*)?)(?:[eE]${U}${SIGN}${DIGITS('0-9')})?$`),
  // js-yaml's timestamp (a Date): date, or date and time with one- or two-digit fields.
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$/,
  // YAML 1.1 merge key and value key (js-yaml, go-yaml and the `yaml` package treat `<<` specially).
  /^(?:<<|=)$/,
];

/** The YAML 1.2 core schema's tests (`0o755`, `.5e3`, `true`...), from the `yaml` package itself. */
const CORE_12: readonly RegExp[] = new YAML.Schema({ schema: 'core' }).tags.flatMap((t) => ('test' in t && t.test instanceof RegExp && t.default ? [t.test] : []));

/**
 * One scalar tag whose test is every pattern above, as a single regular expression (one test per plain
 * string, not one per pattern: synth stringifies hundreds of thousands of strings). It is only used by
 * the stringifier's `compat` check; it never resolves anything.
 */
const COMPAT_TAG: OwnYaml.ScalarTag = {
  tag: 'tag:yaml.org,2002:int',
  default: true,
  test: new RegExp([...CORE_12, ...GO_AND_JS_YAML].map((re) => `(?:${re.source})`).join('|')),
  resolve: (s: string) => s,
};

/**
 * The options cdk8s 2.70 passes to `yaml.stringify` (`Yaml.stringify`), plus `compat` (and no merge-key tag).
 */
export const SAFE_YAML_OPTIONS: OwnYaml.DocumentOptions & OwnYaml.SchemaOptions & OwnYaml.CreateNodeOptions & OwnYaml.ToStringOptions = {
  keepUndefined: true,
  lineWidth: 0,
  version: '1.1',
  compat: [COMPAT_TAG],
  // The YAML 1.1 schema writes the string `<<` as a bare merge key; without that tag it is a string,
  // which COMPAT_TAG then quotes.
  customTags: (tags) => tags.filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge'),
};

/**
 * Multi-document YAML of `docs`, exactly as cdk8s's `Yaml.stringify` writes it (`undefined` documents
 * become empty ones, documents are joined with `---`), except that every string YAML 1.1, YAML 1.2,
 * go-yaml or js-yaml would read as something else is quoted.
 */
export function stringifyManifests(...docs: unknown[]): string {
  return docs.map((doc) => (doc === undefined ? '\n' : plainManifest(doc) ?? YAML.stringify(doc, SAFE_YAML_OPTIONS))).join('---\n');
}

/*
 * The common case written directly: `YAML.stringify` builds a whole YAML syntax tree of each object
 * before it writes it, most of a synth's time. A manifest of maps, lists, integers, booleans, null and
 * strings the `yaml` package writes plain (unquoted, on one line) has one YAML text, written below as
 * the package writes it (two-space indent, list items indented under their key, `{}` and `[]` for
 * empty ones); anything else (a quoted or multi-line string, a non-integer number, an object found
 * twice, which the package writes as an anchor and alias, ...) is left to `YAML.stringify` whole.
 * test/yaml-output.test.ts checks both ways give the same bytes, on every rendered manifest and on
 * random documents.
 */

/** yaml's `plainString`: what may not be written plain, whatever the schema. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
/** yaml's `stringifyString`: control characters and lone surrogates are double-quoted. */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;
/** yaml's `containsDocumentMarker`. */
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/;
/** The tests yaml runs on a plain string before it writes it (the schema's tags and `compat`): a match is quoted. */
const QUOTING_TESTS: ReadonlyArray<{ test(s: string): boolean }> = (() => {
  const schema = new YAML.Document(null, SAFE_YAML_OPTIONS).schema as unknown as { tags: OwnYaml.ScalarTag[]; compat: OwnYaml.ScalarTag[] | null };
  return [...schema.tags, ...(schema.compat ?? [])].flatMap((t) => (t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test ? [t.test] : []));
})();

/** A string of the common case: one line of at most 1,000 characters yaml writes as it is or in plain double quotes. */
const COMMON_STRING = /^[^\n\t"\\]{0,1000}$/;

/**
 * How yaml writes the string `s`, as a key or a value: as it is, or in double quotes when it cannot
 * be plain (`"true"`, `"8080"`, `""`, `"a: b"`); undefined when neither is sure (escapes, several lines...).
 */
function yamlString(s: string): string | undefined {
  if (!COMMON_STRING.test(s) || CONTROL.test(s) || DOCUMENT_MARKER.test(s)) return undefined;
  return s === '' || NOT_PLAIN.test(s) || QUOTING_TESTS.some((t) => t.test(s)) ? `"${s}"` : s;
}

/** Thrown inside `plainManifest` when a value is not of the common case. */
const NOT_COMMON = Symbol('not the common case');
const fail = (): never => {
  throw NOT_COMMON;
};

/** `YAML.stringify(doc, SAFE_YAML_OPTIONS)` for the common case (see above); undefined otherwise. */
export function plainManifest(doc: unknown): string | undefined {
  if (!isPlainMap(doc) || Object.keys(doc).length === 0) return undefined;
  const seen = new Set<object>();
  const lines: string[] = [];
  const text = (s: string): string => yamlString(s) ?? fail();
  const scalar = (v: unknown): string => {
    if (typeof v === 'string') return text(v);
    if (typeof v === 'number' && Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (v === null) return 'null';
    return fail();
  };
  const enter = (o: object): void => {
    if (seen.has(o)) fail();
    seen.add(o);
  };
  // `first` is what the first line starts with instead of `indent` (a list item's `- `).
  const map = (m: Record<string, unknown>, indent: string, first: string): void => {
    enter(m);
    let lead = first;
    for (const k of Object.keys(m)) {
      const key = text(k);
      const v = m[k];
      if (Array.isArray(v) ? v.length > 0 : isPlainMap(v) && Object.keys(v).length > 0) {
        lines.push(`${lead}${key}:`);
        if (Array.isArray(v)) list(v, `${indent}  `);
        else map(v as Record<string, unknown>, `${indent}  `, `${indent}  `);
      } else {
        lines.push(`${lead}${key}: ${empty(v) ?? scalar(v)}`);
      }
      lead = indent;
    }
  };
  const list = (l: unknown[], indent: string): void => {
    enter(l);
    for (const v of l) {
      if (isPlainMap(v) && Object.keys(v).length > 0) map(v, `${indent}  `, `${indent}- `);
      else if (Array.isArray(v) && v.length > 0) fail();
      else lines.push(`${indent}- ${empty(v) ?? scalar(v)}`);
    }
  };
  const empty = (v: unknown): string | undefined => {
    if (Array.isArray(v)) {
      enter(v);
      return '[]';
    }
    if (isPlainMap(v)) {
      enter(v);
      return '{}';
    }
    return undefined;
  };
  try {
    map(doc, '', '');
  } catch (e) {
    if (e === NOT_COMMON) return undefined;
    throw e;
  }
  lines.push('');
  return lines.join('\n');
}

function isPlainMap(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const INSTALLED = Symbol.for('cdk8s-zero-downtime.safe-yaml');

/** cdk8s's own `Yaml.save` (`fs.writeFileSync(file, Yaml.stringify(...docs), 'utf8')`), as loaded. */
const CDK8S_YAML_SAVE = Yaml.save;

/** What `installSafeYamlOutput` installs as `Yaml.stringify`. */
const safeStringify = (...docs: unknown[]): string => stringifyManifests(...docs);

/**
 * Makes `cdk8s.Yaml.stringify` (and so `Yaml.save`, `App.synth`, `App.synthYaml`) quote ambiguous
 * strings (see the file comment). Idempotent; called when the library is imported.
 */
export function installSafeYamlOutput(): void {
  const yamlClass = Yaml as unknown as Record<PropertyKey, unknown>;
  if (yamlClass[INSTALLED]) return;
  Object.defineProperty(Yaml, 'stringify', { value: safeStringify, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(Yaml, INSTALLED, { value: true });
}

/**
 * Whether `Yaml.save(file, docs)` is exactly: each document through `stringifyManifests`, joined with
 * `---`, written as UTF-8 (nobody replaced `Yaml.stringify` or `Yaml.save` after this library). Then a
 * file can be written from documents stringified one by one, earlier.
 */
export function yamlSaveIsStringifyManifests(): boolean {
  return Yaml.stringify === safeStringify && Yaml.save === CDK8S_YAML_SAVE;
}

installSafeYamlOutput();
