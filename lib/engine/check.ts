import { describeValue } from '../internal/problems';
import { EXEMPTION_ANNOTATION_PREFIX } from './annotations';
import { asStringMap, get } from './json';
import { ObjectRef } from './object-ref';
import { GuardrailRule } from './rule-ids';
import { RULE_DEFINITIONS, RuleDefinition, RuleViolation } from './rules';
import { buildInventory, Inventory } from './workloads';

/** One rule violation in a set of Kubernetes objects. */
export interface Finding {
  /** The rule id. */
  readonly rule: GuardrailRule;
  /** The object holding the offending field. */
  readonly objectRef: ObjectRef;
  /** Position of that object in the input array. */
  readonly objectIndex: number;
  /**
   * The Deployment the finding is about, for rules about a workload (may be `objectRef` itself).
   * @default - the finding is not about a workload (e.g. a duplicate name)
   */
  readonly workloadRef?: ObjectRef;
  /**
   * Position of that Deployment in the input array.
   * @default - the finding is not about a workload
   */
  readonly workloadIndex?: number;
  /** JSON path of the offending field in the object, e.g. `spec.strategy.type`. */
  readonly path: string;
  /** The `ZeroDowntimeWebsite` property that sets the field. */
  readonly property: string;
  /** The offending value. */
  readonly value: any;
  /** What would pass. */
  readonly allowed: string;
  /** Why the rule exists. */
  readonly reason: string;
  /** How to fix it in the manifest (the construct's wording is the rule's `fix`). */
  readonly fix: string;
  /** `<path> breaks zero-downtime rule <id> (<reason>), got <value>; allowed: <allowed>` */
  readonly message: string;
}

/** Options of `RuleEngine.check()`. */
export interface CheckOptions {
  /**
   * The rules to run, by id.
   * @default - every rule, in the order of `ZeroDowntimeRules.all()`
   */
  readonly rules?: GuardrailRule[];
}

/**
 * The zero-downtime rule engine: the checks `ZeroDowntimeWebsite` runs at synth and
 * `cdk8s-zero-downtime check` runs on YAML, as one function of plain Kubernetes objects.
 */
export class RuleEngine {
  /**
   * The findings in `objects` (plain JSON, as rendered or as read from YAML), in rule order. Objects of
   * any kind and shape are accepted: kinds the rules do not know are only checked by the rules about
   * every object (names, namespaces). It never throws.
   *
   * An object is exempt from a rule when it, or the Deployment the finding is about, has the annotation
   * `zero-downtime.cdk8s.io/exempt-<rule id>`.
   */
  public static check(objects: any[], options: CheckOptions = {}): Finding[] {
    return checkInventory(buildInventory(objects), options);
  }

  private constructor() {}
}

/** `RuleEngine.check` on an inventory built already. */
function checkInventory(inventory: Inventory, options: CheckOptions = {}): Finding[] {
  const wanted = options.rules === undefined ? undefined : new Set<string>(options.rules);
  const out: Finding[] = [];
  for (const rule of RULE_DEFINITIONS) {
    if (wanted && !wanted.has(rule.id)) continue;
    for (const v of rule.check(inventory)) {
      if (rule.exemptible && isExempt(v, rule.id)) continue;
      out.push(toFinding(rule, v));
    }
  }
  return out;
}

function isExempt(v: RuleViolation, id: GuardrailRule): boolean {
  const key = `${EXEMPTION_ANNOTATION_PREFIX}${id}`;
  const has = (o: unknown) => asStringMap(get(o, 'metadata', 'annotations'))[key] !== undefined;
  return has(v.object.object) || (v.workload !== undefined && has(v.workload.deployment.object));
}

function toFinding(rule: RuleDefinition, v: RuleViolation): Finding {
  return {
    rule: rule.id,
    objectRef: v.object.ref,
    objectIndex: v.object.index,
    ...(v.workload ? { workloadRef: v.workload.deployment.ref, workloadIndex: v.workload.deployment.index } : {}),
    path: v.path,
    property: v.property,
    value: v.value,
    allowed: v.allowed,
    reason: rule.reason,
    fix: rule.exemptible ? `${rule.manifestFix}, or exempt it on purpose with the annotation ${EXEMPTION_ANNOTATION_PREFIX}${rule.id}: "<reason>"` : rule.manifestFix,
    message: `${v.path} breaks zero-downtime rule ${rule.id} (${rule.reason}), got ${describeValue(v.value)}; allowed: ${v.allowed}`,
  };
}
