/*
 * Safe readers for plain JSON read from manifests. Input comes from any YAML (Helm output, hand-written
 * files): a field may be missing, null, or of the wrong type. Every reader returns a value of the type
 * asked for, or undefined; none of them throws.
 */

/** A JSON object (not an array, not null). */
export type JsonObject = { readonly [key: string]: unknown };

/** `value` if it is a plain JSON object, else undefined. */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** `value` if it is an array, else an empty array. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** `value` if it is a string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `value` if it is a finite number, else undefined. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** An int-or-string (`3`, `'25%'`, `'http'`), else undefined. */
export function asIntOrString(value: unknown): number | string | undefined {
  return asNumber(value) ?? asString(value);
}

/** The field at a dotted path of object keys, e.g. `get(d, 'spec', 'template', 'spec')`. */
export function get(value: unknown, ...keys: string[]): unknown {
  let v: unknown = value;
  for (const k of keys) {
    const o = asObject(v);
    if (!o || !Object.prototype.hasOwnProperty.call(o, k)) return undefined;
    v = o[k];
  }
  return v;
}

/** A string-to-string map (labels, annotations, selectors): entries with non-string values are dropped. */
export function asStringMap(value: unknown): Record<string, string> {
  const o = asObject(value);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}
