/**
 * Schedules built from a range test's analysis in one call.
 *
 * @module
 */
import type { Analysis } from '../analysis/index.js';
import { rangeTestAnswer, type LrAnswer } from '../analysis/lrAnswer.js';
import * as msg from './messages.js';
import { cyclicSchedule, type CyclicOptions } from './cyclicSchedule.js';
import { fitOneCycleSchedule, type FitOneCycleOptions } from './fitOneCycleSchedule.js';
import { oneCycleSchedule, type OneCycleOptions } from './oneCycleSchedule.js';
import type { Schedule } from './types.js';

/**
 * A schedule built from an analysis, with the learning rates taken from it; or, when the analysis has no answer,
 * `schedule: undefined` and the reason.
 */
export type ScheduleFromAnalysis =
  | {
      readonly schedule: Schedule;
      /** The peak lr the schedule uses (the answer, or the top of the slice / band). */
      readonly maxLr: number;
      /** The lower lr: the slice's `lo` for an unfrozen model, the band's for a cyclical schedule; else `null`. */
      readonly minLr: number | null;
      /** Which suggestion the lrs come from (`'lrfind.recommended'`, `'lrfind.slice'`, `'lrfind.range'`). */
      readonly source: string;
      readonly reason: string;
    }
  | { readonly schedule: undefined; readonly source: string; readonly reason: string };

/**
 * What the schedule builders take: lrfind's answer itself, or anything that carries it as `answer` — an analysis
 * (`analyze()`), the result of `lrFind` / `lrFindLoop` / the callback. With confirm trials that is the measured lr.
 */
export type AnswerInput = LrAnswer | { readonly answer: LrAnswer | null; readonly noAnswer?: string } | Analysis;

function isLrAnswer(x: unknown): x is LrAnswer {
  const a = x as Partial<LrAnswer> | null;
  return typeof a === 'object' && a !== null && typeof a.lr === 'number' && Array.isArray(a.range) && typeof a.basis === 'string';
}

/** lrfind's answer of the input, or why there is none; a hand-made analysis without `answer` answers from `choice`. */
function resolve(fn: string, input: AnswerInput): { answer: LrAnswer } | { why: string } {
  if (isLrAnswer(input)) return { answer: input };
  const x = input as Partial<Analysis> | null;
  if (typeof x !== 'object' || x === null) throw msg.notAnAnalysis(fn, input);
  if ('answer' in x) {
    if (x.answer === null) return { why: x.noAnswer ?? 'no answer' };
    if (isLrAnswer(x.answer)) return { answer: x.answer };
    throw msg.notAnAnalysis(fn, input);
  }
  if (typeof x.choice !== 'object' || x.choice === null) throw msg.notAnAnalysis(fn, input);
  const answer = rangeTestAnswer(x.choice);
  return answer ? { answer } : { why: x.choice.reason };
}

/**
 * The peak lr of the answer: `answer.lr` (measured when confirm trials ran), with the slice's bottom as `minLr` for an
 * unfrozen model.
 */
function answer(fn: string, input: AnswerInput): { maxLr: number; minLr: number | null; source: string; reason: string } | { reason: string; source: string } {
  const r = resolve(fn, input);
  if ('why' in r) return { source: 'answer', reason: `${fn}: no answer (${r.why})` };
  const a = r.answer;
  const source = a.basis === 'measured' ? 'answer (measured)' : 'answer (range test)';
  if (a.slice) {
    return { maxLr: a.lr, minLr: a.slice[0], source, reason: `${source}: the slice's top (head) lr is the peak; ${a.reason}` };
  }
  return { maxLr: a.lr, minLr: null, source, reason: `${source}: the answer is the peak lr; ${a.reason}` };
}

/**
 * PyTorch's one-cycle schedule ({@link oneCycleSchedule}) peaking at lrfind's answer.
 *
 * Uses the answer only (`answer.lr`: the measured lr when confirm trials ran): it becomes `maxLr`; for an unfrozen
 * model (`answer.slice: [lo, hi]`) `hi` becomes `maxLr` and `lo` is returned as `minLr`, for {@link sliceLrs} across
 * layer groups. Everything else is `options` (PyTorch's defaults: `divFactor` 25, `pctStart` 0.3). Smith's recipe is the
 * same: the range test's lr is the cycle's maximum.
 *
 * @param analysis - the answer, or what carries it: `analyze()`'s analysis, `lrFind`'s result.
 * @param options - the schedule's options but `maxLr` (`totalSteps`, or `epochs` and `stepsPerEpoch`, required).
 * @returns the schedule with the lrs it uses, or `schedule: undefined` and a reason when there is no answer.
 * @throws {TypeError} when `analysis` is not an analysis; {RangeError} for bad options.
 * @example
 * const { schedule, maxLr } = oneCycleFromAnalysis(analyze(run), { totalSteps: 600 });
 * maxLr;        // => 2.3e-3 (answer.lr)
 * schedule(0);  // => { lr: 9.2e-5, momentum: 0.95 }
 */
export function oneCycleFromAnalysis(analysis: AnswerInput, options: Omit<OneCycleOptions, 'maxLr'>): ScheduleFromAnalysis {
  const a = answer('oneCycleFromAnalysis', analysis);
  if (!('maxLr' in a)) return { schedule: undefined, ...a };
  return { schedule: oneCycleSchedule({ ...options, maxLr: a.maxLr }), ...a };
}

/**
 * fastai's `fit_one_cycle` schedule ({@link fitOneCycleSchedule}) peaking at the analysis' answer — `lr_find`
 * followed by `fit_one_cycle(n, lr_max)`, or `fit_one_cycle(n, slice(lo, hi))` after `unfreeze()`.
 *
 * Uses the answer only, as {@link oneCycleFromAnalysis} does.
 *
 * @param analysis - the answer, or what carries it: `analyze()`'s analysis, `lrFind`'s result.
 * @param options - the preset's options but `lrMax` (`epochs` and `stepsPerEpoch`, or `totalSteps`, required).
 * @returns the schedule with the lrs it uses, or `schedule: undefined` and a reason when there is no answer.
 * @throws {TypeError} when `analysis` is not an analysis; {RangeError} for bad options.
 * @example
 * const { schedule } = fitOneCycleFromAnalysis(analyze(run), { epochs: 3, stepsPerEpoch: 200 });
 * schedule(150); // => { lr: 2.3e-3, momentum: 0.85 } (the peak, at pct_start 0.25)
 */
export function fitOneCycleFromAnalysis(analysis: AnswerInput, options: Omit<FitOneCycleOptions, 'lrMax'>): ScheduleFromAnalysis {
  const a = answer('fitOneCycleFromAnalysis', analysis);
  if (!('maxLr' in a)) return { schedule: undefined, ...a };
  return { schedule: fitOneCycleSchedule({ ...options, lrMax: a.maxLr }), ...a };
}

/**
 * A cyclical schedule ({@link cyclicSchedule}) between the ends of the answer's range of good lrs — Smith's use of the
 * test: `baseLr` and `maxLr` are `answer.range` (lrfind's steep-descent band for a range-test answer, the measured
 * good region for a measured one; a measured region of one lr falls back to the range test's band).
 *
 * @param analysis - the answer, or what carries it: `analyze()`'s analysis, `lrFind`'s result.
 * @param options - the schedule's options but the two bounds.
 * @returns the schedule with the bounds it uses, or `schedule: undefined` and a reason when there is no range.
 * @throws {TypeError} when `analysis` is not an analysis; {RangeError} for bad options.
 * @example
 * const { schedule, minLr, maxLr } = cyclicFromAnalysis(analyze(run), { stepSizeUp: 400 });
 * [minLr, maxLr]; // => [1.1e-3, 5.9e-3] (answer.range)
 */
export function cyclicFromAnalysis(analysis: AnswerInput, options: Omit<CyclicOptions, 'baseLr' | 'maxLr'> = {}): ScheduleFromAnalysis {
  const fn = 'cyclicFromAnalysis';
  const r = resolve(fn, analysis);
  if ('why' in r) return { schedule: undefined, source: 'answer.range', reason: `${fn}: no answer (${r.why})` };
  const a = r.answer;
  // the answer's range of good lrs; a measured range of one lr falls back to the range test's band
  const [baseLr, maxLr] = a.range[0] < a.range[1] ? a.range : a.rangeTest && a.rangeTest.range[0] < a.rangeTest.range[1] ? a.rangeTest.range : a.range;
  if (!(baseLr < maxLr)) {
    return { schedule: undefined, source: 'answer.range', reason: `${fn}: no range to cycle in (the answer's range is the single lr ${a.lr})` };
  }
  const source = a.range[0] < a.range[1] ? 'answer.range' : 'answer.rangeTest.range';
  return {
    schedule: cyclicSchedule({ ...options, baseLr, maxLr }),
    maxLr,
    minLr: baseLr,
    source,
    reason: `${source}: the range's ends are the cycle's bounds`,
  };
}

/**
 * The schedules {@link scheduleFromAnalysis} builds, by name (the CLI's `--schedule` values).
 *
 * @example
 * SCHEDULE_KINDS; // => ['one-cycle', 'fit-one-cycle', 'cyclic']
 */
export const SCHEDULE_KINDS = Object.freeze(['one-cycle', 'fit-one-cycle', 'cyclic'] as const);

/** A name of {@link SCHEDULE_KINDS}. */
export type ScheduleKindName = (typeof SCHEDULE_KINDS)[number];

/**
 * A schedule of `totalSteps` steps built from an analysis by name, with each builder's defaults:
 * `'one-cycle'` ({@link oneCycleFromAnalysis}, PyTorch's defaults), `'fit-one-cycle'` ({@link fitOneCycleFromAnalysis},
 * one epoch of `totalSteps`) or `'cyclic'` ({@link cyclicFromAnalysis}, two triangular cycles: `stepSizeUp =
 * round(totalSteps / 4)`).
 *
 * @param analysis - the result of `analyze()`.
 * @param kind - one of {@link SCHEDULE_KINDS}.
 * @param totalSteps - the training's steps.
 * @returns as the builder named.
 * @throws {RangeError} for an unknown kind or a bad `totalSteps`; {TypeError} for a bad analysis.
 * @example
 * scheduleFromAnalysis(analysis, 'cyclic', 400).reason; // => "answer.range: the range's ends are the cycle's bounds"
 */
export function scheduleFromAnalysis(analysis: AnswerInput, kind: ScheduleKindName, totalSteps: number): ScheduleFromAnalysis {
  if (kind === 'one-cycle') return oneCycleFromAnalysis(analysis, { totalSteps });
  if (kind === 'fit-one-cycle') return fitOneCycleFromAnalysis(analysis, { totalSteps });
  if (kind === 'cyclic') {
    if (!Number.isSafeInteger(totalSteps) || totalSteps < 1) {
      throw msg.integerTooSmall('scheduleFromAnalysis', 'totalSteps', totalSteps, 1);
    }
    return cyclicFromAnalysis(analysis, { stepSizeUp: Math.max(1, Math.round(totalSteps / 4)) });
  }
  throw msg.unknownKind(SCHEDULE_KINDS, kind);
}
