/**
 * Strict, offline schema validation for tests: Kubernetes 1.27 and 1.33, and the CRDs we render.
 *
 * Where the schema comes from, and why
 * ------------------------------------
 * The definitions are read from the npm package `kubernetes-models@4.3.1` (a pinned
 * devDependency), together with its `@kubernetes-models/apimachinery` dependency:
 *
 * - 4.3.x is generated from the Kubernetes **v1.27.1** OpenAPI spec (its README badge; and
 *   checked: every definition that the official v1.27.0 `_definitions.json` has in common with
 *   it has the same property names and types, e.g. `Container` has `resizePolicy` (1.27) but
 *   not `restartPolicy` (1.28), and `LifecycleHandler` has no `sleep` (1.29+)).
 * - 4.3.1 is the LAST release that ships its schemas as JSON *data* (one
 *   `_schemas/<Name>.js` module per definition, holding `const schema = {...}`). From 4.4.0 on
 *   the package only ships pre-compiled ajv validator code, which cannot be made strict, and
 *   those later releases also moved on to newer Kubernetes versions (4.5.x has `SleepAction`).
 * - kubernetes-models' own `validate()` is NOT strict: it ignores unknown fields. So we do not
 *   use its validators; we read the schema data and compile it ourselves with ajv, adding
 *   `additionalProperties: false` to every object that lists its properties (like
 *   kubernetes-json-schema's `-standalone-strict` flavour, and like kubectl's/the API server's
 *   strict field validation).
 * - No npm package was found that ships kubernetes-json-schema (`_definitions.json`) for 1.27;
 *   the npm registry's search endpoint is not reachable from here, `kubernetes-types` is types
 *   only, and `kubernetes-client` stops at 1.13.
 *
 * Known differences of the package's 1.27 data from the official definitions, corrected below
 * in PATCHES (found by diffing against the official v1.27.0 definitions outside this repo):
 * the generator drops properties called `description` and drops `kind`/`apiVersion` from the
 * `required` list of nested reference types (RoleRef, Subject, CrossVersionObjectReference...),
 * and types `StatefulSetSpec.volumeClaimTemplates` items as a bare object. It also keeps API
 * versions that 1.27 no longer serves (policy/v1beta1, autoscaling/v2beta2, batch/v1beta1, ...):
 * only the group/versions in SERVED_GROUP_VERSIONS are accepted, the rest get "no schema".
 * The package is a bit STRICTER than the bare OpenAPI document where the API server is strict
 * too: enum-valued strings are checked (e.g. `imagePullPolicy`, `Service.spec.type`) and
 * resource quantities must parse as Kubernetes quantities.
 * `null` is rejected like any other wrong type, as in the official definitions (the API server
 * would read it as "unset", but in rendered manifests a null is a bug worth seeing).
 *
 * Kubernetes versions
 * -------------------
 * Two schemas: 1.27 (above) and 1.33 (`kubernetes-models@4.5.1` under the npm alias
 * `kubernetes-models-1-33`, made strict with its type declarations: see `schema-v133.ts`).
 * `{ kubernetesVersion }` takes the site's target, '1.27' to '1.33' (the library's
 * `KubernetesVersion`), and checks it against the schema that fits it (`schemaVersionFor`):
 * - 1.27, 1.28, 1.29: the 1.27 schema. No npm package ships 1.28/1.29 schema data; 1.27 is the
 *   stricter of the two for what is rendered (a field 1.27 knows exists in 1.28 and 1.29 too).
 * - 1.30, 1.31, 1.32, 1.33: the 1.33 schema. A field new in 1.31-1.33 would slip through for a
 *   1.30 target, so a test (test/schema.test.ts, "what a >= 1.30 target renders beyond 1.27") proves
 *   that the only field the library renders beyond the 1.27 schema is `lifecycle.preStop.sleep`
 *   (1.30), which every one of these versions has.
 * Custom resources (below) are checked against their CRD schema whatever the version.
 *
 * Argo CD `Application` (argoproj.io/v1alpha1)
 * --------------------------------------------
 * Validated against the Application CRD's OpenAPI v3 schema as shipped by the npm package
 * `@kubernetes-models/argo-cd@2.5.0` (a pinned devDependency; see ARGO_CD_SCHEMA_SOURCE), read
 * lazily from `argoproj.io/v1alpha1/Application.js` (`const schema = {...}`) the first time an
 * Application is validated, and compiled once per module registry:
 *
 * - 2.5.0 is generated from Argo CD **v2.10.8**'s `manifests/crds/application-crd.yaml` (its
 *   package.json `crd-generate.input`, and its changelog). It is the LAST release that ships the
 *   schema as data: 2.6.x/2.7.x (same v2.10.8, then v2.14.11) ship only pre-compiled validators,
 *   and so do 3.x/4.x (Argo CD v3.3.x; 4.x generated from the Go types; ESM only, Node 22+); those
 *   validators ignore unknown fields, so they cannot be made strict. No other npm package
 *   ships the CRD schema as data (`@himenon/argocd-typescript-openapi` is empty and describes
 *   the API server's REST types anyway).
 * - Our constructs are typed from Argo CD **v3.5.1**'s CRD (imports/argoproj.io.ts). Compared
 *   once by hand (outside this repo) with the v3.5.1 CRD: every field the library renders
 *   (spec.project; source.repoURL/targetRevision/path/directory.{recurse,include,exclude};
 *   destination.{server,name,namespace}; syncPolicy.automated.{prune,selfHeal,allowEmpty},
 *   syncOptions, retry.{limit,backoff.{duration,factor,maxDuration}}) has the same type and
 *   format, and `spec` requires `destination` and `project` in both (neither requires `source`
 *   or `sources`: Argo CD checks that itself). v2.10.8 has no field that v3.5.1 dropped, but
 *   lacks what v3 added: spec.sourceHydrator, syncPolicy.automated.enabled,
 *   syncPolicy.retry.refresh, source.name, source.tagPrefix, helm.{apiVersions,kubeVersion,
 *   namespace,skipSchemaValidation,skipTests}, kustomize.{apiVersions,kubeVersion,
 *   ignoreMissingComponents,labelIncludeTemplates,labelWithoutSelector}: those are reported as
 *   unknown fields here although an Argo CD v3.5.1 cluster would accept them.
 * - The package's generator drops `x-kubernetes-preserve-unknown-fields` and writes such an
 *   object as `{type: object, properties: {}}` (in the CRD: only `helm.valuesObject`, in every
 *   place it occurs); `fromCrdGenerate` turns that back into `x-kubernetes-preserve-unknown-fields`,
 *   which `strictify` honours. It also marks every optional field `nullable` (not in the CRD;
 *   dropped by `strictify` like for the core types), and drops `x-kubernetes-int-or-string`
 *   (the `anyOf: [integer, string]` it stands for is kept).
 * - `metadata` is the full 1.27 ObjectMeta (the CRD says only `type: object`, but the API server
 *   validates metadata of custom resources as ObjectMeta), and `apiVersion`/`kind` are checked.
 *
 * Gateway API `HTTPRoute` (gateway.networking.k8s.io/v1)
 * ------------------------------------------------------
 * Validated against the HTTPRoute CRD's OpenAPI v3 schema as shipped by the npm package
 * `@kubernetes-models/gateway-api@0.5.1` (a pinned devDependency; see GATEWAY_API_SCHEMA_SOURCE), read
 * from `gateway.networking.k8s.io/v1/HTTPRoute.js` like the Application above:
 *
 * - 0.5.x is generated from Gateway API **v1.0.0** (its package.json `crd-generate.input`: the
 *   v0.6.2 and v1.0.0 `standard-install.yaml` and, last, v1.0.0's `experimental-install.yaml`, whose
 *   HTTPRoute wins: it has `rules[].timeouts`, which reached the standard channel in v1.2). It is the
 *   last release with schema data: 2.0.0 is generated from the Go types (a later Gateway API), ships
 *   only pre-compiled validators, and is ESM only for Node 22+. No npm package ships the v1.4.x CRD.
 * - Our constructs are typed from Gateway API **v1.4.1**'s standard CRD (imports/gateway.networking.k8s.io.ts).
 *   Compared once, outside this repo, with the v1.4.1 standard CRD: for every field the library
 *   renders (spec.parentRefs[].{group,kind,name,namespace,sectionName}, spec.hostnames,
 *   spec.rules[].matches[].path.{type,value}, spec.rules[].backendRefs[].{group,kind,name,port,weight})
 *   the type, pattern, lengths, ranges, enum and server default are the same in both, with one
 *   exception: v1.0.0 allows at most 8 `rules[].matches`, v1.4.1 64 (`httpRoute.paths` allows 64, so
 *   more than 8 paths fail here although a v1.4.1 cluster accepts them). Fields only v1.4.1 has:
 *   `rules[].name` and the request mirror's `fraction`/`percent` (reported as unknown fields here);
 *   no field of v1.0.0's spec is missing from v1.4.1.
 * - Neither version's CEL rules (`x-kubernetes-validations`, e.g. "a PathPrefix path starts with /",
 *   "a Service backendRef needs a port", sectionName rules of parentRefs) are evaluated here: the
 *   construct checks those of them that its input can break (lib/exposure.ts, `checkHttpRouteOptions`).
 * - `status` is written by the gateway controller and checked only when present.
 *
 * Compiled once per machine
 * -------------------------
 * Jest gives every test file its own module registry: reading the definitions, making them strict and
 * compiling a kind with ajv (~0.25 s for a first Deployment) would be paid again by every test file that
 * validates. So each compiled validator is kept on disk (`schema-cache.ts`: ajv's "standalone" code of
 * the very function `ajv.getSchema` returns, per definition id, with the index of kinds), and later
 * loads run that code instead of compiling: same function, same errors (test/schema.test.ts compares
 * the two). The formats it uses come from `schema-formats.ts`, as they do for ajv here.
 */
import * as fs from 'fs';
import * as path from 'path';
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readSchemaCache, rejectSchemaCacheEntry, schemaCacheWritable, writeSchemaCache } from './schema-cache';
import * as schemaFormats from './schema-formats';
import type * as Schema133 from './schema-v133';

/**
 * The 1.33 schema module, loaded the first time a 1.30-1.33 target is checked: a test file that only
 * checks 1.27 never needs it (nor, when the on-disk cache lacks a 1.33 kind, the `typescript` package
 * it then loads: ~0.4 s of CPU).
 */
function v133(): typeof Schema133 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./schema-v133') as typeof Schema133;
}

/** A site's target Kubernetes version (the library's `KubernetesVersion`, as text). */
export type KubernetesVersion = '1.27' | '1.28' | '1.29' | '1.30' | '1.31' | '1.32' | '1.33';
export const SUPPORTED_KUBERNETES_VERSIONS: readonly KubernetesVersion[] = ['1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33'];
/** The schemas there are data for. */
export type SchemaVersion = '1.27' | '1.33';
export const SCHEMA_SOURCE = 'kubernetes-models@4.3.1 (Kubernetes v1.27.1 OpenAPI), made strict';
export const ARGO_CD_SCHEMA_SOURCE =
  '@kubernetes-models/argo-cd@2.5.0 (Argo CD v2.10.8 Application CRD; our types: v3.5.1), made strict';
export const GATEWAY_API_SCHEMA_SOURCE =
  '@kubernetes-models/gateway-api@0.5.1 (Gateway API v1.0.0 HTTPRoute CRD; our types: v1.4.1), made strict';

export interface ValidateOptions {
  /** The target Kubernetes version, '1.27' to '1.33' (see `schemaVersionFor`). @default '1.27' */
  readonly kubernetesVersion?: KubernetesVersion;
}

/** The schema a target version is checked against: 1.27 for 1.27-1.29, 1.33 for 1.30-1.33 (see the header). */
export function schemaVersionFor(version: KubernetesVersion): SchemaVersion {
  return Number(version.split('.')[1]) >= 30 ? '1.33' : '1.27';
}

/** Group/versions a Kubernetes 1.27 API server serves (alpha APIs excluded: not in the package). */
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
  'flowcontrol.apiserver.k8s.io/v1beta2',
  'flowcontrol.apiserver.k8s.io/v1beta3',
  'networking.k8s.io/v1',
  'node.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
]);

const EXT = 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1';

/** Corrections that bring the package's data back in line with the official 1.27 definitions. */
const PATCHES: Record<string, (s: any) => void> = {
  // `kind` (and `apiVersion`) are required in these nested references.
  'io.k8s.api.autoscaling.v1.CrossVersionObjectReference': requireAlso('kind'),
  'io.k8s.api.autoscaling.v2.CrossVersionObjectReference': requireAlso('kind'),
  'io.k8s.api.core.v1.TypedLocalObjectReference': requireAlso('kind'),
  'io.k8s.api.core.v1.TypedObjectReference': requireAlso('kind'),
  'io.k8s.api.flowcontrol.v1beta2.Subject': requireAlso('kind'),
  'io.k8s.api.flowcontrol.v1beta3.Subject': requireAlso('kind'),
  'io.k8s.api.networking.v1.IngressClassParametersReference': requireAlso('kind'),
  'io.k8s.api.rbac.v1.RoleRef': requireAlso('kind'),
  'io.k8s.api.rbac.v1.Subject': requireAlso('kind'),
  'io.k8s.apimachinery.pkg.apis.meta.v1.APIResource': requireAlso('kind'),
  'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference': requireAlso('apiVersion', 'kind'),
  [`${EXT}.CustomResourceDefinitionNames`]: requireAlso('kind'),
  // Properties named `description` were dropped by the package's generator.
  'io.k8s.api.scheduling.v1.PriorityClass': addProps({ description: { type: 'string' } }),
  [`${EXT}.CustomResourceColumnDefinition`]: addProps({ description: { type: 'string' } }),
  [`${EXT}.ExternalDocumentation`]: addProps({ description: { type: 'string' } }),
  [`${EXT}.JSONSchemaProps`]: addProps({
    'description': { type: 'string' },
    'x-kubernetes-embedded-resource': { type: 'boolean' },
    'x-kubernetes-int-or-string': { type: 'boolean' },
    'x-kubernetes-list-map-keys': { type: 'array', items: { type: 'string' } },
    'x-kubernetes-list-type': { type: 'string' },
    'x-kubernetes-map-type': { type: 'string' },
    'x-kubernetes-preserve-unknown-fields': { type: 'boolean' },
    'x-kubernetes-validations': { type: 'array', items: { $ref: `${EXT}.ValidationRule#` } },
  }),
  'io.k8s.api.apps.v1.StatefulSetSpec': (s) => {
    s.properties.volumeClaimTemplates.items = { $ref: 'io.k8s.api.core.v1.PersistentVolumeClaim#' };
  },
};

function requireAlso(...fields: string[]): (s: any) => void {
  return (s) => {
    s.required = [...new Set([...(s.required ?? []), ...fields])];
  };
}

function addProps(props: Record<string, unknown>): (s: any) => void {
  return (s) => {
    Object.assign(s.properties, props);
  };
}

interface CustomResource {
  /** ajv id of its schema. */
  readonly id: string;
  /** Reads its schema data (not yet strict). */
  readonly read: () => any;
  /**
   * Top-level fields only its controller writes (never rendered). They are most of the schema: an
   * object without them is checked by the schema without them, several times faster to compile
   * (Application: ~55 ms instead of ~400 ms); the full schema is compiled only for an object that
   * has one of them.
   */
  readonly controllerFields: readonly string[];
}

/**
 * Custom resources validated too, by `${apiVersion}/${kind}`: where their schema comes from. Read,
 * added to the registry and compiled only when such an object is first validated.
 */
const CUSTOM_RESOURCES: Record<string, CustomResource> = {
  'argoproj.io/v1alpha1/Application': {
    id: 'argoproj.io.v1alpha1.Application',
    read: () => readCrdGenerateSchema('@kubernetes-models/argo-cd', 'argoproj.io/v1alpha1/Application.js'),
    controllerFields: ['status', 'operation'],
  },
  'gateway.networking.k8s.io/v1/HTTPRoute': {
    id: 'gateway.networking.k8s.io.v1.HTTPRoute',
    read: () => readCrdGenerateSchema('@kubernetes-models/gateway-api', 'gateway.networking.k8s.io/v1/HTTPRoute.js'),
    controllerFields: ['status'],
  },
};

function customResource(key: string): CustomResource | undefined {
  return Object.prototype.hasOwnProperty.call(CUSTOM_RESOURCES, key) ? CUSTOM_RESOURCES[key] : undefined;
}

interface Registry {
  ajv: Ajv;
  /** `${apiVersion}/${kind}` -> definition id */
  byGvk: Map<string, string>;
}

let registry: Registry | undefined;
const validators = new Map<string, ValidateFunction>();
/** Ids of the custom resource schemas already added to the registry's ajv. */
const customLoaded = new Set<string>();

function packageDir(name: string, from?: string): string {
  return path.dirname(require.resolve(`${name}/package.json`, from ? { paths: [from] } : undefined));
}

/** Reads the JSON schema data out of a kubernetes-models `_schemas` directory. */
function readDefinitions(dir: string, into: Record<string, any>): void {
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.js')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const start = text.indexOf('const schema = ');
    const end = text.indexOf(';\nfunction addSchema', start);
    const id = /register\)\("([^"]+)", schema\)/.exec(text)?.[1];
    if (start < 0 || end < 0 || !id) {
      throw new Error(`schema.ts: unexpected layout of ${path.join(dir, file)} (kubernetes-models version changed?)`);
    }
    into[id] = JSON.parse(text.slice(start + 'const schema = '.length, end));
  }
}

/**
 * Reads the schema data of a kubernetes-models CRD package model (`@kubernetes-models/<crd>` 2.5 and
 * older: one `const schema = {...};` per model) and brings back `x-kubernetes-preserve-unknown-fields`.
 */
function readCrdGenerateSchema(pkg: string, file: string): any {
  const full = path.join(packageDir(pkg), file);
  const text = fs.readFileSync(full, 'utf8');
  const start = text.indexOf('const schema = ');
  const end = text.indexOf('\n};\n', start); // the closing brace of the top-level object, at column 0
  if (start < 0 || end < 0) {
    throw new Error(`schema.ts: unexpected layout of ${full} (${pkg} version changed? only <= 2.5 ship schema data)`);
  }
  return fromCrdGenerate(JSON.parse(text.slice(start + 'const schema = '.length, end + 2)));
}

/**
 * `@kubernetes-models/crd-generate` writes an object with `x-kubernetes-preserve-unknown-fields` as
 * `{type: object, properties: {}}` and a map as `{type: object, properties: {}, additionalProperties: X}`:
 * the first gets its `x-kubernetes-preserve-unknown-fields` back, the second loses the empty `properties`.
 */
function fromCrdGenerate(node: any): any {
  if (Array.isArray(node)) return node.map(fromCrdGenerate);
  if (!node || typeof node !== 'object') return node;
  const out: any = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === 'properties' ? mapValues(v as Record<string, unknown>, fromCrdGenerate) : fromCrdGenerate(v);
  }
  if (out.type === 'object' && out.properties && Object.keys(out.properties).length === 0) {
    delete out.properties;
    if (out.additionalProperties === undefined) out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
}

function mapValues(o: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/**
 * Makes a package schema strict: objects that list their properties get
 * `additionalProperties: false` (unless they have `x-kubernetes-preserve-unknown-fields: true`),
 * and the package's "X or null" wrappers (`oneOf: [X, {type: null}]`, `nullable: true`) are
 * reduced to X, as in the official definitions.
 */
function strictify(node: any): any {
  if (Array.isArray(node)) return node.map(strictify);
  if (!node || typeof node !== 'object') return node;
  let out: any = {};
  for (const [k, v] of Object.entries(node)) {
    if (k !== 'nullable') out[k] = strictify(v);
  }
  if (Array.isArray(out.oneOf) && out.oneOf.length === 2) {
    const nullIdx = out.oneOf.findIndex((b: any) => b && b.type === 'null' && Object.keys(b).length === 1);
    if (nullIdx >= 0) {
      const { oneOf, ...rest } = out;
      out = { ...rest, ...oneOf[1 - nullIdx] };
    }
  }
  if (
    out.properties &&
    typeof out.properties === 'object' &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function load(): Registry {
  if (registry) return registry;
  const kmDir = packageDir('kubernetes-models');
  const amDir = packageDir('@kubernetes-models/apimachinery', kmDir);
  const defs: Record<string, any> = {};
  readDefinitions(path.join(amDir, '_schemas'), defs);
  readDefinitions(path.join(kmDir, '_schemas'), defs);

  for (const [id, patch] of Object.entries(PATCHES)) {
    if (!defs[id]) throw new Error(`schema.ts: definition ${id} not found to patch`);
    patch(defs[id]);
  }

  // `code.optimize: false` skips ajv's peephole pass over the generated code: it only removes dead
  // branches (same validation, same errors) but takes about 40% of the compile time, which every test
  // file that validates without the on-disk cache pays again (jest gives each file its own module registry).
  // `code.source` keeps the generated code, for the cache (`standaloneCode`); the code reads the
  // formats that are not regular expressions from `require(FORMATS_MODULE).formats` (see `evalValidator`).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: AjvClass, _ } = require('ajv') as typeof import('ajv');
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    verbose: true,
    validateSchema: false,
    code: { optimize: false, source: schemaCacheWritable(), formats: _`require(${schemaFormats.FORMATS_MODULE}).formats` },
  });
  addFormats(ajv);
  ajv.addFormat('quantity', schemaFormats.QUANTITY_FORMAT);

  const byGvk = new Map<string, string>();
  for (const [id, raw] of Object.entries(defs)) {
    ajv.addSchema(strictify(raw), id);
    const p = raw.properties;
    if (p?.metadata && p.kind?.enum?.length === 1 && Array.isArray(p.apiVersion?.enum)) {
      for (const av of p.apiVersion.enum as string[]) {
        if (SERVED_GROUP_VERSIONS.has(av)) byGvk.set(`${av}/${p.kind.enum[0]}`, id);
      }
    }
  }
  registry = { ajv, byGvk };
  return registry;
}

/** The schema version for the options; throws for a version there is no schema for. */
function checkVersion(opts?: ValidateOptions): SchemaVersion {
  const v = opts?.kubernetesVersion ?? '1.27';
  if (!SUPPORTED_KUBERNETES_VERSIONS.includes(v)) {
    throw new Error(`schema.ts: no schema for Kubernetes ${v}; only ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')} (${SCHEMA_SOURCE}; ${v133().SCHEMA_SOURCE_1_33})`);
  }
  return schemaVersionFor(v);
}

/** On-disk cache entry (see schema-cache.ts): which 1.27 definition validates which `apiVersion/kind`. */
const KINDS_ENTRY = 'ajv-kinds.json';

/** `${apiVersion}/${kind}` -> definition id; filled by `kindIds()`. */
let byGvkIndex: Map<string, string> | undefined;

/**
 * `${apiVersion}/${kind}` -> definition id of the 1.27 kinds: from the on-disk cache when it has
 * them (no need to read the definitions), else from `load()` (and then written to the cache).
 */
function kindIds(): Map<string, string> {
  if (byGvkIndex) return byGvkIndex;
  const text = readSchemaCache(KINDS_ENTRY);
  if (text !== undefined) {
    try {
      const entries: unknown = JSON.parse(text);
      if (Array.isArray(entries) && entries.every((e) => Array.isArray(e) && e.length === 2 && e.every((x) => typeof x === 'string'))) {
        byGvkIndex = new Map(entries as [string, string][]);
        return byGvkIndex;
      }
    } catch {
      // unusable: rebuilt below
    }
    rejectSchemaCacheEntry();
  }
  byGvkIndex = load().byGvk;
  writeSchemaCache(KINDS_ENTRY, JSON.stringify([...byGvkIndex]));
  return byGvkIndex;
}

/** The compiled (and cached) validator for an object's apiVersion/kind, or undefined when there is no schema. */
function validatorFor(obj: any): ValidateFunction | undefined {
  const key = `${obj.apiVersion}/${obj.kind}`;
  const cr = customResource(key);
  const withControllerFields = cr !== undefined && cr.controllerFields.some((f) => obj[f] !== undefined);
  const cacheKey = cr && !withControllerFields ? `${key} (rendered)` : key;
  const cached = validators.get(cacheKey);
  if (cached) return cached;
  const id = cr ? customResourceId(cr, withControllerFields) : kindIds().get(key);
  if (!id) return undefined;
  const fn = cachedValidator(id) ?? compileValidator(id, cr, withControllerFields);
  validators.set(cacheKey, fn);
  return fn;
}

/** The on-disk cache entry of a compiled validator (see schema-cache.ts). */
function validatorEntry(id: string): string {
  return `ajv-${id}.js`;
}

/** The validator of a definition as compiled before and kept in the on-disk cache, if it is there. */
function cachedValidator(id: string): ValidateFunction | undefined {
  const code = readSchemaCache(validatorEntry(id));
  if (code === undefined) return undefined;
  try {
    return evalValidator(code);
  } catch {
    rejectSchemaCacheEntry(); // rebuilt and written again by compileValidator
    return undefined;
  }
}

/**
 * Compiles the validator of a definition in memory, and writes its standalone code (ajv's own
 * serialization of the compiled function and the schema values it refers to) to the on-disk cache.
 */
function compileValidator(id: string, cr: CustomResource | undefined, full: boolean): ValidateFunction {
  const { ajv } = load();
  if (cr) addCustomResource(ajv, cr, full);
  const fn = ajv.getSchema(id);
  if (!fn) throw new Error(`schema.ts: ${id} failed to compile`);
  if (schemaCacheWritable()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const standaloneCode = (require('ajv/dist/standalone') as typeof import('ajv/dist/standalone')).default;
    writeSchemaCache(validatorEntry(id), standaloneCode(ajv, fn));
  }
  return fn;
}

/**
 * Runs the standalone code of a validator (a CommonJS module body) and returns the function it
 * exports. Its `require` calls get ajv's runtime helpers (`ajv/dist/runtime/...`: the same package
 * that compiled it, part of the cache key) and, for FORMATS_MODULE, `schema-formats.ts`: nothing else.
 */
function evalValidator(code: string): ValidateFunction {
  const requireFromCode = (id: string): unknown => {
    if (id === schemaFormats.FORMATS_MODULE) return schemaFormats;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    if (/^ajv\/dist\/runtime\/[a-z0-9_]+$/i.test(id)) return require(id);
    throw new Error(`schema.ts: unexpected require("${id}") in a cached validator`);
  };
  const module = { exports: {} as any };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', code)(requireFromCode, module, module.exports);
  if (typeof module.exports !== 'function') throw new Error('schema.ts: a cached validator exports no function');
  return module.exports as ValidateFunction;
}

/** The ajv id of a custom resource's schema, in full or without its controller fields. */
function customResourceId(cr: CustomResource, full: boolean): string {
  return full ? cr.id : `${cr.id}.rendered`;
}

/**
 * Adds a custom resource's schema to ajv (once), in full or without its controller fields; returns
 * the id added.
 */
function addCustomResource(ajv: Ajv, cr: CustomResource, full: boolean): string {
  const id = customResourceId(cr, full);
  if (!customLoaded.has(id)) {
    const schema = strictify(cr.read());
    if (!full) {
      for (const f of cr.controllerFields) {
        delete schema.properties[f];
        schema.required = schema.required?.filter((r: string) => r !== f);
      }
    }
    ajv.addSchema(schema, id);
    customLoaded.add(id);
  }
  return id;
}

/** True when a strict schema exists for this apiVersion/kind (Kubernetes 1.27 or 1.33, or one of CUSTOM_RESOURCES). */
export function hasSchema(apiVersion: string, kind: string, opts?: ValidateOptions): boolean {
  const schema = checkVersion(opts);
  const key = `${apiVersion}/${kind}`;
  if (customResource(key) !== undefined) return true;
  return schema === '1.33' ? v133().hasSchema133(apiVersion, kind) : kindIds().has(key);
}

/**
 * Validates one Kubernetes object strictly against the Kubernetes API schema of the target version
 * (default 1.27; see `schemaVersionFor`), or for an Argo CD `Application` or a Gateway API `HTTPRoute`
 * against its CRD schema (see ARGO_CD_SCHEMA_SOURCE, GATEWAY_API_SCHEMA_SOURCE).
 * Returns human-readable errors (empty when valid), or `['no schema for <apiVersion>/<kind>']`
 * for kinds the version does not serve (other custom resources, removed API versions).
 */
export function validateManifest(obj: any, opts?: ValidateOptions): string[] {
  const schema = checkVersion(opts);
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return ['manifest must be an object'];
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
    return ['apiVersion and kind must be strings'];
  }
  let errors: string[];
  if (schema === '1.33' && customResource(`${obj.apiVersion}/${obj.kind}`) === undefined) {
    const found = v133().validate133(obj);
    if (!found) return [`no schema for ${obj.apiVersion}/${obj.kind}`];
    errors = found.map((e) => `${e.at || '<root>'}: ${e.message}`);
  } else {
    const validate = validatorFor(obj);
    if (!validate) return [`no schema for ${obj.apiVersion}/${obj.kind}`];
    errors = validate(obj) ? [] : formatErrors(validate.errors ?? []);
  }
  // Not in the OpenAPI document, but every API server rejects it: an object needs a name.
  if (obj.metadata?.name === undefined && obj.metadata?.generateName === undefined) {
    errors.push('metadata.name: required field is missing');
  }
  return errors;
}

/** Validates many objects; every error is prefixed with `<kind>/<name>: `. */
export function validateManifests(objs: any[], opts?: ValidateOptions): string[] {
  const out: string[] = [];
  objs.forEach((obj, i) => {
    const id = `${obj?.kind ?? '<no kind>'}/${obj?.metadata?.name ?? `<unnamed #${i}>`}`;
    for (const e of validateManifest(obj, opts)) out.push(`${id}: ${e}`);
  });
  return out;
}

function formatErrors(errors: ErrorObject[]): string[] {
  // Branch errors under a failing oneOf/anyOf (int-or-string, quantity) are summarised by the oneOf/anyOf itself.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const underOneOf = (e: ErrorObject) =>
    oneOfs.some((o) => o !== e && e.instancePath.startsWith(o.instancePath) && e.schemaPath.startsWith(o.schemaPath + '/'));
  const out: string[] = [];
  for (const e of errors) {
    if (underOneOf(e)) continue;
    const msg = formatError(e);
    if (!out.includes(msg)) out.push(msg);
  }
  return out;
}

function formatError(e: ErrorObject): string {
  const at = fieldPath(e.instancePath);
  const got = ` (got ${show(e.data)})`;
  const p: any = e.params;
  switch (e.keyword) {
    case 'additionalProperties':
      return `${join(at, p.additionalProperty)}: unknown field "${p.additionalProperty}"`;
    case 'required':
      return `${join(at, p.missingProperty)}: required field is missing`;
    case 'type':
      return `${at || '<root>'}: must be ${p.type}${got}`;
    case 'enum':
      return `${at || '<root>'}: must be one of ${(p.allowedValues as unknown[]).map(show).join(', ')}${got}`;
    case 'format':
      return `${at || '<root>'}: must be a valid ${p.format}${got}`;
    case 'oneOf':
    case 'anyOf': {
      const branches = Array.isArray(e.schema) ? (e.schema as any[]).map(describe).join(' or ') : 'one of the allowed shapes';
      return `${at || '<root>'}: must be ${branches}${got}`;
    }
    default:
      return `${at || '<root>'}: ${e.message ?? e.keyword}${got}`;
  }
}

function describe(s: any): string {
  if (s?.$ref) return String(s.$ref).replace(/#$/, '').split('.').pop()!;
  const t = s?.format === 'quantity' ? 'quantity string' : s?.type ?? 'value';
  return s?.format && s.format !== 'quantity' ? `${t} (${s.format})` : t;
}

/** `/spec/template/spec/containers/0/name` -> `spec.template.spec.containers[0].name` */
function fieldPath(pointer: string): string {
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out = join(out, seg);
  }
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
