/**
 * Confirm trials, framework-free: train short trials at the candidate lrs (see `confirmCandidates`), prune them by
 * successive halving (see `confirmPlan`), and answer with the lr whose trial reached the lowest validation loss. The
 * caller's `trial(lr, steps)` does the training; the tfjs `lrFind(…, { confirm })` supplies one for tfjs models.
 *
 * @module
 */
import { describeValue, LrfindError } from '../errors.js';
import type { ConfirmBasis, ConfirmCandidate, Confirmation, ConfirmTrial } from '../runs/confirmation.js';
import type { RangeTestProgress } from '../runs/progress.js';
import * as msg from './messages.js';
import { confirmPlan } from './plan.js';
import type { TrialFunction, TrialOutcome } from './trial.js';

/** Options of {@link confirmLr}. */
export interface ConfirmLrOptions {
  /**
   * Total training steps of all the trials. __Default value:__ 3 × `rangeTestSteps` (or the full plan when only `steps`
   * is given)
   */
  readonly budget?: number;
  /** Steps of a first-round trial (later rounds double it). __Default value:__ the most the budget allows */
  readonly steps?: number;
  /** Steps the range test took: the default budget is 3× this. __Default value:__ `100` */
  readonly rangeTestSteps?: number;
  /** Each round keeps 1/`eta` of the trials (at least 2) and trains them `eta` times longer. __Default value:__ `2` (`DEFAULT_ETA`) */
  readonly eta?: number;
  /**
   * The trial function resumes a kept lr's trial where it stopped (reporting `trained`), so a round costs only the
   * added steps and the plan affords longer trials. __Default value:__ `false`
   */
  readonly resumable?: boolean;
  /**
   * When a round's best lr is the highest (or lowest) tried so far, with nothing tried within half a decade beyond it,
   * the next round also tries half a decade further out (the budget keeps room for one such trial). __Default value:__ `true`
   */
  readonly extend?: boolean;
  /** Called with the lrs a round pruned (a resumable trial function frees their saved state). __Default value:__ none */
  readonly onPruned?: (lrs: readonly number[]) => void;
  /** Recorded in the result. __Default value:__ `'validation'` */
  readonly basis?: ConfirmBasis;
  /** Aborts between two trials (and is passed to each trial); the promise then rejects with `E_ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * Called after every trial with `phase: 'trial'`: `step` = trial steps done in total, `numIt` = the plan's total,
   * `lr` = the trial's lr, `loss` = its validation loss. __Default value:__ none
   */
  readonly onProgress?: (progress: RangeTestProgress) => void;
  /** Name used in messages. __Default value:__ `'confirmLr'` */
  readonly fn?: string;
}

function checkInteger(fn: string, name: string, value: unknown, min: number): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < min)) {
    throw new RangeError(`${fn}: ${name} must be an integer >= ${min} (got ${describeValue(value)})`);
  }
}

/** Lower loss first; diverged or non-finite last; ties to the lower lr (the safer one over a longer training). */
function better(a: ConfirmTrial, b: ConfirmTrial): number {
  const fa = !a.diverged && Number.isFinite(a.loss);
  const fb = !b.diverged && Number.isFinite(b.loss);
  if (fa !== fb) return fa ? -1 : 1;
  if (fa && a.loss !== b.loss) return a.loss - b.loss;
  return a.lr - b.lr;
}

/**
 * Measure candidate lrs with the caller's training and pick the best: successive halving — every candidate trains
 * `steps` steps, the better half trains twice as long (from the start again, or resumed when `resumable`), and so
 * on until two are left; the better of the last two is the answer (when the longer trials of every lr above it
 * diverged, the best lr that never diverged). Trials that diverge or return a non-finite loss never win; when all do, the
 * answer is `null` with a reason. The default budget is three times the range test's steps.
 *
 * @param candidates - the lrs to try, in priority order (see {@link confirmCandidates}).
 * @param trial - trains from the saved state at `lr` for `steps` steps and returns the validation loss.
 * @returns the {@link Confirmation}.
 * @throws {LrfindError} `E_ABORTED` when `signal` aborts (between trials), `E_TRAINING` when a trial throws — both
 * with the trials done so far in `details.confirmation`; {RangeError} / {TypeError} for bad arguments.
 * @example
 * const confirmation = await confirmLr(confirmCandidates(analysis), (lr, steps) => trainAndValidate(lr, steps), {
 *   rangeTestSteps: run.lrs.length,
 * });
 * confirmation.lr; // => 0.0032
 */
export async function confirmLr(
  candidates: readonly ConfirmCandidate[],
  trial: TrialFunction,
  options: ConfirmLrOptions = {},
): Promise<Confirmation> {
  const { fn = 'confirmLr', signal, onProgress, basis = 'validation', rangeTestSteps = 100, resumable = false } = options;
  if (!Array.isArray(candidates) || candidates.some((c) => typeof c !== 'object' || c === null || !(c.lr > 0) || !Number.isFinite(c.lr))) {
    throw new TypeError(`${fn}: candidates must be an array of { lr > 0, source } (got ${describeValue(candidates)})`);
  }
  if (typeof trial !== 'function') {
    throw new TypeError(`${fn}: trial must be a function (lr, steps) => validation loss (got ${describeValue(trial)})`);
  }
  checkInteger(fn, 'steps', options.steps, 1);
  checkInteger(fn, 'budget', options.budget, 1);
  checkInteger(fn, 'rangeTestSteps', rangeTestSteps, 1);
  checkInteger(fn, 'eta', options.eta, 2);
  if (basis !== 'validation' && basis !== 'held-back') {
    throw new RangeError(`${fn}: basis must be 'validation' or 'held-back' (got ${describeValue(basis)})`);
  }
  const plan = confirmPlan(candidates.length, { ...options, rangeTestSteps });
  const budget = options.budget ?? (options.steps === undefined ? 3 * rangeTestSteps : plan.total);
  const trials: ConfirmTrial[] = [];
  let spent = 0;
  const result = (lr: number | null, source: string | null, reason: string): Confirmation => ({
    lr,
    source,
    reason,
    trials: trials.slice(),
    steps: spent,
    budget,
    basis,
  });
  if (candidates.length === 0) return result(null, null, 'no candidate lr to try (the analysis suggested none)');
  if (options.steps !== undefined && options.budget !== undefined && plan.rounds.length === 0) {
    throw new RangeError(
      `${fn}: budget ${options.budget} cannot pay the first round (${candidates.length} trials × ${options.steps} steps)`,
    );
  }
  if (plan.rounds.length === 0) {
    return result(null, null, `the budget (${budget} steps) cannot pay one step for each of the ${candidates.length} candidates`);
  }
  let alive: ConfirmCandidate[] = candidates.slice();
  const rankedRounds: ConfirmTrial[][] = [];
  for (const [r, planned] of plan.rounds.entries()) {
    const now: ConfirmTrial[] = [];
    let round = planned;
    if (r === plan.rounds.length - 1 && r > 0 && alive.length > 0) {
      // the last round gets what the budget has left (the room kept for an lr beyond an edge, rounding): longer
      // final trials, a closer look at the two that matter
      const before = plan.rounds[r - 1].steps;
      const resumes = (c: ConfirmCandidate): boolean => resumable && trials.some((t) => t.round === r - 1 && t.lr === c.lr);
      const cost = alive.reduce((sum, c) => sum + planned.steps - (resumes(c) ? before : 0), 0);
      const spare = Math.floor((budget - spent - cost) / alive.length);
      if (spare > 0) round = { ...planned, steps: planned.steps + spare };
    }
    for (const c of alive) {
      if (signal?.aborted) {
        throw new LrfindError('E_ABORTED', `${fn}: aborted by the caller after ${trials.length} trials`, {
          cause: signal.reason,
          details: { confirmation: result(null, null, 'aborted') },
        });
      }
      let out: number | TrialOutcome;
      try {
        out = await trial(c.lr, round.steps, { round: r, index: trials.length, final: r === plan.rounds.length - 1, ...(signal ? { signal } : {}) });
      } catch (error) {
        if (error instanceof LrfindError && error.code === 'E_ABORTED') {
          throw new LrfindError('E_ABORTED', error.message, {
            cause: error.cause ?? error,
            details: { ...error.details, confirmation: result(null, null, 'aborted') },
          });
        }
        const message = error instanceof Error ? error.message : String(error);
        throw new LrfindError('E_TRAINING', `${fn}: the trial at lr ${c.lr.toExponential(2)} failed: ${message}`, {
          cause: error,
          details: { confirmation: result(null, null, 'error'), lr: c.lr },
        });
      }
      const outcome: TrialOutcome = typeof out === 'number' ? { loss: out } : out;
      if (typeof outcome !== 'object' || outcome === null || typeof outcome.loss !== 'number') {
        throw new LrfindError('E_TRAINING', `${fn}: the trial must return the validation loss as a number (got ${describeValue(out)})`, {
          details: { confirmation: result(null, null, 'error'), lr: c.lr },
        });
      }
      // the steps a trial reports are counted against the budget and shown: whole steps, no more than asked
      for (const [name, value, min, max] of [['steps', outcome.steps, 1, round.steps], ['trained', outcome.trained, 0, outcome.steps ?? round.steps]] as const) {
        if (value !== undefined && (!Number.isSafeInteger(value) || value < min || value > max)) {
          throw msg.badTrialSteps(fn, c.lr, name, value, min, max, { confirmation: result(null, null, 'error') });
        }
      }
      const steps = outcome.steps ?? round.steps;
      const diverged = outcome.diverged === true || !Number.isFinite(outcome.loss);
      const t: ConfirmTrial = { lr: c.lr, source: c.source, round: r, steps, loss: Number.isFinite(outcome.loss) ? outcome.loss : NaN, diverged, kept: false };
      trials.push(t);
      now.push(t);
      spent += outcome.trained ?? steps;
      onProgress?.({ phase: 'trial', step: spent, numIt: budget, lr: c.lr, loss: t.loss, smoothedLoss: t.loss });
    }
    const ranked = now.slice().sort(better);
    const last = r === plan.rounds.length - 1;
    const keep = last ? 1 : plan.rounds[r + 1].trials;
    const kept = new Set(ranked.slice(0, keep).filter((t) => !t.diverged));
    for (const [i, t] of trials.entries()) if (kept.has(t)) trials[i] = { ...t, kept: true };
    rankedRounds.push(ranked);
    const pruned = alive.filter((c) => !now.some((t) => kept.has(t) && t.lr === c.lr));
    alive = alive.filter((c) => now.some((t) => kept.has(t) && t.lr === c.lr));
    if (pruned.length > 0 && !last) options.onPruned?.(pruned.map((c) => c.lr));
    if (!last && options.extend !== false) {
      const beyond = edgeCandidate(ranked, trials);
      const next = plan.rounds[r + 1].steps;
      // what the rounds still to come cost as planned, plus the new trial's full length (it has nothing to resume)
      const planned = plan.rounds.slice(r + 1).reduce((sum, q, i) => sum + q.trials * (resumable ? q.steps - plan.rounds[r + i].steps : q.steps), 0);
      if (beyond && spent + planned + next <= budget) alive.push(beyond);
    }
    if (alive.length <= 1) break;
  }
  // the best of the last round; when its trials all diverged (a longer run blew up), the best of the round before
  // among the lrs that never diverged, and so on
  const divergedLrs = new Set(trials.filter((t) => t.diverged).map((t) => t.lr));
  let r = rankedRounds.length - 1;
  let best: ConfirmTrial | undefined;
  for (; r >= 0 && !best; r--) best = rankedRounds[r].find((t) => !t.diverged && !divergedLrs.has(t.lr));
  r++;
  if (!best) {
    return result(
      null,
      null,
      `every trial diverged or gave a non-finite loss (${trials.length} trials, lr ${formatList(candidates.map((c) => c.lr))})`,
    );
  }
  const fallback = r < rankedRounds.length - 1 ? '; the longer trials of every lr above it diverged' : '';
  const others = rankedRounds[r].filter((t) => t !== best && !divergedLrs.has(t.lr));
  const runnerUp = others[0];
  // the gap as a share of the runner-up's loss: "x% below the runner-up" reads as (runner-up − best) ÷ runner-up
  const margin =
    runnerUp && !runnerUp.diverged && Number.isFinite(runnerUp.loss)
      ? `, ${(((runnerUp.loss - best.loss) / Math.abs(runnerUp.loss || 1)) * 100).toFixed(1)}% below the runner-up (lr ${runnerUp.lr.toExponential(2)}: ${runnerUp.loss.toPrecision(4)})`
      : '';
  return result(
    best.lr,
    best.source,
    `lowest ${basis === 'validation' ? 'validation' : 'held-back'} loss after ${best.steps} steps (${best.loss.toPrecision(4)})${margin}${fallback}`,
  );
}

/**
 * Half a decade beyond the best trial of a round when it is the highest (or lowest) lr tried so far and nothing was
 * tried within half a decade beyond it: the best may lie further out.
 */
function edgeCandidate(ranked: readonly ConfirmTrial[], tried: readonly ConfirmTrial[]): ConfirmCandidate | null {
  const best = ranked.find((t) => !t.diverged);
  if (!best) return null;
  const step = 10 ** 0.5;
  const diverged = new Set(tried.filter((t) => t.diverged).map((t) => t.lr));
  const all = [...new Set(tried.map((t) => t.lr))];
  const finite = all.filter((lr) => !diverged.has(lr));
  const label = best.lr.toExponential(2);
  if (finite.every((lr) => lr <= best.lr) && !all.some((lr) => lr > best.lr && lr <= best.lr * step * 1.0001)) {
    return { lr: best.lr * step, source: `+0.5 decade beyond the best (${label})` };
  }
  if (finite.every((lr) => lr >= best.lr) && !all.some((lr) => lr < best.lr && lr >= (best.lr / step) * 0.9999)) {
    return { lr: best.lr / step, source: `-0.5 decade beyond the best (${label})` };
  }
  return null;
}

function formatList(lrs: readonly number[]): string {
  return lrs.map((lr) => lr.toExponential(1)).join(', ');
}
