/**
 * The range test as a framework-free loop: any training code that can train one batch at a given learning rate
 * and report its loss can be range-tested.
 *
 * @module
 */
import { analyze, type Analysis } from '../analysis/analyze.js';
import type { DivergenceOptions } from '../analysis/divergence.js';
import { describeValue, LrfindError } from '../errors.js';
import { LrRecorder } from './recorder.js';
import type { Run, RunMeta } from './run.js';
import { expLr, linearLr, resolveSchedule, type ResolvedSchedule, type ScheduleOptions } from './schedule.js';

/** What {@link RangeTestOptions.onProgress} receives after every step. */
export interface RangeTestProgress {
  /** Steps done so far (1 after the first). */
  readonly step: number;
  /** Steps asked for. */
  readonly numIt: number;
  /** lr of the step just done. */
  readonly lr: number;
  /** Its raw loss. */
  readonly loss: number;
  /** The debiased EMA of the raw loss (fastai's smoothing; the stop rule watches a 5-step median). */
  readonly smoothedLoss: number;
}

/** Options shared by every way of running a range test (lrFind, lrFindLoop, the callback). */
export interface RangeTestOptions extends ScheduleOptions {
  /**
   * Divergence stop: `true` (the default rule: the median of the last 5 raw losses rose 3× its best's scale above
   * the best), `{ factor, floor }` to tune it (see `DivergenceMonitor`), `false` for none. A NaN / ±Infinity loss always ends the run.
   * __Default value:__ `true`
   */
  readonly stopDiv?: boolean | DivergenceOptions;
  /** Weight of the debiased EMA kept as `smoothedLosses`. __Default value:__ `0.98` */
  readonly beta?: number;
  /** Aborts the test between two steps; the promise then rejects with `E_ABORTED`. __Default value:__ none */
  readonly signal?: AbortSignal;
  /** Called after every step. __Default value:__ none */
  readonly onProgress?: (progress: RangeTestProgress) => void;
  /**
   * Whether the model's body was frozen (only the head trainable): `true` → the analysis recommends one lr,
   * `false` → a slice for discriminative lrs (both per the inflection method), `undefined` → lrfind's own lr.
   * __Default value:__ `undefined` (`lrFind` fills it in from the model's `trainable` flags)
   */
  readonly frozen?: boolean;
  /** Extra metadata stored with the run. __Default value:__ `{}` */
  readonly meta?: RunMeta;
}

/** Options of {@link lrFindLoop}. */
export interface LrFindLoopOptions extends RangeTestOptions {
  /**
   * Measures a validation loss after each step (slow: it runs every step). __Default value:__ none
   */
  readonly validate?: (lr: number, i: number) => number | Promise<number>;
}

/** A range test's result: the run and its analysis. */
export interface LrFindResult {
  /** The recorded run (save it with `saveRun`). */
  readonly run: Run;
  /** `analyze(run, { numIt, frozen })`: every method's suggestions and the recommended lr. */
  readonly analysis: Analysis;
  /**
   * With `repeats` > 1: every run (the first is `run`), each run's own analysis and the spread of their answers;
   * `analysis` is then the analysis of their median curve (see `analyzeRuns`).
   */
  readonly repeats?: {
    readonly runs: readonly Run[];
    readonly perRun: readonly Analysis[];
    readonly spreadDecades: number | null;
  };
}

/** One training step of the loop form: train one batch at learning rate `lr`, return its raw loss. */
export type StepFunction = (lr: number, i: number) => number | Promise<number>;

/**
 * Let timers, I/O and abort handlers run between two steps: `setImmediate` where it exists (Node: microseconds),
 * else a `MessageChannel` message (browsers: no 4 ms clamp, unlike a nested `setTimeout(0)`), else `setTimeout`.
 *
 * @returns a promise that resolves on a later turn of the event loop.
 * @example
 * await yieldToEventLoop(); // => undefined, after pending timers and I/O callbacks had their turn
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') {
      setImmediate(resolve);
    } else if (typeof MessageChannel === 'function') {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    } else {
      setTimeout(resolve, 0);
    }
  });
}

function checkCommon(fn: string, options: RangeTestOptions): ResolvedSchedule {
  const schedule = resolveSchedule(fn, options);
  const { signal, onProgress, frozen } = options;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')) {
    throw new TypeError(`${fn}: signal must be an AbortSignal (got ${describeValue(signal)})`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new TypeError(`${fn}: onProgress must be a function (got ${describeValue(onProgress)})`);
  }
  if (frozen !== undefined && typeof frozen !== 'boolean') {
    throw new TypeError(`${fn}: frozen must be a boolean (got ${describeValue(frozen)})`);
  }
  return schedule;
}

/**
 * Run the steps of a range test and record them: step `i` trains at the scheduled lr, the recorder applies the stop
 * rule. The building block of {@link lrFindLoop} and the tfjs `lrFind`; restoring the model is the caller's job.
 *
 * @param fn - the public function name used in messages.
 * @returns the run; it ends `'completed'`, `'diverged'` or `'non-finite'`.
 * @throws {LrfindError} `E_ABORTED` when `signal` aborts, `E_TRAINING` when a step throws or returns a
 * non-number; both carry the partial run as `details.run` (stop reason `'aborted'` / `'error'`).
 * @example
 * const run = await recordRangeTest('myFinder', async (lr) => trainOneBatch(lr), { numIt: 100 });
 * run.stopReason; // => 'diverged'
 */
export async function recordRangeTest(
  fn: string,
  step: StepFunction,
  options: RangeTestOptions & { validate?: LrFindLoopOptions['validate'] },
): Promise<Run> {
  const s = checkCommon(fn, options);
  const { stopDiv, beta, signal, onProgress, validate, meta = {} } = options;
  const recorder = new LrRecorder({
    stopDiv,
    beta,
    meta: {
      ...meta,
      schedule: s.schedule,
      startLr: s.startLr,
      endLr: s.endLr,
      numIt: s.numIt,
      ...(options.frozen === undefined ? {} : { frozen: options.frozen }),
    },
  });
  const lrAt = s.schedule === 'exp' ? expLr : linearLr;
  for (let i = 0; i < s.numIt; i++) {
    if (signal?.aborted) {
      recorder.finish('aborted');
      throw new LrfindError('E_ABORTED', `${fn}: aborted by the caller after ${i} of ${s.numIt} steps`, {
        cause: signal.reason,
        details: { run: recorder.toRun(), step: i },
      });
    }
    const lr = lrAt(s.startLr, s.endLr, s.numIt, i);
    let loss: number;
    let valLoss: number | undefined;
    try {
      loss = await step(lr, i);
      if (typeof loss !== 'number') {
        throw new TypeError(`the step must return the loss as a number (got ${describeValue(loss)})`);
      }
      if (validate) valLoss = await validate(lr, i);
    } catch (error) {
      recorder.finish('error');
      const message = error instanceof Error ? error.message : String(error);
      throw new LrfindError('E_TRAINING', `${fn}: step ${i} (lr ${lr.toExponential(2)}) failed: ${message}`, {
        cause: error,
        details: { run: recorder.toRun(), step: i },
      });
    }
    const reason = recorder.record(lr, loss, valLoss === undefined ? {} : { valLoss });
    onProgress?.({ step: i + 1, numIt: s.numIt, lr, loss, smoothedLoss: recorder.smoothedLoss });
    if (reason !== null) break;
    await yieldToEventLoop();
  }
  recorder.finish('completed');
  return recorder.toRun();
}

/**
 * Analyze a finished run the way every driver does: with the requested iterations (fastai's skip) and the frozen
 * state it recorded.
 *
 * @example
 * analyzeRun(run).choice.suggestion; // => { lr: …, index: … }
 */
export function analyzeRun(run: Run): Analysis {
  return analyze(run, analyzeOptionsOf(run));
}

/**
 * The analysis options a run's metadata implies: the iterations it asked for (`meta.numIt`, fastai's skip) and
 * its frozen state (`meta.frozen`).
 *
 * @example
 * analyzeOptionsOf({ lrs, losses, meta: { numIt: 200, frozen: true } }); // => { numIt: 200, frozen: true }
 */
export function analyzeOptionsOf(run: Run): { numIt: number | undefined; frozen: boolean | undefined } {
  const numIt = typeof run.meta.numIt === 'number' && run.meta.numIt >= 1 ? Math.floor(run.meta.numIt) : undefined;
  const frozen = typeof run.meta.frozen === 'boolean' ? run.meta.frozen : undefined;
  return { numIt, frozen };
}

/**
 * The range test with any training code (the from-scratch pattern): `step(lr, i)` trains one batch at learning
 * rate `lr` and returns its raw loss; lrfind schedules the lrs, records, stops on divergence and analyzes.
 * Restoring the model afterwards is up to the caller (the tfjs `lrFind` does it for you).
 *
 * @param step - trains one batch; may be async.
 * @param options - schedule (`startLr` 1e-7, `endLr` 10, `numIt` 100, `schedule` 'exp'), `stopDiv`, `signal`,
 * `onProgress`, `validate`, `frozen`, `meta`.
 * @returns the run and its analysis.
 * @throws {LrfindError} `E_ABORTED` / `E_TRAINING` with the partial run in `details.run`; {RangeError} /
 * {TypeError} for bad options.
 * @example
 * let w = 5; // minimise (w − 1)² by gradient descent
 * const { run, analysis } = await lrFindLoop((lr) => {
 *   const loss = (w - 1) ** 2;
 *   w -= lr * 2 * (w - 1);
 *   return loss;
 * }, { startLr: 1e-4, endLr: 10, numIt: 60 });
 * run.stopReason; // => 'diverged'
 */
export async function lrFindLoop(step: StepFunction, options: LrFindLoopOptions = {}): Promise<LrFindResult> {
  if (typeof step !== 'function') {
    throw new TypeError(`lrFindLoop: step must be a function (lr, i) => loss (got ${describeValue(step)})`);
  }
  const run = await recordRangeTest('lrFindLoop', step, { ...options, meta: { backend: 'custom', ...options.meta } });
  return { run, analysis: analyzeRun(run) };
}
