/**
 * The plan as a picture: per Deployment, a timeline of its pods during the rollout (old pods serving,
 * new pods available, new pods starting, old pods terminating, stacked), the available line, the waves
 * and the progress deadline. One standalone SVG document; several Deployments are stacked panels.
 */
import { drainModel } from './drain';
import { drainTimeline } from './drain-forecast';
import { ReleasePlan, ReleaseStep } from './report';
import { allPlans, DeploymentPlan, PlanReport, WorkloadPlan } from './report';
import { RolloutSimulation, simulateRecreate, simulateRollingUpdate } from './rollout-plan';
import { rolloutTimeline, TimelinePoint } from './timeline';
import { formatRange } from '../engine/timing';

/** Width of the picture, in CSS pixels. */
export const SVG_WIDTH = 800;
/** Height of one Deployment's panel, in CSS pixels. */
export const SVG_PANEL_HEIGHT = 346;

const MARGIN = { left: 56, right: 28, top: 86, bottom: 74 };
const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';

/** Fill colours of the stacked bands, bottom to top, with their legend labels. */
const BANDS = [
  { key: 'oldServing', label: 'old pods', fill: '#6b8fc7' },
  { key: 'newAvailable', label: 'new pods, available', fill: '#3a9a5b' },
  { key: 'newStarting', label: 'new pods, starting', fill: '#a8dbb5' },
  { key: 'terminating', label: 'old pods, terminating', fill: '#e8b07a' },
] as const;

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function n(v: number): string {
  const r = Math.round(v * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** A round tick step giving at most ~`count` ticks over `span`. */
function tickStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const steps = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];
  for (const s of steps) if (s >= raw) return s;
  const mag = 10 ** Math.ceil(Math.log10(raw));
  return Number.isFinite(mag) && mag > 0 ? mag : 1;
}

/** The simulation behind a plan, replayed from its numbers (the same functions `planDeployments` uses). */
function simulationOf(d: DeploymentPlan): RolloutSimulation | undefined {
  if (!d.valid || d.waves === 0) return undefined;
  if (d.strategy === 'Recreate') return simulateRecreate(d.replicas);
  return simulateRollingUpdate(d.replicas, d.maxSurge, d.maxUnavailable);
}

function panel(d: DeploymentPlan, top: number): string {
  const out: string[] = [];
  const title = `${d.namespace === null ? '' : `${d.namespace}/`}${d.name || '<no name>'}`;
  const facts =
    d.strategy === 'Recreate'
      ? `Recreate, ${d.replicas} replicas: every old pod goes before the new ones start`
      : `${d.replicas} replicas, maxSurge ${d.maxSurge}, maxUnavailable ${d.maxUnavailable}: ${d.waves} wave${d.waves === 1 ? '' : 's'}, ` +
        `min available ${d.minAvailable}, peak ${d.peakPods} pods`;
  out.push(`<g transform="translate(0 ${n(top)})">`);
  out.push(`<text x="${MARGIN.left}" y="26" font-size="16" font-weight="600" fill="#1f2328">${escapeXml(`Rollout of ${title}`)}</text>`);
  out.push(`<text x="${MARGIN.left}" y="46" font-size="12" fill="#1f2328">${escapeXml(facts)}</text>`);
  const sim = simulationOf(d);
  const points = sim ? rolloutTimeline(sim, d.waveSeconds.max, d.termination.seconds) : [];
  if (points.length === 0) {
    const why = !d.valid ? 'the API server refuses this Deployment as written: no rollout' : d.waves === 0 ? 'nothing to roll out (0 replicas)' : 'too many waves to draw';
    out.push(`<text x="${MARGIN.left}" y="${MARGIN.top + 40}" font-size="13" fill="#57606a">${escapeXml(why)}</text>`);
    out.push('</g>');
    return out.join('\n');
  }
  const waveMax = d.waveSeconds.max;
  const last = points[points.length - 1].t;
  out.push(
    `<text x="${MARGIN.left}" y="62" font-size="11" fill="#57606a">${escapeXml(
      `each wave ${formatRange(d.waveSeconds)} (drawn at ${waveMax} s); an old pod serves ${d.termination.seconds} s after removal; ` +
        `rollout ${formatRange(d.estimatedSeconds)}, old pods gone after ${formatRange(d.oldPodsGoneSeconds)}`,
    )}</text>`,
  );

  if (!(last >= 0 && last < 1e12) || !(d.progressDeadlineSeconds < 1e12)) {
    out.push(`<text x="${MARGIN.left}" y="${MARGIN.top + 40}" font-size="13" fill="#57606a">${escapeXml('times too large to draw')}</text>`);
    out.push('</g>');
    return out.join('\n');
  }
  if (d.waveSeconds.max <= 0) {
    out.push(
      `<text x="${MARGIN.left}" y="${MARGIN.top + 40}" font-size="13" fill="#57606a">${escapeXml(
        'No readiness probe and no minReadySeconds: a new pod counts as available as soon as it runs (0 s per wave).',
      )}</text>`,
    );
    out.push(
      `<text x="${MARGIN.left}" y="${MARGIN.top + 60}" font-size="13" fill="#57606a">${escapeXml(
        'The real time is image pull and start-up, which the estimate leaves out.',
      )}</text>`,
    );
    out.push('</g>');
    return out.join('\n');
  }
  const plotW = SVG_WIDTH - MARGIN.left - MARGIN.right;
  const plotH = SVG_PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const contentEnd = Math.max(last, 1) * 1.08;
  const deadline = d.progressDeadlineSeconds;
  // The deadline counts from the start of each wave; it is drawn from the start of the first one.
  // Far beyond the rollout, the axis breaks and the deadline sits at the right edge.
  const broken = deadline > contentEnd * 1.6;
  const linearEnd = broken ? contentEnd : Math.max(contentEnd, deadline * 1.04);
  const contentW = broken ? plotW * 0.84 : plotW;
  const x = (t: number) => MARGIN.left + (Math.min(t, linearEnd) / linearEnd) * contentW;
  const deadlineX = broken ? MARGIN.left + plotW * 0.94 : x(deadline);
  const totals = points.map((p) => p.old + p.new + p.terminating);
  const yMax = Math.max(1, d.replicas, ...totals) + 1;
  const y = (v: number) => MARGIN.top + plotH - (v / yMax) * plotH;

  // grid and axes
  out.push(...gridAndTicks(yMax, y, linearEnd, x, plotW, plotH));
  out.push(
    `<text x="${MARGIN.left + plotW / 2}" y="${n(MARGIN.top + plotH + 34)}" font-size="11" text-anchor="middle" fill="#57606a">seconds since the rollout started</text>`,
  );
  out.push(
    `<text x="16" y="${n(MARGIN.top + plotH / 2)}" font-size="11" text-anchor="middle" fill="#57606a" transform="rotate(-90 16 ${n(MARGIN.top + plotH / 2)})">pods</text>`,
  );

  // wave boundaries
  if (d.strategy === 'RollingUpdate' && d.waves <= 40 && waveMax > 0) {
    for (let k = 1; k <= d.waves; k++) {
      const xs = x(k * waveMax);
      if (k < d.waves) out.push(`<line x1="${n(xs)}" y1="${MARGIN.top}" x2="${n(xs)}" y2="${MARGIN.top + plotH}" stroke="#8c959f" stroke-width="1" stroke-dasharray="2 3"/>`);
      if (d.waves <= 12) {
        out.push(`<text x="${n(x((k - 0.5) * waveMax))}" y="${MARGIN.top - 6}" font-size="10" text-anchor="middle" fill="#57606a">wave ${k}</text>`);
      }
    }
  }

  // stacked bands, one rect per segment and band
  out.push('<g shape-rendering="crispEdges">');
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const t0 = p.t;
    const t1 = i + 1 < points.length ? points[i + 1].t : contentEnd;
    if (t1 <= t0) continue;
    const stack = bandValues(p);
    let base = 0;
    for (const band of BANDS) {
      const v = stack[band.key];
      if (v > 0) {
        out.push(`<rect x="${n(x(t0))}" y="${n(y(base + v))}" width="${n(x(t1) - x(t0))}" height="${n(y(base) - y(base + v))}" fill="${band.fill}"/>`);
      }
      base += v;
    }
  }
  out.push('</g>');

  // available pods (old serving + new available): the line that must not drop
  const path: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const t1 = i + 1 < points.length ? points[i + 1].t : contentEnd;
    path.push(`${i === 0 ? 'M' : 'L'}${n(x(points[i].t))} ${n(y(points[i].available))}`, `L${n(x(t1))} ${n(y(points[i].available))}`);
  }
  out.push(`<path d="${path.join(' ')}" fill="none" stroke="#1f2328" stroke-width="2.5"/>`);
  out.push(
    `<line x1="${MARGIN.left}" y1="${n(y(d.replicas))}" x2="${n(MARGIN.left + contentW)}" y2="${n(y(d.replicas))}" stroke="#1f2328" stroke-width="1" stroke-dasharray="6 4"/>`,
  );
  out.push(`<text x="${MARGIN.left + 4}" y="${n(y(d.replicas) - 5)}" font-size="10" fill="#1f2328">replicas ${d.replicas}</text>`);

  // progress deadline
  if (broken) {
    const bx = MARGIN.left + plotW * 0.89;
    out.push(`<path d="M${n(bx - 6)} ${n(MARGIN.top + plotH + 6)} l6 -12 M${n(bx)} ${n(MARGIN.top + plotH + 6)} l6 -12" stroke="#57606a" stroke-width="1.2" fill="none"/>`);
  }
  out.push(
    `<line class="progress-deadline" x1="${n(deadlineX)}" y1="${MARGIN.top}" x2="${n(deadlineX)}" y2="${MARGIN.top + plotH}" stroke="#cf222e" stroke-width="2" stroke-dasharray="5 3"/>`,
  );
  out.push(`<text x="${n(deadlineX)}" y="${n(MARGIN.top + plotH + 16)}" font-size="11" text-anchor="middle" fill="#cf222e">${deadline}</text>`);
  out.push(
    `<text x="${n(deadlineX - 4)}" y="${MARGIN.top + 12}" font-size="11" text-anchor="end" fill="#cf222e">${escapeXml(`progressDeadlineSeconds ${deadline}: the most one wave may take`)}</text>`,
  );

  // legend
  out.push(...legend(BANDS, 'available', MARGIN.top + plotH + 52));
  out.push('</g>');
  return out.join('\n');
}

/** The drain's panel: Ready pods, terminating pods and the available line on the fastest schedule, for the worst case of pods on the node. */
function drainPanel(d: WorkloadPlan, top: number): string {
  const out: string[] = [];
  const title = `${d.namespace === null ? '' : `${d.namespace}/`}${d.name || '<no name>'}`;
  const pods = d.kind === 'DaemonSet' ? d.nodes : d.replicas;
  const drain = d.drain;
  const budget = drain.budgets.length === 0 ? 'no PodDisruptionBudget: every pod at once' : drain.stalls ? 'the drain stalls' : `${drain.evictionsAtOnce} eviction${drain.evictionsAtOnce === 1 ? '' : 's'} at a time`;
  // Two lines that fit the panel's width: the numbers, then how kubectl and the budget make them.
  const facts = `${d.kind} of ${pods} pods, a node holding ${drain.podsOnNode}: ${budget}; min ready ${drain.minReady}, min available ${drain.minAvailable}`;
  const how =
    `up to ${drain.terminatingAtOnce} terminating at once${drain.estimatedSeconds ? `, all gone after ${formatRange(drain.estimatedSeconds)}` : ''}; ` +
    'kubectl retries a refused eviction every 5 s, the budget counts Ready pods';
  out.push(`<g transform="translate(0 ${n(top)})">`);
  out.push(`<text x="${MARGIN.left}" y="26" font-size="16" font-weight="600" fill="#1f2328">${escapeXml(`Node drain of ${title} (evictions at their fastest pace)`)}</text>`);
  out.push(`<text x="${MARGIN.left}" y="46" font-size="12" fill="#1f2328">${escapeXml(facts)}</text>`);
  const model = drainModel(pods, drain.allowedDisruptions, { wave: d.waveSeconds, termination: d.termination }, d.kind === 'StatefulSet');
  const points = drainTimeline({ ...model, podsOnNode: drain.podsOnNode });
  out.push(
    `<text x="${MARGIN.left}" y="62" font-size="11" fill="#57606a">${escapeXml(how)}</text>`,
  );
  const last = points.length > 0 ? points[points.length - 1].t : 0;
  if (points.length === 0 || !(last < 1e12)) {
    const why = !drain.evicted
      ? 'kubectl drain --ignore-daemonsets does not evict DaemonSet pods'
      : drain.estimatedSeconds === null
        ? 'no eviction is allowed: the drain waits until its --timeout'
        : drain.evictionsAtOnce === 0
          ? 'nothing to evict'
          : 'too many evictions to draw';
    out.push(`<text x="${MARGIN.left}" y="${MARGIN.top + 40}" font-size="13" fill="#57606a">${escapeXml(why)}</text>`);
    out.push('</g>');
    return out.join('\n');
  }
  const plotW = SVG_WIDTH - MARGIN.left - MARGIN.right;
  const plotH = SVG_PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const end = Math.max(last, 1) * 1.08;
  const x = (t: number) => MARGIN.left + (Math.min(t, end) / end) * plotW;
  const yMax = Math.max(1, pods, ...points.map((p) => p.ready + p.terminating)) + 1;
  const y = (v: number) => MARGIN.top + plotH - (v / yMax) * plotH;
  out.push(...gridAndTicks(yMax, y, end, x, plotW, plotH));
  out.push(`<text x="${MARGIN.left + plotW / 2}" y="${n(MARGIN.top + plotH + 34)}" font-size="11" text-anchor="middle" fill="#57606a">seconds since the drain started</text>`);
  out.push(
    `<text x="16" y="${n(MARGIN.top + plotH / 2)}" font-size="11" text-anchor="middle" fill="#57606a" transform="rotate(-90 16 ${n(MARGIN.top + plotH / 2)})">pods</text>`,
  );
  out.push('<g shape-rendering="crispEdges">');
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    const t1 = i + 1 < points.length ? points[i + 1].t : end;
    if (t1 <= p.t) continue;
    if (p.ready > 0) out.push(`<rect x="${n(x(p.t))}" y="${n(y(p.ready))}" width="${n(x(t1) - x(p.t))}" height="${n(y(0) - y(p.ready))}" fill="${DRAIN_BANDS[0].fill}"/>`);
    if (p.terminating > 0) {
      out.push(`<rect x="${n(x(p.t))}" y="${n(y(p.ready + p.terminating))}" width="${n(x(t1) - x(p.t))}" height="${n(y(p.ready) - y(p.ready + p.terminating))}" fill="${DRAIN_BANDS[1].fill}"/>`);
    }
  }
  out.push('</g>');
  for (const p of points) {
    if (p.evicted === 0) continue;
    out.push(`<line class="eviction" x1="${n(x(p.t))}" y1="${MARGIN.top}" x2="${n(x(p.t))}" y2="${MARGIN.top + plotH}" stroke="#8c959f" stroke-width="1" stroke-dasharray="2 3"/>`);
    out.push(`<text x="${n(x(p.t) + 3)}" y="${MARGIN.top - 6}" font-size="10" fill="#57606a">${escapeXml(`evict ${p.evicted}`)}</text>`);
  }
  const path: string[] = [];
  for (let i = 0; i < points.length; i++) {
    const t1 = i + 1 < points.length ? points[i + 1].t : end;
    path.push(`${i === 0 ? 'M' : 'L'}${n(x(points[i].t))} ${n(y(points[i].available))}`, `L${n(x(t1))} ${n(y(points[i].available))}`);
  }
  out.push(`<path d="${path.join(' ')}" fill="none" stroke="#1f2328" stroke-width="2.5"/>`);
  if (drain.allowedDisruptions !== null && drain.budgets.length === 1) {
    const floor = Math.max(0, pods - drain.allowedDisruptions);
    out.push(`<line class="budget-floor" x1="${MARGIN.left}" y1="${n(y(floor))}" x2="${MARGIN.left + plotW}" y2="${n(y(floor))}" stroke="#cf222e" stroke-width="1.5" stroke-dasharray="5 3"/>`);
    out.push(`<text x="${n(MARGIN.left + plotW - 4)}" y="${n(y(floor) + 14)}" font-size="11" text-anchor="end" fill="#cf222e">${escapeXml(`PodDisruptionBudget ${drain.budgets[0].name}: at least ${floor} Ready`)}</text>`);
  }
  out.push(...legend(DRAIN_BANDS, 'available (Ready for minReadySeconds)', MARGIN.top + plotH + 52));
  out.push('</g>');
  return out.join('\n');
}

const DRAIN_BANDS = [
  { label: 'Ready pods', fill: '#3a9a5b' },
  { label: 'evicted pods, terminating', fill: '#e8b07a' },
] as const;

const RELEASE_BARS = [
  { label: 'traffic share (the requests)', fill: '#0969da' },
  { label: 'capacity share (the pods)', fill: '#a5b4c4' },
] as const;
const RELEASE_ROW = 40;
const RELEASE_LINE = 15;
/** Characters of 11 px text that fit the panel's width (about 6.2 px each). */
const RELEASE_CHARS = Math.floor((SVG_WIDTH - MARGIN.left - MARGIN.right) / 6.4);

/** Splits a sentence into lines of at most `width` characters, at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * `text` cut to `max` characters with an ellipsis: names can be long, the panel's columns are not.
 * `middle` keeps the end too (`storefront-…-canary`), where names of versions differ.
 */
function fit(text: string, max: number, middle = false): string {
  if (text.length <= max) return text;
  if (!middle) return `${text.slice(0, Math.max(1, max - 1))}…`;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** The next steps of a release as lines of the panel: each step's title, then its changes, wrapped. */
function releaseNextLines(r: ReleasePlan): Array<{ text: string; bold: boolean }> {
  const next = r.next;
  if (!next) return r.notes.flatMap((n) => wrap(n, RELEASE_CHARS).map((text) => ({ text, bold: false })));
  const out: Array<{ text: string; bold: boolean }> = [];
  const step = (title: string, st: ReleaseStep) => {
    out.push({ text: `${title}: ${formatRange(st.estimatedSeconds)}`, bold: true });
    st.changes.forEach((c, i) => out.push(...wrap(`${i + 1}. ${c}`, RELEASE_CHARS).map((text) => ({ text, bold: false }))));
  };
  step(`Promote ${next.candidate}`, next.promote);
  step(`Abort ${next.candidate}`, next.abort);
  const s = next.newShare;
  const share =
    s.change === 'weight'
      ? `change the weights: nothing rolls; ${next.candidate} may get up to ${pct(s.maxTrafficShare ?? 0)} of the requests (traffic-share-exceeds-capacity)`
      : `scale ${next.candidate}: nothing rolls; ${[s.up, s.down]
          .flatMap((x, i) => (x ? [`${x.replicas} pod${x.replicas === 1 ? ' gets' : 's get'} ${pct(x.trafficShare)} (${i === 0 ? 'one wave' : 'gone within'} ${formatRange(x.estimatedSeconds)})`] : []))
          .join(', ')}`;
  out.push({ text: 'New share', bold: true });
  out.push(...wrap(share, RELEASE_CHARS).map((text) => ({ text, bold: false })));
  return out;
}

/** Height of a release's panel: its rows of bars, the axis, the next steps and the legend. */
function releasePanelHeight(r: ReleasePlan): number {
  return MARGIN.top + r.versions.length * RELEASE_ROW + 34 + releaseNextLines(r).length * RELEASE_LINE + 40;
}

/** A release's panel: per version, its traffic share against its capacity share, then what the next steps do. */
function releasePanel(r: ReleasePlan, top: number): string {
  const out: string[] = [];
  const ns = r.namespace === null ? '' : `${r.namespace}/`;
  // 16 px bold is about 9.5 px a character, 12 px about 6.8: cut to the panel's width
  const title = fit(r.path === 'HTTPRoute' ? `Release behind HTTPRoute ${ns}${r.route}, rule ${r.rule}: split by weight` : `Release behind Service ${ns}${r.service}: split by pod ratio`, 74);
  const total = r.versions.reduce((n, v) => n + v.pods, 0);
  const facts = fit(`${r.versions.length} versions, ${total} pods: ${r.versions.map((v) => `${v.workload} ${v.version ?? ''}`.trim()).join(', ')}`, 104);
  out.push(`<g class="release" transform="translate(0 ${n(top)})">`);
  out.push(`<text x="${MARGIN.left}" y="26" font-size="16" font-weight="600" fill="#1f2328">${escapeXml(title)}</text>`);
  out.push(`<text x="${MARGIN.left}" y="46" font-size="12" fill="#1f2328">${escapeXml(facts)}</text>`);
  out.push(
    `<text x="${MARGIN.left}" y="62" font-size="11" fill="#57606a">${escapeXml('per version, its share of the requests against its share of the pods; load per pod = traffic / capacity (1.00x: even)')}</text>`,
  );
  const labelW = 190;
  const x0 = MARGIN.left + labelW;
  const barW = SVG_WIDTH - MARGIN.right - x0 - 170; // room for the percent after a full bar, and the load column
  const rowsTop = MARGIN.top;
  const rowsBottom = rowsTop + r.versions.length * RELEASE_ROW;
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    const x = x0 + t * barW;
    out.push(`<line x1="${n(x)}" y1="${rowsTop - 6}" x2="${n(x)}" y2="${rowsBottom}" stroke="#d0d7de" stroke-width="1"/>`);
    out.push(`<text x="${n(x)}" y="${rowsBottom + 14}" font-size="11" text-anchor="middle" fill="#57606a">${pct(t)}</text>`);
  }
  r.versions.forEach((v, i) => {
    const y = rowsTop + i * RELEASE_ROW;
    // the label column is 190 px: about 25 characters of 12 px bold, 31 of 11 px
    const role = v.track ? ` (${v.track})` : ` (${v.role})`;
    out.push(`<text x="${MARGIN.left}" y="${y + 12}" font-size="12" font-weight="600" fill="#1f2328">${escapeXml(`${fit(v.version ?? v.workload, 25 - role.length, true)}${role}`)}</text>`);
    const podsText = `, ${v.pods} pod${v.pods === 1 ? '' : 's'}${v.weight === null ? '' : `, weight ${v.weight}`}`;
    out.push(`<text x="${MARGIN.left}" y="${y + 28}" font-size="11" fill="#57606a">${escapeXml(`${fit(v.workload, Math.max(8, 31 - podsText.length), true)}${podsText}`)}</text>`);
    const bars: Array<[number, string, string]> = [
      [v.trafficShare, RELEASE_BARS[0].fill, pct(v.trafficShare)],
      [v.capacityShare, RELEASE_BARS[1].fill, pct(v.capacityShare)],
    ];
    bars.forEach(([share, fill, text], j) => {
      const by = y + 2 + j * 16;
      const w = Math.max(0, Math.min(1, share)) * barW;
      out.push(`<rect class="share" x="${n(x0)}" y="${by}" width="${n(w)}" height="12" fill="${fill}"/>`);
      out.push(`<text x="${n(x0 + w + 6)}" y="${by + 10}" font-size="11" fill="#1f2328">${escapeXml(text)}</text>`);
    });
    if (v.loadFactor !== null) {
      out.push(`<text x="${SVG_WIDTH - MARGIN.right}" y="${y + 20}" font-size="12" text-anchor="end" fill="${v.loadFactor > 1 ? '#9a6700' : '#1f2328'}">${escapeXml(`${v.loadFactor.toFixed(2)}x load per pod`)}</text>`);
    }
  });
  let y = rowsBottom + 40;
  for (const line of releaseNextLines(r)) {
    out.push(`<text x="${MARGIN.left}" y="${y}" font-size="11"${line.bold ? ' font-weight="600"' : ''} fill="#1f2328" xml:space="preserve">${escapeXml(line.text)}</text>`);
    y += RELEASE_LINE;
  }
  let lx = MARGIN.left;
  const ly = y + 12;
  for (const bar of RELEASE_BARS) {
    out.push(`<rect x="${n(lx)}" y="${ly - 9}" width="12" height="12" fill="${bar.fill}"/>`);
    out.push(`<text x="${n(lx + 16)}" y="${ly + 1}" font-size="11" fill="#1f2328">${escapeXml(bar.label)}</text>`);
    lx += 16 + bar.label.length * 6.2 + 18;
  }
  out.push('</g>');
  return out.join('\n');
}

function bandValues(p: TimelinePoint): Record<(typeof BANDS)[number]['key'], number> {
  const newAvailable = Math.max(0, p.available - p.old);
  return { oldServing: p.old, newAvailable, newStarting: Math.max(0, p.new - newAvailable), terminating: p.terminating };
}

/**
 * Renders the report as one standalone SVG document (it opens in a browser and embeds in Markdown):
 * one rollout panel per Deployment, then one node-drain panel per Deployment and StatefulSet,
 * stacked, in report order. Deterministic.
 */
export function renderPlanSvg(report: PlanReport): string {
  // a rollout panel per Deployment, then a drain panel per workload whose pods a drain evicts, then a panel per release
  const panels: Array<{ height: number; draw: (top: number) => string }> = [
    ...report.deployments.map((d) => ({ height: SVG_PANEL_HEIGHT, draw: (top: number) => panel(d, top) })),
    ...allPlans(report)
      .filter((d) => d.drain.evicted)
      .map((d) => ({ height: SVG_PANEL_HEIGHT, draw: (top: number) => drainPanel(d, top) })),
    ...(report.releases ?? []).map((r) => ({ height: releasePanelHeight(r), draw: (top: number) => releasePanel(r, top) })),
  ];
  const height = panels.length === 0 ? SVG_PANEL_HEIGHT : panels.reduce((h, p) => h + p.height, 0);
  const names = allPlans(report).map((d) => `${d.namespace === null ? '' : `${d.namespace}/`}${d.name}`).join(', ');
  let top = 0;
  const body =
    panels.length === 0
      ? `<text x="${MARGIN.left}" y="40" font-size="14" fill="#57606a">No Deployment, StatefulSet or DaemonSet in the input: nothing to plan.</text>`
      : panels
          .map((p) => {
            const drawn = p.draw(top);
            top += p.height;
            return drawn;
          })
          .join('\n');
  return (
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      `<svg xmlns="http://www.w3.org/2000/svg" width="${SVG_WIDTH}" height="${height}" viewBox="0 0 ${SVG_WIDTH} ${height}" font-family="${FONT}" role="img">`,
      `<title>${escapeXml(`Rollout plan: ${names || 'no workload'}`)}</title>`,
      `<rect x="0" y="0" width="${SVG_WIDTH}" height="${height}" fill="#ffffff"/>`,
      body,
      '</svg>',
    ].join('\n') + '\n'
  );
}

/** The horizontal grid with the pod counts (about 6 lines), and the seconds under the x axis (about 8 ticks). */
function gridAndTicks(yMax: number, y: (v: number) => number, end: number, x: (t: number) => number, plotW: number, plotH: number): string[] {
  const out: string[] = [];
  const yStep = Math.max(1, Math.ceil(yMax / 6));
  for (let v = 0, i = 0; v <= yMax && i < 50; v += yStep, i++) {
    out.push(`<line x1="${MARGIN.left}" y1="${n(y(v))}" x2="${MARGIN.left + plotW}" y2="${n(y(v))}" stroke="#d0d7de" stroke-width="1"/>`);
    out.push(`<text x="${MARGIN.left - 8}" y="${n(y(v) + 4)}" font-size="11" text-anchor="end" fill="#57606a">${v}</text>`);
  }
  const xStep = tickStep(end, 8);
  for (let t = 0, i = 0; t <= end && i < 50; t += xStep, i++) {
    out.push(`<text x="${n(x(t))}" y="${n(MARGIN.top + plotH + 16)}" font-size="11" text-anchor="middle" fill="#57606a">${t}</text>`);
  }
  return out;
}

/** A legend row at `ly`: a swatch and label per band, then the black line of the available pods. */
function legend(bands: ReadonlyArray<{ readonly fill: string; readonly label: string }>, lineLabel: string, ly: number): string[] {
  const out: string[] = [];
  let lx = MARGIN.left;
  for (const band of bands) {
    out.push(`<rect x="${n(lx)}" y="${ly - 9}" width="12" height="12" fill="${band.fill}"/>`);
    out.push(`<text x="${n(lx + 16)}" y="${ly + 1}" font-size="11" fill="#1f2328">${escapeXml(band.label)}</text>`);
    lx += 16 + band.label.length * 6.2 + 18;
  }
  out.push(`<line x1="${n(lx)}" y1="${ly - 3}" x2="${n(lx + 18)}" y2="${ly - 3}" stroke="#1f2328" stroke-width="2.5"/>`);
  out.push(`<text x="${n(lx + 22)}" y="${ly + 1}" font-size="11" fill="#1f2328">${escapeXml(lineLabel)}</text>`);
  return out;
}
