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
  globals: require('./jest.globals'),
};
