import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** One layer's rule: the files, the import patterns they may not use, and why. */
function layer(files, group, message) {
  return [{ files: [files], rules: { 'no-restricted-imports': ['error', { patterns: [{ group, message }] }] } }];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'docs/**', 'test/fixtures/**', '**/*.py', 'tmp/**', 'out/**', '.tmp*'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  // The layering rule: imports point one way, cli → plot/backends → recorder → analysis, with io (files) and
  // errors at the bottom. Patterns start with `**/` so that they match at every depth ('../../recorder/run.js'
  // from src/analysis/presets as well as '../recorder/run.js'); test/lint/layering.test.ts proves it.
  ...layer('src/analysis/**/*.ts', ['node:*', 'fs', 'path', '@tensorflow/*', 'vega', 'vega-*', '**/io/**', '**/recorder/**', '**/plot/**', '**/backends/**', '**/cli/**'], 'src/analysis is pure math: no I/O, tfjs, vega or upper layers.'),
  ...layer('src/schedules/**/*.ts', ['node:*', 'fs', 'path', '@tensorflow/*', 'vega', 'vega-*', '**/io/**', '**/recorder/**', '**/plot/**', '**/backends/**', '**/cli/**'], 'src/schedules is pure math over the analysis: no I/O, tfjs, vega or upper layers.'),
  ...layer('src/io/**/*.ts', ['@tensorflow/*', 'vega', 'vega-*', '**/analysis/**', '**/recorder/**', '**/plot/**', '**/backends/**', '**/cli/**'], 'src/io is generic file I/O: it imports no lrfind layer but errors.'),
  ...layer('src/recorder/**/*.ts', ['@tensorflow/*', 'vega', 'vega-*', '**/plot/**', '**/backends/**', '**/cli/**'], 'src/recorder is framework-free and below plot/backends/cli.'),
  ...layer('src/plot/**/*.ts', ['@tensorflow/*', '**/backends/**', '**/cli/**'], 'src/plot must not import tfjs, backends or the CLI.'),
  ...layer('src/backends/**/*.ts', ['vega', 'vega-*', '**/plot/**', '**/cli/**'], 'src/backends sits beside plot, below the CLI.'),
);
