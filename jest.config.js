/** One jest run for every workspace: tests live in <package>/test and import siblings by name. */
// The AWS SDK warns in every worker that its 2027 releases will need Node 22; nobody here can act on
// it, and it buries the test output. Workers inherit this process's environment.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: [
    '<rootDir>/schema',
    '<rootDir>/core',
    '<rootDir>/emulator',
    '<rootDir>/cli',
    '<rootDir>/sidecar',
    '<rootDir>/extension',
    '<rootDir>/infra',
    '<rootDir>/lifecycle',
  ],
  testMatch: ['**/test/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
  // Workspaces are resolved to their TypeScript sources so tests never run against a stale build.
  // A subpath export (`@studio-teams/core/ssh-proxy`) is the source file of that name.
  moduleNameMapper: {
    '^@studio-teams/([a-z-]+)$': '<rootDir>/$1/src/index.ts',
    '^@studio-teams/([a-z-]+)/([a-z-]+)$': '<rootDir>/$1/src/$2.ts',
  },
  globalSetup: '<rootDir>/scripts/jest/global-setup.ts',
  globalTeardown: '<rootDir>/scripts/jest/global-teardown.ts',
  testTimeout: 30000,
};
