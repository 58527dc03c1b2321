// The jest config of a Node workspace whose tests are TypeScript: ts-jest on the workspace's own
// tsconfig.json, test files `*.test.ts` under `roots` (folders of the workspace).
/** @returns {import('jest').Config} */
module.exports = function nodeTypeScriptProject(roots) {
  return {
    preset: 'ts-jest',
    testEnvironment: 'node',
    roots: roots.map((folder) => `<rootDir>/${folder}`),
    testMatch: ['**/*.test.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  };
};
