import { EXEMPTION_ANNOTATION_PREFIX } from './annotations';
import { asStringMap, get } from './json';
import { GuardrailRule } from './rule-ids';

/**
 * A rule as the engine knows it, in Kubernetes terms only: what it refuses, why, the fix in the
 * manifest, and its source. The construct's words for it (the prop, the fix with the construct's API)
 * are the construct's own table (lib/zero-downtime-rules.ts).
 */
export interface EngineRule {
  /** Stable id: the exemption key. */
  readonly id: GuardrailRule;
  /** One line: why this drops requests. */
  readonly reason: string;
  /** The fix, in manifest terms. */
  readonly manifestFix: string;
  /** Where the behaviour behind the rule is documented: a Kubernetes doc or a public issue. */
  readonly source: string;
  /**
   * False for rules about objects the API server refuses or overwrites (names, namespaces, node ports):
   * an exemption cannot make those work, so exemption annotations are ignored.
   */
  readonly exemptible: boolean;
}

/** True when `object` carries the exemption annotation `zero-downtime.cdk8s.io/exempt-<id>` (any value: the reason). */
export function hasExemption(object: unknown, id: GuardrailRule): boolean {
  return asStringMap(get(object, 'metadata', 'annotations'))[`${EXEMPTION_ANNOTATION_PREFIX}${id}`] !== undefined;
}

/**
 * The fix a finding of `rule` prints: the manifest fix, and for an exemptible rule how to exempt the
 * object on purpose (`where` says which object, e.g. ` on the new object`).
 */
export function manifestFixOf(rule: EngineRule, where = ''): string {
  return rule.exemptible ? `${rule.manifestFix}, or exempt it on purpose with the annotation ${EXEMPTION_ANNOTATION_PREFIX}${rule.id}: "<reason>"${where}` : rule.manifestFix;
}
