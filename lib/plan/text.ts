/**
 * The plan for people: one table per namespace, then what each Deployment's numbers are made of and
 * its risks. Plain text, no colour, deterministic.
 */
import { DrainPlan } from './drain';
import { DRAIN_RETRY_SECONDS } from './drain';
import { allPlans, DaemonSetPlan, DeploymentPlan, PlanReport, StatefulSetPlan, verifyCommands, WorkloadPlan } from './report';
import { ReleasePlan, ReleaseStep } from './report';
import { KUBERNETES_RESOURCE, RESOURCE_NAMES } from './surge-resources';
import { formatRange as range } from '../engine/timing';
import { TAIL_MARGIN_MS } from '../verify/options';

const HEADERS = ['DEPLOYMENT', 'REPLICAS', 'SURGE', 'UNAVAILABLE', 'WAVES', 'MIN AVAILABLE', 'PEAK PODS', 'SURGE REQUESTS', 'ROLLOUT', 'DEADLINE', 'DRAIN'];

/** `(no namespace)` for objects without one. */
function namespaceLabel(ns: string | null): string {
  return ns === null ? '(no namespace)' : ns;
}

function surgeCell(d: DeploymentPlan): string {
  const s = d.surgeRequests;
  const parts = RESOURCE_NAMES.filter((r) => s[r] !== null && r !== 'ephemeralStorage').map((r) => `${KUBERNETES_RESOURCE[r]} ${s[r]}`);
  return parts.length > 0 ? parts.join(', ') : s.pods === 0 ? '-' : 'no requests';
}

function drainCell(d: WorkloadPlan): string {
  if (!d.drain.evicted) return 'not evicted';
  if (d.drain.stalls) return 'STALLS';
  if (d.drain.allowedDisruptions === null) return d.drain.budgets.length === 0 ? 'no PDB' : 'invalid PDB';
  return `${d.drain.allowedDisruptions} at a time`;
}

function row(d: DeploymentPlan): string[] {
  return [
    d.name || '<no name>',
    d.autoscaler ? `${d.replicas} (HPA ..${d.autoscaler.maxReplicas})` : String(d.replicas),
    `+${d.maxSurge}`,
    String(d.maxUnavailable),
    String(d.waves),
    String(d.minAvailable),
    String(d.peakPods),
    surgeCell(d),
    range(d.estimatedSeconds),
    `${d.progressDeadlineSeconds} s`,
    drainCell(d),
  ];
}

function table(rows: string[][], headers: readonly string[] = HEADERS, indent = '  '): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `${indent}${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(headers), ...rows.map(line)];
}

const STATEFULSET_HEADERS = ['STATEFULSET', 'REPLICAS', 'POLICY', 'PARTITION', 'UPDATED', 'MIN AVAILABLE', 'PEAK PODS', 'ROLLOUT', 'DRAIN'];

function statefulSetRow(d: StatefulSetPlan): string[] {
  return [
    d.name || '<no name>',
    d.autoscaler ? `${d.replicas} (HPA ..${d.autoscaler.maxReplicas})` : String(d.replicas),
    d.strategy === 'OnDelete' ? 'OnDelete' : d.podManagementPolicy,
    String(d.partition),
    String(d.updatedPods),
    String(d.minAvailable),
    String(d.peakPods),
    range(d.estimatedSeconds),
    drainCell(d),
  ];
}

const DAEMONSET_HEADERS = ['DAEMONSET', 'NODES', 'SURGE', 'UNAVAILABLE', 'WAVES', 'MIN AVAILABLE', 'PEAK PODS', 'ROLLOUT', 'DRAIN'];

function daemonSetRow(d: DaemonSetPlan): string[] {
  return [
    d.name || '<no name>',
    `${d.nodes}${d.nodesDeclared ? '' : ' (assumed)'}`,
    `+${d.maxSurge}`,
    String(d.maxUnavailable),
    d.stalls ? 'STALLS' : String(d.waves),
    String(d.minAvailable),
    String(d.peakPods),
    range(d.estimatedSeconds),
    drainCell(d),
  ];
}

const DRAIN_HEADERS = ['PODS ON NODE', 'EVICTIONS AT ONCE', 'MIN READY', 'MIN AVAILABLE', 'TERMINATING AT ONCE', 'DRAIN TIME'];

/** What a node drain does: the budget, then per number of pods on the drained node. */
function drainLines(drain: DrainPlan, pods: number): string[] {
  if (!drain.evicted) return [];
  const out: string[] = [];
  const b = drain.budgets;
  if (b.length > 0) {
    const policy = drain.unhealthyPodEvictionPolicy === null ? '' : `; unhealthyPodEvictionPolicy ${drain.unhealthyPodEvictionPolicy}`;
    out.push(
      `    drain: ${b.map((x) => `PodDisruptionBudget ${x.name} allows ${x.allowedDisruptions ?? '?'} eviction${x.allowedDisruptions === 1 ? '' : 's'} at a time`).join('; ')}` +
        ` (it counts Ready pods, not minReadySeconds${policy})`,
    );
  } else if (pods > 0) {
    out.push('    drain: no PodDisruptionBudget: every pod of the drained node is evicted at once');
  }
  if (drain.byPodsOnNode.length === 0) return out;
  out.push(`    drain of a node holding some of the ${pods} pods (kubectl drain retries a refused eviction every ${DRAIN_RETRY_SECONDS} s), until they are gone:`);
  const rows = drain.byPodsOnNode.map((f) => [
    String(f.podsOnNode),
    String(f.evictionsAtOnce),
    String(f.minReady),
    String(f.minAvailable),
    String(f.terminatingAtOnce),
    f.estimatedSeconds === null ? 'never ends' : range(f.estimatedSeconds),
  ]);
  out.push(...table(rows, DRAIN_HEADERS, '      '));
  return out;
}

function verifyLines(d: WorkloadPlan, graceSeconds: number): string[] {
  const v = d.kind === 'Deployment' && d.verify !== undefined ? d.verify : verifyCommands(d);
  if (!v) return [];
  const margin = TAIL_MARGIN_MS / 1000;
  const why = v.tailSeconds === graceSeconds + margin ? ` (grace ${graceSeconds} s + ${margin} s)` : '';
  const out = [
    `    verify a rollout (URL: the site's address), watching ${v.tailSeconds} s after rollout status returns${why}, until the last old pod is gone:`,
    `      ${v.rollout}`,
  ];
  if (d.drain.evicted) {
    out.push('    verify a node drain (NODE: a node that runs its pods; kubectl drain waits until the evicted pods are gone; kubectl uncordon it afterwards):');
    out.push(`      ${v.drain}`);
  }
  return out;
}

function risksLines(risks: readonly string[]): string[] {
  return risks.length === 0 ? ['    ✓ no risks found'] : risks.map((r) => `    ! ${r}`);
}

function terminationLine(t: DeploymentPlan['termination'], last: string): string {
  const preStop = t.preStopSeconds === null ? 'preStop of unknown length' : t.preStopSeconds === 0 ? 'no preStop delay' : `preStop ${t.preStopSeconds} s`;
  return `    an old pod keeps serving ${t.seconds} s after removal (${preStop}, then drain ${t.drainSeconds} s, within grace ${t.graceSeconds} s)${last}`;
}

function readinessParts(w: DeploymentPlan['waveSeconds']): string[] {
  const parts: string[] = [];
  if (w.startup) parts.push(`startup probe ${range(w.startup)}`);
  if (w.readiness) {
    const r = w.readiness;
    parts.push(`readiness: delay ${r.initialDelaySeconds} s + period ${r.periodSeconds} s x ${r.successThreshold}, up to one more period`);
  } else {
    parts.push('no readiness probe: Ready as soon as the containers run');
  }
  if (w.minReadySeconds > 0) parts.push(`minReadySeconds ${w.minReadySeconds} s`);
  return parts;
}

function statefulSetDetails(d: StatefulSetPlan): string[] {
  const out: string[] = [`  ${d.name || '<no name>'}${d.source ? `  (${d.source.file}:${d.source.line})` : ''}`];
  if (!d.valid) out.push('    the API server refuses this StatefulSet as written: no rollout happens');
  else if (d.strategy === 'OnDelete') out.push('    OnDelete: nothing rolls by itself');
  else {
    out.push(`    each pod, from the highest ordinal down: the old one goes (${range(goneOf(d.termination))}), then its replacement starts: ${range(d.waveSeconds)} until available (${readinessParts(d.waveSeconds).join('; ')})`);
    out.push(`    ${d.updatedPods} pod${d.updatedPods === 1 ? '' : 's'} one at a time: ${range(d.estimatedSeconds)} (no progress deadline: kubectl rollout status waits as long as it takes)`);
  }
  out.push(terminationLine(d.termination, ''));
  for (const n of d.notes) out.push(`    ${n}`);
  out.push(...drainLines(d.drain, d.replicas));
  out.push(...risksLines(d.risks));
  out.push(...verifyLines(d, d.termination.graceSeconds));
  return out;
}

function daemonSetDetails(d: DaemonSetPlan): string[] {
  const out: string[] = [`  ${d.name || '<no name>'}${d.source ? `  (${d.source.file}:${d.source.line})` : ''}`];
  if (!d.valid) out.push('    the API server refuses this DaemonSet as written: no rollout happens');
  else if (d.strategy === 'OnDelete') out.push('    OnDelete: nothing rolls by itself');
  else if (d.stalls) out.push('    the rollout stalls on the first node (see the risks)');
  else {
    const how = d.maxSurge > 0 ? `the new pod of ${d.maxSurge} node${d.maxSurge === 1 ? '' : 's'} at a time starts next to the old one, which goes once it is available` : `the old pod of ${d.maxUnavailable} node${d.maxUnavailable === 1 ? '' : 's'} at a time goes, ${d.hostBound ? 'then (host port) the new one starts' : 'the new one starts at once'}`;
    out.push(`    per node: ${how}; each new pod: ${range(d.waveSeconds)} until available (${readinessParts(d.waveSeconds).join('; ')})`);
    out.push(`    ${d.waves} wave${d.waves === 1 ? '' : 's'}: ${range(d.estimatedSeconds)} (no progress deadline); the last old pod is gone after ${range(d.oldPodsGoneSeconds)}`);
  }
  out.push(terminationLine(d.termination, ''));
  for (const n of d.notes) out.push(`    ${n}`);
  const note = d.drain.reasons.find((r) => r.startsWith('`kubectl drain'));
  if (note) out.push(`    drain: ${note}`);
  out.push(...risksLines(d.risks));
  out.push(...verifyLines(d, d.termination.graceSeconds));
  return out;
}

function goneOf(t: DeploymentPlan['termination']): { min: number; max: number } {
  const preStop = t.preStopSeconds === null ? t.seconds : Math.min(t.preStopSeconds, t.seconds);
  return { min: preStop, max: t.seconds };
}

function details(d: DeploymentPlan): string[] {
  const out: string[] = [`  ${d.name || '<no name>'}${d.source ? `  (${d.source.file}:${d.source.line})` : ''}`];
  const w = d.waveSeconds;
  const parts = readinessParts(w);
  if (d.strategy === 'Recreate') {
    out.push(`    Recreate: every old pod goes first (${d.termination.seconds} s), then the new pods start: ${range(d.estimatedSeconds)}, no pod available in between`);
  } else if (!d.valid) {
    out.push('    the API server refuses this Deployment as written: no rollout happens');
  } else {
    out.push(`    each wave: ${range(w)} until a new pod is available (${parts.join('; ')})`);
    out.push(`    ${d.waves} wave${d.waves === 1 ? '' : 's'}: ${range(d.estimatedSeconds)}; deadline ${d.progressDeadlineSeconds} s per wave`);
  }
  const t = d.termination;
  const preStop = t.preStopSeconds === null ? 'preStop of unknown length' : t.preStopSeconds === 0 ? 'no preStop delay' : `preStop ${t.preStopSeconds} s`;
  out.push(
    `    an old pod keeps serving ${t.seconds} s after removal (${preStop}, then drain ${t.drainSeconds} s, within grace ${t.graceSeconds} s); ` +
      `the last one is gone after ${range(d.oldPodsGoneSeconds)}`,
  );
  if (d.peakPodsWithTerminating !== null && d.peakPodsWithTerminating > d.peakPods) {
    out.push(`    with old pods still terminating, up to ${d.peakPodsWithTerminating} pods exist at once (what a ResourceQuota charges)`);
  }
  for (const q of d.surgeRequests.quota) {
    if (q.note) {
      out.push(`    ResourceQuota ${q.name}: ${q.note}`);
      continue;
    }
    const lines = q.resources.map((r) => `${r.resource} ${r.used} + ${r.surge} of ${r.hard}`).join(', ');
    out.push(`    ResourceQuota ${q.name}: ${q.fits ? 'the surge fits' : 'the surge does NOT fit'} (${lines || 'nothing the plan judges'})`);
  }
  if (d.surgeRequests.limitRanges.length > 0) out.push(`    requests from LimitRange defaults: ${d.surgeRequests.limitRanges.join(', ')}`);
  if (d.autoscaler) {
    const m = d.atMaxReplicas;
    out.push(
      `    autoscaled ${d.autoscaler.minReplicas}..${d.autoscaler.maxReplicas} by HorizontalPodAutoscaler ${d.autoscaler.name}: planned at ${d.replicas}` +
        (m
          ? `; at ${m.replicas}: surge +${m.maxSurge}, unavailable ${m.maxUnavailable}, ${m.waves} waves, min available ${m.minAvailable}, ` +
            `peak ${m.peakPods} pods, ${range(m.estimatedSeconds)}${m.surgeRequests.cpu !== null ? `, surge cpu ${m.surgeRequests.cpu}` : ''}` +
            `${m.surgeRequests.memory !== null ? `, memory ${m.surgeRequests.memory}` : ''}`
          : ''),
    );
  }
  out.push(...drainLines(d.drain, d.replicas));
  out.push(...risksLines(d.risks));
  out.push(...verifyLines(d, t.graceSeconds));
  return out;
}

const RELEASE_HEADERS = ['VERSION', 'TRACK', 'DEPLOYMENT', 'SERVICE', 'WEIGHT', 'PODS', 'TRAFFIC', 'CAPACITY', 'LOAD PER POD'];

const pct = (share: number) => `${Math.round(share * 100)}%`;

function stepLines(title: string, step: ReleaseStep): string[] {
  return [`  ${title} (${range(step.estimatedSeconds)}):`, ...step.changes.map((c, i) => `    ${i + 1}. ${c}`)];
}

/** A release: per version its pods and shares, then what promote, abort and a new share will do. */
export function releaseLines(r: ReleasePlan): string[] {
  const where = r.path === 'HTTPRoute' ? `HTTPRoute ${r.route}, rule ${r.rule} (split by weight)` : `Service ${r.service} (split by pod ratio)`;
  const ns = r.namespace === null ? '' : ` in namespace ${r.namespace}`;
  const out = [`release: ${where}${ns}${r.source ? `  (${r.source.file}:${r.source.line})` : ''}`];
  const rows = r.versions.map((v) => [
    v.version ?? '-',
    v.track ?? '-',
    v.workload,
    v.service,
    v.weight === null ? '-' : String(v.weight),
    String(v.pods),
    pct(v.trafficShare),
    pct(v.capacityShare),
    v.loadFactor === null ? '-' : `${v.loadFactor.toFixed(2)}x`,
  ]);
  out.push(...table(rows, RELEASE_HEADERS));
  out.push('  (traffic: share of the requests; capacity: share of the pods; load per pod: traffic / capacity, 1.00x when every pod carries the same)');
  for (const n of r.notes) out.push(`  ${n}`);
  const next = r.next;
  if (!next) return out;
  out.push(...stepLines(`promote ${next.candidate}`, next.promote));
  out.push(...stepLines(`abort ${next.candidate}`, next.abort));
  const s = next.newShare;
  if (s.change === 'weight') {
    out.push(
      `  new share: change the weights (nothing rolls, the gateway applies it); under traffic-share-exceeds-capacity ${next.candidate} may get up to ${pct(s.maxTrafficShare ?? 0)} of the requests`,
    );
  } else {
    const parts = [s.up, s.down].flatMap((x, i) =>
      x ? [`${x.replicas} pod${x.replicas === 1 ? '' : 's'}: ${pct(x.trafficShare)} of the requests, ${i === 0 ? 'one wave' : 'the removed pod gone within'} ${range(x.estimatedSeconds)}`] : [],
    );
    out.push(`  new share: scale ${next.candidate} (nothing rolls): ${parts.join('; ')}`);
  }
  return out;
}

/**
 * Renders the report as text: per namespace (in order of first appearance) a table per kind, then one
 * block per workload, then what the estimates leave out.
 */
export function renderPlanText(report: PlanReport): string {
  const lines: string[] = [];
  const plans = allPlans(report);
  if (plans.length === 0) return 'No Deployment, StatefulSet or DaemonSet in the input: nothing to plan.\n';
  const namespaces: Array<string | null> = [];
  for (const d of plans) if (!namespaces.includes(d.namespace)) namespaces.push(d.namespace);
  for (const ns of namespaces) {
    if (lines.length > 0) lines.push('');
    lines.push(`namespace ${namespaceLabel(ns)}`);
    const deployments = report.deployments.filter((d) => d.namespace === ns);
    const statefulSets = (report.statefulSets ?? []).filter((d) => d.namespace === ns);
    const daemonSets = (report.daemonSets ?? []).filter((d) => d.namespace === ns);
    const sections: Array<[string[], string[][]]> = [
      [deployments.length > 0 ? table(deployments.map(row)) : [], deployments.map(details)],
      [statefulSets.length > 0 ? table(statefulSets.map(statefulSetRow), STATEFULSET_HEADERS) : [], statefulSets.map(statefulSetDetails)],
      [daemonSets.length > 0 ? table(daemonSets.map(daemonSetRow), DAEMONSET_HEADERS) : [], daemonSets.map(daemonSetDetails)],
    ];
    let first = true;
    for (const [head, blocks] of sections) {
      if (head.length === 0) continue;
      if (!first) lines.push('');
      first = false;
      lines.push(...head);
      for (const b of blocks) {
        lines.push('');
        lines.push(...b);
      }
    }
  }
  for (const r of report.releases ?? []) {
    lines.push('');
    lines.push(...releaseLines(r));
  }
  const risky = plans.filter((d) => d.risks.length > 0).length;
  const counted = [
    [report.deployments.length, 'Deployment'],
    [(report.statefulSets ?? []).length, 'StatefulSet'],
    [(report.daemonSets ?? []).length, 'DaemonSet'],
  ]
    .filter(([n], i) => i === 0 ? (n as number) > 0 || plans.length === report.deployments.length : (n as number) > 0)
    .map(([n, kind]) => `${n} ${kind}${n === 1 ? '' : 's'}`);
  lines.push('');
  lines.push(`Times leave out: ${report.leavesOut.join('; ')}.`);
  const releases = (report.releases ?? []).length;
  lines.push(`${counted.join(', ')} planned, ${risky === 0 ? 'no risks' : `${risky} with risks`}${releases === 0 ? '' : `; ${releases} release${releases === 1 ? '' : 's'}`}.`);
  return `${lines.join('\n')}\n`;
}
