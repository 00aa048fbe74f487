/**
 * Schedules built from a range test's analysis in one call.
 *
 * @module
 */
import type { Analysis, RangeSuggestion, Suggestion } from '../analysis/index.js';
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

function isRange(s: Suggestion): s is RangeSuggestion {
  return s !== null && 'range' in s;
}

function assertAnalysis(fn: string, analysis: unknown): asserts analysis is Analysis {
  const a = analysis as Partial<Analysis> | null;
  if (typeof a !== 'object' || a === null || typeof a.choice !== 'object' || a.choice === null || typeof a.suggestions !== 'object') {
    throw msg.notAnAnalysis(fn, analysis);
  }
}

/**
 * The peak lr of the answer: `choice.suggestion` — its `lr` for a frozen (or unspecified) model, the top of its
 * slice (`range[1]`, the head's lr) for an unfrozen one, with the slice's bottom as `minLr`.
 */
function answer(fn: string, analysis: Analysis): { maxLr: number; minLr: number | null; source: string; reason: string } | { reason: string; source: string } {
  assertAnalysis(fn, analysis);
  const { suggestion, name, reason } = analysis.choice;
  if (suggestion === null) return { source: name, reason: `${fn}: the analysis has no answer (${reason})` };
  if (isRange(suggestion)) {
    return { maxLr: suggestion.range[1], minLr: suggestion.range[0], source: name, reason: `${name}: the slice's top (head) lr is the peak; ${reason}` };
  }
  return { maxLr: suggestion.lr, minLr: null, source: name, reason: `${name}: the answer is the peak lr; ${reason}` };
}

/**
 * PyTorch's one-cycle schedule ({@link oneCycleSchedule}) peaking at the analysis' answer.
 *
 * Uses `analysis.choice.suggestion` only: its `lr` becomes `maxLr`; for an unfrozen model (a slice
 * `{ range: [lo, hi] }`) `hi` becomes `maxLr` and `lo` is returned as `minLr`, for {@link sliceLrs} across layer
 * groups. Everything else is `options` (PyTorch's defaults: `divFactor` 25, `pctStart` 0.3). Smith's recipe is the
 * same: the range test's lr is the cycle's maximum.
 *
 * @param analysis - the result of `analyze()` on the range test.
 * @param options - the schedule's options but `maxLr` (`totalSteps`, or `epochs` and `stepsPerEpoch`, required).
 * @returns the schedule with the lrs it uses, or `schedule: undefined` and a reason when there is no answer.
 * @throws {TypeError} when `analysis` is not an analysis; {RangeError} for bad options.
 * @example
 * const { schedule, maxLr } = oneCycleFromAnalysis(analyze(run), { totalSteps: 600 });
 * maxLr;        // => 2.3e-3 (choice.suggestion.lr)
 * schedule(0);  // => { lr: 9.2e-5, momentum: 0.95 }
 */
export function oneCycleFromAnalysis(analysis: Analysis, options: Omit<OneCycleOptions, 'maxLr'>): ScheduleFromAnalysis {
  const a = answer('oneCycleFromAnalysis', analysis);
  if (!('maxLr' in a)) return { schedule: undefined, ...a };
  return { schedule: oneCycleSchedule({ ...options, maxLr: a.maxLr }), ...a };
}

/**
 * fastai's `fit_one_cycle` schedule ({@link fitOneCycleSchedule}) peaking at the analysis' answer — `lr_find`
 * followed by `fit_one_cycle(n, lr_max)`, or `fit_one_cycle(n, slice(lo, hi))` after `unfreeze()`.
 *
 * Uses `analysis.choice.suggestion` only, as {@link oneCycleFromAnalysis} does.
 *
 * @param analysis - the result of `analyze()` on the range test.
 * @param options - the preset's options but `lrMax` (`epochs` and `stepsPerEpoch`, or `totalSteps`, required).
 * @returns the schedule with the lrs it uses, or `schedule: undefined` and a reason when there is no answer.
 * @throws {TypeError} when `analysis` is not an analysis; {RangeError} for bad options.
 * @example
 * const { schedule } = fitOneCycleFromAnalysis(analyze(run), { epochs: 3, stepsPerEpoch: 200 });
 * schedule(150); // => { lr: 2.3e-3, momentum: 0.85 } (the peak, at pct_start 0.25)
 */
export function fitOneCycleFromAnalysis(analysis: Analysis, options: Omit<FitOneCycleOptions, 'lrMax'>): ScheduleFromAnalysis {
  const a = answer('fitOneCycleFromAnalysis', analysis);
  if (!('maxLr' in a)) return { schedule: undefined, ...a };
  return { schedule: fitOneCycleSchedule({ ...options, lrMax: a.maxLr }), ...a };
}

/**
 * A cyclical schedule ({@link cyclicSchedule}) between the bounds of the range test's band — Smith's use of the
 * test: `baseLr` and `maxLr` are the ends of `analysis.suggestions['lrfind.range']` (the steep-descent band; the
 * key `range` when the analysis ran the `lrfind` preset alone). Nothing else of the analysis is used.
 *
 * @param analysis - the result of `analyze()` on the range test (with the `lrfind` preset's suggestions).
 * @param options - the schedule's options but the two bounds.
 * @returns the schedule with the bounds it uses, or `schedule: undefined` and a reason when there is no band.
 * @throws {TypeError} when `analysis` is not an analysis; {RangeError} for bad options.
 * @example
 * const { schedule, minLr, maxLr } = cyclicFromAnalysis(analyze(run), { stepSizeUp: 400 });
 * [minLr, maxLr]; // => [1.1e-3, 5.9e-3] (suggestions['lrfind.range'].range)
 */
export function cyclicFromAnalysis(analysis: Analysis, options: Omit<CyclicOptions, 'baseLr' | 'maxLr'> = {}): ScheduleFromAnalysis {
  const fn = 'cyclicFromAnalysis';
  assertAnalysis(fn, analysis);
  const key = 'lrfind.range' in analysis.suggestions ? 'lrfind.range' : analysis.preset === 'lrfind' ? 'range' : 'lrfind.range';
  const band = analysis.suggestions[key] ?? null;
  if (!isRange(band)) {
    const why = analysis.reasons?.[key] ?? 'the analysis did not run the lrfind preset';
    return { schedule: undefined, source: 'lrfind.range', reason: `${fn}: no band to cycle in (${why})` };
  }
  const [baseLr, maxLr] = band.range;
  return {
    schedule: cyclicSchedule({ ...options, baseLr, maxLr }),
    maxLr,
    minLr: baseLr,
    source: 'lrfind.range',
    reason: `lrfind.range: the band's ends are the cycle's bounds`,
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
 * scheduleFromAnalysis(analysis, 'cyclic', 400).reason; // => 'lrfind.range: the band's ends are the cycle's bounds'
 */
export function scheduleFromAnalysis(analysis: Analysis, kind: ScheduleKindName, totalSteps: number): ScheduleFromAnalysis {
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
