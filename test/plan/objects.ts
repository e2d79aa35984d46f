/**
 * Hand-written Kubernetes objects for the plan tests: a Deployment with exactly the fields a test
 * names, and the objects that pair with it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

export const ROOT = path.join(__dirname, '..', '..');
export const DEMO = path.join(ROOT, 'dist', 'myapp.k8s.yaml');

/** The objects of a YAML file, as the CLI reads them. */
export function readYaml(file: string): unknown[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((d) => d.toJS())
    .filter((o) => o !== null && o !== undefined);
}

export interface DeploymentOptions {
  name?: string;
  namespace?: string;
  replicas?: unknown;
  strategy?: unknown;
  minReadySeconds?: number;
  progressDeadlineSeconds?: number;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  resources?: unknown;
  preStop?: unknown;
  terminationGracePeriodSeconds?: number;
  annotations?: Record<string, string>;
  affinity?: unknown;
  initContainers?: unknown[];
  extraContainers?: unknown[];
}

/** A Deployment `web` (labels `app: <name>`), only with the fields given. */
export function deployment(o: DeploymentOptions = {}): Record<string, unknown> {
  const name = o.name ?? 'web';
  const spec: Record<string, unknown> = {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        ...(o.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds } : {}),
        ...(o.affinity !== undefined ? { affinity: o.affinity } : {}),
        ...(o.initContainers ? { initContainers: o.initContainers } : {}),
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            ports: [{ name: 'http', containerPort: 80 }],
            ...(o.readinessProbe !== undefined ? { readinessProbe: o.readinessProbe } : {}),
            ...(o.startupProbe !== undefined ? { startupProbe: o.startupProbe } : {}),
            ...(o.resources !== undefined ? { resources: o.resources } : {}),
            ...(o.preStop !== undefined ? { lifecycle: { preStop: o.preStop } } : {}),
          },
          ...(o.extraContainers ?? []),
        ],
      },
    },
  };
  if (o.replicas !== undefined) spec.replicas = o.replicas;
  if (o.strategy !== undefined) spec.strategy = o.strategy;
  if (o.minReadySeconds !== undefined) spec.minReadySeconds = o.minReadySeconds;
  if (o.progressDeadlineSeconds !== undefined) spec.progressDeadlineSeconds = o.progressDeadlineSeconds;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), ...(o.annotations ? { annotations: o.annotations } : {}) },
    spec,
  };
}

/** A policy/v1 PodDisruptionBudget selecting `app: <app>`. */
export function budget(name: string, app: string, limits: { minAvailable?: unknown; maxUnavailable?: unknown }, namespace?: string): Record<string, unknown> {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { selector: { matchLabels: { app } }, ...limits },
  };
}

/** An autoscaling/v2 HorizontalPodAutoscaler for Deployment `target`. */
export function autoscaler(target: string, minReplicas: number | undefined, maxReplicas: number, namespace?: string): Record<string, unknown> {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: target, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target }, ...(minReplicas !== undefined ? { minReplicas } : {}), maxReplicas },
  };
}

/** A ResourceQuota with `hard` (and `status.used` when given). */
export function quota(name: string, namespace: string | undefined, hard: Record<string, unknown>, used?: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { hard },
    ...(used ? { status: { hard, used } } : {}),
  };
}

/** A LimitRange with one `type: Container` item. */
export function limitRange(name: string, namespace: string | undefined, item: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name, ...(namespace !== undefined ? { namespace } : {}) },
    spec: { limits: [{ type: 'Container', ...item }] },
  };
}

/** A StatefulSet `web`: the pod of `deployment(o)`, with `updateStrategy` and `podManagementPolicy` when given. */
export function statefulSet(o: DeploymentOptions & { updateStrategy?: unknown; podManagementPolicy?: string } = {}): Record<string, unknown> {
  const d = deployment(o);
  const spec: Record<string, unknown> = { ...(d.spec as Record<string, unknown>), serviceName: o.name ?? 'web' };
  delete spec.strategy;
  if (o.updateStrategy !== undefined) spec.updateStrategy = o.updateStrategy;
  if (o.podManagementPolicy !== undefined) spec.podManagementPolicy = o.podManagementPolicy;
  return { ...d, kind: 'StatefulSet', spec };
}

/** A DaemonSet `web`: the pod of `deployment(o)` (no replicas), with `updateStrategy` and `hostPort` when given. */
export function daemonSet(o: DeploymentOptions & { updateStrategy?: unknown; hostPort?: number } = {}): Record<string, unknown> {
  const d = deployment({ ...o, replicas: undefined });
  const spec = { ...(d.spec as Record<string, unknown>) };
  delete spec.strategy;
  if (o.updateStrategy !== undefined) spec.updateStrategy = o.updateStrategy;
  if (o.hostPort !== undefined) {
    const template = spec.template as { spec: { containers: Array<Record<string, unknown>> } };
    template.spec.containers[0].ports = [{ name: 'http', containerPort: 80, hostPort: o.hostPort }];
  }
  return { ...d, kind: 'DaemonSet', spec };
}
