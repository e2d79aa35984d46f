import { asArray, asObject, asString, asStringMap, get } from './json';

/**
 * A Kubernetes label selector: `matchLabels` and `matchExpressions` (`In`, `NotIn`, `Exists`,
 * `DoesNotExist`), as PodDisruptionBudgets, NetworkPolicies and Deployments use it; or the plain map of
 * a Service selector.
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#resources-that-support-set-based-requirements
 */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: ReadonlyArray<{ readonly key: string; readonly operator: string; readonly values: readonly string[] }>;
  /** False when the selector field itself is missing or not an object. */
  readonly present: boolean;
}

/** Reads a `LabelSelector` field (`{matchLabels, matchExpressions}`). */
export function readLabelSelector(value: unknown): LabelSelector {
  const o = asObject(value);
  return {
    present: o !== undefined,
    matchLabels: asStringMap(get(o, 'matchLabels')),
    matchExpressions: asArray(get(o, 'matchExpressions')).flatMap((e) => {
      const key = asString(get(e, 'key'));
      const operator = asString(get(e, 'operator'));
      if (key === undefined || operator === undefined) return [];
      return [{ key, operator, values: asArray(get(e, 'values')).filter((v): v is string => typeof v === 'string') }];
    }),
  };
}

/** Reads a Service's map selector as a `LabelSelector`. */
export function mapSelector(value: unknown): LabelSelector {
  return { present: asObject(value) !== undefined, matchLabels: asStringMap(value), matchExpressions: [] };
}

/** True when `labels` satisfy the selector. An empty selector matches everything. */
export function matches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels)) {
    if (labels[k] !== v) return false;
  }
  for (const e of selector.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an unknown operator selects nothing (the API server would refuse it)
    }
  }
  return true;
}

/** True when the selector has no requirement at all (selects every pod of its namespace). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels).length === 0 && selector.matchExpressions.length === 0;
}
