// Lint rules: typescript-eslint recommended, and the analysis core kept free of editor APIs.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test/fixtures/', '**/.tools/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'readonly',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }] },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-*', 'vscode-languageserver*'],
              message:
                'The analysis core must not depend on editor or LSP APIs; convert in server/src/lsp/convert.ts.',
            },
            {
              group: ['**/lsp/**', '**/cli/**'],
              message: 'The analysis core must not import the server or the CLI.',
            },
          ],
        },
      ],
    },
  },
  { files: ['bin/**/*.js'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
);
