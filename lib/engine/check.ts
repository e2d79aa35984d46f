import { describeValue } from '../errors';
import { EXEMPTION_ANNOTATION_PREFIX } from './annotations';
import { asStringMap, get } from './json';
import { ObjectRef } from './object-ref';
import { GuardrailRule } from './rule-ids';
import { RuleViolation, ZERO_DOWNTIME_RULES, ZeroDowntimeRule } from './rules';
import { buildInventory, Inventory } from './workloads';

/** One rule violation in a set of Kubernetes objects. */
export interface Finding {
  /** The rule id. */
  readonly rule: GuardrailRule;
  /** The object holding the offending field. */
  readonly object: ObjectRef;
  /** Position of that object in the input array. */
  readonly objectIndex: number;
  /** The Deployment the finding is about, for rules about a workload (may be `object` itself). */
  readonly workload?: ObjectRef;
  /** Position of that Deployment in the input array. */
  readonly workloadIndex?: number;
  /** JSON path of the offending field in the object, e.g. `spec.strategy.type`. */
  readonly path: string;
  /** The `ZeroDowntimeWebsite` property that sets the field. */
  readonly property: string;
  /** The offending value. */
  readonly value: unknown;
  /** What would pass. */
  readonly allowed: string;
  /** Why the rule exists. */
  readonly reason: string;
  /** How to fix it in the manifest (the construct's wording is on the rule: `fix`). */
  readonly fix: string;
  /** `<path> breaks zero-downtime rule <id> (<reason>), got <value>; allowed: <allowed>` */
  readonly message: string;
}

/** Options of `checkObjects`. */
export interface CheckOptions {
  /** The rules to run. @default every rule */
  readonly rules?: readonly ZeroDowntimeRule[];
}

/**
 * The zero-downtime rule engine: a pure function from Kubernetes objects (plain JSON, as rendered or as
 * read from YAML) to findings, in rule order. Objects of any kind and shape are accepted: kinds the
 * rules do not know are only checked by the rules about every object (names, namespaces). It never
 * throws.
 *
 * An object is exempt from a rule when it, or the Deployment the finding is about, has the annotation
 * `zero-downtime.cdk8s.io/exempt-<rule id>`.
 */
export function checkObjects(objects: readonly unknown[], options: CheckOptions = {}): Finding[] {
  return checkInventory(buildInventory(objects), options);
}

/** `checkObjects` on an inventory built already (the plan reuses it). */
export function checkInventory(inventory: Inventory, options: CheckOptions = {}): Finding[] {
  const out: Finding[] = [];
  for (const rule of options.rules ?? ZERO_DOWNTIME_RULES) {
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

function toFinding(rule: ZeroDowntimeRule, v: RuleViolation): Finding {
  return {
    rule: rule.id,
    object: v.object.ref,
    objectIndex: v.object.index,
    ...(v.workload ? { workload: v.workload.deployment.ref, workloadIndex: v.workload.deployment.index } : {}),
    path: v.path,
    property: v.property,
    value: v.value,
    allowed: v.allowed,
    reason: rule.reason,
    fix: rule.exemptible ? `${rule.manifestFix}, or exempt it on purpose with the annotation ${EXEMPTION_ANNOTATION_PREFIX}${rule.id}: "<reason>"` : rule.manifestFix,
    message: `${v.path} breaks zero-downtime rule ${rule.id} (${rule.reason}), got ${describeValue(v.value)}; allowed: ${v.allowed}`,
  };
}

/** The rule with this id. */
export function ruleById(id: GuardrailRule): ZeroDowntimeRule {
  const rule = ZERO_DOWNTIME_RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`unknown rule ${id}`);
  return rule;
}
