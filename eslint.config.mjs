import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '**/*.d.ts', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'multi-line'],
    },
  },
  {
    files: ['src/**/*.ts'],
    // nodeApi.ts and what it re-exports (accountsApi.ts extends a node-api class) form dist/nodeApi.js.
    ignores: ['src/azdo/nodeApi.ts', 'src/azdo/accountsApi.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'azure-devops-node-api', message: 'Import area clients (azure-devops-node-api/GitApi, /CoreApi, ...) instead of WebApi: it bundles every area.' }],
        patterns: [{
          group: ['azure-devops-node-api/*', 'typed-rest-client', 'typed-rest-client/*'],
          allowTypeImports: true,
          message: 'Values of azure-devops-node-api load lazily: export them from src/azdo/nodeApi.ts and use nodeApi() (lazy.ts); `import type` is fine anywhere.',
        }],
      }],
    },
  },
  {
    files: ['src/azdo/nodeApi.ts', 'src/azdo/accountsApi.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'azure-devops-node-api', message: 'Import area clients (azure-devops-node-api/GitApi, /CoreApi, ...) instead of WebApi: it bundles every area.' }],
      }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
