// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';

/** One `no-restricted-imports` rule for `files` (flat config: a later rule for a file replaces an earlier one). */
function restrict(files, patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { patterns }] } };
}

/**
 * Layers (see the READMEs' layout sections): a folder may import only from the folders after it in
 * `order`, never from one before it, and product code never from the dev-side folders `devOnly`;
 * `extra` patterns hold for every layer too.
 */
function layers(root, order, devOnly = [], extra = []) {
  return order.map((layer, i) =>
    restrict(
      [`${root}/${layer}/**/*.ts`, `${root}/${layer}/**/*.tsx`],
      [
        {
          group: [...order.slice(0, i), ...devOnly, 'tests'].map((folder) => `**/${folder}/*`),
          message: `${root}/${layer} may import only from ${order.slice(i + 1).join(', ') || 'itself'} (layers: ${order.join(' → ')})`,
        },
        ...extra,
      ],
    ),
  );
}

/** Between workspaces only package names (`@dual-channel-recording/<name>[/<export>]`), never a relative path into another. */
const BY_PACKAGE_NAME = {
  group: [
    '**/dual-channel-rec-serverless/*',
    '**/plugin-dual-channel-recording/*',
    '**/contract/src/*',
    '**/recordings-cli/*',
    '**/tools/*',
    '**/e2e/*',
  ].map((group) => `../${group}`),
  message: 'import another workspace by its package name, never its files by a relative path',
};

/** What ships (the Functions, the plugin, the CLI, the contract) never imports the dev tools or the suites. */
const NO_TOOLS = {
  group: [
    '@dual-channel-recording/twilio-sandbox*',
    '@dual-channel-recording/local-stack*',
    '@dual-channel-recording/flex-page*',
    '@dual-channel-recording/bench*',
    '@dual-channel-recording/e2e*',
  ],
  message: 'product code never imports the tools/ workspaces or the e2e suites (their tests may)',
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/coverage/**', 'test-artifacts/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['plugin-dual-channel-recording/**/*.tsx', 'tools/flex-page/**/*.tsx', 'e2e/**/*.tsx'],
    plugins: { react, 'react-hooks': reactHooks },
    settings: { react: { version: '17.0' } },
    rules: {
      ...react.configs.recommended.rules,
      ...reactHooks.configs.recommended.rules,
      'react/prop-types': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        __dirname: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  restrict(['**/*.ts', '**/*.tsx'], [BY_PACKAGE_NAME]),
  restrict(['recordings-cli/src/**/*.ts', 'recordings-cli/bin/**'], [BY_PACKAGE_NAME, NO_TOOLS]),
  ...layers(
    'dual-channel-rec-serverless/src',
    [
      'functions',
      'routes',
      'transcripts',
      'webhooks',
      'steps',
      'access-log',
      'rules',
      'http',
      'twilio',
      'config',
    ],
    [],
    [BY_PACKAGE_NAME, NO_TOOLS],
  ),
  ...layers(
    'plugin-dual-channel-recording/src',
    ['flex-hooks', 'components', 'services', 'recording', 'api', 'config', 'strings'],
    [],
    [BY_PACKAGE_NAME, NO_TOOLS],
  ),
  // The contract is the bottom of every workspace: pure, browser-safe, importing no package at all.
  ...layers(
    'contract/src',
    ['task-attributes', 'http', 'twilio', 'retry', 'credentials', 'json'],
    [],
    [{ regex: '^[^.]', message: 'the contract package imports nothing but its own files' }],
  ),
);
