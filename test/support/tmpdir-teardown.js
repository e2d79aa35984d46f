// Removes the temporary directory made by tmpdir-setup.js.
const fs = require('fs');

module.exports = async () => {
  const dir = process.env.CDK8S_ZD_TEST_TMPDIR;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
};
