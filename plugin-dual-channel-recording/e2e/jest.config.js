// Unit tests of the browser suites' own code (the page's sandbox mirror, the browser finder), in Node.
// The browser scenarios themselves run on Playwright Test (playwright.config.ts).
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/flexpage/**/*.test.ts',
    '<rootDir>/browser/**/*.test.ts',
    '<rootDir>/server/**/*.test.ts',
  ],
  transform: {
    // tsconfig.base.json sets isolatedModules, so ts-jest only transpiles; `npm run typecheck` checks types.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }],
  },
};
