/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  // The real @twilio/flex-ui costs 5-8 s per test file in jsdom; tests get a small stand-in with the
  // few exports the plugin uses (see src/test/flexUiStub.tsx).
  moduleNameMapper: {
    '^@twilio/flex-ui$': '<rootDir>/src/test/flexUiStub.tsx',
  },
  setupFilesAfterEnv: ['<rootDir>/src/test/setupTests.ts'],
  globals: {
    __FPB_PLUGIN_UNIQUE_NAME: 'plugin-dual-channel-recording',
    __FPB_PLUGIN_VERSION: '0.0.0-test',
    __FPB_FLEX_PLUGIN_SCRIPTS_VERSION: '7.1.2',
    __FPB_FLEX_PLUGIN_VERSION: '7.1.2',
    __FPB_FLEX_UI_VERSION: '2.17.1',
    __FPB_REACT_VERSION: '17.0.2',
    __FPB_REACT_DOM_VERSION: '17.0.2',
  },
};
