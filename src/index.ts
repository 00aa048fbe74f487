/**
 * lrfind — the learning-rate range test for TypeScript: record, analyze, plot.
 *
 * @module
 */
export * from './errors.js';
export * from './analysis/index.js';
export * from './recorder/index.js';
export * from './plot/specs.js';
export * from './schedules/index.js';
