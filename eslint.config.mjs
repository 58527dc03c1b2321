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

/** Between workspaces only package names: `@dual-channel-recording/contract`, `dual-channel-rec-serverless/<export>`. */
const BY_PACKAGE_NAME = {
  group: ['**/dual-channel-rec-serverless/src/*', '**/contract/src/*', '**/cli/src/*'],
  message:
    'import another workspace by its package name (@dual-channel-recording/contract, dual-channel-rec-serverless/<export>), never its files',
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
    files: ['plugin-dual-channel-recording/**/*.tsx'],
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
  restrict(
    ['plugin-dual-channel-recording/**/*.ts', 'plugin-dual-channel-recording/**/*.tsx'],
    [BY_PACKAGE_NAME],
  ),
  // In e2e/, the launcher, page server, browser driver and benchmark are used by the tests, never the reverse.
  restrict(
    [
      'plugin-dual-channel-recording/e2e/*.ts',
      'plugin-dual-channel-recording/e2e/{bench,browser,launcher,server,standin,tools}/**/*.ts',
      'plugin-dual-channel-recording/e2e/{bench,browser,launcher,server,standin,tools}/**/*.tsx',
    ],
    [BY_PACKAGE_NAME, { group: ['**/tests/*'], message: 'only the e2e tests import e2e/tests/' }],
  ),
  // The CLI is a workspace of its own: one level up from src/ or tests/ is outside it.
  restrict(
    ['recordings-cli/**/*.ts'],
    [
      BY_PACKAGE_NAME,
      { group: ['../../*'], message: 'the CLI imports other workspaces by package name only' },
    ],
  ),
  ...layers(
    'dual-channel-rec-serverless/src',
    ['functions', 'routes', 'webhooks', 'steps', 'rules', 'http', 'twilio', 'config'],
    ['sandbox', 'local', 'deploy', 'gateway'],
  ),
  ...layers(
    'plugin-dual-channel-recording/src',
    ['flex-hooks', 'components', 'services', 'recording', 'api', 'config', 'strings'],
    [],
    [BY_PACKAGE_NAME],
  ),
  // The contract is the bottom of every workspace: pure, browser-safe, importing no package at all.
  ...layers(
    'contract/src',
    ['task-attributes', 'http', 'twilio', 'retry', 'credentials', 'json'],
    [],
    [{ regex: '^[^.]', message: 'the contract package imports nothing but its own files' }],
  ),
);
