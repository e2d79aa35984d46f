#!/usr/bin/env node
// Offline evaluator for Fairwinds Polaris check definitions (own code; reads Polaris's public
// check data, it does not contain or run Polaris). See tools/README.md.
//
//   node tools/polaris.mjs [--checks <dir>] [--config <default.yaml>] [--fail-on warning|danger]
//                          [--verbose] [--list-checks] [--no-config-exemptions] [files or dirs...]
//
// Semantics follow Polaris's pkg/validator + pkg/config:
// - severities come from default.yaml `checks:`; only `warning` and `danger` are evaluated;
// - a "controller" is any object with a pod spec (Pod: spec; others: spec.template.spec,
//   CronJob: spec.jobTemplate.spec.template.spec). Targets: `Controller` (the whole object),
//   `PodSpec`, `PodTemplate` (metadata + spec), `Container` (every init and app container;
//   `schemaTarget: PodSpec` = the pod spec holding only that container), and kind targets
//   (`policy/PodDisruptionBudget`, `/ConfigMap`, ...) for any object of that kind;
// - `controllers`/`containers` include/exclude lists; exemptions from annotations
//   `polaris.fairwinds.com/exempt` and `polaris.fairwinds.com/<check>-exempt` ("true") on the
//   object, and from the config's `exemptions:` (namespace / controllerNames prefix / rules);
// - `schema`/`schemaString` and `additionalSchemaStrings` are Go text/template texts rendered with
//   the object plus `.Polaris.{PodSpec,PodTemplate,Container}`; an additional schema passes when
//   at least one object of that kind in the same namespace matches it (Polaris's
//   missingPodDisruptionBudget, missingNetworkPolicy, automountServiceAccountToken, the RBAC
//   binding checks); a template that renders empty is skipped;
// - schemas are JSON Schema 2019-09 (ajv), Go regexp `(?i)` is honoured;
// - pdbMinAvailableGreaterThanHPAMinReplicas has no schema in Polaris (Go code): done by hand.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv2019 from 'ajv/dist/2019.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEVERITIES = new Set(['warning', 'danger']);
const HANDLED_TARGETS = new Set(['Controller', 'Container', 'PodSpec', 'PodTemplate']);
const CUSTOM_CHECKS = { pdbMinAvailableGreaterThanHPAMinReplicas };

// ---------------------------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const opts = {
    checks: path.resolve(REPO_ROOT, '..', 'shared', 'polaris'),
    config: undefined,
    failOn: 'warning',
    verbose: false,
    listChecks: false,
    configExemptions: true,
    inputs: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--checks') opts.checks = path.resolve(value());
    else if (a === '--config') opts.config = path.resolve(value());
    else if (a === '--fail-on') {
      opts.failOn = value();
      if (!['warning', 'danger', 'none'].includes(opts.failOn)) usage(`--fail-on must be warning, danger or none`);
    } else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--list-checks') opts.listChecks = true;
    else if (a === '--no-config-exemptions') opts.configExemptions = false;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-') && a !== '-') usage(`unknown option ${a}`);
    else opts.inputs.push(a);
  }
  if (opts.inputs.length === 0) opts.inputs.push(path.join(REPO_ROOT, 'dist'));
  return opts;
}

function usage(error) {
  const text = `usage: node tools/polaris.mjs [options] [manifest files or directories (default: dist/)]
  --checks <dir>          Polaris check data: a dir with default.yaml and checks/*.yaml, or the checks dir
                          itself (default: ../shared/polaris next to the repo)
  --config <file>         Polaris config with checks: severities and exemptions (default: <checks>/default.yaml)
  --fail-on <level>       warning (default): exit 1 on any warning or danger finding; danger: only on
                          danger findings; none: always exit 0
  --verbose, -v           also print passed checks
  --list-checks           print the enabled checks and how each is evaluated, then exit
  --no-config-exemptions  ignore the config's exemptions: list (annotations are still honoured)`;
  if (error) {
    console.error(`polaris: ${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Loading checks and manifests
// ---------------------------------------------------------------------------------------------

/** Polaris decodes check YAML into Go structs with encoding/json: keys match case-insensitively. */
function field(obj, name) {
  if (!obj || typeof obj !== 'object') return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function parseYaml11(text) {
  // Polaris reads YAML with go-yaml v2 (YAML 1.1 scalars: yes/no/on/off are booleans).
  return YAML.parse(text, { version: '1.1' });
}

function loadConfigAndChecks(opts) {
  let checksDir = opts.checks;
  if (fs.existsSync(path.join(checksDir, 'checks'))) checksDir = path.join(checksDir, 'checks');
  if (!fs.existsSync(checksDir)) usage(`check directory not found: ${opts.checks}`);
  let configFile = opts.config;
  if (!configFile) {
    configFile = [path.join(opts.checks, 'default.yaml'), path.join(checksDir, '..', 'default.yaml')].find((f) =>
      fs.existsSync(f),
    );
    if (!configFile) usage(`no default.yaml found next to ${checksDir}; pass --config`);
  }
  const config = parseYaml11(fs.readFileSync(configFile, 'utf8')) ?? {};
  const severities = {};
  for (const [id, sev] of Object.entries(config.checks ?? {})) if (SEVERITIES.has(sev)) severities[id] = sev;
  const checks = {};
  const missing = [];
  for (const id of Object.keys(severities).sort()) {
    const file = path.join(checksDir, `${id}.yaml`);
    if (!fs.existsSync(file)) {
      missing.push(id);
      continue;
    }
    checks[id] = normalizeCheck(id, parseYaml11(fs.readFileSync(file, 'utf8')) ?? {});
  }
  return { checks, severities, exemptions: opts.configExemptions ? config.exemptions ?? [] : [], missing, configFile, checksDir };
}

function normalizeCheck(id, raw) {
  const list = (v) => ({ include: field(v, 'include') ?? [], exclude: field(v, 'exclude') ?? [] });
  const schemaString = field(raw, 'schemaString');
  const schema = field(raw, 'schema');
  const additional = { ...(field(raw, 'additionalSchemaStrings') ?? {}) };
  for (const [k, v] of Object.entries(field(raw, 'additionalSchemas') ?? {})) additional[k] = JSON.stringify(v);
  return {
    id,
    category: field(raw, 'category'),
    successMessage: field(raw, 'successMessage') ?? `${id} passed`,
    failureMessage: field(raw, 'failureMessage') ?? `${id} failed`,
    target: String(field(raw, 'target') ?? ''),
    schemaTarget: field(raw, 'schemaTarget') ? String(field(raw, 'schemaTarget')) : '',
    controllers: list(field(raw, 'controllers')),
    containers: list(field(raw, 'containers')),
    // Polaris renders `schema` as JSON text through the template engine too.
    schemaTemplate: typeof schemaString === 'string' ? schemaString : schema ? JSON.stringify(schema) : undefined,
    additional,
    custom: CUSTOM_CHECKS[id],
  };
}

function collectFiles(input, out) {
  if (input === '-') {
    out.push('-');
    return;
  }
  const st = fs.statSync(input, { throwIfNoEntry: false });
  if (!st) usage(`no such file or directory: ${input}`);
  if (st.isDirectory()) {
    for (const e of fs.readdirSync(input).sort()) {
      const p = path.join(input, e);
      if (fs.statSync(p).isDirectory() || /\.(ya?ml|json)$/i.test(e)) collectFiles(p, out);
    }
  } else out.push(input);
}

function loadManifests(inputs) {
  const files = [];
  for (const i of inputs) collectFiles(i, files);
  const objects = [];
  for (const f of files) {
    const text = f === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(f, 'utf8');
    for (const doc of YAML.parseAllDocuments(text)) {
      if (doc.errors.length) throw new Error(`${f}: ${doc.errors[0].message}`);
      const obj = doc.toJS();
      for (const o of flattenList(obj)) if (o && typeof o === 'object' && o.kind) objects.push(o);
    }
  }
  return { files, objects };
}

function flattenList(obj) {
  if (Array.isArray(obj)) return obj.flatMap(flattenList);
  if (obj && typeof obj === 'object' && typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return obj.items.flatMap(flattenList);
  }
  return [obj];
}

// ---------------------------------------------------------------------------------------------
// Resources the way Polaris sees them
// ---------------------------------------------------------------------------------------------

const groupOf = (apiVersion) => (String(apiVersion ?? '').includes('/') ? String(apiVersion).split('/')[0] : '');
const isObj = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Finds the pod spec and pod template like Polaris's kube.GetPodSpec (descending jobTemplate/spec/template). */
function podParts(obj) {
  if (obj.kind === 'Pod') return isObj(obj.spec) && Array.isArray(obj.spec.containers) ? { podSpec: obj.spec, podTemplate: obj } : {};
  let cur = obj;
  let parent;
  for (let depth = 0; depth < 8 && isObj(cur); depth++) {
    const key = ['jobTemplate', 'spec', 'template'].find((k) => isObj(cur[k]));
    if (!key) break;
    parent = cur;
    cur = cur[key];
  }
  if (cur !== obj && isObj(cur) && Array.isArray(cur.containers) && cur.containers.length > 0) {
    return { podSpec: cur, podTemplate: parent === obj ? undefined : parent };
  }
  return {};
}

/** Polaris marshals typed structs: resource quantities become strings ("1" not 1). */
function typedContainer(c) {
  if (!isObj(c?.resources)) return c;
  const res = { ...c.resources };
  for (const k of ['requests', 'limits']) {
    if (isObj(res[k])) res[k] = Object.fromEntries(Object.entries(res[k]).map(([n, q]) => [n, typeof q === 'number' ? String(q) : q]));
  }
  return { ...c, resources: res };
}

function typedPodSpec(spec) {
  const out = { ...spec };
  for (const k of ['containers', 'initContainers', 'ephemeralContainers']) {
    if (Array.isArray(spec[k])) out[k] = spec[k].map(typedContainer);
  }
  return out;
}

function describeResource(obj) {
  const { podSpec, podTemplate } = podParts(obj);
  return {
    obj,
    kind: obj.kind,
    group: groupOf(obj.apiVersion),
    name: obj.metadata?.name ?? '<unnamed>',
    namespace: obj.metadata?.namespace ?? '',
    annotations: obj.metadata?.annotations ?? {},
    podSpec: podSpec ? typedPodSpec(podSpec) : undefined,
    podTemplate: podSpec ? (podTemplate ? { ...podTemplate, spec: typedPodSpec(podSpec) } : undefined) : undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Applicability, exemptions
// ---------------------------------------------------------------------------------------------

function hasExemptionAnnotation(res, checkId) {
  const a = res.annotations;
  const t = (v) => String(v ?? '').toLowerCase() === 'true';
  return t(a['polaris.fairwinds.com/exempt']) || t(a[`polaris.fairwinds.com/${checkId}-exempt`]);
}

function configExempt(exemptions, checkId, res, containerName) {
  for (const ex of exemptions) {
    if (Array.isArray(ex.rules) && ex.rules.length > 0 && !ex.rules.includes(checkId)) continue;
    if (ex.namespace && ex.namespace !== res.namespace) continue;
    if (Array.isArray(ex.controllerNames) && ex.controllerNames.length > 0 && !ex.controllerNames.some((n) => res.name.startsWith(n))) continue;
    if (Array.isArray(ex.containerNames) && ex.containerNames.length > 0 && !ex.containerNames.some((n) => (containerName ?? '').startsWith(n))) continue;
    return true;
  }
  return false;
}

/** Polaris's SchemaCheck.IsActionable. `target` is Controller/PodSpec/Container, or '' for kind checks. */
function isActionable(check, target, kind, isInit) {
  if (target) {
    const ok = check.target === target || (check.target === 'PodTemplate' && target === 'PodSpec');
    if (!ok) return false;
  } else if (HANDLED_TARGETS.has(check.target) || (check.target !== kind && !check.target.endsWith(`/${kind}`))) {
    return false;
  }
  if (check.controllers.include.length > 0 && !check.controllers.include.includes(kind)) return false;
  if (check.controllers.exclude.includes(kind)) return false;
  if (check.target === 'Container') {
    const which = isInit ? 'initContainer' : 'container';
    if (check.containers.include.length > 0 && !check.containers.include.includes(which)) return false;
    if (check.containers.exclude.includes(which)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// A small Go text/template interpreter (the subset Polaris checks use)
// ---------------------------------------------------------------------------------------------

function tokenizeTemplate(src) {
  const items = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      items.push({ t: 'text', v: src.slice(i) });
      break;
    }
    let text = src.slice(i, open);
    let j = open + 2;
    if (src[j] === '-' && /\s/.test(src[j + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      j += 1;
    }
    if (text) items.push({ t: 'text', v: text });
    let close;
    const afterWs = src.slice(j).match(/^\s*/)[0].length;
    if (src.startsWith('/*', j + afterWs)) {
      const end = src.indexOf('*/', j + afterWs + 2);
      if (end < 0) throw new Error('unclosed template comment');
      close = src.indexOf('}}', end + 2);
    } else {
      close = findClose(src, j);
    }
    if (close < 0) throw new Error('unclosed template action');
    let body = src.slice(j, close);
    let trimRight = false;
    if (/\s-$/.test(body)) {
      trimRight = true;
      body = body.slice(0, -1);
    }
    body = body.trim();
    if (!body.startsWith('/*')) items.push({ t: 'action', v: body });
    i = close + 2;
    if (trimRight) {
      const m = src.slice(i).match(/^\s*/)[0].length;
      i += m;
    }
  }
  return items;
}

function findClose(src, from) {
  let quote = null;
  for (let k = from; k < src.length - 1; k++) {
    const ch = src[k];
    if (quote) {
      if (ch === '\\' && quote === '"') k++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === '`') quote = ch;
    else if (ch === '}' && src[k + 1] === '}') return k;
  }
  return -1;
}

function lexPipeline(s) {
  const toks = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '"') {
      let j = i + 1;
      let out = '';
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\') {
          const n = s[j + 1];
          out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
          j += 2;
        } else out += s[j++];
      }
      toks.push({ t: 'str', v: out });
      i = j + 1;
    } else if (ch === '`') {
      const j = s.indexOf('`', i + 1);
      toks.push({ t: 'str', v: s.slice(i + 1, j) });
      i = j + 1;
    } else if (ch === '(' || ch === ')' || ch === '|' || ch === ',') {
      toks.push({ t: ch });
      i++;
    } else if (s.startsWith(':=', i)) {
      toks.push({ t: ':=' });
      i += 2;
    } else if (ch === '=') {
      toks.push({ t: '=' });
      i++;
    } else {
      const m = s.slice(i).match(/^[^\s()|,=]+/);
      const w = m[0];
      if (w.startsWith('$')) toks.push({ t: 'var', v: w });
      else if (w.startsWith('.')) toks.push({ t: 'field', v: w });
      else if (/^[-+]?\d/.test(w)) toks.push({ t: 'num', v: Number(w) });
      else toks.push({ t: 'ident', v: w });
      i += w.length;
    }
  }
  return toks;
}

function parsePipeline(toks, pos = { i: 0 }, stopAt = null) {
  // Optional declarations: `$a := ...`, `$a, $b := ...`, `$a = ...`
  let decl = null;
  const save = pos.i;
  if (toks[pos.i]?.t === 'var' && !toks[pos.i].v.slice(1).includes('.')) {
    const vars = [toks[pos.i].v];
    let k = pos.i + 1;
    if (toks[k]?.t === ',' && toks[k + 1]?.t === 'var') {
      vars.push(toks[k + 1].v);
      k += 2;
    }
    if (toks[k]?.t === ':=' || toks[k]?.t === '=') {
      decl = { vars, op: toks[k].t };
      pos.i = k + 1;
    } else pos.i = save;
  }
  const cmds = [];
  let cmd = [];
  while (pos.i < toks.length && toks[pos.i].t !== stopAt) {
    const tk = toks[pos.i];
    if (tk.t === '|') {
      cmds.push(cmd);
      cmd = [];
      pos.i++;
    } else if (tk.t === '(') {
      pos.i++;
      const sub = parsePipeline(toks, pos, ')');
      pos.i++; // ')'
      cmd.push({ t: 'sub', v: sub });
    } else {
      cmd.push(tk);
      pos.i++;
    }
  }
  cmds.push(cmd);
  return { decl, cmds };
}

function parseTemplate(src) {
  const items = tokenizeTemplate(src);
  let idx = 0;
  const keyword = (it) => (it?.t === 'action' ? it.v.split(/\s+/)[0] : undefined);

  // Parses nodes up to (not including) an action whose keyword is in `stops`.
  function parseList(stops) {
    const nodes = [];
    while (idx < items.length) {
      const it = items[idx];
      if (it.t === 'text') {
        nodes.push(it);
        idx++;
        continue;
      }
      const word = keyword(it);
      if (stops.includes(word)) return { nodes, stop: it };
      if (word === 'end' || word === 'else') throw new Error(`template: unexpected {{ ${it.v} }}`);
      idx++;
      if (word === 'if' || word === 'with' || word === 'range') nodes.push(parseControl(word, it.v.slice(word.length)));
      else nodes.push({ t: 'action', pipe: parsePipeline(lexPipeline(it.v)) });
    }
    return { nodes, stop: undefined };
  }

  // Parses `if`/`with`/`range` after its opening action, through its (possibly shared) `end`.
  function parseControl(word, pipeText) {
    const node = { t: word, pipe: parsePipeline(lexPipeline(pipeText)), body: [], elseBody: null };
    const r = parseList(['else', 'end']);
    node.body = r.nodes;
    if (keyword(r.stop) === 'else') {
      idx++;
      const rest = r.stop.v.slice(4).trim();
      const restWord = rest.split(/\s+/)[0];
      if (rest && (restWord === 'if' || restWord === 'with')) {
        // `{{ else if X }}` is `{{ else }}{{ if X }}...{{ end }}` sharing this node's `end`.
        node.elseBody = [parseControl(restWord, rest.slice(restWord.length))];
        return node;
      }
      const r2 = parseList(['end']);
      node.elseBody = r2.nodes;
      if (keyword(r2.stop) !== 'end') throw new Error(`template: missing {{ end }} for ${word}`);
    } else if (keyword(r.stop) !== 'end') {
      throw new Error(`template: missing {{ end }} for ${word}`);
    }
    idx++; // the `end`
    return node;
  }

  const r = parseList([]);
  return r.nodes;
}

const FUNCS = {
  not: (a) => !truthy(a),
  and: (...a) => {
    for (const v of a) if (!truthy(v)) return v;
    return a[a.length - 1];
  },
  or: (...a) => {
    for (const v of a) if (truthy(v)) return v;
    return a[a.length - 1];
  },
  eq: (a, ...bs) => bs.some((b) => goEq(a, b)),
  ne: (a, b) => !goEq(a, b),
  lt: (a, b) => a < b,
  le: (a, b) => a <= b,
  gt: (a, b) => a > b,
  ge: (a, b) => a >= b,
  hasPrefix: (s, p) => String(s ?? '').startsWith(String(p ?? '')),
  hasSuffix: (s, p) => String(s ?? '').endsWith(String(p ?? '')),
  index: (v, ...keys) => {
    let cur = v;
    for (const k of keys) cur = cur == null ? undefined : cur[k];
    return cur;
  },
  len: (v) => (v == null ? 0 : Array.isArray(v) || typeof v === 'string' ? v.length : Object.keys(v).length),
  print: (...a) => a.map(goPrint).join(''),
  printf: (fmt, ...a) => {
    let k = 0;
    return String(fmt).replace(/%[vsdq%]/g, (m) => (m === '%%' ? '%' : m === '%q' ? JSON.stringify(String(a[k++])) : goPrint(a[k++])));
  },
};

function goEq(a, b) {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b;
}

function truthy(v) {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

function goPrint(v) {
  if (v === undefined || v === null) return '<no value>';
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
  return String(v);
}

function walkField(v, chain) {
  let cur = v;
  for (const key of chain.split('.').filter(Boolean)) cur = isObj(cur) ? cur[key] : undefined;
  return cur;
}

function evalOperand(tk, scope) {
  switch (tk.t) {
    case 'str':
    case 'num':
      return tk.v;
    case 'field':
      return tk.v === '.' ? scope.dot : walkField(scope.dot, tk.v);
    case 'var': {
      const [name, ...rest] = tk.v.split('.');
      const base = name === '$' ? scope.root : lookupVar(scope, name);
      return rest.length ? walkField(base, rest.join('.')) : base;
    }
    case 'sub':
      return evalPipeline(tk.v, scope);
    case 'ident':
      if (tk.v === 'true') return true;
      if (tk.v === 'false') return false;
      if (tk.v === 'nil') return null;
      if (FUNCS[tk.v]) return FUNCS[tk.v]();
      throw new Error(`template: function "${tk.v}" not defined`);
    default:
      throw new Error(`template: unexpected token ${tk.t}`);
  }
}

function evalCommand(cmd, scope, piped, hasPiped) {
  if (cmd.length === 0) throw new Error('template: empty command');
  const head = cmd[0];
  if (head.t === 'ident' && FUNCS[head.v]) {
    const args = cmd.slice(1).map((a) => evalOperand(a, scope));
    if (hasPiped) args.push(piped);
    return FUNCS[head.v](...args);
  }
  if (cmd.length > 1 || hasPiped) throw new Error(`template: can't give arguments to non-function ${head.v}`);
  return evalOperand(head, scope);
}

function evalPipeline(pipe, scope) {
  let val;
  let has = false;
  for (const cmd of pipe.cmds) {
    val = evalCommand(cmd, scope, val, has);
    has = true;
  }
  if (pipe.decl) {
    const [v] = pipe.decl.vars;
    if (pipe.decl.op === ':=') scope.vars.set(v, val);
    else setVar(scope, v, val);
  }
  return val;
}

function lookupVar(scope, name) {
  for (let s = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name);
  throw new Error(`template: undefined variable ${name}`);
}

function setVar(scope, name, val) {
  for (let s = scope; s; s = s.parent) {
    if (s.vars.has(name)) {
      s.vars.set(name, val);
      return;
    }
  }
  throw new Error(`template: undefined variable ${name}`);
}

function child(scope, dot) {
  return { parent: scope, vars: new Map(), dot: dot === undefined ? scope.dot : dot, root: scope.root };
}

function execNodes(nodes, scope, out) {
  for (const n of nodes) {
    if (n.t === 'text') out.push(n.v);
    else if (n.t === 'action') {
      const v = evalPipeline(n.pipe, scope);
      if (!n.pipe.decl) out.push(goPrint(v));
    } else if (n.t === 'if' || n.t === 'with') {
      const inner = child(scope);
      const v = evalPipeline(n.pipe, inner);
      if (truthy(v)) execNodes(n.body, n.t === 'with' ? child(inner, v) : inner, out);
      else if (n.elseBody) execNodes(n.elseBody, child(scope), out);
    } else if (n.t === 'range') {
      const decl = n.pipe.decl;
      const v = evalPipeline({ ...n.pipe, decl: null }, scope);
      const entries = Array.isArray(v) ? v.map((x, i) => [i, x]) : isObj(v) ? Object.keys(v).sort().map((k) => [k, v[k]]) : [];
      if (entries.length === 0) {
        if (n.elseBody) execNodes(n.elseBody, child(scope), out);
        continue;
      }
      for (const [k, x] of entries) {
        const inner = child(scope, x);
        if (decl) {
          if (decl.vars.length === 2) {
            inner.vars.set(decl.vars[0], k);
            inner.vars.set(decl.vars[1], x);
          } else inner.vars.set(decl.vars[0], x);
        }
        execNodes(n.body, inner, out);
      }
    }
  }
}

const templateCache = new Map();
function renderTemplate(src, data) {
  if (!src.includes('{{')) return src;
  let nodes = templateCache.get(src);
  if (!nodes) {
    nodes = parseTemplate(src);
    templateCache.set(src, nodes);
  }
  const out = [];
  execNodes(nodes, { parent: null, vars: new Map([['$', data]]), dot: data, root: data }, out);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// JSON Schema evaluation
// ---------------------------------------------------------------------------------------------

/** Go regexps: `(?i)` makes the pattern case-insensitive. */
function goRegExp(pattern, flags) {
  const ci = pattern.includes('(?i)');
  return new RegExp(pattern.replaceAll('(?i)', ''), flags + (ci ? 'i' : ''));
}
goRegExp.code = 'goRegExp';

const ajv = new Ajv2019({ strict: false, allErrors: false, validateFormats: false, code: { regExp: goRegExp } });
const validatorCache = new Map();

/** Makes Polaris's schema text acceptable to ajv without changing its meaning. */
function sanitizeSchema(node, top = true) {
  if (Array.isArray(node)) return node.map((n) => sanitizeSchema(n, false));
  if (!isObj(node)) return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (top && k === '$schema') continue;
    if (k === 'required' && v == null) continue; // `required:` with no items
    if ((k === 'anyOf' || k === 'oneOf' || k === 'allOf') && v == null) {
      // An empty list rendered by a `range` over nothing: nothing can match anyOf/oneOf of none.
      out[k] = k === 'allOf' ? [true] : [false];
      continue;
    }
    if (k === 'properties' || k === '$defs' || k === 'definitions' || k === 'patternProperties') {
      out[k] = Object.fromEntries(Object.entries(v ?? {}).map(([p, s]) => [p, sanitizeSchema(s, false)]));
      continue;
    }
    out[k] = sanitizeSchema(v, false);
  }
  return out;
}

function compileSchemaText(text) {
  let v = validatorCache.get(text);
  if (!v) {
    const parsed = parseYaml11(text);
    v = ajv.compile(sanitizeSchema(parsed ?? {}));
    validatorCache.set(text, v);
  }
  return v;
}

function matchesGroupKind(groupkind, res) {
  const i = groupkind.lastIndexOf('/');
  const [group, kind] = i < 0 ? ['', groupkind] : [groupkind.slice(0, i), groupkind.slice(i + 1)];
  return res.kind === kind && res.group === group;
}

function runSchemaCheck(check, data, subject, res, all) {
  const rendered = renderTemplate(check.schemaTemplate ?? '{}', data);
  let passes = rendered.trim() === '' ? true : compileSchemaText(rendered)(subject);
  for (const [groupkind, tmpl] of Object.entries(check.additional)) {
    if (!passes) break;
    const text = renderTemplate(tmpl, data);
    if (text.trim() === '') continue;
    const validate = compileSchemaText(text);
    const ns = res.kind === 'Namespace' ? res.name : res.namespace;
    passes = all.some((o) => matchesGroupKind(groupkind, o) && o.namespace === ns && validate(o.obj));
  }
  return { passes };
}

// ---------------------------------------------------------------------------------------------
// Checks implemented in Go by Polaris
// ---------------------------------------------------------------------------------------------

function pdbMinAvailableGreaterThanHPAMinReplicas(res, all) {
  const dep = res.obj;
  const podLabels = dep.spec?.template?.metadata?.labels ?? {};
  const pdb = all.find(
    (o) =>
      o.kind === 'PodDisruptionBudget' &&
      o.namespace === res.namespace &&
      Object.entries(o.obj.spec?.selector?.matchLabels ?? {}).some(([k, v]) => podLabels[k] === v),
  );
  const hpa = all.find(
    (o) =>
      o.kind === 'HorizontalPodAutoscaler' &&
      o.namespace === res.namespace &&
      o.obj.spec?.scaleTargetRef?.kind === 'Deployment' &&
      o.obj.spec?.scaleTargetRef?.name === res.name,
  );
  if (!pdb || !hpa) return { passes: true };
  const minAvailable = pdb.obj.spec?.minAvailable;
  const hpaMin = hpa.obj.spec?.minReplicas;
  if (minAvailable === undefined || minAvailable === null || typeof hpaMin !== 'number') return { passes: true };
  let value;
  if (typeof minAvailable === 'number') value = minAvailable;
  else if (/^\d+%$/.test(String(minAvailable))) {
    const replicas = dep.spec?.replicas;
    if (typeof replicas !== 'number') return { passes: true };
    value = Math.ceil((parseInt(minAvailable, 10) * replicas) / 100);
  } else return { passes: true };
  if (value > hpaMin) {
    return {
      passes: false,
      detail: `PodDisruptionBudget ${pdb.name} minAvailable is ${value}, above HorizontalPodAutoscaler ${hpa.name} minReplicas ${hpaMin}`,
    };
  }
  return { passes: true };
}

// ---------------------------------------------------------------------------------------------
// Audit
// ---------------------------------------------------------------------------------------------

export function audit(objects, { checks, severities, exemptions }) {
  const all = objects.map(describeResource);
  const results = [];
  const record = (check, res, container, outcome) =>
    results.push({
      id: check.id,
      severity: severities[check.id],
      kind: res.kind,
      name: res.name,
      namespace: res.namespace,
      container,
      passes: outcome.passes,
      message: outcome.passes ? check.successMessage : check.failureMessage + (outcome.detail ? ` (${outcome.detail})` : ''),
    });
  const ids = Object.keys(checks).sort();
  const applies = (check, res, target, isInit, containerName) =>
    !hasExemptionAnnotation(res, check.id) &&
    !configExempt(exemptions, check.id, res, containerName) &&
    isActionable(check, target, res.kind, isInit);

  for (const res of all) {
    const targets = res.podSpec ? ['Controller', ''] : [''];
    for (const target of targets) {
      for (const id of ids) {
        const check = checks[id];
        if (!applies(check, res, target, false)) continue;
        if (check.custom) record(check, res, undefined, check.custom(res, all));
        else if (check.schemaTemplate !== undefined) record(check, res, undefined, runSchemaCheck(check, res.obj, res.obj, res, all));
      }
    }
    if (!res.podSpec) continue;

    const polaris = { PodSpec: res.podSpec, PodTemplate: res.podTemplate };
    const podData = { ...res.obj, Polaris: polaris };
    for (const id of ids) {
      const check = checks[id];
      if (!applies(check, res, 'PodSpec', false) || check.schemaTemplate === undefined) continue;
      const subject = check.target === 'PodTemplate' ? res.podTemplate ?? { spec: res.podSpec } : res.podSpec;
      record(check, res, undefined, runSchemaCheck(check, podData, subject, res, all));
    }

    const containers = [
      ...(res.podSpec.initContainers ?? []).map((c) => [c, true]),
      ...(res.podSpec.containers ?? []).map((c) => [c, false]),
    ];
    for (const [container, isInit] of containers) {
      const data = { ...res.obj, Polaris: { ...polaris, Container: container } };
      for (const id of ids) {
        const check = checks[id];
        if (!applies(check, res, 'Container', isInit, container.name) || check.schemaTemplate === undefined) continue;
        let subject = container;
        if (check.schemaTarget === 'PodSpec') subject = { ...res.podSpec, initContainers: [], containers: [container] };
        else if (check.schemaTarget) throw new Error(`${id}: unsupported schemaTarget ${check.schemaTarget} for target ${check.target}`);
        record(check, res, container.name, runSchemaCheck(check, data, subject, res, all));
      }
    }
  }
  return results;
}

function describeCheck(check) {
  if (check.custom) return 'custom (hand-written, like Polaris Go code)';
  if (check.schemaTemplate === undefined) return 'SKIPPED: no schema';
  const kindTarget = !HANDLED_TARGETS.has(check.target);
  const parts = [kindTarget ? `kind ${check.target}` : `target ${check.target}`];
  if (check.schemaTarget) parts.push(`schemaTarget ${check.schemaTarget}`);
  const extra = Object.keys(check.additional);
  if ([check.schemaTemplate, ...Object.values(check.additional)].some((t) => t.includes('{{'))) parts.push('Go template');
  if (extra.length) parts.push(`needs a matching ${extra.join(', ')}`);
  return parts.join(', ');
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const loaded = loadConfigAndChecks(opts);
  for (const id of loaded.missing) console.error(`polaris: check ${id} is enabled but ${id}.yaml is missing; skipped`);
  if (opts.listChecks) {
    for (const id of Object.keys(loaded.checks)) {
      console.log(`${loaded.severities[id].padEnd(7)} ${id.padEnd(42)} ${describeCheck(loaded.checks[id])}`);
    }
    return 0;
  }
  const { files, objects } = loadManifests(opts.inputs);
  if (objects.length === 0) {
    console.error(`polaris: no Kubernetes objects found in ${opts.inputs.join(', ')}`);
    return 2;
  }
  const results = audit(objects, loaded);
  let danger = 0;
  let warning = 0;
  let passed = 0;
  for (const r of results) {
    if (r.passes) passed++;
    else if (r.severity === 'danger') danger++;
    else warning++;
    if (!r.passes || opts.verbose) {
      const level = r.passes ? 'passed' : r.severity;
      const where = `${r.kind}/${r.name}${r.container ? ` [${r.container}]` : ''}`;
      console.log(`${level} ${r.id} ${where} : ${r.message}`);
    }
  }
  console.log(`${danger} danger, ${warning} warning, ${passed} passed (${objects.length} objects in ${files.length} files)`);
  if (opts.failOn === 'none') return 0;
  if (danger > 0) return 1;
  return opts.failOn === 'warning' && warning > 0 ? 1 : 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (err) {
    console.error(`polaris: ${err?.stack ?? err}`);
    process.exitCode = 2;
  }
}
