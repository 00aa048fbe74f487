/**
 * The messages of the plot layer, in one place (after vega-lite's `log/message.ts`): each builder takes the
 * variable parts (the function, the option, the bad value) and returns the error — a `TypeError` / `RangeError`
 * for a programming mistake at the API, an {@link LrfindError} with its stable code for a bad run or option — for
 * the caller to `throw`. Pure (no Node-only import), so the browser-side spec builders can use it. The wording is
 * the contract the tests match; change it here or not at all.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';

/**
 * `finderSpec` was asked for a suggestion the analysis lacks.
 * @example
 * noSuggestionNamed('valley', ['minimum', 'steep']).message; // => 'finderSpec: no suggestion named "valley" (have minimum, steep)'
 */
export const noSuggestionNamed = (name: string, have: readonly string[]): RangeError =>
  new RangeError(`finderSpec: no suggestion named "${name}" (have ${have.join(', ')})`);

/**
 * `finderSpec`'s `lossDomain` is not an ordered pair of finite numbers.
 * @example
 * badLossDomain([2, 1]).message; // => 'finderSpec: lossDomain must be [lo, hi] with finite lo < hi (got [2,1])'
 */
export const badLossDomain = (value: unknown): RangeError =>
  new RangeError(`finderSpec: lossDomain must be [lo, hi] with finite lo < hi (got ${JSON.stringify(value)})`);

/**
 * A series passed to `downsampleIndices` is not as long as `x`.
 * @example
 * seriesLengthMismatch(1, 4, 5).message; // => 'downsampleIndices: series[1] must have the same length as x (got 4, expected 5)'
 */
export const seriesLengthMismatch = (k: number, got: number, expected: number): RangeError =>
  new RangeError(`downsampleIndices: series[${k}] must have the same length as x (got ${got}, expected ${expected})`);

/**
 * `downsampleIndices` was given fewer than one bucket.
 * @example
 * badBuckets(0).message; // => 'downsampleIndices: buckets must be an integer >= 1 (got 0)'
 */
export const badBuckets = (value: number): RangeError => new RangeError(`downsampleIndices: buckets must be an integer >= 1 (got ${value})`);

/**
 * An index to keep lies outside the curve.
 * @example
 * keepOutside(9, 5).message; // => 'downsampleIndices: keep index 9 is outside the curve (0 … 4)'
 */
export const keepOutside = (i: number, n: number): RangeError =>
  new RangeError(`downsampleIndices: keep index ${i} is outside the curve (0 … ${n - 1})`);

/**
 * `logTicks` was given bounds it cannot tick.
 * @example
 * badTickBounds(1, 0).message; // => 'logTicks: bounds must be finite, positive and ordered (got 1, 0)'
 */
export const badTickBounds = (lo: number, hi: number): RangeError =>
  new RangeError(`logTicks: bounds must be finite, positive and ordered (got ${lo}, ${hi})`);

/**
 * A size (or count) option outside `[min, max]`; `value` is shown as {@link describeValue} words it.
 * @example
 * integerOutOfRange('scheduleSpec', 'steps', 0, 1, 100).message; // => 'scheduleSpec: steps must be an integer in [1, 100] (got 0)'
 */
export const integerOutOfRange = (fn: string, name: string, value: unknown, min: number, max: number): RangeError =>
  new RangeError(`${fn}: ${name} must be an integer in [${min}, ${max}] (got ${describeValue(value)})`);

/**
 * A size option outside `[min, max]`; `value` is shown as a template string shows it.
 * @example
 * sizeOutOfRange('finderSpec', 'width', 5, 10, 20000).message; // => 'finderSpec: width must be an integer in [10, 20000] (got 5)'
 */
export const sizeOutOfRange = (fn: string, name: string, value: number, min: number, max: number): RangeError =>
  new RangeError(`${fn}: ${name} must be an integer in [${min}, ${max}] (got ${value})`);

/**
 * The schedules argument is neither an array of series nor an object of schedules.
 * @example
 * badSchedules('scheduleSpec', 3).message; // => 'scheduleSpec: schedules must be an array of { name, lrs } or an object of schedules (got 3)'
 */
export const badSchedules = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: schedules must be an array of { name, lrs } or an object of schedules (got ${describeValue(value)})`);

/**
 * Schedule functions were given without `steps` to sample them at.
 * @example
 * stepsRequired('scheduleSpec').message; // => 'scheduleSpec: steps is required to sample schedule functions'
 */
export const stepsRequired = (fn: string): RangeError => new RangeError(`${fn}: steps is required to sample schedule functions`);

/**
 * The series argument is not a non-empty array.
 * @example
 * badSeriesList('scheduleSpec', []).message; // => 'scheduleSpec: series must be a non-empty array of { name, lrs } (got an array of length 0)'
 */
export const badSeriesList = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: series must be a non-empty array of { name, lrs } (got ${describeValue(value)})`);

/**
 * One series is not `{ name, lrs }` with an lr.
 * @example
 * badSeries('scheduleSpec', null).message; // => 'scheduleSpec: each series must be { name, lrs } with at least one lr (got null)'
 */
export const badSeries = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: each series must be { name, lrs } with at least one lr (got ${describeValue(value)})`);

/**
 * A schedule's lr that a log axis cannot show.
 * @example
 * badSeriesLr('scheduleSpec', 'cyclic', 3, 0).message; // => "scheduleSpec: cyclic's lr at step 3 must be a finite number > 0 for the log axis (got 0)"
 */
export const badSeriesLr = (fn: string, name: string, step: number, value: unknown): RangeError =>
  new RangeError(`${fn}: ${name}'s lr at step ${step} must be a finite number > 0 for the log axis (got ${describeValue(value)})`);

/**
 * vega-lite or vega rejected the spec (`E_OPTION`); `cause` is their error.
 * @example
 * cannotRender(new Error('bad mark')).message; // => 'renderSvg: the spec cannot be rendered: bad mark'
 */
export const cannotRender = (cause: unknown): LrfindError =>
  new LrfindError('E_OPTION', `renderSvg: the spec cannot be rendered: ${brief(String((cause as Error | undefined)?.message ?? cause))}`, { cause });

/** A message from vega cut to 200 characters: it may quote the whole spec (megabytes of data). */
const brief = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}… (${text.length} characters)` : text);

/**
 * `renderSvg` / `renderPng` were given something that is not a Vega-Lite spec (a run, an analysis, an array): named
 * briefly, never quoted whole.
 * @example
 * notASpec('renderSvg', { lrs: [], losses: [], meta: {} }).message;
 * // => 'renderSvg: spec must be a Vega-Lite spec (got an object with keys lrs, losses, meta: a run? draw it with finderSpec(run, analyze(run)))'
 * notASpec('renderSvg', [1, 2]).message; // => 'renderSvg: spec must be a Vega-Lite spec (got an array of length 2)'
 */
export const notASpec = (fn: string, value: unknown): TypeError => {
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const keys = isObject ? Object.keys(value) : [];
  const shown = keys.length > 6 ? `${keys.slice(0, 6).join(', ')}, … (${keys.length} keys)` : keys.join(', ');
  const got = !isObject ? describeValue(value) : keys.length === 0 ? 'an empty object' : `an object with keys ${shown}`;
  const hint = isObject && 'lrs' in value && 'losses' in value ? ': a run? draw it with finderSpec(run, analyze(run))' : '';
  return new TypeError(`${fn}: spec must be a Vega-Lite spec (got ${got}${hint})`);
};

/**
 * `overlaySpec`'s runs are not a non-empty array.
 * @example
 * badOverlayRuns([]).message; // => 'overlaySpec: runs must be a non-empty array of { name, run, analysis } (got an empty array)'
 */
export const badOverlayRuns = (runs: unknown): TypeError =>
  new TypeError(
    `overlaySpec: runs must be a non-empty array of { name, run, analysis } (got ${Array.isArray(runs) ? 'an empty array' : typeof runs})`,
  );

/**
 * One of `overlaySpec`'s runs is malformed.
 * @example
 * badOverlayRun(2).message; // => 'overlaySpec: runs[2] must be { name: string, run, analysis }'
 */
export const badOverlayRun = (k: number): TypeError => new TypeError(`overlaySpec: runs[${k}] must be { name: string, run, analysis }`);

/**
 * A report's entries are not a non-empty array.
 * @example
 * entriesEmpty('reportSpec').message; // => 'reportSpec: entries must be a non-empty array'
 */
export const entriesEmpty = (fn: string): TypeError => new TypeError(`${fn}: entries must be a non-empty array`);

/**
 * A report path with an extension lrfind cannot write (`E_OPTION`).
 * @example
 * badReportExtension('out.gif').message; // => 'out.gif: the output must end in .svg, .png, .html or .json (got "out.gif")'
 */
export const badReportExtension = (path: string): LrfindError =>
  new LrfindError('E_OPTION', `${path}: the output must end in .svg, .png, .html or .json (got "${path}")`, { file: path });

/**
 * `reportData` was asked for a format it does not write (`E_OPTION`).
 * @example
 * badReportFormat('gif').message; // => 'reportData: format must be svg, png, html or json (got "gif")'
 */
export const badReportFormat = (format: unknown): LrfindError =>
  new LrfindError('E_OPTION', `reportData: format must be svg, png, html or json (got ${JSON.stringify(format)})`);

/**
 * `renderPng`'s scale is not in `(0, 10]`.
 * @example
 * badPngScale(0).message; // => 'renderPng: scale must be a number in (0, 10] (got 0)'
 */
export const badPngScale = (scale: number): RangeError => new RangeError(`renderPng: scale must be a number in (0, 10] (got ${scale})`);

/**
 * The PNG would exceed the pixel cap (`E_OPTION`); `max` is that cap.
 * @example
 * pngTooLarge('renderPng', 20000, 20000, 1e8).message;
 * // => 'renderPng: the PNG would be 20000×20000 pixels (400 megapixels; at most 100): lower the width, height or scale'
 */
export const pngTooLarge = (fn: string, width: number, height: number, max: number): LrfindError =>
  new LrfindError(
    'E_OPTION',
    `${fn}: the PNG would be ${width}×${height} pixels (${(width * height / 1e6).toFixed(0)} megapixels; at most ${max / 1e6}): lower the width, height or scale`,
    { details: { width, height } },
  );

/**
 * The PNG would be smaller than one pixel (`E_OPTION`).
 * @example
 * pngTooSmall('renderPng', 0.001).message; // => 'renderPng: the PNG would be smaller than one pixel (scale 0.001): raise the scale'
 */
export const pngTooSmall = (fn: string, scale: number): LrfindError =>
  new LrfindError('E_OPTION', `${fn}: the PNG would be smaller than one pixel (scale ${scale}): raise the scale`, { details: { scale } });

/**
 * `reportHtml` was given a library script that is not a string.
 * @example
 * badScript('vega', 'undefined').message; // => "reportHtml: scripts.vega must be the library's JavaScript (got undefined)"
 */
export const badScript = (key: string, got: string): TypeError => new TypeError(`reportHtml: scripts.${key} must be the library's JavaScript (got ${got})`);

/**
 * The run argument is not an object with `lrs` and `losses`.
 * @example
 * notARun('finderSpec', null).message; // => 'finderSpec: run must be an object with lrs and losses arrays (got null)'
 */
export const notARun = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: run must be an object with lrs and losses arrays (got ${value === null ? 'null' : typeof value})`);

/**
 * The run's `lrs` and `losses` differ in length (`E_LENGTH_MISMATCH`).
 * @example
 * runLengthMismatch('finderSpec', 3, 2).message; // => 'finderSpec: lrs and losses differ in length (3 vs 2)'
 */
export const runLengthMismatch = (fn: string, lrs: number, losses: number): LrfindError =>
  new LrfindError('E_LENGTH_MISMATCH', `${fn}: lrs and losses differ in length (${lrs} vs ${losses})`);

/**
 * The run has no points (`E_EMPTY`).
 * @example
 * runEmpty('finderSpec').message; // => 'finderSpec: the run is empty'
 */
export const runEmpty = (fn: string): LrfindError => new LrfindError('E_EMPTY', `${fn}: the run is empty`);

/**
 * A learning rate a log axis cannot show (`E_BAD_LR`).
 * @example
 * runBadLr('finderSpec', 1, -1).message; // => 'finderSpec: lrs[1] must be a finite number > 0 (got -1)'
 */
export const runBadLr = (fn: string, index: number, value: number): LrfindError =>
  new LrfindError('E_BAD_LR', `${fn}: lrs[${index}] must be a finite number > 0 (got ${value})`);

/**
 * The analysis argument is not the result of `analyze()`.
 * @example
 * notAnAnalysis('finderSpec', 3).message; // => 'finderSpec: analysis must be the result of analyze() (got number)'
 */
export const notAnAnalysis = (fn: string, value: unknown): TypeError =>
  new TypeError(`${fn}: analysis must be the result of analyze() (got ${value === null ? 'null' : typeof value})`);

/**
 * The preset asked for is not in the analysis.
 * @example
 * presetNotInAnalysis('finderSpec', 'keras', ['fastai']).message; // => 'finderSpec: preset "keras" is not in the analysis (it has fastai)'
 */
export const presetNotInAnalysis = (fn: string, preset: string, has: readonly string[]): RangeError =>
  new RangeError(`${fn}: preset "${preset}" is not in the analysis (it has ${has.join(', ')})`);

/**
 * A library build the HTML report inlines cannot be read (`E_FILE_READ`: a broken install).
 * @example
 * buildUnreadable('/x/vega.min.js', new Error('ENOENT')).code; // => 'E_FILE_READ'
 */
export const buildUnreadable = (path: string, cause: unknown): LrfindError =>
  new LrfindError('E_FILE_READ', `renderHtml: cannot read ${path} (is the package installed?)`, { file: path, cause });

/**
 * A report entry's analysis is not an analysis of its run; `what` is the first difference found.
 * @example
 * analysisOfAnotherRun('writeReport', 'entries[0]', 'lr 3 is 0.1 in its keras recording, 0.2 in the run').message;
 * // => 'writeReport: entries[0].analysis is not an analysis of its run (lr 3 is 0.1 in its keras recording, 0.2 in the run); analyze the run again'
 */
export const analysisOfAnotherRun = (fn: string, entry: string, what: string): RangeError =>
  new RangeError(`${fn}: ${entry}.analysis is not an analysis of its run (${what}); analyze the run again`);
