// cdk8s's Testing.app() makes a temporary output directory for every chart a test builds (hundreds per
// run). Point every test worker at one temporary directory for this run, removed by tmpdir-teardown.js.
const fs = require('fs');
const os = require('os');
const path = require('path');

module.exports = async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-zero-downtime-jest-'));
  process.env.CDK8S_ZD_TEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
};
