import { asString, get } from './json';

/** Which object a finding is about, as `kubectl get` names it. */
export interface ObjectRef {
  /** e.g. `apps/v1`. */
  readonly apiVersion: string;
  /** e.g. `Deployment`. */
  readonly kind: string;
  /** `metadata.namespace`, when the manifest sets one. */
  readonly namespaceName?: string;
  /** `metadata.name` (or `generateName` when there is no name). */
  readonly name: string;
}

/** The reference of any object; missing fields read as empty strings, never throws. */
export function refOf(object: unknown): ObjectRef {
  const namespace = asString(get(object, 'metadata', 'namespace'));
  return {
    apiVersion: asString(get(object, 'apiVersion')) ?? '',
    kind: asString(get(object, 'kind')) ?? '',
    ...(namespace !== undefined ? { namespaceName: namespace } : {}),
    name: asString(get(object, 'metadata', 'name')) ?? asString(get(object, 'metadata', 'generateName')) ?? '',
  };
}

/** `Kind namespace/name` (or `Kind name` without a namespace), for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${part(ref.kind) || '<no kind>'} ${ref.namespaceName !== undefined ? `${part(ref.namespaceName)}/` : ''}${part(ref.name) || '<no name>'}`;
}

/** A name as it is when it is printable on one line, else JSON-quoted (a name with a line break must not split a message). */
function part(s: string): string {
  return /^[\x21-\x7e]*$/.test(s) ? s : JSON.stringify(s);
}

/** The API group of an apiVersion: `apps` for `apps/v1`, `` for `v1`. */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}
