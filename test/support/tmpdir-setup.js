// Run once before all test files (jest globalSetup):
// - cdk8s's Testing.app() makes a temporary output directory for every chart a test builds (hundreds per
//   run). Point every test worker at one temporary directory for this run, removed by tmpdir-teardown.js.
// - The tests run the `cdk8s-zero-downtime` command as real processes, dozens of times. Bundle its
//   TypeScript once (esbuild, as scripts/run-ts.cjs does for one run, npm packages external) instead of
//   once per process; test/support/cli.ts `cliArgs()` runs this bundle. It lives in node_modules/.cache
//   so that its require() calls find the npm packages.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { writeDevBundle } = require('../../scripts/lib/dev-bundle.cjs');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zero-downtime-jest-'));
  process.env.CDK8S_ZD_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
  // The test workers inherit this environment, and so does every process they start (about 50 Node
  // processes per run). A machine-wide NODE_EXTRA_CA_CERTS makes each Node start read and parse that CA
  // bundle, ~35 ms of CPU each; the tests only reach 127.0.0.1 over plain HTTP and need no CA.
  delete process.env.NODE_EXTRA_CA_CERTS;

  const root = path.join(__dirname, '..', '..');
  process.env.CDK8S_ZD_CLI_BUNDLE = writeDevBundle(path.join(root, 'lib', 'cli', 'main.ts'), `jest-cli-${process.pid}.cjs`);
};
