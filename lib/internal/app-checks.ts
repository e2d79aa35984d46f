import { ApiObject, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Finding, RuleEngine } from '../engine/check';
import { guardrailRuleKey } from '../engine/rule-ids';
import { ZeroDowntimeRules } from '../engine/rule-table';
import { formatProblem, Problem } from './problems';

/**
 * The objects this library's constructs render in one app, checked together by the rule engine
 * (`lib/engine`) exactly as `cdk8s-zero-downtime check` checks YAML: the same function over the same
 * plain JSON, after escape-hatch patches. App-wide rules (duplicate names, nodePort conflicts, chart
 * namespaces) see every chart at once.
 *
 * cdk8s validates the whole app once more for every chart it renders; the result is cached until an
 * object is added or an escape-hatch patch changes one (every registered object counts its patches), so
 * an app of C charts renders and checks its objects once per synth, not C + 1 times.
 */
export class AppChecks {
  /** The checks of the app `scope` belongs to. */
  public static of(scope: IConstruct): AppChecks {
    const root = scope.node.root;
    let checks = registry.get(root);
    if (!checks) registry.set(root, (checks = new AppChecks()));
    return checks;
  }

  private readonly entries: Array<{ readonly owner: IConstruct; readonly object: ApiObject }> = [];
  private revision = 0;
  private cached?: { readonly revision: number; readonly byOwner: Map<IConstruct, Finding[]> };

  private constructor() {}

  /** Adds objects rendered by `owner`; their findings are reported by `owner`'s validation. */
  public register(owner: IConstruct, ...objects: ReadonlyArray<ApiObject | undefined>): void {
    for (const object of objects) {
      if (!object) continue;
      this.entries.push({ owner, object });
      this.revision++;
      const original = object.addJsonPatch;
      object.addJsonPatch = (...ops: JsonPatch[]) => {
        this.revision++;
        original.apply(object, ops);
      };
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
      if (faulty.has(f.property)) continue;
      const rule = ZeroDowntimeRules.byId(f.rule);
      const message = formatProblem({
        property: f.property,
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
    if (this.cached?.revision !== this.revision) {
      // An object that cannot be rendered (bad input already reported by its owner, or a broken
      // escape-hatch patch that synth will report) is left out of the check rather than failing it.
      const findings = RuleEngine.check(this.entries.map((e) => renderOrUndefined(e.object)));
      const byOwner = new Map<IConstruct, Finding[]>();
      for (const f of findings) {
        const entry = this.entries[f.objectIndex];
        let list = byOwner.get(entry.owner);
        if (!list) byOwner.set(entry.owner, (list = []));
        list.push(f);
      }
      this.cached = { revision: this.revision, byOwner };
    }
    return this.cached.byOwner.get(owner) ?? [];
  }
}

function renderOrUndefined(object: ApiObject): unknown {
  try {
    return object.toJson();
  } catch {
    return undefined;
  }
}

const registry = new WeakMap<IConstruct, AppChecks>();
