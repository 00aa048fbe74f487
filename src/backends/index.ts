/**
 * Training-framework drivers. Each lives in its own subfolder and import path (`lrfind/tfjs`), so the root entry
 * never loads a framework.
 *
 * @module
 */
export * from './tfjs/index.js';
