/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  // Type checking is `npm run typecheck` (`tsc --noEmit`; CI runs it before `npm test`);
  // jest only transpiles, with swc (its native binary comes from npm as @swc/core-<platform>):
  // with an empty transform cache (a fresh clone) it saves ~4 s of CPU over ts-jest.
  // The options mirror tsconfig.json: ES2022, CommonJS with ES-module interop, legacy decorators.
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          target: 'es2022',
          transform: { legacyDecorator: true, useDefineForClassFields: true },
        },
        module: { type: 'commonjs' },
        // Source maps kept apart from the code (jest caches both and maps stack traces to the .ts lines):
        // an inline map doubles the text every test file's module loader reads and compiles.
        sourceMaps: true,
      },
    ],
  },
  // One worker per core (jest's default leaves one core idle): the test files are CPU-bound and the
  // longest ones (fuzz, dist-scripts) would otherwise run one after the other.
  maxWorkers: '100%',
  globalSetup: '<rootDir>/test/support/tmpdir-setup.js',
  globalTeardown: '<rootDir>/test/support/tmpdir-teardown.js',
  snapshotResolver: '<rootDir>/test/support/snapshot-resolver.js',
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/.dist-staging-', '<rootDir>/.bench/'],
};
