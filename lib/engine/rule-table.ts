import { GuardrailRule } from './rule-ids';
import { RULE_DEFINITIONS, RuleDefinition } from './rules';
import { TRANSITION_RULE_DEFINITIONS } from './transition-rules';

/** A zero-downtime rule: what it refuses, why, and how to fix it. */
export interface ZeroDowntimeRule {
  /** Stable id: the exemption key. */
  readonly id: GuardrailRule;
  /** One line: why this drops requests. */
  readonly reason: string;
  /** The fix, for users of `ZeroDowntimeWebsite`. */
  readonly fix: string;
  /** The fix, in manifest terms, for users of plain YAML. */
  readonly manifestFix: string;
  /** Where the behaviour behind the rule is documented: a Kubernetes doc or a public issue. */
  readonly source: string;
  /**
   * False for rules about objects the API server refuses or overwrites (names, namespaces, node ports):
   * an exemption cannot make those work, so exemption annotations are ignored.
   */
  readonly exemptible: boolean;
  /**
   * What the rule judges, in words: the workload kinds (and whether only those a Service in the input
   * selects, for traffic rules), or `the whole input`. `check` reports the rules it could not run on
   * an object from the same declaration.
   */
  readonly scope: string;
}

/**
 * The table of zero-downtime rules that `RuleEngine.check()` runs (and every `ZeroDowntimeWebsite` at
 * synth), in the order findings are reported. docs/guardrails.md is generated from it.
 */
export class ZeroDowntimeRules {
  /** Every rule, in report order. */
  public static all(): ZeroDowntimeRule[] {
    return RULE_DEFINITIONS.map(describe);
  }

  /**
   * The transition rules `RuleEngine.compare()` runs on the change between two renders (and
   * `cdk8s-zero-downtime synth` against the previous output), in report order.
   */
  public static transitions(): ZeroDowntimeRule[] {
    return TRANSITION_RULE_DEFINITIONS.map(describeTransition);
  }

  /** The rule with this id (a rule of the end state or a transition rule). */
  public static byId(id: GuardrailRule): ZeroDowntimeRule {
    const rule = RULE_DEFINITIONS.find((r) => r.id === id);
    if (rule) return describe(rule);
    const transition = TRANSITION_RULE_DEFINITIONS.find((r) => r.id === id);
    if (!transition) throw new Error(`unknown zero-downtime rule ${JSON.stringify(id)}; allowed: ${Object.values(GuardrailRule).join(', ')}`);
    return describeTransition(transition);
  }

  private constructor() {}
}

function describe(r: RuleDefinition): ZeroDowntimeRule {
  return { id: r.id, reason: r.reason, fix: r.fix, manifestFix: r.manifestFix, source: r.source, exemptible: r.exemptible, scope: describeScope(r) };
}

function describeTransition(r: ZeroDowntimeRule): ZeroDowntimeRule {
  return { id: r.id, reason: r.reason, fix: r.fix, manifestFix: r.manifestFix, source: r.source, exemptible: r.exemptible, scope: r.scope };
}

function describeScope(r: RuleDefinition): string {
  if (r.appliesTo === 'input') return 'the whole input';
  const kinds = r.appliesTo.kinds.join(', ');
  return r.appliesTo.served ? `${kinds} that a Service selects` : kinds;
}
