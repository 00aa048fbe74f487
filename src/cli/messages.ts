/**
 * The messages of the CLI, in one place (after vega-lite's `log/message.ts`): each builder takes the variable parts
 * (the flag, the value as typed, …) and returns the {@link UsageError} (exit 2, one line on stderr) or the
 * {@link LrfindError} with its stable code for the caller to `throw`. The wording is the contract the tests
 * match; change it here or not at all.
 *
 * @module
 */
import { LrfindError } from '../errors.js';
import { UsageError } from './io.js';

/**
 * A flag's value is not what the flag takes; `what` words it (`an integer >= 1`, `exp or linear`).
 * @example
 * flagMustBe('--num-it', 'an integer >= 2', '1').message; // => '--num-it must be an integer >= 2 (got "1")'
 */
export const flagMustBe = (flag: string, what: string, value: string): UsageError => new UsageError(`${flag} must be ${what} (got "${value}")`);

/**
 * A flag's value is not one of the names it takes.
 * @example
 * flagMustBeOneOf('--preset', ['fastai', 'keras'], 'x').message; // => '--preset must be one of fastai, keras (got "x")'
 */
export const flagMustBeOneOf = (flag: string, names: readonly string[], value: string): UsageError =>
  flagMustBe(flag, `one of ${names.join(', ')}`, value);

/**
 * Two flags that exclude each other were both given.
 * @example
 * notTogether('--frozen', '--unfrozen').message; // => '--frozen and --unfrozen cannot be given together'
 */
export const notTogether = (a: string, b: string): UsageError => new UsageError(`${a} and ${b} cannot be given together`);

/**
 * `--suggest` has an empty name in its list.
 * @example
 * badSuggestList('a,,b').message; // => '--suggest takes suggestion names separated by commas, e.g. fastai.valley,torch-lr-finder.steepest (got "a,,b")'
 */
export const badSuggestList = (value: string): UsageError =>
  new UsageError(`--suggest takes suggestion names separated by commas, e.g. fastai.valley,torch-lr-finder.steepest (got "${value}")`);

/**
 * `--suggest` names a suggestion the analysis does not have.
 * @example
 * noSuggestionNamed('x', ['fastai.valley']).message; // => '--suggest: no suggestion named "x" (known: fastai.valley)'
 */
export const noSuggestionNamed = (name: string, known: readonly string[]): UsageError =>
  new UsageError(`--suggest: no suggestion named "${name}" (known: ${known.join(', ')})`);

/**
 * A column flag was given an empty name.
 * @example
 * emptyColumn('--lr-column').message; // => '--lr-column must name a column (got "")'
 */
export const emptyColumn = (flag: string): UsageError => new UsageError(`${flag} must name a column (got "")`);

/**
 * `lrfind run` cannot load TensorFlow.js (`E_OPTION`).
 * @example
 * tfjsMissing(new Error('x')).code; // => 'E_OPTION'
 */
export const tfjsMissing = (cause: unknown): LrfindError =>
  new LrfindError(
    'E_OPTION',
    'lrfind run needs TensorFlow.js, which is not installed (npm install @tensorflow/tfjs @tensorflow/tfjs-backend-wasm)',
    { cause },
  );

/**
 * `lrfind run` without `--demo`.
 * @example
 * runNeedsDemo().message; // => "lrfind run: only the built-in demo runs from the command line (lrfind run --demo); range-test your own model with lrFind() from 'lrfind/tfjs'"
 */
export const runNeedsDemo = (): UsageError =>
  new UsageError(
    "lrfind run: only the built-in demo runs from the command line (lrfind run --demo); range-test your own model with lrFind() from 'lrfind/tfjs'",
  );

/**
 * The output directory cannot be created (`E_FILE_WRITE`); `why` is the system's code.
 * @example
 * cannotCreateDir('out', 'EACCES', new Error('x')).message; // => 'out: cannot create the output directory (EACCES)'
 */
export const cannotCreateDir = (dir: string, why: string, cause: unknown): LrfindError =>
  new LrfindError('E_FILE_WRITE', `${dir}: cannot create the output directory (${why})`, { file: dir, cause });

/**
 * `--start-lr` is not below `--end-lr`.
 * @example
 * startNotBelowEnd(1, 0.1).message; // => '--start-lr must be below --end-lr: a range test raises the lr (got 1 and 0.1)'
 */
export const startNotBelowEnd = (start: number, end: number): UsageError =>
  new UsageError(`--start-lr must be below --end-lr: a range test raises the lr (got ${start} and ${end})`);

/**
 * `compare` was given fewer than two runs.
 * @example
 * compareNeedsTwo(1).message; // => 'compare needs at least two runs (got 1)'
 */
export const compareNeedsTwo = (n: number): UsageError => new UsageError(`compare needs at least two runs (got ${n})`);

/**
 * `convert`'s output has an extension it cannot write.
 * @example
 * badConvertOutput('a.txt').message; // => '-o must end in .json (lrfind run file) or .csv (lr,loss[,smoothed_loss]) (got "a.txt")'
 */
export const badConvertOutput = (path: string): UsageError =>
  new UsageError(`-o must end in .json (lrfind run file) or .csv (lr,loss[,smoothed_loss]) (got "${path}")`);

/**
 * `convert` without `-o`.
 * @example
 * convertNeedsOutput().message; // => 'convert needs an output file: -o OUT.json or -o OUT.csv (- for standard output)'
 */
export const convertNeedsOutput = (): UsageError => new UsageError('convert needs an output file: -o OUT.json or -o OUT.csv (- for standard output)');

/**
 * `--to` contradicts the extension of `-o`.
 * @example
 * toMismatch('csv', 'a.json').message; // => '--to csv does not match the extension of -o a.json'
 */
export const toMismatch = (to: string, output: string): UsageError => new UsageError(`--to ${to} does not match the extension of -o ${output}`);

/**
 * `report`'s output has an extension it cannot write.
 * @example
 * badReportOutput('a.gif').message; // => '-o must end in .svg, .png, .html or .json, or be - for standard output (got "a.gif")'
 */
export const badReportOutput = (output: string): UsageError =>
  new UsageError(`-o must end in .svg, .png, .html or .json, or be - for standard output (got "${output}")`);

/**
 * `report` without `-o` would write its default file over one that exists.
 * @example
 * defaultReportExists('report.html').message; // => 'report.html exists: give -o report.html to replace it, or -o another file'
 */
export const defaultReportExists = (output: string): UsageError =>
  new UsageError(`${output} exists: give -o ${output} to replace it, or -o another file`);

/**
 * A PNG was asked for on an output that takes only text.
 * @example
 * pngNeedsFile().message; // => 'a PNG cannot be written to this output; give -o FILE.png'
 */
export const pngNeedsFile = (): UsageError => new UsageError('a PNG cannot be written to this output; give -o FILE.png');

/**
 * A flag that only makes sense with another was given alone; `needs` words what it needs.
 * @example
 * flagNeeds('--total-steps', '--schedule').message; // => '--total-steps needs --schedule'
 */
export const flagNeeds = (flag: string, needs: string): UsageError => new UsageError(`${flag} needs ${needs}`);

/**
 * `--schedule` with more than one run.
 * @example
 * scheduleOneRun(2).message; // => "--schedule draws one run's schedule (got 2 runs)"
 */
export const scheduleOneRun = (n: number): UsageError => new UsageError(`--schedule draws one run's schedule (got ${n} runs)`);

/**
 * The analysis has no answer; `reason` is its reason.
 * @example
 * noAnswer('the loss never falls').message; // => 'no answer: the loss never falls'
 */
export const noAnswer = (reason: string): UsageError => new UsageError(`no answer: ${reason}`);

/**
 * `analyze` was given several runs without `--combine`.
 * @example
 * severalRuns(3).message; // => 'analyze: 3 runs given: add --combine to analyze them as repeats of one model, or use lrfind compare'
 */
export const severalRuns = (n: number): UsageError =>
  new UsageError(`analyze: ${n} runs given: add --combine to analyze them as repeats of one model, or use lrfind compare`);

/**
 * `--plot`'s path has an extension lrfind cannot draw.
 * @example
 * badPlotPath('a.gif').message; // => '--plot must end in .svg, .png, .html or .json (got "a.gif")'
 */
export const badPlotPath = (path: string): UsageError => new UsageError(`--plot must end in .svg, .png, .html or .json (got "${path}")`);

/**
 * Standard output cannot be written (a full device: `lrfind analyze run.json > /dev/full`): exit 1, the device
 * failed, not the input.
 * @example
 * cannotWriteStdout('ENOSPC: no space left on device').message;
 * // => '<stdout>: cannot write the output (ENOSPC: no space left on device)'
 */
export const cannotWriteStdout = (why: string, cause?: unknown): LrfindError =>
  new LrfindError('E_FILE_WRITE', `<stdout>: cannot write the output (${why})`, { file: '-', cause, details: { stage: 'write' } });

/**
 * A `--combine` failure about one run (`details.run`, from 1), told with the run's file name instead of its number.
 * @example
 * combineFailed({ code: 'E_BAD_LR', message: "combineCurves: run 2's lrs must increase strictly" }, ['a.csv', 'b.csv']).message;
 * // => "--combine: b.csv's lrs must increase strictly"
 */
export const combineFailed = (error: Pick<LrfindError, 'code' | 'message' | 'details'>, names: readonly string[]): LrfindError =>
  new LrfindError(
    error.code,
    error.message.replace(/^combineCurves: /, '--combine: ').replace(/\brun (\d+)\b/g, (m: string, k: string) => names[Number(k) - 1] ?? m),
    { details: error.details as Record<string, unknown> | undefined, cause: error },
  );
