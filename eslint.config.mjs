// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * Layers (see the READMEs' layout sections): a folder may import only from the folders after it in
 * `order`, never from one before it, and product code never from the dev-side folders `devOnly`.
 */
function layers(root, order, devOnly = []) {
  return order.map((layer, i) => ({
    files: [`${root}/${layer}/**/*.ts`, `${root}/${layer}/**/*.tsx`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...order.slice(0, i), ...devOnly, 'tests'].map((folder) => `**/${folder}/*`),
              message: `${root}/${layer} may import only from ${order.slice(i + 1).join(', ') || 'itself'} (layers: ${order.join(' → ')})`,
            },
          ],
        },
      ],
    },
  }));
}

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
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  ...layers(
    'dual-channel-rec-serverless/src',
    ['functions', 'recording', 'http', 'twilio', 'config', 'json'],
    ['sandbox', 'local', 'cli', 'deploy', 'gateway'],
  ),
  ...layers('plugin-dual-channel-recording/src', [
    'flex-hooks',
    'components',
    'services',
    'recording',
    'api',
    'config',
    'strings',
    'json',
  ]),
);
