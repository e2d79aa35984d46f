/**
 * Strict, offline Kubernetes 1.33 schema validation for tests (used by `schema.ts` for
 * `{ kubernetesVersion: '1.30' ... '1.33' }`).
 *
 * Where the schema comes from, and why
 * ------------------------------------
 * The npm package `kubernetes-models@4.5.1`, installed under the alias `kubernetes-models-1-33`
 * (a pinned devDependency; the 1.27 checks keep using `kubernetes-models@4.3.1`):
 *
 * - 4.5.1 carries the Kubernetes **v1.33.0** OpenAPI spec: its changelog says 4.5.0 "Update schema
 *   version to v1.33.0" and 4.5.1 only bumps `@kubernetes-models/apimachinery` to 2.2.0 (the README
 *   badge still says 1.27.1: stale). Checked in the package: `Lifecycle` has `stopSignal` (new in
 *   1.33), `PodStatus` has `observedGeneration` (1.33), `PodSpec` has `resources` (1.32) but not
 *   `hostnameOverride` (1.34), `Container` has no `restartPolicyRules` (1.34), `EnvVarSource` no
 *   `fileKeyRef` (1.34).
 * - Since 4.4.0 the package ships its schema only as pre-compiled ajv code (`_schemas/<Id>.js`,
 *   exporting `validate`), not as data. That code checks types, `required`, enums and formats (int32,
 *   quantity...) but, like the data it was compiled from, it accepts unknown fields and `null`.
 * - Strictness comes from the package's TypeScript declarations, which list every field of every
 *   definition, mark the required ones, and name the definition each field refers to. They are
 *   parsed (syntax only, with the `typescript` package; once per machine: what the walk needs of them
 *   is kept in the on-disk cache of `schema-cache.ts`, and without it they are parsed lazily, only the
 *   files the validated objects reach) and walked along with the object: a field that the declaration does not list
 *   is an unknown field, a `null` is rejected (as in the 1.27 checks), a missing required field is
 *   reported. An interface without fields (`JSON`, `RawExtension`) takes anything, like
 *   `x-kubernetes-preserve-unknown-fields`.
 * - So a 1.33 object is valid when the package's validator AND the declaration walk both pass.
 * - Like 4.3.1, the package merges older specs to keep removed APIs: only the group/versions a 1.33
 *   API server serves by default (SERVED_GROUP_VERSIONS) are accepted.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as TS from 'typescript';
import { readSchemaCache, rejectSchemaCacheEntry, schemaCacheWritable, writeSchemaCache } from './schema-cache';

/** The npm alias the 1.33 schema is installed under. */
export const PACKAGE_1_33 = 'kubernetes-models-1-33';
export const SCHEMA_SOURCE_1_33 = 'kubernetes-models@4.5.1 (Kubernetes v1.33.0 OpenAPI), made strict with its type declarations';

/** Group/versions a Kubernetes 1.33 API server serves by default (GA; beta APIs are off by default). */
const SERVED_GROUP_VERSIONS = new Set([
  'v1',
  'admissionregistration.k8s.io/v1',
  'apiextensions.k8s.io/v1',
  'apiregistration.k8s.io/v1',
  'apps/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'batch/v1',
  'certificates.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
]);

/** One error: where, and what (already worded). */
export interface SchemaError {
  readonly at: string;
  readonly message: string;
}

interface AjvLikeError {
  instancePath: string;
  keyword: string;
  params: any;
}

type Validate = ((data: unknown) => boolean) & { errors?: AjvLikeError[] | null };

// ---- what the declaration walk knows of the .d.ts files ------------------------------------------
//
// The walk does not read TypeScript syntax trees: it reads the little it needs of them, as plain
// JSON-able data (Shape, Decl, KindInfo below), so that this data can be kept in the on-disk cache
// (schema-cache.ts) and a later load needs neither the `typescript` package nor the parsing. Without
// the cache (or on a miss) the same data is derived from the syntax trees on demand, one declaration
// and one type name at a time, parsing only the files the validated objects reach.
//
// Files are named by their path relative to the package root (`apps/v1/Deployment.d.ts`,
// `node_modules/@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta.d.ts`), declarations by
// `<file>#<name>`.

/**
 * How a value of a declared type is walked:
 * - `0`: a leaf (keyword, literal, union of those, object literal without index signature...): only
 *   the compiled validator checks it;
 * - `{ ref }`: a type name, as written in the declaring file (see `resolveRef`);
 * - `{ array }`: an array (`X[]`, `Array<X>`), each item of the shape;
 * - `{ map }`: an object with an index signature (`{ [key: string]: X }`), each value of the shape.
 */
type Shape = 0 | { readonly ref: string } | { readonly array: Shape } | { readonly map: Shape };

/**
 * A declaration the walk enters: a type alias (its type), or an interface with its property
 * signatures in order, as [name (null: not a plain name), optional, shape]. An interface without
 * property signatures (`JSON`, `RawExtension`) takes anything.
 */
type Decl = { readonly alias: Shape } | { readonly fields: ReadonlyArray<readonly [string | null, boolean, Shape]> };

/** A kind: its declaration, and the package's compiled validator (`_schemas/<id>.js`). */
interface KindInfo {
  readonly decl: string;
  readonly id: string;
}

/** One kind's on-disk cache entry: the kind, and every declaration and type name reachable from it. */
interface KindEntry {
  readonly kind: KindInfo | null;
  readonly decls: Record<string, Decl | null>;
  readonly refs: Record<string, string | null>;
}

interface Kind {
  readonly decl: string;
  /** The package's compiled validator. */
  readonly validate: Validate;
}

let packageRoot: string | undefined;
const kinds = new Map<string, Kind | null>();
/** `<file>#<name>` -> the declaration, null when the file declares no such interface or type alias. */
const decls = new Map<string, Decl | null>();
/** `<file>#<type name as written there>` -> `<file>#<name>` of its declaration, null when there is none. */
const refs = new Map<string, string | null>();

function root(): string {
  packageRoot ??= path.dirname(require.resolve(`${PACKAGE_1_33}/package.json`));
  return packageRoot;
}

/** True when the 1.33 schema has this apiVersion/kind (served by a 1.33 API server). */
export function hasSchema133(apiVersion: string, kind: string): boolean {
  return kindOf(apiVersion, kind) !== undefined;
}

/** Validates one object strictly against Kubernetes 1.33; undefined when there is no schema for its kind. */
export function validate133(obj: any): SchemaError[] | undefined {
  const k = kindOf(obj.apiVersion, obj.kind);
  if (!k) return undefined;
  const errors: SchemaError[] = [];
  if (!k.validate(obj)) errors.push(...compiledErrors(obj, k.validate.errors ?? []));
  walkDecl(obj, k.decl, '', errors);
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.at}: ${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function kindOf(apiVersion: unknown, kind: unknown): Kind | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const key = `${apiVersion}/${kind}`;
  if (kinds.has(key)) return kinds.get(key) ?? undefined;
  let found: Kind | null = null;
  if (SERVED_GROUP_VERSIONS.has(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    const file = `${apiVersion}/${kind}.d.ts`;
    if (fs.existsSync(path.join(root(), file))) {
      const info = kindInfo(apiVersion, kind, file);
      if (info) found = { decl: info.decl, validate: compiledValidator(info.id) };
    }
  }
  kinds.set(key, found);
  return found ?? undefined;
}

/**
 * The kind declared in `file` (`IDeployment`, whose `apiVersion` is the literal `apiVersion`), or
 * null: from the on-disk cache, else from the declarations (then written to the cache with everything
 * reachable from it, for the next test file).
 */
function kindInfo(apiVersion: string, kind: string, file: string): KindInfo | null {
  const entryName = `k8s-1.33-${apiVersion.replace(/\//g, '_')}-${kind}.json`;
  const text = readSchemaCache(entryName);
  if (text !== undefined) {
    try {
      const entry = JSON.parse(text) as KindEntry;
      const k = entry.kind;
      if (k === null || (typeof k?.decl === 'string' && typeof k.id === 'string')) {
        for (const [key, d] of Object.entries(entry.decls)) decls.set(key, d);
        for (const [key, r] of Object.entries(entry.refs)) refs.set(key, r);
        return k;
      }
    } catch {
      // unusable: rebuilt below
    }
    rejectSchemaCacheEntry(); // rebuilt and written again below
  }
  const iface = `I${kind}`;
  const abs = path.join(root(), file);
  const decl = findDeclaration(abs, iface);
  const declared = decl && ts().isInterfaceDeclaration(decl) ? literalOf(decl, 'apiVersion') : undefined;
  const id = schemaIdOf(abs, iface);
  const info = declared === apiVersion && id ? { decl: `${file}#${iface}`, id } : null;
  if (schemaCacheWritable()) writeSchemaCache(entryName, JSON.stringify(reachableFrom(info)));
  return info;
}

/** A kind's cache entry: the kind and every declaration and type name the walk can reach from it. */
function reachableFrom(kind: KindInfo | null): KindEntry {
  const entry: KindEntry = { kind, decls: {}, refs: {} };
  const todo = kind ? [kind.decl] : [];
  while (todo.length > 0) {
    const key = todo.pop()!;
    if (Object.prototype.hasOwnProperty.call(entry.decls, key)) continue;
    const decl = declOf(key);
    entry.decls[key] = decl;
    if (!decl) continue;
    const file = fileOf(key);
    const shapes = 'alias' in decl ? [decl.alias] : decl.fields.map((f) => f[2]);
    for (const name of shapes.flatMap(namesIn)) {
      const refKey = `${file}#${name}`;
      if (Object.prototype.hasOwnProperty.call(entry.refs, refKey)) continue;
      const target = resolveRef(file, name);
      entry.refs[refKey] = target;
      if (target) todo.push(target);
    }
  }
  return entry;
}

function namesIn(shape: Shape): string[] {
  if (shape === 0) return [];
  if ('ref' in shape) return [shape.ref];
  return namesIn('array' in shape ? shape.array : shape.map);
}

function fileOf(key: string): string {
  return key.slice(0, key.lastIndexOf('#'));
}

/** The declaration `<file>#<name>` (see Decl), derived from the syntax tree the first time. */
function declOf(key: string): Decl | null {
  let decl = decls.get(key);
  if (decl === undefined) {
    decl = toDecl(findDeclaration(path.join(root(), fileOf(key)), key.slice(key.lastIndexOf('#') + 1)));
    decls.set(key, decl);
  }
  return decl;
}

/**
 * The declaration a type name used in `file` stands for (`<file>#<name>`), null when there is none:
 * declared in the file itself, or imported (`import { IIoK8sApiCoreV1Container } from "./Container"`;
 * the export alias names the interface).
 */
function resolveRef(file: string, name: string): string | null {
  const key = `${file}#${name}`;
  let target = refs.get(key);
  if (target === undefined) {
    const found = resolveName(path.join(root(), file), name);
    target = found && findDeclaration(found.file, found.name) ? `${relativeToRoot(found.file)}#${found.name}` : null;
    refs.set(key, target);
  }
  return target;
}

function relativeToRoot(file: string): string {
  return path.relative(root(), file).split(path.sep).join('/');
}

// ---- the package's compiled validators -------------------------------------------------------------
//
// `_schemas/<Id>.js` of a kind requires the validators of every definition it refers to: ~115
// small modules for a Deployment (and ~50 more outside them: @kubernetes-models/validate, formats),
// which jest loads one by one again in every test file (~0.1 s of CPU). The on-disk cache keeps, per
// kind, the `_schemas` modules it reaches as one file (`k8s-1.33-validators-<Id>.js`): each module's
// code, unchanged, wrapped in a CommonJS module function, with where each of its `require`s leads.
// They run as Node would run them (same code, module objects, cycles, `this`), sharing the modules
// already run for another kind; anything else they require is required as usual, from where the
// module lies.

/** A bundled module: its code as a CommonJS module function, and `require` specifier -> bundled module. */
type BundledModule = readonly [
  (this: unknown, require: (specifier: string) => unknown, module: { exports: any }, exports: unknown) => void,
  Readonly<Record<string, string>>,
];

/** The bundled modules read, by file relative to the package root. */
const bundled = new Map<string, BundledModule>();
/** The bundled modules run (or running), by file relative to the package root. */
const bundledRun = new Map<string, { exports: any }>();

/** The compiled validator of a definition: from the cached bundle, else required (and bundled for the next time). */
function compiledValidator(id: string): Validate {
  const entry = `_schemas/${id}.js`;
  const entryName = `k8s-1.33-validators-${id}.js`;
  const code = readSchemaCache(entryName);
  if (code !== undefined) {
    try {
      const module = { exports: {} as Record<string, BundledModule> };
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      new Function('module', code)(module);
      for (const [file, m] of Object.entries(module.exports)) if (!bundled.has(file)) bundled.set(file, m);
      const validate = runBundled(entry).validate;
      if (typeof validate === 'function') return validate as Validate;
    } catch {
      // unusable: required as usual below, and bundled again
    }
    rejectSchemaCacheEntry();
  }
  if (schemaCacheWritable()) {
    const bundle = bundleOf(entry);
    if (bundle !== undefined) writeSchemaCache(entryName, bundle);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(root(), entry)).validate as Validate;
}

function runBundled(file: string): any {
  const running = bundledRun.get(file);
  if (running) return running.exports;
  const m = bundled.get(file);
  if (!m) throw new Error(`schema-v133.ts: ${file} is not bundled`);
  const [fn, deps] = m;
  const module = { exports: {} as any };
  bundledRun.set(file, module);
  const dir = path.dirname(path.join(root(), file));
  const requireHere = (specifier: string): unknown =>
    Object.prototype.hasOwnProperty.call(deps, specifier) ? runBundled(deps[specifier]) : requireFrom(dir, specifier);
  fn.call(module.exports, requireHere, module, module.exports);
  return module.exports;
}

function requireFrom(dir: string, specifier: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(specifier.startsWith('.') ? path.resolve(dir, specifier) : require.resolve(specifier, { paths: [dir] }));
}

/**
 * The cache entry holding the `_schemas` modules reachable from `entry` (all under the package root),
 * or undefined when a module does something the bundle would not reproduce (refers to its own file
 * name, resolves module names itself...) or a `require` cannot be followed: then nothing is bundled.
 */
function bundleOf(entry: string): string | undefined {
  const parts: string[] = [];
  const seen = new Set<string>();
  const todo = [entry];
  try {
    while (todo.length > 0) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const abs = path.join(root(), file);
      const code = fs.readFileSync(abs, 'utf8');
      if (/\b(?:__dirname|__filename|module\.(?:parent|children|id|filename|paths|require)|require\.(?:resolve|cache|main))\b/.test(code)) return undefined;
      const deps: Record<string, string> = {};
      for (const [, specifier] of code.matchAll(/\brequire\("([^"\\]+)"\)/g)) {
        const target = specifier.startsWith('.') ? path.resolve(path.dirname(abs), specifier) : require.resolve(specifier, { paths: [path.dirname(abs)] });
        const rel = relativeToRoot(target);
        if (!fs.existsSync(target) || rel.startsWith('../') || !/(^|\/)_schemas\/[^/]+\.js$/.test(rel)) continue; // required as usual
        deps[specifier] = rel;
        todo.push(rel);
      }
      parts.push(`${JSON.stringify(file)}: [function (require, module, exports) {\n${code}\n}, ${JSON.stringify(deps)}]`);
    }
  } catch {
    return undefined;
  }
  return `module.exports = {\n${parts.join(',\n')}\n};\n`;
}

// ---- reading the .d.ts files (only without the cache, or to fill it) ----------------------------

/** The `typescript` package, loaded the first time a declaration is not found in the cache (~0.4 s of CPU). */
function ts(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('typescript') as typeof TS;
}

const sources = new Map<string, TS.SourceFile>();

function source(file: string): TS.SourceFile {
  let sf = sources.get(file);
  if (!sf) {
    const t = ts();
    sf = t.createSourceFile(file, fs.readFileSync(file, 'utf8'), t.ScriptTarget.Latest, false, t.ScriptKind.TS);
    sources.set(file, sf);
  }
  return sf;
}

/** The interface or type alias called `name` declared in `file`. */
function findDeclaration(file: string, name: string): TS.InterfaceDeclaration | TS.TypeAliasDeclaration | undefined {
  const t = ts();
  for (const s of source(file).statements) {
    if ((t.isInterfaceDeclaration(s) || t.isTypeAliasDeclaration(s)) && s.name.text === name) return s;
  }
  return undefined;
}

/** `"apiVersion": "apps/v1"` of an interface. */
function literalOf(decl: TS.InterfaceDeclaration, field: string): string | undefined {
  const t = ts();
  for (const m of decl.members) {
    if (t.isPropertySignature(m) && propertyName(m) === field && m.type && t.isLiteralTypeNode(m.type) && t.isStringLiteral(m.type.literal)) {
      return m.type.literal.text;
    }
  }
  return undefined;
}

/** The schema id of an interface, from `export { IDeployment as IIoK8sApiAppsV1Deployment, ... }`. */
function schemaIdOf(file: string, iface: string): string | undefined {
  const t = ts();
  for (const s of source(file).statements) {
    if (!t.isExportDeclaration(s) || !s.exportClause || !t.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      if ((e.propertyName?.text ?? e.name.text) === iface && e.name.text.startsWith('I')) return e.name.text.slice(1);
    }
  }
  return undefined;
}

function propertyName(m: TS.PropertySignature): string | undefined {
  const t = ts();
  const n = m.name;
  return t.isStringLiteral(n) || t.isIdentifier(n) ? n.text : undefined;
}

/** Where a type name used in `file` is declared: the file itself, or the file it is imported from. */
function resolveName(file: string, name: string): { file: string; name: string } | undefined {
  const t = ts();
  if (findDeclaration(file, name)) return { file, name };
  for (const s of source(file).statements) {
    if (!t.isImportDeclaration(s) || !s.importClause?.namedBindings || !t.isNamedImports(s.importClause.namedBindings)) continue;
    const binding = s.importClause.namedBindings.elements.find((e) => e.name.text === name);
    if (!binding) continue;
    const specifier = (s.moduleSpecifier as TS.StringLiteral).text;
    const target = resolveModule(file, specifier);
    if (!target) return undefined;
    const exported = binding.propertyName?.text ?? binding.name.text;
    return { file: target, name: localNameOf(target, exported) };
  }
  return undefined;
}

function resolveModule(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) {
    const file = path.resolve(path.dirname(from), `${specifier}.d.ts`);
    return fs.existsSync(file) ? file : undefined;
  }
  // `@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta`: the package's own dependency.
  const m = /^(@[^/]+\/[^/]+|[^@/][^/]*)\/(.+)$/.exec(specifier);
  if (!m) return undefined;
  let dir: string;
  try {
    dir = path.dirname(require.resolve(`${m[1]}/package.json`, { paths: [from] }));
  } catch {
    return undefined;
  }
  const file = path.join(dir, `${m[2]}.d.ts`);
  return fs.existsSync(file) ? file : undefined;
}

/** The local declaration behind an exported name (`export { IContainer as IIoK8sApiCoreV1Container }`). */
function localNameOf(file: string, exported: string): string {
  const t = ts();
  if (findDeclaration(file, exported)) return exported;
  for (const s of source(file).statements) {
    if (!t.isExportDeclaration(s) || !s.exportClause || !t.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      if (e.name.text === exported && e.propertyName) return e.propertyName.text;
    }
  }
  return exported;
}

/** What the walk needs of a declaration (see Decl). */
function toDecl(decl: TS.InterfaceDeclaration | TS.TypeAliasDeclaration | undefined): Decl | null {
  if (!decl) return null;
  const t = ts();
  if (t.isTypeAliasDeclaration(decl)) return { alias: shapeOf(decl.type) };
  return {
    fields: decl.members.filter(t.isPropertySignature).map((m) => [propertyName(m) ?? null, m.questionToken !== undefined, m.type ? shapeOf(m.type) : 0] as const),
  };
}

/** How a value of this type is walked (see Shape). */
function shapeOf(type: TS.TypeNode): Shape {
  const t = ts();
  if (t.isParenthesizedTypeNode(type)) return shapeOf(type.type);
  if (t.isUnionTypeNode(type)) {
    // Unions are of primitives and literals (int-or-string, quantities, enums): leaves.
    const objects = type.types.filter((u) => !t.isLiteralTypeNode(u) && !isKeyword(u));
    return objects.length === 1 ? shapeOf(objects[0]) : 0;
  }
  if (t.isArrayTypeNode(type)) return { array: shapeOf(type.elementType) };
  if (t.isTypeReferenceNode(type)) {
    const name = t.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (name === 'Array' && type.typeArguments?.length === 1) return { array: shapeOf(type.typeArguments[0]) };
    return { ref: name };
  }
  if (t.isTypeLiteralNode(type)) {
    const index = type.members.find(t.isIndexSignatureDeclaration);
    return index ? { map: shapeOf(index.type) } : 0;
  }
  return 0; // keywords and literals: leaves, checked by the compiled validator
}

function isKeyword(node: TS.TypeNode): boolean {
  const t = ts();
  return node.kind >= t.SyntaxKind.FirstKeyword && node.kind <= t.SyntaxKind.LastKeyword;
}

// ---- the declaration walk ------------------------------------------------------------------------

function walkDecl(value: unknown, key: string, at: string, errors: SchemaError[]): void {
  const decl = declOf(key);
  if (!decl) return; // not declared here: nothing to check structurally (the compiled validator still runs)
  if ('alias' in decl) {
    walkShape(value, decl.alias, fileOf(key), at, errors);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return; // wrong type: reported by the compiled validator
  const members = decl.fields;
  if (members.length === 0) return; // JSON, RawExtension...: anything goes
  const file = fileOf(key);
  const byName = new Map(members.map((m) => [m[0], m]));
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    const m = byName.get(name);
    const here = join(at, name);
    if (!m) {
      errors.push({ at: here, message: `unknown field "${name}"` });
    } else if (v === null) {
      errors.push({ at: here, message: 'must not be null (got null)' });
    } else {
      walkShape(v, m[2], file, here, errors);
    }
  }
  for (const [name, optional] of members) {
    if (name !== null && !optional && (value as Record<string, unknown>)[name] === undefined) {
      errors.push({ at: join(at, name), message: 'required field is missing' });
    }
  }
}

function walkShape(value: unknown, shape: Shape, file: string, at: string, errors: SchemaError[]): void {
  if (shape === 0) return;
  if ('array' in shape) {
    if (!Array.isArray(value)) return;
    value.forEach((v, i) => {
      const here = join(at, String(i));
      if (v === null) errors.push({ at: here, message: 'must not be null (got null)' });
      else walkShape(v, shape.array, file, here, errors);
    });
    return;
  }
  if ('map' in shape) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
        const here = join(at, name);
        if (v === null) errors.push({ at: here, message: 'must not be null (got null)' });
        else walkShape(v, shape.map, file, here, errors);
      }
    }
    return;
  }
  const target = resolveRef(file, shape.ref);
  if (target) walkDecl(value, target, at, errors);
}

// ---- the compiled validator's errors -----------------------------------------------------------

/**
 * The compiled validator's errors, worded like the 1.27 checks. The branches of a failed `oneOf`
 * (int-or-string, quantity) are reported at the same place as the `oneOf` itself: they are folded
 * into one "must be X or Y" error.
 */
function compiledErrors(obj: unknown, errors: AjvLikeError[]): SchemaError[] {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf').map((e) => e.instancePath));
  const out: SchemaError[] = [];
  for (const e of errors) {
    const at = fieldPath(e.instancePath);
    const got = ` (got ${show(dataAt(obj, e.instancePath))})`;
    if (oneOfAt.has(e.instancePath)) {
      if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') continue;
      const branches = errors
        .filter((x) => x.instancePath === e.instancePath && (x.keyword === 'type' || x.keyword === 'format'))
        .map((x) => (x.keyword === 'type' ? String(x.params.type) : `${x.params.format} string`));
      out.push({ at, message: `must be ${[...new Set(branches)].join(' or ') || 'one of the allowed shapes'}${got}` });
      continue;
    }
    const p = e.params ?? {};
    switch (e.keyword) {
      case 'required':
        out.push({ at: join(at, p.missingProperty), message: 'required field is missing' });
        break;
      case 'type':
        out.push({ at, message: `must be ${p.type}${got}` });
        break;
      case 'enum':
        out.push({ at, message: `must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}${got}` });
        break;
      case 'format':
        out.push({ at, message: `must be a valid ${p.format}${got}` });
        break;
      case 'additionalProperties':
        out.push({ at: join(at, p.additionalProperty), message: `unknown field "${p.additionalProperty}"` });
        break;
      default:
        out.push({ at, message: `${e.keyword} ${JSON.stringify(p)}${got}` });
    }
  }
  return out;
}

function dataAt(obj: unknown, pointer: string): unknown {
  let cur: any = obj;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

/** `/spec/template/spec/containers/0/name` -> `spec.template.spec.containers[0].name` */
function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) out = join(out, raw.replace(/~1/g, '/').replace(/~0/g, '~'));
  return out;
}

function join(base: string, seg: string): string {
  if (/^\d+$/.test(seg)) return `${base}[${seg}]`;
  if (/^[A-Za-z_$][\w$-]*$/.test(seg)) return base ? `${base}.${seg}` : seg;
  return `${base}[${JSON.stringify(seg)}]`;
}

function show(v: unknown): string {
  const s = v === undefined ? 'undefined' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
