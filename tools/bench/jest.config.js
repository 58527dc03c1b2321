// Unit tests of the bench's own logic (its figures, the burst timeline, the chart builders), in Node.
// The bench itself (`npm run bench`) is not a test: it measures and writes docs/BENCHMARKS.md.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  transform: {
    // tsconfig.base.json sets isolatedModules, so ts-jest only transpiles; `npm run typecheck` checks types.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
};
