/**
 * Inputs for the `check` and `plan` benchmarks, generated from the committed dist/ (real rendered
 * objects): copies of every object with the namespace renamed per copy, so names stay unique per
 * namespace and the pairing does the work it does on a real repository.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The documents of dist/*.yaml as YAML texts, each with its object kind. */
function distDocuments(root) {
  const dir = path.join(root, 'dist');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().flatMap((f) =>
    fs.readFileSync(path.join(dir, f), 'utf8').split(/^---\n/m).filter((d) => d.trim() !== '').map((text) => ({
      text: text.endsWith('\n') ? text : `${text}\n`,
      kind: /^kind: (\S+)/m.exec(text)?.[1] ?? '',
    })));
}

/** One copy of `doc` in namespace `ns-<i>` (objects without a namespace get one). */
function inNamespace(doc, i) {
  return /^ {2}namespace: /m.test(doc.text)
    ? doc.text.replace(/^( {2}namespace: ).*$/gm, `$1ns-${i}`)
    : doc.text.replace(/^metadata:\n/m, `metadata:\n  namespace: ns-${i}\n`);
}

/** A multi-document YAML file of at least `bytes` bytes; returns its path, size and object count. */
export function writeSizedFile(root, file, bytes) {
  const docs = distDocuments(root);
  const parts = [];
  let size = 0;
  let objects = 0;
  for (let i = 0; size < bytes; i++) {
    for (const d of docs) {
      const text = inNamespace(d, i);
      parts.push(text);
      size += text.length + 4;
      objects++;
    }
  }
  fs.writeFileSync(file, parts.join('---\n'));
  return { file, bytes: fs.statSync(file).size, objects };
}

/** A multi-document YAML file of exactly `count` objects, copies of dist/ (the example app's mix of kinds). */
export function writeObjectsFile(root, file, count) {
  const docs = distDocuments(root);
  const parts = [];
  for (let n = 0; n < count; n++) parts.push(inNamespace(docs[n % docs.length], Math.floor(n / docs.length)));
  fs.writeFileSync(file, parts.join('---\n'));
  return { file, bytes: fs.statSync(file).size, objects: count };
}

/**
 * A file of at least `count` Deployments (with their Services, PDBs, HPAs...): the example app's sites
 * copied, plus a ResourceQuota and a LimitRange per namespace, so the plan also judges the surge.
 */
export function writeDeploymentsFile(root, file, count) {
  const docs = distDocuments(root);
  const perCopy = docs.filter((d) => d.kind === 'Deployment').length;
  const parts = [];
  for (let i = 0; i * perCopy < count; i++) {
    for (const d of docs) parts.push(inNamespace(d, i));
    parts.push(`apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: compute\n  namespace: ns-${i}\nspec:\n  hard:\n    requests.cpu: "4"\n    requests.memory: 8Gi\n`);
    parts.push(`apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: defaults\n  namespace: ns-${i}\nspec:\n  limits:\n    - type: Container\n      defaultRequest:\n        cpu: 100m\n        memory: 128Mi\n`);
  }
  fs.writeFileSync(file, parts.join('---\n'));
  return { file, bytes: fs.statSync(file).size, deployments: Math.ceil(count / perCopy) * perCopy };
}
