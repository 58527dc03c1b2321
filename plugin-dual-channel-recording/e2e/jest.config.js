// Browser end-to-end tests: the production plugin bundle in Debian chromium, inside the Flex
// stand-in page, against the compiled Functions under twilio-run and the local Twilio sandbox.
// Run with `npm run test:e2e` at the repository root (it builds everything first).
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  // The scenarios, plus unit tests of the browser driver (e.g. which browser it finds).
  testMatch: ['<rootDir>/tests/**/*.e2e.test.ts', '<rootDir>/browser/**/*.test.ts'],
  transform: {
    // tsconfig.base.json sets isolatedModules, so ts-jest only transpiles; `npm run typecheck` checks types.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // One stack and one browser per file; two files at once fit two cores.
  maxWorkers: 2,
  testTimeout: 60000,
  // The stack's sandbox runs in the test process; its sockets close in afterAll.
  forceExit: false,
};
