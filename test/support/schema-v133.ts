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
 *   parsed (syntax only, with the `typescript` package, lazily: only the files reachable from a kind
 *   that is validated) and walked along with the object: a field that the declaration does not list
 *   is an unknown field, a `null` is rejected (as in the 1.27 checks), a missing required field is
 *   reported. An interface without fields (`JSON`, `RawExtension`) takes anything, like
 *   `x-kubernetes-preserve-unknown-fields`.
 * - So a 1.33 object is valid when the package's validator AND the declaration walk both pass.
 * - Like 4.3.1, the package merges older specs to keep removed APIs: only the group/versions a 1.33
 *   API server serves by default (SERVED_GROUP_VERSIONS) are accepted.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

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

interface Kind {
  /** The declaration file of the kind and the name of its interface there. */
  readonly file: string;
  readonly iface: string;
  /** The package's compiled validator. */
  readonly validate: Validate;
}

let packageRoot: string | undefined;
const kinds = new Map<string, Kind | null>();
const sources = new Map<string, ts.SourceFile>();

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
  walkInterface(obj, k.file, k.iface, '', errors);
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
    const file = path.join(root(), apiVersion, `${kind}.d.ts`);
    if (fs.existsSync(file)) {
      const iface = `I${kind}`;
      const decl = findDeclaration(file, iface);
      const declared = decl && ts.isInterfaceDeclaration(decl) ? literalOf(decl, 'apiVersion') : undefined;
      const id = schemaIdOf(file, iface);
      if (declared === apiVersion && id) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const validate = require(path.join(root(), '_schemas', `${id}.js`)).validate as Validate;
        found = { file, iface, validate };
      }
    }
  }
  kinds.set(key, found);
  return found ?? undefined;
}

// ---- the declaration walk ------------------------------------------------------------------------

function source(file: string): ts.SourceFile {
  let sf = sources.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    sources.set(file, sf);
  }
  return sf;
}

/** The interface or type alias called `name` declared in `file`. */
function findDeclaration(file: string, name: string): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
  for (const s of source(file).statements) {
    if ((ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name) return s;
  }
  return undefined;
}

/** `"apiVersion": "apps/v1"` of an interface. */
function literalOf(decl: ts.InterfaceDeclaration, field: string): string | undefined {
  for (const m of decl.members) {
    if (ts.isPropertySignature(m) && propertyName(m) === field && m.type && ts.isLiteralTypeNode(m.type) && ts.isStringLiteral(m.type.literal)) {
      return m.type.literal.text;
    }
  }
  return undefined;
}

/** The schema id of an interface, from `export { IDeployment as IIoK8sApiAppsV1Deployment, ... }`. */
function schemaIdOf(file: string, iface: string): string | undefined {
  for (const s of source(file).statements) {
    if (!ts.isExportDeclaration(s) || !s.exportClause || !ts.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      if ((e.propertyName?.text ?? e.name.text) === iface && e.name.text.startsWith('I')) return e.name.text.slice(1);
    }
  }
  return undefined;
}

function propertyName(m: ts.PropertySignature): string | undefined {
  const n = m.name;
  return ts.isStringLiteral(n) || ts.isIdentifier(n) ? n.text : undefined;
}

/**
 * Where a type name used in `file` is declared: the file itself, or the file it is imported from
 * (`import { IIoK8sApiCoreV1Container } from "./Container"`; the export alias names the interface).
 */
function resolveName(file: string, name: string): { file: string; name: string } | undefined {
  if (findDeclaration(file, name)) return { file, name };
  for (const s of source(file).statements) {
    if (!ts.isImportDeclaration(s) || !s.importClause?.namedBindings || !ts.isNamedImports(s.importClause.namedBindings)) continue;
    const binding = s.importClause.namedBindings.elements.find((e) => e.name.text === name);
    if (!binding) continue;
    const specifier = (s.moduleSpecifier as ts.StringLiteral).text;
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
  if (findDeclaration(file, exported)) return exported;
  for (const s of source(file).statements) {
    if (!ts.isExportDeclaration(s) || !s.exportClause || !ts.isNamedExports(s.exportClause)) continue;
    for (const e of s.exportClause.elements) {
      if (e.name.text === exported && e.propertyName) return e.propertyName.text;
    }
  }
  return exported;
}

function walkInterface(value: unknown, file: string, name: string, at: string, errors: SchemaError[]): void {
  const decl = findDeclaration(file, name);
  if (!decl) return; // not declared here: nothing to check structurally (the compiled validator still runs)
  if (ts.isTypeAliasDeclaration(decl)) {
    walkType(value, decl.type, file, at, errors);
    return;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return; // wrong type: reported by the compiled validator
  const members = decl.members.filter(ts.isPropertySignature);
  if (members.length === 0) return; // JSON, RawExtension...: anything goes
  const byName = new Map(members.map((m) => [propertyName(m), m]));
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const m = byName.get(key);
    const here = join(at, key);
    if (!m) {
      errors.push({ at: here, message: `unknown field "${key}"` });
    } else if (v === null) {
      errors.push({ at: here, message: 'must not be null (got null)' });
    } else if (m.type) {
      walkType(v, m.type, file, here, errors);
    }
  }
  for (const m of members) {
    const key = propertyName(m);
    if (key !== undefined && !m.questionToken && (value as Record<string, unknown>)[key] === undefined) {
      errors.push({ at: join(at, key), message: 'required field is missing' });
    }
  }
}

function walkType(value: unknown, type: ts.TypeNode, file: string, at: string, errors: SchemaError[]): void {
  if (ts.isParenthesizedTypeNode(type)) return walkType(value, type.type, file, at, errors);
  if (ts.isUnionTypeNode(type)) {
    // Unions are of primitives and literals (int-or-string, quantities, enums): leaves.
    const objects = type.types.filter((t) => !ts.isLiteralTypeNode(t) && !isKeyword(t));
    if (objects.length === 1) walkType(value, objects[0], file, at, errors);
    return;
  }
  if (ts.isArrayTypeNode(type)) return walkArray(value, type.elementType, file, at, errors);
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (name === 'Array' && type.typeArguments?.length === 1) return walkArray(value, type.typeArguments[0], file, at, errors);
    const target = resolveName(file, name);
    if (target) walkInterface(value, target.file, target.name, at, errors);
    return;
  }
  if (ts.isTypeLiteralNode(type)) {
    const index = type.members.find(ts.isIndexSignatureDeclaration);
    if (index && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const here = join(at, key);
        if (v === null) errors.push({ at: here, message: 'must not be null (got null)' });
        else walkType(v, index.type, file, here, errors);
      }
    }
  }
  // keywords and literals: leaves, checked by the compiled validator
}

function walkArray(value: unknown, item: ts.TypeNode, file: string, at: string, errors: SchemaError[]): void {
  if (!Array.isArray(value)) return;
  value.forEach((v, i) => {
    const here = join(at, String(i));
    if (v === null) errors.push({ at: here, message: 'must not be null (got null)' });
    else walkType(v, item, file, here, errors);
  });
}

function isKeyword(t: ts.TypeNode): boolean {
  return t.kind >= ts.SyntaxKind.FirstKeyword && t.kind <= ts.SyntaxKind.LastKeyword;
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
