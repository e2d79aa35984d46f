import * as api from '../lib';

/*
 * The public API is what lib/index.ts lists, and nothing else: jsii puts exactly these in the .jsii
 * assembly (npm run build; `npm run test:package` checks every runtime export is a jsii type). A new
 * export, or a helper exported by accident, changes this list on purpose only.
 */

test('lib/index.ts exports the classes and enums of the public API, and nothing else at run time', () => {
  expect(Object.keys(api).sort()).toEqual([
    'AntiAffinityMode',
    'ArgoCdApplication',
    'CascadeDeletion',
    'ContainerImage',
    'DisruptionBudget',
    'DisruptionBudgetKind',
    'GuardrailRule',
    'HealthCheck',
    'HealthCheckKind',
    'HttpRoutePathType',
    'ImagePullPolicy',
    'KubernetesVersion',
    'NetworkEgress',
    'NetworkPeer',
    'PodAntiAffinity',
    'PreStopHook',
    'PreStopKind',
    'PrunePropagationPolicy',
    'Release',
    'ReleaseKind',
    'RestartSchedule',
    'RolloutStrategy',
    'RolloutStrategyKind',
    'RuleEngine',
    'ScheduledRestart',
    'ServiceType',
    'SyncMode',
    'SyncOption',
    'TransitionState',
    'UnhealthyPodEvictionPolicy',
    'WorkloadChangeKind',
    'ZeroDowntimeApp',
    'ZeroDowntimeRules',
    'ZeroDowntimeWebsite',
  ]);
});

test('no export is a free function or a constant (jsii would drop it): each is a class or an enum', () => {
  for (const [name, value] of Object.entries(api)) {
    const isClass = typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value));
    const isEnum = typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
    expect({ name, kind: isClass ? 'class' : isEnum ? 'enum' : typeof value }).toEqual({ name, kind: isClass ? 'class' : 'enum' });
  }
});
