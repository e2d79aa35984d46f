#!/usr/bin/env node
// Strict check of rendered custom resources against a CRD file's openAPIV3Schema (own code; reads a
// public CRD, it does not contain it). Used by .ci/run on dist/ with the Gateway API v1.4.1 HTTPRoute
// CRD and Argo CD's Application CRD when ../shared/crds is beside the repo (users who clone alone skip
// it: `npm test` checks against the schemas npm packages carry; see test/support/schema.ts).
//
//   node tools/crd-check.mjs --crd <crd.yaml> [--crd ...] <files or dirs...>
//
// Strict: every object schema with `properties` gets `additionalProperties: false` (unless it sets
// `x-kubernetes-preserve-unknown-fields` or has its own additionalProperties), so a field the CRD does
// not know fails, as the API server's structural pruning would silently drop it. CEL rules
// (x-kubernetes-validations) are not evaluated. Exit 0 when every object of a checked kind passes and
// at least one was found; 1 otherwise; 2 on bad usage.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const args = process.argv.slice(2);
const crds = [];
const inputs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--crd') crds.push(args[++i]);
  else inputs.push(args[i]);
}
if (crds.length === 0 || inputs.length === 0 || crds.some((c) => !c)) {
  process.stderr.write('usage: node tools/crd-check.mjs --crd <crd.yaml> [--crd ...] <files or dirs...>\n');
  process.exit(2);
}

function strict(schema) {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k.startsWith('x-kubernetes-')) continue; // annotations for the API server, not JSON Schema
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s)])) : strict(v);
  }
  if (schema.properties && schema.additionalProperties === undefined && !schema['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
  return out;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// Kubernetes' integer formats: whole numbers in range
ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
const validators = new Map(); // "group/version/Kind" -> validate
for (const file of crds) {
  for (const crd of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS())) {
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions ?? []) {
      const schema = strict(v.schema?.openAPIV3Schema ?? {});
      schema.properties = { ...schema.properties, metadata: { type: 'object' } }; // ObjectMeta is checked by the API server, not the CRD
      validators.set(`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
}

const files = inputs.flatMap((p) => (fs.statSync(p).isDirectory() ? fs.readdirSync(p).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => path.join(p, f)) : [p]));
let checked = 0;
let failed = 0;
for (const file of files) {
  for (const obj of YAML.parseAllDocuments(fs.readFileSync(file, 'utf8')).map((d) => d.toJS())) {
    const validate = validators.get(`${obj?.apiVersion}/${obj?.kind}`);
    if (!validate) continue;
    checked++;
    if (!validate(obj)) {
      failed++;
      for (const e of validate.errors) process.stderr.write(`${file}: ${obj.kind} ${obj.metadata?.name}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` (${e.params.additionalProperty})` : ''}\n`);
    }
  }
}
process.stdout.write(`crd-check: ${checked - failed} of ${checked} custom resources pass the strict CRD schema (${[...validators.keys()].join(', ')})\n`);
process.exit(checked === 0 || failed > 0 ? 1 : 0);
