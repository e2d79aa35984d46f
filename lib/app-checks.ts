import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Finding, RuleEngine } from './engine/check';
import { guardrailRuleKey } from './engine/rule-ids';
import { findingProperty, ZeroDowntimeRules } from './zero-downtime-rules';
import { formatProblem, Problem } from './internal/problems';
import { RenderCache } from './internal/render-cache';

/**
 * The objects this library's constructs render in one app, checked together by the rule engine
 * (`lib/engine`) exactly as `cdk8s-zero-downtime check` checks YAML: the same function over the same
 * plain JSON, after escape-hatch patches. App-wide rules (duplicate names, nodePort conflicts, chart
 * namespaces) see every chart at once.
 *
 * cdk8s validates the whole app once more for every chart it renders; the renders and the findings
 * live in the app's `RenderCache`, whose one rule (any call that changes a render starts a new
 * generation) decides when they are computed again: once per synth of an unchanged app, not C + 1
 * times, and again after `addJsonPatch`, `metadata.addAnnotation` and the other mutating calls.
 */
export class AppChecks {
  /** The checks of the app `scope` belongs to. */
  public static of(scope: IConstruct): AppChecks {
    const root = scope.node.root;
    let checks = registry.get(root);
    if (!checks) registry.set(root, (checks = new AppChecks(RenderCache.of(root))));
    return checks;
  }

  private readonly entries: Array<{ readonly owner: IConstruct; readonly object: ApiObject; readonly prop?: string }> = [];

  private constructor(private readonly cache: RenderCache) {}

  /** Adds objects rendered by `owner`; their findings are reported by `owner`'s validation. */
  public register(owner: IConstruct, ...objects: ReadonlyArray<ApiObject | undefined>): void {
    this.registerUnder(owner, undefined, ...objects);
  }

  /**
   * `register`, for objects a prop of `owner` renders (e.g. a release's candidate set): their findings
   * name that prop in front of the construct table's prop (`release.replicas`).
   */
  public registerUnder(owner: IConstruct, prop: string | undefined, ...objects: ReadonlyArray<ApiObject | undefined>): void {
    for (const object of objects) {
      if (!object) continue;
      this.entries.push({ owner, object, ...(prop !== undefined ? { prop } : {}) });
      this.cache.watch(object);
    }
  }

  /**
   * Every problem of `owner` in one report: its input problems, then the findings about the objects it
   * registered, in rule order, each once. A finding about a property that already has an input problem
   * is left out: it would only repeat it.
   */
  public report(owner: IConstruct, problems: readonly Problem[]): string[] {
    const messages = problems.map(formatProblem);
    const faulty = new Set(problems.map((x) => x.property));
    const seen = new Set(messages);
    for (const f of this.findingsFor(owner)) {
      // The engine names the object and the path; the construct's table names the prop behind them.
      const under = this.entries[f.objectIndex]?.prop;
      const property = under === undefined ? findingProperty(f) : `${under}.${findingProperty(f)}`;
      if (faulty.has(property)) continue;
      const rule = ZeroDowntimeRules.byId(f.rule);
      const message = formatProblem({
        property,
        problem: `breaks zero-downtime rule ${rule.id} (${rule.reason})`,
        value: f.value,
        allowed: f.allowed,
        fix: rule.exemptible
          ? `${rule.fix}, or exempt it on purpose with exemptions: [{ rule: GuardrailRule.${guardrailRuleKey(rule.id)}, reason: '...' }]`
          : rule.fix,
      });
      if (!seen.has(message)) {
        seen.add(message);
        messages.push(message);
      }
    }
    return messages;
  }

  /** The findings about objects `owner` registered, in rule order. */
  public findingsFor(owner: IConstruct): readonly Finding[] {
    const byOwner = this.cache.memo('findings', () => {
      // An object that cannot be rendered (bad input already reported by its owner, or a broken
      // escape-hatch patch that synth will report) renders as undefined and is left out of the check.
      const findings = RuleEngine.check(this.entries.map((e) => this.cache.render(e.object)));
      const map = new Map<IConstruct, Finding[]>();
      for (const f of findings) {
        const entry = this.entries[f.objectIndex];
        let list = map.get(entry.owner);
        if (!list) map.set(entry.owner, (list = []));
        list.push(f);
      }
      return map;
    });
    return byOwner.get(owner) ?? [];
  }
}

const registry = new WeakMap<IConstruct, AppChecks>();
