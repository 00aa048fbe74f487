import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NO_NODE = ['node:*', 'fs', 'path'];
const NO_TFJS = ['@tensorflow/*'];
const NO_VEGA = ['vega', 'vega-*'];
/** The import patterns of rooms, at any depth of `../`. */
const rooms = (...names) => names.map((n) => `**/${n}/**`);

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
  // The layering rule: imports point one way down the rooms, cli → node → plot / backends → recorder → confirm →
  // runs → schedules / analysis → io / errors (docs/architecture.md draws it). Each room lists the rooms above it
  // that it may not import. Patterns start with `**/` so that they match at every depth ('../../recorder/run.js' from
  // src/analysis/presets as well as '../recorder/run.js'); test/lint/layering.test.ts proves it for every room.
  ...layer('src/analysis/**/*.ts', [...NO_NODE, ...NO_TFJS, ...NO_VEGA, ...rooms('io', 'schedules', 'runs', 'confirm', 'recorder', 'plot', 'backends', 'node', 'cli')], 'src/analysis is pure math: no I/O, tfjs, vega or other room.'),
  ...layer('src/schedules/**/*.ts', [...NO_NODE, ...NO_TFJS, ...NO_VEGA, ...rooms('io', 'runs', 'confirm', 'recorder', 'plot', 'backends', 'node', 'cli')], 'src/schedules is pure math over the analysis: no I/O, tfjs, vega or upper room.'),
  ...layer('src/io/**/*.ts', [...NO_TFJS, ...NO_VEGA, ...rooms('analysis', 'schedules', 'runs', 'confirm', 'recorder', 'plot', 'backends', 'node', 'cli')], 'src/io is generic file I/O: it imports no lrfind room but errors.'),
  ...layer('src/runs/**/*.ts', [...NO_TFJS, ...NO_VEGA, ...rooms('schedules', 'confirm', 'recorder', 'plot', 'backends', 'node', 'cli')], 'src/runs is the run as data and text: below the trials, the recorder and everything that draws or trains.'),
  ...layer('src/confirm/**/*.ts', [...NO_NODE, ...NO_TFJS, ...NO_VEGA, ...rooms('io', 'recorder', 'plot', 'backends', 'node', 'cli')], 'src/confirm is framework-free: the caller trains; it is below the recorder that calls it.'),
  ...layer('src/recorder/**/*.ts', [...NO_TFJS, ...NO_VEGA, ...rooms('plot', 'backends', 'node', 'cli')], 'src/recorder is framework-free and below plot/backends/cli.'),
  ...layer('src/plot/**/*.ts', [...NO_TFJS, ...rooms('recorder', 'confirm', 'backends', 'node', 'cli')], 'src/plot draws runs and analyses: no tfjs, no recording, no backends, no CLI.'),
  ...layer('src/backends/**/*.ts', [...NO_VEGA, ...rooms('plot', 'node', 'cli')], 'src/backends sits beside plot, below the CLI.'),
  ...layer('src/node/**/*.ts', [...NO_TFJS, ...rooms('recorder', 'confirm', 'backends', 'cli')], 'src/node reads and writes runs and reports: no recording, no tfjs, no CLI.'),
);
