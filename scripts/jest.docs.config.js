// The checks of scripts/ (settings-table.test.ts: the docs table; testTiers.test.ts: the tier rules): a jest
// project of the unit tier (scripts/testTiers.js).
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['<rootDir>/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
};
