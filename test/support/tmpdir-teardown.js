// Removes the temporary directory and the command bundle made by tmpdir-setup.js.
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.CDK8S_ZD_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  const bundle = process.env.CDK8S_ZD_CLI_BUNDLE;
  if (bundle) fs.rmSync(bundle, { force: true });
};
