#!/usr/bin/env node
/**
 * The last step of `npm run build`: replaces jsii's build/lib/cli/main.js with one bundled file (esbuild)
 * holding the `cdk8s-zero-downtime` command and the npm packages only it uses (commander, js-yaml,
 * yaml), so the package ships no node_modules of its own and no dependencies: the library needs only
 * its peer dependencies (cdk8s, cdk8s-plus-27, constructs), which stay external here too.
 *
 * Usage: node scripts/bundle-cli.mjs   (after jsii has written build/)
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const esbuild = require('esbuild');
const pkg = require('./package.json');

const outfile = path.join(root, 'build', 'lib', 'cli', 'main.js');
esbuild.buildSync({
  entryPoints: [path.join(root, 'lib', 'cli', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: `node${pkg.engines.node.replace(/[^\d.]/g, '').split('.')[0]}`,
  external: Object.keys(pkg.peerDependencies),
  legalComments: 'eof',
  // Smaller without losing readable stack traces: whitespace and syntax only, names kept.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'error',
});
console.log(`bundle-cli: wrote ${path.relative(root, outfile)}`);
