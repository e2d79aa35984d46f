/**
 * The plan for people: one table per namespace, then what each Deployment's numbers are made of and
 * its risks. Plain text, no colour, deterministic.
 */
import { DeploymentPlan, PlanReport, verifyCommands } from './report';
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

function drainCell(d: DeploymentPlan): string {
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

function table(rows: string[][]): string[] {
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [line(HEADERS), ...rows.map(line)];
}

function details(d: DeploymentPlan): string[] {
  const out: string[] = [`  ${d.name || '<no name>'}${d.source ? `  (${d.source.file}:${d.source.line})` : ''}`];
  const w = d.waveSeconds;
  const parts: string[] = [];
  if (w.startup) parts.push(`startup probe ${range(w.startup)}`);
  if (w.readiness) {
    const r = w.readiness;
    parts.push(`readiness: delay ${r.initialDelaySeconds} s + period ${r.periodSeconds} s x ${r.successThreshold}, up to one more period`);
  } else {
    parts.push('no readiness probe: Ready as soon as the containers run');
  }
  if (w.minReadySeconds > 0) parts.push(`minReadySeconds ${w.minReadySeconds} s`);
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
  if (d.drain.budgets.length > 0) {
    out.push(`    drain: ${d.drain.budgets.map((b) => `PodDisruptionBudget ${b.name} allows ${b.allowedDisruptions ?? '?'} eviction${b.allowedDisruptions === 1 ? '' : 's'} at a time`).join('; ')}`);
  }
  if (d.risks.length === 0) out.push('    ✓ no risks found');
  for (const r of d.risks) out.push(`    ! ${r}`);
  const v = d.verify !== undefined ? d.verify : verifyCommands(d);
  if (v) {
    const margin = TAIL_MARGIN_MS / 1000;
    const why = v.tailSeconds === t.graceSeconds + margin ? ` (grace ${t.graceSeconds} s + ${margin} s)` : '';
    out.push(`    verify a rollout (URL: the site's address), watching ${v.tailSeconds} s after rollout status returns${why}, until the last old pod is gone:`);
    out.push(`      ${v.rollout}`);
    out.push('    verify a node drain (NODE: a node that runs its pods; kubectl uncordon it afterwards):');
    out.push(`      ${v.drain}`);
  }
  return out;
}

/**
 * Renders the report as text: per namespace (in order of first appearance) a table, then one block per
 * Deployment, then what the estimates leave out.
 */
export function renderPlanText(report: PlanReport): string {
  const lines: string[] = [];
  if (report.deployments.length === 0) return 'No Deployment in the input: nothing to plan.\n';
  const namespaces: Array<string | null> = [];
  for (const d of report.deployments) if (!namespaces.includes(d.namespace)) namespaces.push(d.namespace);
  for (const ns of namespaces) {
    const list = report.deployments.filter((d) => d.namespace === ns);
    if (lines.length > 0) lines.push('');
    lines.push(`namespace ${namespaceLabel(ns)}`);
    lines.push(...table(list.map(row)));
    for (const d of list) {
      lines.push('');
      lines.push(...details(d));
    }
  }
  const risky = report.deployments.filter((d) => d.risks.length > 0).length;
  lines.push('');
  lines.push(`Times leave out: ${report.leavesOut.join('; ')}.`);
  lines.push(
    `${report.deployments.length} Deployment${report.deployments.length === 1 ? '' : 's'} planned, ` +
      `${risky === 0 ? 'no risks' : `${risky} with risks`}.`,
  );
  return `${lines.join('\n')}\n`;
}
