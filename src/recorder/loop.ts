/**
 * The range test as a framework-free loop: any training code that can train one batch at a given learning rate
 * and report its loss can be range-tested.
 *
 * @module
 */
import { withTrials, type Analysis } from '../analysis/analyze.js';
import type { LrAnswer } from '../analysis/lrAnswer.js';
import type { DivergenceOptions } from '../analysis/divergence.js';
import { describeValue, LrfindError } from '../errors.js';
import { LrRecorder } from './recorder.js';
import { analyzeRun } from '../runs/analyzed.js';
import type { Run, RunMeta } from '../runs/run.js';
import {
  confirmCandidates,
  confirmLr,
  type ConfirmBasis,
  type ConfirmCandidate,
  type Confirmation,
  type TrialFunction,
} from '../confirm/index.js';
import { expLr, linearLr, resolveSchedule, type ResolvedSchedule, type ScheduleOptions } from './schedule.js';
import * as msg from './messages.js';
import type { RangeTestProgress } from '../runs/progress.js';

export type { RangeTestProgress } from '../runs/progress.js';
export { analyzeRun, analyzeOptionsOf } from '../runs/analyzed.js';

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

/** What the confirm trials try and how long (shared by `lrFindLoop` and the tfjs `lrFind`). */
export interface ConfirmPlanOptions {
  /**
   * The candidate lrs: a number caps how many of the analysis' candidates are tried (see `confirmCandidates`); an
   * array gives the lrs to try instead (source `given`). __Default value:__ `8`
   */
  readonly candidates?: number | readonly number[];
  /** Steps of a first-round trial (each later round doubles it). __Default value:__ the most the budget allows */
  readonly steps?: number;
  /** Training steps of all the trials together. __Default value:__ 3 × the range test's steps */
  readonly budget?: number;
  /** Each round keeps 1/`eta` of the trials (at least 2), `eta` times longer. __Default value:__ `DEFAULT_ETA` */
  readonly eta?: number;
  /** Try half a decade beyond an edge a round's best sits on (see `confirmLr`). __Default value:__ `true` */
  readonly extend?: boolean;
}

/** The `confirm` option of {@link lrFindLoop}: your trial function and the plan. */
export interface LoopConfirmOptions extends ConfirmPlanOptions {
  /** Trains from the state the range test started from at `lr` for `steps` steps; returns the validation loss. */
  readonly trial: TrialFunction;
  /** What your trial measures on. __Default value:__ `'validation'` */
  readonly basis?: ConfirmBasis;
}

/** Options of {@link lrFindLoop}. */
export interface LrFindLoopOptions extends RangeTestOptions {
  /**
   * Measures a validation loss after each step (slow: it runs every step). __Default value:__ none
   */
  readonly validate?: (lr: number, i: number) => number | Promise<number>;
  /**
   * Confirm trials after the range test: `trial(lr, steps)` trains from the saved state and returns a validation
   * loss; lrfind plans the candidates and the successive halving and picks (see `confirmLr`). __Default value:__ none
   */
  readonly confirm?: LoopConfirmOptions;
}

/** A range test's result: the answer, the run and its analysis. */
export interface LrFindResult {
  /**
   * THE learning rate to train with, and how sure it is: the lr the confirm trials measured best (`basis:
   * 'measured'`), else the range-test estimate; `null` when none is possible (`analysis.noAnswer` says why). The same
   * object as `analysis.answer`.
   */
  readonly answer: LrAnswer | null;
  /** The recorded run (save it with `saveRun`). */
  readonly run: Run;
  /** `analyze(run, { numIt, frozen })`: every method's suggestions and the recommended lr. */
  readonly analysis: Analysis;
  /** The confirm trials and their measured lr (`confirmation.lr`), when `confirm` was asked for (also in `run.confirmation`). */
  readonly confirmation?: Confirmation;
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
  if (schedule.numIt < 2) throw msg.numItTooSmall(fn, schedule.numIt);
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
    onProgress?.({ phase: 'range-test', step: i + 1, numIt: s.numIt, lr, loss, smoothedLoss: recorder.smoothedLoss });
    if (reason !== null) break;
    await yieldToEventLoop();
  }
  recorder.finish('completed');
  return recorder.toRun();
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
 * @throws {LrfindError} `E_ABORTED` / `E_TRAINING` with the partial run in `details.run` (during the confirm trials:
 * the finished run, and the partial confirmation in `details.confirmation`); {RangeError} / {TypeError} for bad
 * options.
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
  const { confirm } = options;
  if (confirm !== undefined && (typeof confirm !== 'object' || confirm === null || typeof confirm.trial !== 'function')) {
    throw new TypeError(`lrFindLoop: confirm must be { trial: (lr, steps) => loss, … } (got ${describeValue(confirm)})`);
  }
  if (confirm) assertConfirmPlanOptions('lrFindLoop', confirm);
  const run = await recordRangeTest('lrFindLoop', step, { ...options, meta: { backend: 'custom', ...options.meta } });
  const analysis = analyzeRun(run);
  if (!confirm) return { answer: analysis.answer, run, analysis };
  const confirmation = await runConfirm('lrFindLoop', run, analysis, confirm.trial, { ...confirm, signal: options.signal, onProgress: options.onProgress });
  return measuredResult(run, analysis, confirmation);
}

/**
 * The result of a range test whose confirm trials ran: the run keeps them, the analysis answers with the measured lr.
 *
 * @example
 * measuredResult(run, analysis, confirmation).answer?.basis; // => 'measured'
 */
export function measuredResult(run: Run, analysis: Analysis, confirmation: Confirmation): LrFindResult & { confirmation: Confirmation } {
  const measured = withTrials(analysis, confirmation);
  return { answer: measured.answer, run: { ...run, confirmation }, analysis: measured, confirmation };
}

/**
 * Check the confirm plan's counts before the range test (not after it has run): `steps` and `budget` integers >= 1,
 * `eta` an integer >= 2.
 *
 * @throws {RangeError} naming `fn` and `confirm.<option>`.
 * @example
 * assertConfirmPlanOptions('lrFind', { steps: 0 }); // throws RangeError "lrFind: confirm.steps must be an integer >= 1 (got 0)"
 */
export function assertConfirmPlanOptions(fn: string, confirm: ConfirmPlanOptions): void {
  for (const [name, min] of [['steps', 1], ['budget', 1], ['eta', 2]] as const) {
    const value: unknown = confirm[name];
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < min)) throw msg.confirmOptionInteger(fn, name, min, value);
  }
}

/**
 * The candidates of a confirm plan: `candidates` as a number caps the analysis' own (see `confirmCandidates`), as an
 * array replaces them.
 *
 * @throws {RangeError} for a bad `candidates` option, naming `fn`.
 * @example
 * planCandidates('lrFind', analysis, [1e-3, 1e-2]); // => [{ lr: 0.001, source: 'given' }, { lr: 0.01, source: 'given' }]
 */
export function planCandidates(fn: string, analysis: Analysis, candidates: ConfirmPlanOptions['candidates']): ConfirmCandidate[] {
  if (Array.isArray(candidates)) {
    const lrs = candidates as readonly unknown[];
    const bad = lrs.findIndex((lr) => typeof lr !== 'number' || !(lr > 0) || !Number.isFinite(lr));
    if (bad >= 0 || lrs.length === 0) {
      throw new RangeError(`${fn}: confirm.candidates must be lrs > 0 (got ${describeValue(bad >= 0 ? lrs[bad] : candidates)})`);
    }
    return [...new Set(lrs as number[])].map((lr) => ({ lr, source: 'given' }));
  }
  if (candidates !== undefined && (!Number.isSafeInteger(candidates) || (candidates as number) < 1)) {
    throw new RangeError(`${fn}: confirm.candidates must be an integer >= 1 or an array of lrs (got ${describeValue(candidates)})`);
  }
  return confirmCandidates(analysis, { max: (candidates as number | undefined) ?? 8 });
}

/**
 * Plan and run the confirm trials of a finished range test (the shared part of `lrFindLoop` and the tfjs `lrFind`).
 *
 * @throws {LrfindError} `E_TRAINING` when a trial throws, `E_ABORTED` when `signal` aborts — both with the finished
 * range test's run in `details.run` and the partial confirmation in `details.confirmation`.
 * @example
 * const confirmation = await runConfirm('lrFindLoop', run, analysis, trial, { budget: 300 });
 * confirmation.lr; // => 0.0032
 */
export async function runConfirm(
  fn: string,
  run: Run,
  analysis: Analysis,
  trial: TrialFunction,
  options: ConfirmPlanOptions & {
    basis?: ConfirmBasis;
    signal?: AbortSignal;
    onProgress?: (progress: RangeTestProgress) => void;
  },
): Promise<Confirmation> {
  const candidates = planCandidates(fn, analysis, options.candidates);
  try {
    return await confirmTrials(fn, run, candidates, trial, options);
  } catch (error) {
    // a failed or aborted trial must not lose the finished range test: it goes with the partial confirmation
    if (error instanceof LrfindError) {
      throw new LrfindError(error.code, error.message, { cause: error.cause, details: { ...error.details, run } });
    }
    throw error;
  }
}

function confirmTrials(
  fn: string,
  run: Run,
  candidates: ConfirmCandidate[],
  trial: TrialFunction,
  options: Parameters<typeof runConfirm>[4],
): Promise<Confirmation> {
  return confirmLr(candidates, trial, {
    fn,
    rangeTestSteps: Math.max(1, run.lrs.length),
    ...(options.steps === undefined ? {} : { steps: options.steps }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    ...(options.eta === undefined ? {} : { eta: options.eta }),
    ...(options.extend === undefined ? {} : { extend: options.extend }),
    ...(options.basis === undefined ? {} : { basis: options.basis }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
}
