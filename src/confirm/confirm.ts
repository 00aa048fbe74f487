/**
 * Confirm trials, framework-free: after a range test, train short trials at the best candidate lrs (lrfind's answer,
 * its range, the anchors' picks, neighbours half a decade either side), prune them by successive halving, and answer
 * with the lr whose trial reached the lowest validation loss. The caller's `trial(lr, steps)` does the training; the
 * tfjs `lrFind(…, { confirm })` supplies one for tfjs models.
 *
 * @module
 */
import type { Analysis } from '../analysis/analyze.js';
import type { Suggestion } from '../analysis/types.js';
import { describeValue, LrfindError } from '../errors.js';
import * as msg from '../recorder/messages.js';
import type { RangeTestProgress } from '../runs/progress.js';

/** What a {@link TrialFunction} may return instead of a bare validation loss. */
export interface TrialOutcome {
  /** Validation loss after the trial (NaN / ±Infinity when it could not be measured). */
  readonly loss: number;
  /** Steps actually trained, when the trial stopped early (a divergence). __Default value:__ the steps asked for */
  readonly steps?: number;
  /** The training diverged: the trial ranks last whatever its loss. __Default value:__ `false` */
  readonly diverged?: boolean;
  /**
   * Steps this call trained, when it resumed an earlier trial of the same lr instead of starting again (the trial is
   * then `steps` long, but cost only these). __Default value:__ `steps`
   */
  readonly trained?: number;
}

/** What a trial is told besides its lr and length. */
export interface TrialInfo {
  /** Successive-halving round (0 first). */
  readonly round: number;
  /** Index of the trial among all the trials run so far (0 first). */
  readonly index: number;
  /** The caller's abort signal, if any: a long trial may check it between its steps. */
  readonly signal?: AbortSignal;
  /** The last round: no longer trial of this lr will follow (a resumable trial need not keep its state). */
  readonly final: boolean;
}

/**
 * One trial: train from the SAME saved state (the model as it was before the range test) at constant learning rate
 * `lr` for `steps` steps, on the same batches as every other trial, then return the validation loss (or a
 * {@link TrialOutcome}). Restoring the model afterwards is the caller's job.
 */
export type TrialFunction = (lr: number, steps: number, info: TrialInfo) => number | TrialOutcome | Promise<number | TrialOutcome>;

/** A learning rate to try, and who proposed it. */
export interface ConfirmCandidate {
  readonly lr: number;
  /** Who proposed it: suggestion names (`lrfind.recommended`, `fastai.valley`, …), `-0.5 decade`, `given`; comma-joined. */
  readonly source: string;
}

/** One trial as run. */
export interface ConfirmTrial {
  readonly lr: number;
  readonly source: string;
  /** Successive-halving round (0 first; the last round's best is the answer). */
  readonly round: number;
  /** Steps trained (fewer than asked when the trial diverged and stopped early). */
  readonly steps: number;
  /** Validation loss at the end of the trial; NaN when not measurable. */
  readonly loss: number;
  /** The training diverged or the loss was not finite: ranks last. */
  readonly diverged: boolean;
  /** Went on to the next round (or, in the last round, is the answer). */
  readonly kept: boolean;
}

/** Where the trials' validation loss came from. */
export type ConfirmBasis = 'validation' | 'held-back';

/** The result of the confirm trials: `lr` is the measured answer. */
export interface Confirmation {
  /** The lr whose trial reached the lowest validation loss in the last round; `null` when every trial diverged. */
  readonly lr: number | null;
  /** Who proposed the winner (as in {@link ConfirmCandidate.source}); `null` with `lr`. */
  readonly source: string | null;
  /** Why this lr, or why none. */
  readonly reason: string;
  /** Every trial run, in order (a candidate kept by a round appears again, longer, in the next). */
  readonly trials: readonly ConfirmTrial[];
  /** Training steps spent in the trials, in total. */
  readonly steps: number;
  /** The step budget the trials were planned for. */
  readonly budget: number;
  /** `'validation'`: the caller's validation data; `'held-back'`: a slice of the training data the trials never trained on. */
  readonly basis: ConfirmBasis;
}

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
  /** Each round keeps 1/`eta` of the trials (at least 2) and trains them `eta` times longer. __Default value:__ {@link DEFAULT_ETA} */
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

/**
 * Default pruning factor of the successive halving: each round keeps 1/η of the trials, η times longer.
 * @example
 * confirmPlan(8, { budget: 240, eta: DEFAULT_ETA }).rounds.map((r) => r.trials); // => [8, 4, 2]
 */
export const DEFAULT_ETA = 2;

/** Options of {@link confirmCandidates}. */
export interface ConfirmCandidatesOptions {
  /** At most this many candidates (highest priority first). __Default value:__ `8` */
  readonly max?: number;
  /** Candidates closer than this (in decades) to one already taken are merged into it. __Default value:__ `0.2` */
  readonly minSpacing?: number;
}

/** The anchors' picks, in priority order after lrfind's own (the evaluation's better methods first). */
const ANCHOR_ORDER = [
  'fastai.minimum',
  'keras.minLossDiv10',
  'fastai1.minLossDiv10',
  'fastai.valley',
  'torch-lr-finder.steepest',
  'fastai.steep',
  'fastai.slide',
  'fastai1.minGrad',
  'keras.minGrad',
  'lightning.steepest',
  'inflection.frozen',
  'inflection.frozenLowerBound',
  'lrfind.steepest',
  'lrfind.minimumDiv10',
];

const isLr = (s: Suggestion | undefined): s is { lr: number; index: number } =>
  s !== null && s !== undefined && 'lr' in s && Number.isFinite(s.lr) && s.lr > 0;
const isRange = (s: Suggestion | undefined): s is { range: readonly [number, number]; indices: readonly [number, number] } =>
  s !== null && s !== undefined && 'range' in s;

/**
 * The candidate lrs of an analysis, in priority order: lrfind's answer (`choice`), half a decade either side of it,
 * the ends of lrfind's range, then the anchors' distinct picks. Candidates within `minSpacing` decades of one already
 * taken join it (their names are added to its `source`).
 *
 * @example
 * confirmCandidates(analysis).map((c) => c.source);
 * // => ['lrfind.recommended, fastai.valley', '-0.5 decade', '+0.5 decade', 'lrfind.range (low)', 'fastai.minimum', …]
 */
export function confirmCandidates(analysis: Analysis, options: ConfirmCandidatesOptions = {}): ConfirmCandidate[] {
  const { max = 8, minSpacing = 0.2 } = options;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(`confirmCandidates: max must be an integer >= 1 (got ${describeValue(max)})`);
  }
  if (!(minSpacing >= 0) || !Number.isFinite(minSpacing)) {
    throw new RangeError(`confirmCandidates: minSpacing must be a number >= 0 (got ${describeValue(minSpacing)})`);
  }
  const proposals: ConfirmCandidate[] = [];
  const { choice, suggestions } = analysis;
  let centre: number | null = null;
  if (isLr(choice.suggestion)) {
    centre = choice.suggestion.lr;
    proposals.push({ lr: centre, source: choice.name });
  } else if (isRange(choice.suggestion)) {
    // a slice: its top end is the head's lr
    proposals.push({ lr: choice.suggestion.range[1], source: `${choice.name} (high)` });
    proposals.push({ lr: choice.suggestion.range[0], source: `${choice.name} (low)` });
    centre = choice.suggestion.range[1];
  }
  const anchors = ANCHOR_ORDER.map((name) => ({ name, s: suggestions[name] }))
    .concat(Object.keys(suggestions).filter((n) => !ANCHOR_ORDER.includes(n)).map((name) => ({ name, s: suggestions[name] })))
    .filter((a) => isLr(a.s) && a.name !== choice.name);
  if (centre === null && anchors.length > 0) {
    // no answer of lrfind's own: centre on the median of the anchors' picks
    const logs = anchors.map((a) => Math.log10((a.s as { lr: number }).lr)).sort((a, b) => a - b);
    centre = 10 ** logs[Math.floor((logs.length - 1) / 2)];
  }
  // where the loss bottoms out (lrfind's clean curve, else fastai's): constant-lr training at a fixed budget is
  // often best between a tenth of it and it, so that stretch is tried too
  const minDiv10 = [suggestions['lrfind.minimumDiv10'], suggestions['fastai.minimum']].find(isLr);
  const lossMin = minDiv10 ? minDiv10.lr * 10 : null;
  if (lossMin !== null) proposals.push({ lr: lossMin / 10 ** 0.5, source: 'loss minimum / 3.2' });
  if (centre !== null) {
    proposals.push({ lr: centre / 10 ** 0.5, source: '-0.5 decade' });
    proposals.push({ lr: centre * 10 ** 0.5, source: '+0.5 decade' });
  }
  if (lossMin !== null) {
    proposals.push({ lr: lossMin / 10, source: 'loss minimum / 10' });
    proposals.push({ lr: lossMin, source: 'loss minimum' });
  }
  const range = suggestions['lrfind.range'];
  if (isRange(range) && range.range[0] !== range.range[1]) {
    proposals.push({ lr: range.range[0], source: 'lrfind.range (low)' });
    proposals.push({ lr: range.range[1], source: 'lrfind.range (high)' });
  }
  for (const a of anchors) proposals.push({ lr: (a.s as { lr: number }).lr, source: a.name });
  return mergeCandidates(proposals, max, minSpacing);
}

function mergeCandidates(proposals: readonly ConfirmCandidate[], max: number, minSpacing: number): ConfirmCandidate[] {
  const taken: { lr: number; sources: string[] }[] = [];
  for (const p of proposals) {
    if (!(p.lr > 0) || !Number.isFinite(p.lr)) continue;
    const near = taken.find((t) => Math.abs(Math.log10(t.lr / p.lr)) < minSpacing - 1e-12);
    if (near) {
      if (!near.sources.includes(p.source)) near.sources.push(p.source);
    } else if (taken.length < max) {
      taken.push({ lr: p.lr, sources: [p.source] });
    }
  }
  return taken.map((t) => ({ lr: t.lr, source: t.sources.join(', ') }));
}

/** The successive-halving plan: candidates per round (`n`, `⌈n/η⌉`, … down to 2, or one round for one candidate). */
function roundSizes(k: number, eta: number): number[] {
  const sizes = [k];
  while (sizes[sizes.length - 1] > 2) sizes.push(Math.max(2, Math.ceil(sizes[sizes.length - 1] / eta)));
  return sizes;
}

/**
 * The plan of {@link confirmLr} for `k` candidates: the first-round trial length and the steps of each round
 * (trials double in length every round; each round keeps the better half).
 *
 * @returns `{ steps, rounds: [{ trials, steps }], total }`; `steps` is 0 when the budget cannot pay one step a trial.
 * @example
 * confirmPlan(8, { budget: 300 });
 * // => { steps: 12, rounds: [{ trials: 8, steps: 12 }, { trials: 4, steps: 24 }, { trials: 2, steps: 48 }], total: 288 }
 */
export function confirmPlan(
  k: number,
  options: { budget?: number; steps?: number; rangeTestSteps?: number; eta?: number; resumable?: boolean; extend?: boolean } = {},
): { steps: number; rounds: { trials: number; steps: number }[]; total: number } {
  const eta = options.eta ?? DEFAULT_ETA;
  const sizes = roundSizes(k, eta);
  // a round's cost per trial: its length, or (resumed) what it adds to the previous round's
  const unit = (r: number): number => (options.resumable && r > 0 ? eta ** r - eta ** (r - 1) : eta ** r);
  // room for one more trial in the second round: a candidate beyond the edge the first round's best sits on
  const reserve = options.extend !== false && sizes.length > 1 ? eta : 0;
  const weight = sizes.reduce((sum, n, r) => sum + n * unit(r), 0) + reserve;
  const budget = options.budget ?? (options.steps === undefined ? 3 * (options.rangeTestSteps ?? 100) : Infinity);
  const steps = options.steps ?? Math.floor(budget / weight);
  const rounds: { trials: number; steps: number }[] = [];
  let total = 0;
  for (const [r, n] of sizes.entries()) {
    const cost = n * steps * unit(r);
    if (steps < 1 || total + cost > budget) break;
    rounds.push({ trials: n, steps: steps * eta ** r });
    total += cost;
  }
  return { steps: rounds.length > 0 ? steps : 0, rounds, total };
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
