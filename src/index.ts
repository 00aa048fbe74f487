/**
 * lrfind — the learning-rate range test for TypeScript: record, analyze, plot. The package root (for Node) exports
 * everything below; in a browser import `lrfind/analysis` and `lrfind/plot`.
 *
 * @module
 */
export { LrfindError, isLrfindError, type LrfindErrorCode } from './errors.js';
export * from './analysis/index.js';
export * from './recorder/index.js';
export * from './plot/index.js';
export * from './node/index.js';
export * from './schedules/index.js';
