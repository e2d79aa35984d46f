import { Testing } from 'cdk8s';
import fc from 'fast-check';
import {
  ContainerImage,
  GuardrailRule,
  Release,
  RestartSchedule,
  RuleEngine,
  ServiceType,
  ZeroDowntimeWebsite,
  ZeroDowntimeWebsiteProps,
} from '../lib';
import { freshChart } from './support/chart';
import { validateManifests } from './support/schema';

/*
 * Releases (issue 21): every step sequence of a canary and of a blue-green release, on every traffic
 * path, rendered; each render clean under the rules of the end state (and the strict schemas), each
 * pair of consecutive renders clean under the transition rules; the Kubernetes constraints (stable
 * name and selector kept, selectors that never overlap, budgets, policies and autoscalers over both
 * sets, labels per version and track); the steps that are refused in one commit; properties over
 * shares and replica counts.
 */

const V1 = ContainerImage.fromRegistry('repo/site:1.0.0');
const V2 = ContainerImage.fromRegistry('repo/site:2.0.0');
const ROUTE = { parentRefs: [{ name: 'public', gatewayNamespace: 'gateway' }], hostnames: ['www.example.com'] };

/** The traffic paths of item 1: plain Services (kubectl, NodePort, LoadBalancer), an Ingress, an HTTPRoute. */
const PATHS: Record<string, Partial<ZeroDowntimeWebsiteProps>> = {
  'ClusterIP Service': {},
  'NodePort Service': { serviceType: ServiceType.NODE_PORT, nodePort: 31000 },
  'LoadBalancer Service': { serviceType: ServiceType.LOAD_BALANCER },
  'Ingress': { ingress: { host: 'www.example.com' } },
  'HTTPRoute': { httpRoute: ROUTE },
};

/** Renders the site `web` with these props; synth runs every rule (it throws on a finding). */
function synth(props: Partial<ZeroDowntimeWebsiteProps>): any[] {
  const chart = freshChart();
  new ZeroDowntimeWebsite(chart, 'web', { image: V1, ...props });
  return Testing.synth(chart);
}

/**
 * Renders with the release's rules exempted, then takes the exemption annotations out again: the
 * objects as synth would render them, to read the findings of a render synth refuses.
 */
function renderUnchecked(props: Partial<ZeroDowntimeWebsiteProps>): any[] {
  const exemptions = [GuardrailRule.TRAFFIC_SHARE_EXCEEDS_CAPACITY, GuardrailRule.DEPLOYMENT_REPLICAS].map((rule) => ({ rule, reason: 'read the findings' }));
  const objects = synth({ ...props, exemptions });
  for (const o of objects) {
    for (const key of Object.keys(o.metadata.annotations ?? {})) if (key.startsWith('zero-downtime.cdk8s.io/exempt-')) delete o.metadata.annotations[key];
  }
  return objects;
}

const transitions = (before: any[], after: any[]) => RuleEngine.compare(before, after).map((f) => `${f.rule}: ${f.message}`);
const find = (objects: any[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

/** One step: its name and the site props after the commit. */
type Step = readonly [string, Partial<ZeroDowntimeWebsiteProps>];

/** The commits of each release on a path, as docs/release.md lists them. */
function sequences(path: Partial<ZeroDowntimeWebsiteProps>): Record<string, Step[]> {
  const routed = path.httpRoute !== undefined;
  const canary = (o: { weight?: number; replicas?: number } = {}) => Release.canary({ image: V2, ...o });
  const base: Step = ['stable only', path];
  if (routed) {
    return {
      'canary: start, shares, promote': [
        base,
        ['start (weight 0)', { ...path, release: canary() }],
        ['10 %', { ...path, release: canary({ weight: 10 }) }],
        ['25 %', { ...path, release: canary({ weight: 25 }) }],
        ['40 %', { ...path, release: canary({ weight: 40 }) }],
        ['promote 1: the stable set rolls to the candidate image', { ...path, image: V2, release: canary({ weight: 40 }) }],
        ['promote 2: the candidate weight to 0', { ...path, image: V2, release: canary({ weight: 0 }) }],
        ['promote 3: the release removed', { ...path, image: V2 }],
      ],
      'canary: start, abort': [
        base,
        ['start (weight 0)', { ...path, release: canary() }],
        ['25 %', { ...path, release: canary({ weight: 25 }) }],
        ['abort 1: the candidate weight to 0', { ...path, release: canary({ weight: 0 }) }],
        ['abort 2: the release removed', path],
      ],
      'blue-green: switch and back, promote': blueGreen(path),
    };
  }
  return {
    'canary: start, shares, promote': [
      base,
      ['start (1 pod of 4: 25 %)', { ...path, release: canary() }],
      ['2 pods of 5: 40 %', { ...path, release: canary({ replicas: 2 }) }],
      ['promote 1: the stable set rolls to the candidate image', { ...path, image: V2, release: canary({ replicas: 2 }) }],
      ['promote 2: the release removed', { ...path, image: V2 }],
    ],
    'canary: start, abort': [
      base,
      ['start (1 pod of 4: 25 %)', { ...path, release: canary() }],
      ['abort: the release removed', path],
    ],
    'blue-green: switch and back, promote': blueGreen(path),
  };
}

function blueGreen(path: Partial<ZeroDowntimeWebsiteProps>): Step[] {
  const bg = (live: boolean) => Release.blueGreen({ image: V2, live });
  return [
    ['stable only', path],
    ['start: the preview set', { ...path, release: bg(false) }],
    ['switch: live on the candidate set', { ...path, release: bg(true) }],
    ['switch back', { ...path, release: bg(false) }],
    ['switch again', { ...path, release: bg(true) }],
    ['promote 1: the stable set rolls to the candidate image (not live)', { ...path, image: V2, release: bg(true) }],
    ['promote 2: the release removed (the Service back on the stable set)', { ...path, image: V2 }],
  ];
}

describe.each(Object.entries(PATHS))('%s', (_name, path) => {
  describe.each(Object.entries(sequences(path)))('%s', (_sequence, steps) => {
    const renders = steps.map(([, props]) => synth(props));

    test.each(steps.map(([step], i) => [step, i] as const))('%s: synthesizes (no rule finding) and passes the strict schemas', (_step, i) => {
      expect(RuleEngine.check(renders[i])).toEqual([]);
      expect(validateManifests(renders[i])).toEqual([]);
    });

    test.each(steps.slice(1).map(([step], i) => [step, i + 1] as const))('%s: the commit breaks no transition rule', (_step, i) => {
      expect(transitions(renders[i - 1], renders[i])).toEqual([]);
    });

    test('the stable Deployment keeps its name and its selector in every step', () => {
      for (const r of renders) expect(find(r, 'Deployment', 'web').spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web' } });
    });
  });
});

describe('the Kubernetes constraints of a release', () => {
  const withRestart = { restartSchedule: RestartSchedule.cron('0 3 * * *'), autoscaling: { minReplicas: 3, maxReplicas: 6 } };
  const cases: Record<string, any[]> = {
    'canary (pod ratio)': synth({ ...withRestart, release: Release.canary({ image: V2 }) }),
    'canary (HTTPRoute)': synth({ ...withRestart, httpRoute: ROUTE, release: Release.canary({ image: V2, replicas: 2, weight: 25 }) }),
    'blue-green': synth({ ...withRestart, release: Release.blueGreen({ image: V2, live: true }) }),
  };
  test.each(Object.keys(cases))('%s: the candidate Deployment says why its instance label names the site (Polaris metadataAndInstanceMismatched)', (name) => {
    const candidate = cases[name].find((o) => o.kind === 'Deployment' && o.metadata.name !== 'web');
    expect(candidate.metadata.labels['app.kubernetes.io/instance']).toBe('web');
    expect(candidate.metadata.annotations['polaris.fairwinds.com/metadataAndInstanceMismatched-exempt']).toBe('true');
  });

  const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
  const exprSelects = (s: any, labels: Record<string, string>) =>
    selects(s.matchLabels ?? {}, labels) && (s.matchExpressions ?? []).every((e: any) => e.operator === 'In' && e.values.includes(labels[e.key]));

  describe.each(Object.entries(cases))('%s', (_name, objects) => {
    const stable = find(objects, 'Deployment', 'web');
    const candidate = objects.find((o) => o.kind === 'Deployment' && o.metadata.name !== 'web');
    const pods = { stable: stable.spec.template.metadata.labels, candidate: candidate.spec.template.metadata.labels };
    const restartPods = objects.find((o) => o.kind === 'CronJob').spec.jobTemplate.spec.template.metadata.labels;

    test('stable and candidate selectors never overlap (neither controller adopts the other\'s pods)', () => {
      expect(selects(stable.spec.selector.matchLabels, pods.candidate)).toBe(false);
      expect(selects(candidate.spec.selector.matchLabels, pods.stable)).toBe(false);
      expect(selects(stable.spec.selector.matchLabels, pods.stable)).toBe(true);
      expect(selects(candidate.spec.selector.matchLabels, pods.candidate)).toBe(true);
    });

    test('no Service selects the restart Job\'s pods', () => {
      for (const s of objects.filter((o) => o.kind === 'Service')) expect(selects(s.spec.selector, restartPods)).toBe(false);
    });

    test('each set has exactly one PodDisruptionBudget (overlapping budgets block evictions), a NetworkPolicy and an autoscaler', () => {
      for (const [set, deployment] of [[pods.stable, stable], [pods.candidate, candidate]] as const) {
        expect(objects.filter((o) => o.kind === 'PodDisruptionBudget' && selects(o.spec.selector.matchLabels, set))).toHaveLength(1);
        expect(objects.filter((o) => o.kind === 'NetworkPolicy' && exprSelects(o.spec.podSelector, set)).length).toBeGreaterThanOrEqual(1);
        expect(objects.filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === deployment.metadata.name)).toHaveLength(1);
        expect(deployment.spec.replicas).toBeUndefined();
      }
    });

    test('the candidate gets every zero-downtime default: probes, preStop by path, grace, anti-affinity on its own pods, the strategy', () => {
      const [s, c] = [stable.spec, candidate.spec];
      const sc = s.template.spec.containers[0];
      const cc = c.template.spec.containers[0];
      expect(cc.image).toBe('repo/site:2.0.0');
      for (const field of ['readinessProbe', 'livenessProbe', 'lifecycle', 'resources', 'securityContext', 'ports']) expect(cc[field]).toEqual(sc[field]);
      expect(c.template.spec.terminationGracePeriodSeconds).toBe(s.template.spec.terminationGracePeriodSeconds);
      expect(c.strategy).toEqual(s.strategy);
      const term = c.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
      expect(term.labelSelector.matchLabels).toEqual(c.selector.matchLabels);
    });

    test('labels say which version and track each pod is', () => {
      expect([pods.stable['app.kubernetes.io/version'], pods.stable['zero-downtime.cdk8s.io/track']]).toEqual(['1.0.0', 'stable']);
      expect(pods.candidate['app.kubernetes.io/version']).toBe('2.0.0');
      expect(['canary', 'preview']).toContain(pods.candidate['zero-downtime.cdk8s.io/track']);
      expect(pods.stable['zero-downtime.cdk8s.io/serves']).toBe('web');
      expect(pods.candidate['zero-downtime.cdk8s.io/serves']).toBe('web');
    });
  });

  test('pod ratio: the Service selects both sets by their serving label, and the share is stated', () => {
    const objects = synth({ release: Release.canary({ image: V2 }) });
    expect(find(objects, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'zero-downtime.cdk8s.io/serves': 'web' });
    expect(find(objects, 'Deployment', 'web-canary').metadata.annotations['zero-downtime.cdk8s.io/traffic-share']).toBe('25% (pod ratio: 1 of 4 pods behind Service web)');
    expect(find(objects, 'Service', 'web-canary')).toBeUndefined();
  });

  test('HTTPRoute: two backendRefs with exact weights, a Service per version', () => {
    const objects = synth({ httpRoute: ROUTE, release: Release.canary({ image: V2, weight: 25 }) });
    expect(find(objects, 'HTTPRoute', 'web').spec.rules[0].backendRefs).toEqual([
      { group: '', kind: 'Service', name: 'web', port: 80, weight: 75 },
      { group: '', kind: 'Service', name: 'web-canary', port: 80, weight: 25 },
    ]);
    expect(find(objects, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web' });
    expect(find(objects, 'Service', 'web-canary').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web-canary' });
    expect(find(objects, 'Deployment', 'web-canary').spec.replicas).toBe(2);
  });

  test('blue-green: a preview Service, and the live Service switched to the candidate set', () => {
    const preview = synth({ release: Release.blueGreen({ image: V2 }) });
    const live = synth({ release: Release.blueGreen({ image: V2, live: true }) });
    expect(find(preview, 'Service', 'web-preview').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web-preview' });
    expect(find(preview, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web' });
    expect(find(live, 'Service', 'web').spec.selector).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/component': 'web-preview' });
    expect(find(live, 'Deployment', 'web-preview').spec.replicas).toBe(3);
  });
});

describe('steps that cannot be done in one commit are refused by the transition rules, with the two commits', () => {
  /** The site as a library without release support rendered it: pods without the serving label. */
  const oldLibrary = () => {
    const objects = synth({});
    const labels = find(objects, 'Deployment', 'web').spec.template.metadata.labels;
    delete labels['zero-downtime.cdk8s.io/serves'];
    delete labels['zero-downtime.cdk8s.io/track'];
    return objects;
  };

  test('a canary by pod ratio started in the commit that upgrades the library (the pods get the serving label only now)', () => {
    const findings = RuleEngine.compare(oldLibrary(), synth({ release: Release.canary({ image: V2 }) }));
    expect(findings.map((f) => [f.rule, f.path])).toEqual([[GuardrailRule.SERVICE_SELECTOR_DROPS_ENDPOINTS, 'spec.selector']]);
    expect(findings[0].allowed).toContain('render the site with this library version without a release first');
  });

  test('the library upgrade alone, then the canary, are clean', () => {
    const upgraded = synth({});
    expect(transitions(oldLibrary(), upgraded)).toEqual([]);
    expect(transitions(upgraded, synth({ release: Release.canary({ image: V2 }) }))).toEqual([]);
  });

  test('HTTPRoute: a canary started with a weight in the commit that creates its pods', () => {
    const findings = RuleEngine.compare(synth({ httpRoute: ROUTE }), synth({ httpRoute: ROUTE, release: Release.canary({ image: V2, weight: 25 }) }));
    expect(findings.map((f) => [f.rule, f.path])).toEqual([[GuardrailRule.ROUTE_TO_UNREADY_BACKEND, 'spec.rules[0].backendRefs[1].name']]);
  });

  test('HTTPRoute: a canary removed while its weight is above 0', () => {
    const findings = RuleEngine.compare(synth({ httpRoute: ROUTE, release: Release.canary({ image: V2, weight: 25 }) }), synth({ httpRoute: ROUTE }));
    expect(findings.map((f) => [f.rule, f.path, f.value])).toEqual([[GuardrailRule.ROUTED_BACKEND_REMOVED, 'spec.rules', 'Service web-canary: weight 25 → removed, and its pods (Deployment web-canary) removed']]);
  });

  test('blue-green started and switched live in one commit (the Service would select pods that do not run yet)', () => {
    const findings = RuleEngine.compare(synth({}), synth({ release: Release.blueGreen({ image: V2, live: true }) }));
    expect(findings.map((f) => f.rule)).toEqual([GuardrailRule.SERVICE_SELECTOR_DROPS_ENDPOINTS]);
  });
});

describe('release inputs', () => {
  const problems = (props: Partial<ZeroDowntimeWebsiteProps>) => {
    try {
      synth(props);
    } catch (e) {
      return (e as Error).message.split('\n').slice(1).map((l) => l.trim());
    }
    return [];
  };

  test('throws if weight is set without an HTTPRoute (the share is the pod ratio)', () => {
    expect(problems({ release: Release.canary({ image: V2, weight: 25 }) })).toEqual([
      "[test/web] release.weight needs httpRoute: without a route the Service picks pods at random, so the candidate's share is its share of the pods, got 25; allowed: weight with httpRoute; replicas without. " +
        'Fix: remove weight and set release replicas (1 candidate pod next to 3 stable pods is 25 %), or route the site with httpRoute.',
    ]);
  });

  test('throws if the values are out of range', () => {
    expect(problems({ httpRoute: ROUTE, release: Release.canary({ image: V2, weight: 101, replicas: 0 }) })).toEqual([
      '[test/web] release.replicas must be at least 1, got 0; allowed: an integer from 1 to 1000. Fix: use an integer from 1 to 1000.',
      '[test/web] release.weight must be at most 100, got 101; allowed: an integer from 0 to 100. Fix: use a whole percent from 0 to 100, e.g. weight: 25.',
    ]);
  });

  test('throws if release is not a Release or has no image', () => {
    expect(problems({ release: { kind: 'canary' } as any })).toEqual([
      '[test/web] release must be a Release, got {"kind":"canary"}; allowed: a Release from one of its static methods. Fix: use e.g. Release.canary({ image: ContainerImage.fromRegistry(\'repo/site:2.0.0\') }).',
    ]);
    expect(problems({ release: Release.canary({} as any) })).toEqual([
      "[test/web] release.image is required, got undefined; allowed: ContainerImage.fromRegistry(), ContainerImage.fromDigest() or ContainerImage.fromEnvironment(). Fix: use e.g. ContainerImage.fromRegistry('repo/site:2.0.0').",
    ]);
  });
});

describe('properties over shares and replica counts', () => {
  test('pod ratio: the stated share is the candidate\'s share of the pods, every render passes the rules, and changing the count is a clean commit', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), (stable, a, b) => {
      const before = synth({ replicas: stable, release: Release.canary({ image: V2, replicas: a }) });
      const after = synth({ replicas: stable, release: Release.canary({ image: V2, replicas: b }) });
      const share = Math.round((1000 * b) / (stable + b)) / 10;
      expect(find(after, 'Deployment', 'web-canary').metadata.annotations['zero-downtime.cdk8s.io/traffic-share']).toBe(`${share}% (pod ratio: ${b} of ${stable + b} pods behind Service web)`);
      // a drop of more than half the canary's pods is replicas-drop; anything else is clean
      const expected = b < Math.ceil(a / 2) || (a > b && a - b > 1) ? [GuardrailRule.REPLICAS_DROP] : [];
      expect(RuleEngine.compare(before, after).map((f) => f.rule)).toEqual(expected);
    }), { numRuns: 15 });
  });

  test('HTTPRoute: weights sum to 100, and traffic-share-exceeds-capacity fires exactly when a version\'s share exceeds 1.1 × its pods over the largest set', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 8 }), fc.integer({ min: 2, max: 8 }), fc.integer({ min: 0, max: 100 }), (stable, canary, weight) => {
      const objects = renderUnchecked({ replicas: stable, httpRoute: ROUTE, release: Release.canary({ image: V2, replicas: canary, weight }) });
      const refs = find(objects, 'HTTPRoute', 'web').spec.rules[0].backendRefs;
      expect(refs.map((r: any) => r.weight).reduce((x: number, y: number) => x + y, 0)).toBe(100);
      const largest = Math.max(stable, canary);
      const over = (share: number, pods: number) => share > (pods / largest) * 1.1 + 1e-9;
      const expected = [over((100 - weight) / 100, stable), over(weight / 100, canary)].flatMap((o, i) => (o ? [`spec.rules[0].backendRefs[${i}].weight`] : []));
      expect(RuleEngine.check(objects, { rules: [GuardrailRule.TRAFFIC_SHARE_EXCEEDS_CAPACITY] }).map((f) => f.path)).toEqual(expected);
    }), { numRuns: 20 });
  });

  test('HTTPRoute: any change of weight with the pods running is a clean commit', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (a, b) => {
      const props = (weight: number) => ({ replicas: 4, httpRoute: ROUTE, release: Release.canary({ image: V2, replicas: 4, weight }) });
      expect(RuleEngine.compare(renderUnchecked(props(a)), renderUnchecked(props(b)))).toEqual([]);
    }), { numRuns: 15 });
  });
});
