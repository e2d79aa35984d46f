import { describeValue } from '../internal/problems';
import { hasExemption, manifestFixOf } from './engine-rule';
import { Finding, RuleViolation } from './finding';
import { describeRef, ObjectRef, refOf } from './object-ref';
import { GuardrailRule } from './rule-ids';

import { RULE_DEFINITIONS, RuleDefinition, unjudgedServiceSelectors } from './rules';
import { shapeProblems } from './shape';
import { compareRenders, TransitionFinding, WorkloadChange, workloadChanges } from './transition';
import { TRANSITION_RULE_DEFINITIONS } from './transition-rules';
import { buildInventory, Inventory, Workload, WORKLOAD_KINDS } from './workloads';

export type { Finding, FindingLocation } from './finding';


/** Rules that did not run on an object, and why: the engine never passes an object it did not read. */
export interface Skip {
  /** Position of the object (or the document that is no object) in the input array. */
  readonly objectIndex: number;
  /**
   * The object.
   * @default - the document is not a Kubernetes object
   */
  readonly objectRef?: ObjectRef;
  /** The rules that did not run on it. */
  readonly rules: GuardrailRule[];
  /** Why, in words, e.g. `no Service in the input selects its pods: traffic rules not run`. */
  readonly reason: string;
}

/** A field of the wrong type in an object the rules read: the object cannot be judged as written. */
export interface InputProblem {
  /** Position of the object in the input array. */
  readonly objectIndex: number;
  /** The object. */
  readonly objectRef: ObjectRef;
  /** JSON path of the field, e.g. `spec.replicas`. */
  readonly path: string;
  /** What was found there. */
  readonly found: any;
  /** What the API server takes there. */
  readonly expected: string;
  /** `<path>: expected <expected>, found <found>` */
  readonly message: string;
}

/** Everything `RuleEngine.analyze()` finds. */
export interface Analysis {
  /** Rule findings, in rule order. */
  readonly findings: Finding[];
  /** Fields of the wrong type in objects the rules read, in input order. */
  readonly problems: InputProblem[];
  /** What was not checked, in input order. */
  readonly skipped: Skip[];
}

/** Options of `RuleEngine.check()`. */
export interface CheckOptions {
  /**
   * The rules to run, by id.
   * @default - every rule, in the order of `RULE_DEFINITIONS` (lib/engine/rules.ts; `ZeroDowntimeRules.all()`)
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
    return runRules(buildInventory(objects), options).findings;
  }

  /**
   * `check()` plus what it could not judge: fields of the wrong type in the objects of the kinds the
   * rules read (`problems`: `replicas: "3"`, a `template` that is no object), and the rules that did
   * not run on an object, with the reason (`skipped`: a document that is no Kubernetes object, a
   * workload no Service selects, a Service whose pods an operator creates). Never throws.
   */
  public static analyze(objects: any[], options: CheckOptions = {}): Analysis {
    const inventory = buildInventory(objects);
    const { findings, skipped } = runRules(inventory, options);
    const problems = shapeProblems(inventory.objects).map((p): InputProblem => ({
      objectIndex: p.objectIndex,
      objectRef: refOf(objects[p.objectIndex]),
      path: p.path,
      found: p.found,
      expected: p.expected,
      message: `${p.path}: expected ${p.expected}, found ${describeValue(p.found)}`,
    }));
    return { findings, problems, skipped: skipped.sort((a, b) => a.objectIndex - b.objectIndex) };
  }

  /**
   * The transition findings of the change from `before` (the baseline: e.g. the committed render of
   * the target branch) to `after` (the new render), in the order of `ZeroDowntimeRules.transitions()`:
   * immutable fields changed, workloads renamed or moved, Services that lose their endpoints or ports
   * while the change is applied. Objects are paired by kind, namespace and name, and by what selects
   * what. Run `check(after)` too: the end state has its own rules. Never throws.
   *
   * An object is exempt from a rule when it (in the new render, or in the baseline when the change
   * removes it), or a workload it belongs to, has the annotation `zero-downtime.cdk8s.io/exempt-<rule id>`.
   */
  public static compare(before: any[], after: any[], options: CheckOptions = {}): TransitionFinding[] {
    return compareRenders(before, after, TRANSITION_RULE_DEFINITIONS, options);
  }

  /**
   * What the change from `before` to `after` does to each workload's pods: which Deployments,
   * StatefulSets and DaemonSets roll (their pod template changed, with the fields), which do not, and
   * which are created or removed. Never throws.
   */
  public static rollouts(before: any[], after: any[]): WorkloadChange[] {
    return workloadChanges(before, after);
  }

  private constructor() {}
}

/**
 * Runs the rules on an inventory: each workload rule on the workloads of the kinds it declares, traffic
 * rules only on workloads a Service selects; what could not run is collected as skips, derived from
 * the same declarations.
 */
function runRules(inventory: Inventory, options: CheckOptions = {}): { findings: Finding[]; skipped: Skip[] } {
  const wanted = options.rules === undefined ? undefined : new Set<string>(options.rules);
  const rules = RULE_DEFINITIONS.filter((r) => !wanted || wanted.has(r.id));
  const findings: Finding[] = [];
  const unserved = new Map<Workload, GuardrailRule[]>();
  for (const rule of rules) {
    const violations: RuleViolation[] = [];
    if (rule.appliesTo === 'input') {
      violations.push(...rule.check(inventory));
    } else {
      for (const w of inventory.workloads) {
        if (!rule.appliesTo.kinds.includes(w.kind)) continue;
        if (rule.appliesTo.served && w.services.length === 0) {
          let list = unserved.get(w);
          if (!list) unserved.set(w, (list = []));
          list.push(rule.id);
          continue;
        }
        violations.push(...rule.checkWorkload(w, inventory));
      }
    }
    for (const v of violations) {
      if (rule.exemptible && isExempt(v, rule.id)) continue;
      findings.push(toFinding(rule, v));
    }
  }
  const skipped: Skip[] = [];
  const ids = rules.map((r) => r.id);
  for (const index of inventory.notObjects) {
    skipped.push({ objectIndex: index, rules: ids, reason: 'not a Kubernetes object (no apiVersion and kind): not read' });
  }
  for (const [w, list] of unserved) {
    skipped.push({ objectIndex: w.controller.index, objectRef: w.controller.ref, rules: list, reason: 'no Service in the input selects its pods: traffic rules not run' });
  }
  const workloadRules = rules.filter((r) => r.appliesTo !== 'input').map((r) => r.id);
  for (const o of inventory.unreadServed) {
    if (workloadRules.length === 0) continue;
    skipped.push({
      objectIndex: o.index,
      objectRef: o.ref,
      rules: workloadRules,
      reason: `a Service selects its pods, but the rules read only ${WORKLOAD_KINDS.join(', ')}: workload rules not run on a ${o.ref.kind}`,
    });
  }
  if (!wanted || wanted.has(GuardrailRule.SERVICE_SELECTOR_MISMATCH)) {
    for (const { service, sources } of unjudgedServiceSelectors(inventory)) {
      skipped.push({
        objectIndex: service.index,
        objectRef: service.ref,
        rules: [GuardrailRule.SERVICE_SELECTOR_MISMATCH],
        reason: sources.length === 0
          ? 'no workload or pod template of its namespace is in the input: selector not judged (check the Service together with the workload it serves)'
          : `its selector matches no pod template in the input, but ${describeRef(sources[0].ref)}${sources.length > 1 ? ` (and ${sources.length - 1} more custom resource${sources.length > 2 ? 's' : ''})` : ''} may have an operator create its pods: selector not judged`,
      });
    }
  }
  return { findings, skipped };
}

function isExempt(v: RuleViolation, id: GuardrailRule): boolean {
  return hasExemption(v.object.object, id) || (v.workload !== undefined && hasExemption(v.workload.controller.object, id));
}

function toFinding(rule: RuleDefinition, v: RuleViolation): Finding {
  return {
    rule: rule.id,
    objectRef: v.object.ref,
    objectIndex: v.object.index,
    ...(v.workload ? { workloadRef: v.workload.controller.ref, workloadIndex: v.workload.controller.index } : {}),
    path: v.path,
    value: v.value,
    allowed: v.allowed,
    reason: rule.reason,
    fix: manifestFixOf(rule),
    message: `${v.path} breaks zero-downtime rule ${rule.id} (${rule.reason}), got ${describeValue(v.value)}; allowed: ${v.allowed}`,
  };
}
