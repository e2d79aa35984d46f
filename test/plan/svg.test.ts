import * as fs from 'fs';
import * as path from 'path';
import { planDeployments, renderPlanSvg, SVG_PANEL_HEIGHT, SVG_WIDTH } from '../../lib/plan';
import { budget, DEMO, deployment, readYaml, ROOT } from './objects';

/**
 * A small XML well-formedness check (no browser here): one root element, every tag closed in order,
 * attributes quoted, `&` only in entities, nothing but markup between `<` and `>`. Returns the problems.
 */
function wellFormedProblems(xml: string): string[] {
  const problems: string[] = [];
  let rest = xml;
  const decl = /^<\?xml [^?]*\?>\s*/.exec(rest);
  if (decl) rest = rest.slice(decl[0].length);
  const stack: string[] = [];
  let roots = 0;
  const entity = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/y;
  const checkText = (text: string, where: string) => {
    for (let i = text.indexOf('&'); i >= 0; i = text.indexOf('&', i + 1)) {
      entity.lastIndex = i;
      if (!entity.test(text)) problems.push(`bare & in ${where}: ${text.slice(i, i + 12)}`);
    }
    if (text.includes('>') && where === 'attribute') problems.push(`> in attribute: ${text}`);
  };
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < rest.length) {
    const lt = rest.indexOf('<', i);
    const text = lt < 0 ? rest.slice(i) : rest.slice(i, lt);
    if (text.trim() !== '') {
      if (stack.length === 0) problems.push(`text outside the root: ${text.slice(0, 20)}`);
      checkText(text, 'text');
    }
    if (lt < 0) break;
    tag.lastIndex = lt;
    const m = tag.exec(rest);
    if (!m) {
      problems.push(`malformed tag at ${lt}: ${rest.slice(lt, lt + 40)}`);
      break;
    }
    const [, closing, name, attrs, selfClosing] = m;
    for (const a of attrs.matchAll(/([\w:.-]+)="([^"]*)"/g)) checkText(a[2], 'attribute');
    if (closing) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else {
      if (stack.length === 0) roots++;
      if (!selfClosing) stack.push(name);
    }
    i = tag.lastIndex;
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots !== 1) problems.push(`${roots} root elements`);
  return problems;
}

describe('the well-formedness check itself', () => {
  test.each([
    ['<svg><g></svg>', /closes <g>|unclosed/],
    ['<svg>a & b</svg>', /bare &/],
    ['<svg x=1></svg>', /malformed tag/],
    ['<svg></svg><svg></svg>', /2 root elements/],
  ])('%p is refused', (xml, problem) => {
    expect(wellFormedProblems(xml).join('\n')).toMatch(problem);
  });
  test('a good document passes', () => {
    expect(wellFormedProblems('<?xml version="1.0"?>\n<svg a="1 &amp; 2"><text>x &lt; y</text><rect/></svg>\n')).toEqual([]);
  });
});

describe('renderPlanSvg', () => {
  const demo = renderPlanSvg(planDeployments(readYaml(DEMO)));

  test('the demo app: a standalone SVG that opens in a browser', () => {
    expect(wellFormedProblems(demo)).toEqual([]);
    expect(demo).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    // the rollout's panel, then the node drain's
    expect(demo).toContain(`width="${SVG_WIDTH}" height="${2 * SVG_PANEL_HEIGHT}" viewBox="0 0 ${SVG_WIDTH} ${2 * SVG_PANEL_HEIGHT}"`);
    expect(demo).toContain('<title>Rollout plan: myapp/myapp</title>');
    expect(demo).toContain('Rollout of myapp/myapp</text>');
    expect(demo).toContain('3 replicas, maxSurge 1, maxUnavailable 0: 3 waves, min available 3, peak 4 pods');
  });

  test('the progress deadline is marked, and the waves', () => {
    expect(demo).toMatch(/<line class="progress-deadline" [^>]*stroke="#cf222e"/);
    expect(demo).toContain('progressDeadlineSeconds 300: the most one wave may take</text>');
    for (const k of [1, 2, 3]) expect(demo).toContain(`>wave ${k}</text>`);
    expect(demo).toContain('>available</text>');
  });

  test('the node drain has its own panel: evictions 10 s apart, the budget floor, the available line', () => {
    expect(demo).toContain('Node drain of myapp/myapp (evictions at their fastest pace)</text>');
    expect(demo).toContain(
      'Deployment of 3 pods, a node holding 3: 1 eviction at a time; min ready 2, min available 1</text>',
    );
    expect(demo).toContain('up to 3 terminating at once, all gone after 35-75 s; kubectl retries a refused eviction every 5 s, the budget counts Ready pods</text>');
    expect(demo.match(/<line class="eviction" /g)).toHaveLength(3);
    expect(demo).toMatch(/<line class="budget-floor" [^>]*stroke="#cf222e"/);
    expect(demo).toContain('PodDisruptionBudget myapp: at least 2 Ready</text>');
  });

  test('docs/images/myapp-plan.svg is the tool\'s output for dist/myapp.k8s.yaml (regenerate: cdk8s-zero-downtime plan --format svg dist/myapp.k8s.yaml > docs/images/myapp-plan.svg)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'docs', 'images', 'myapp-plan.svg'), 'utf8')).toBe(demo);
  });

  test('a deadline within the rollout is drawn on a plain axis', () => {
    const svg = renderPlanSvg(planDeployments([deployment({ replicas: 4, progressDeadlineSeconds: 30, readinessProbe: { initialDelaySeconds: 20, periodSeconds: 10 } })]));
    expect(wellFormedProblems(svg)).toEqual([]);
    expect(svg).toContain('class="progress-deadline"');
    expect(svg).not.toContain('l6 -12'); // no axis break
  });

  test('several Deployments: one document, one panel each, escaped text', () => {
    const report = planDeployments([
      deployment({ name: 'a<b&"c\'', namespace: 'x&y', replicas: 2, readinessProbe: { periodSeconds: 3 } }),
      deployment({ name: 'recreate', replicas: 2, strategy: { type: 'Recreate' }, readinessProbe: {} }),
      deployment({ name: 'refused', replicas: 2, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      deployment({ name: 'instant', replicas: 2 }),
      budget('pdb', 'a<b&"c\'', { maxUnavailable: 1 }),
    ]);
    const svg = renderPlanSvg(report);
    expect(wellFormedProblems(svg)).toEqual([]);
    expect(svg.match(/<svg /g)).toHaveLength(1);
    // 4 rollout panels, then 4 drain panels
    expect(svg).toContain(`height="${8 * SVG_PANEL_HEIGHT}"`);
    expect(svg.match(/>Rollout of /g)).toHaveLength(4);
    expect(svg.match(/>Node drain of /g)).toHaveLength(4);
    expect(svg).toContain('Rollout of x&amp;y/a&lt;b&amp;&quot;c&#39;</text>');
    expect(svg).toContain('the API server refuses this Deployment as written');
    expect(svg).toContain('a new pod counts as available as soon as it runs');
  });

  test('no workload: still a valid picture', () => {
    const svg = renderPlanSvg(planDeployments([]));
    expect(wellFormedProblems(svg)).toEqual([]);
    expect(svg).toContain('No Deployment, StatefulSet or DaemonSet in the input');
  });

  test('deterministic', () => {
    expect(renderPlanSvg(planDeployments(readYaml(DEMO)))).toBe(demo);
  });
});
