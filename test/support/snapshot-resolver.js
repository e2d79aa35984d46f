// Keeps every snapshot in the top-level __snapshots__/ folder, as `cdk8s init` lays the project out.
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const snapshotDir = path.join(root, '__snapshots__');

module.exports = {
  resolveSnapshotPath: (testPath, ext) =>
    path.join(snapshotDir, path.relative(root, testPath).split(path.sep).join('__') + ext),
  resolveTestPath: (snapshotPath, ext) =>
    path.join(root, path.basename(snapshotPath, ext).split('__').join(path.sep)),
  testPathForConsistencyCheck: path.join(root, 'test', 'example.test.ts'),
};
