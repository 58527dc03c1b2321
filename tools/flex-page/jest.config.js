// Unit tests of this workspace's own code (the page's sandbox mirror, the browser finder, the server), in
// Node. The browser scenarios that use the page are in e2e/ and run on Playwright Test.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/page/**/*.test.ts',
    '<rootDir>/browser/**/*.test.ts',
    '<rootDir>/server/**/*.test.ts',
  ],
  transform: {
    // tsconfig.base.json sets isolatedModules, so ts-jest only transpiles; `npm run typecheck` checks types.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
};
