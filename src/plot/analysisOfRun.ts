/**
 * A report draws a run with its analysis; an analysis of another run would put the other run's suggestions and
 * smoothed curve on this one's chart, silently. This checks they belong together.
 *
 * @module
 */
import type { Analysis } from '../analysis/analyze.js';
import { recordKeras } from '../analysis/presets/keras.js';
import * as msg from './messages.js';

const same = (a: unknown, b: unknown): boolean => {
  const x = typeof a === 'number' ? a : NaN;
  const y = typeof b === 'number' ? b : NaN;
  return Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
};

/**
 * Assert that `analysis` is an analysis of `run`: every preset's recorded lrs are the run's own (its first
 * `points`; all of them when the recording did not stop), every suggestion points inside the run, and — when the
 * analysis has the Keras preset's result, whose recording depends on the losses alone — its smoothed losses are the
 * run's, recomputed (O(n)). A run that differs only after the point where every preset stopped recording passes: its
 * analysis is the same.
 *
 * @throws {RangeError} naming `fn`, the entry and the first difference.
 * @example
 * assertAnalysisOfRun('writeReport', 'entries[0]', run, analyze(run));      // passes
 * assertAnalysisOfRun('writeReport', 'entries[0]', run, analyze(otherRun)); // throws RangeError "writeReport: entries[0].analysis is not an analysis of its run (…)"
 */
export function assertAnalysisOfRun(
  fn: string,
  entry: string,
  run: { readonly lrs: ArrayLike<number>; readonly losses: ArrayLike<number> },
  analysis: Analysis,
): void {
  const n = run.lrs.length;
  const fail = (what: string): never => {
    throw msg.analysisOfAnotherRun(fn, entry, what);
  };
  for (const result of analysis.results ?? []) {
    const { points, lrs, stopIndex } = result.recording;
    if (points > n) fail(`its ${result.preset} recording has ${points} points, the run ${n}`);
    // a recording that did not stop covered the whole curve it was given
    if (stopIndex === null && points !== n) fail(`its ${result.preset} recording completed with ${points} points, the run has ${n}`);
    for (let i = 0; i < Math.min(points, lrs?.length ?? 0); i++) {
      if (!same(lrs[i], run.lrs[i])) fail(`lr ${i} is ${lrs[i]} in its ${result.preset} recording, ${run.lrs[i]} in the run`);
    }
  }
  for (const [name, s] of Object.entries(analysis.suggestions ?? {})) {
    const index = typeof s === 'object' && s !== null && 'index' in s ? (s as { index: unknown }).index : undefined;
    if (index !== undefined && !(Number.isSafeInteger(index) && (index as number) >= 0 && (index as number) < n)) {
      fail(`suggestion ${name} is at index ${String(index)}, outside the run's ${n} points`);
    }
  }
  const keras = (analysis.results ?? []).find((r) => r.preset === 'keras');
  if (keras === undefined || n === 0) return;
  const mine = recordKeras({ lrs: run.lrs, losses: run.losses });
  if (mine.points !== keras.recording.points) fail(`its keras recording has ${keras.recording.points} points, the run's ${mine.points}`);
  for (let i = 0; i < mine.points; i++) {
    if (!same(keras.recording.smoothed[i], mine.smoothed[i])) {
      fail(`its keras smoothed loss ${i} is ${keras.recording.smoothed[i]}, the run's ${mine.smoothed[i]}`);
    }
  }
}
