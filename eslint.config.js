import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  {
    // the layering rule from the design card: pure analysis, tfjs only in backends
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', '@tensorflow/*', 'vega', 'vega-*', '../recorder/*', '../plot/*', '../backends/*', '../cli/*'], message: 'src/analysis is pure math: no I/O, tfjs, vega or upper layers.' },
      ] }],
    },
  },
  {
    files: ['src/schedules/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'path', '@tensorflow/*', 'vega', 'vega-*', '../recorder/*', '../plot/*', '../backends/*', '../cli/*'], message: 'src/schedules is pure math over the analysis: no I/O, tfjs, vega or upper layers.' },
      ] }],
    },
  },
  {
    files: ['src/recorder/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@tensorflow/*', 'vega', 'vega-*', '../plot/*', '../backends/*', '../cli/*'], message: 'src/recorder is framework-free and below plot/backends/cli.' },
      ] }],
    },
  },
  {
    files: ['src/plot/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['@tensorflow/*', '../backends/*', '../cli/*'], message: 'src/plot must not import tfjs, backends or the CLI.' },
      ] }],
    },
  },
);
