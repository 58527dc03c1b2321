// The real-Flex suite: the plugin initialised on the installed @twilio/flex-ui (its compiled bundle, not
// the stand-in), in jsdom, fed at Twilio's edges by ./driver. See README.md. Part of `npm test`.
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  // Node-style package entry points: some of Flex's dependencies ship browser builds as bare ESM.
  testEnvironmentOptions: { customExportConditions: ['node', 'require', 'default'] },
  testMatch: ['<rootDir>/**/*.realflex.test.ts', '<rootDir>/**/*.realflex.test.tsx'],
  setupFiles: ['<rootDir>/harness/jsdomForFlex.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.json' }],
  },
  // Each file loads the 8 MB Flex bundle a few times (one load per page); two files at once fit two cores.
  maxWorkers: 2,
  testTimeout: 30000,
  globals: require('plugin-dual-channel-recording/jest.globals'),
};
