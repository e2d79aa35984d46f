import { ObjectRef } from './object-ref';
import { GuardrailRule } from './rule-ids';
import type { IndexedObject, Workload } from './workloads';

/*
 * A violation as a rule returns it, and the finding the engine makes of it, as every rule of the engine reports it (the rules of the end state, `check.ts`, and the
 * transition rules, `transition.ts`): in a file of its own, which both import.
 */

/** Where a finding is: the rule, the object and the JSON path (what a construct needs to name its prop). */
export interface FindingLocation {
  /** The rule id. */
  readonly rule: GuardrailRule;
  /** The object holding the offending field. */
  readonly objectRef: ObjectRef;
  /** JSON path of the offending field in the object, e.g. `spec.strategy.type`. */
  readonly path: string;
}

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

/** One violation, before exemptions and formatting. */
export interface RuleViolation {
  /** The object holding the offending field. */
  readonly object: IndexedObject;
  /** The workload the violation is about, for workload rules (its exemption annotations count too). */
  readonly workload?: Workload;
  /** JSON path of the offending field in `object`, e.g. `spec.strategy.type`. */
  readonly path: string;
  /** The offending value. */
  readonly value: unknown;
  /** What would pass. */
  readonly allowed: string;
}
