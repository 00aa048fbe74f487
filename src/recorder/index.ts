export * from './run.js';
export {
  parseRun,
  loadRun,
  saveRun,
  serializeRun,
  runFromJson,
  runFromCsv,
  parseJsonLenient,
  toRunArrays,
  guessFormat,
  stripBom,
  lossValue,
  type ParseRunOptions,
} from './runFile.js';
export { writeFileAtomic } from './atomic.js';
