/**
 * `lrfind/node`: everything that needs Node — reading and writing run files, PNG rendering (resvg), the HTML report
 * writer and report files. The rest of the package (`lrfind/analysis`, `lrfind/plot`, most of `lrfind/recorder`) also
 * runs in browsers.
 *
 * @module
 */
export { saveRun } from '../runs/runFile.js';
export { loadRun } from '../runs/import/importRun.js';
export { loadImportedRun, type LoadImportedRunOptions } from '../runs/import/importRun.js';
export { MAX_RUN_FILE_BYTES } from '../io/readText.js';
export { loadAnalyzedRuns, loadRunFile, type LoadRunFileOptions, type RunFileSpec } from './analyzed.js';
export { plotFontFile, renderPng, type RenderPngOptions } from '../plot/renderPng.js';
export { renderHtml, reportScripts } from '../plot/renderHtml.js';
export { reportData, reportFormatOf, reportSpec, writeReport, type ReportFormat, type ReportOptions } from '../plot/renderReport.js';
