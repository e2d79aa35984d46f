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
