export { checkObjects, checkInventory, CheckOptions, Finding, ruleById } from './check';
export { ZERO_DOWNTIME_RULES, ZeroDowntimeRule, RuleViolation, effectiveReplicas, largestReplicas, rollingParameters } from './rules';
export { GuardrailRule, GuardrailExemption, guardrailRuleKey } from './rule-ids';
export { buildInventory, Inventory, IndexedObject, Workload } from './workloads';
export { ObjectRef, refOf, describeRef } from './object-ref';
export { TrafficPath, PATH_SECONDS, preStopFact, PreStopFact, slowestPath, servingContainer, graceSeconds, drainSeconds, execSleepSeconds } from './facts';
export {
  EXEMPTION_ANNOTATION_PREFIX,
  DRAIN_SECONDS_ANNOTATION,
  PRESTOP_SECONDS_ANNOTATION,
  SCHEDULABLE_NODES_ANNOTATION,
  DEREGISTRATION_SECONDS_ANNOTATION,
  DEFAULT_DRAIN_SECONDS,
} from './annotations';
