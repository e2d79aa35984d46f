/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/main.test.ts', '<rootDir>/test/**/*.test.ts'],
  // Type checking is done once by `tsc --noEmit` in `npm test`; ts-jest only transpiles (fast).
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
  },
  snapshotResolver: '<rootDir>/test/support/snapshot-resolver.js',
  modulePathIgnorePatterns: ['<rootDir>/build/', '<rootDir>/.dist-staging-', '<rootDir>/.bench/'],
};
