/**
 * The answer of an analysis as people read it: which suggestion each tool would answer with, how lrs are written,
 * one wording for steps / recorded points / the stop, suggestions that deserve a warning, and the JSON form of an
 * analysis (what `lrfind analyze --json` prints). Pure.
 *
 * @module
 */
import type { Confidence } from './presets/lrfind.js';
import type { PresetName, PresetResult } from './presets/types.js';
import { suggestionCentre } from './spread.js';
import type { Recording, Suggestion } from './types.js';
import { MEASURE_HINT, type LrAnswer } from './lrAnswer.js';


/**
 * Each tool's own default answer: what it prints or draws when you run it with no options. fastai v2 →
 * `valley` (`SuggestionMethod.Valley`, the default of `lr_find`), fastai v1 → `minGrad` (the red dot of
 * `recorder.plot(suggestion=True)`), pytorch-lr-finder and Lightning → `steepest`, the Keras recipe →
 * `minLossDiv10`, the fastai-forum inflection method → `frozen` (or `unfrozen`, a slice, for an unfrozen model),
 * lrfind → `recommended` (or `slice`).
 *
 * @param preset - the tool.
 * @param frozen - the model's state (`false`: unfrozen, a slice where the tool has one).
 * @returns the suggestion name, without the `preset.` prefix.
 * @example
 * presetAnswerName('fastai');             // => 'valley'
 * presetAnswerName('inflection', false);  // => 'unfrozen'
 */
export function presetAnswerName(preset: PresetName, frozen?: boolean): string {
  switch (preset) {
    case 'fastai':
      return 'valley';
    case 'fastai1':
      return 'minGrad';
    case 'torch-lr-finder':
    case 'lightning':
      return 'steepest';
    case 'keras':
      return 'minLossDiv10';
    case 'inflection':
      return frozen === false ? 'unfrozen' : 'frozen';
    case 'lrfind':
      return frozen === false ? 'slice' : 'recommended';
  }
}

/**
 * A learning rate as the CLI and the report write it: numbers from 1 up as plain decimals (`1.9`, `10`), smaller
 * ones in short scientific form (`1.23e-3`).
 *
 * @param lr - the learning rate.
 * @param digits - digits after the mantissa's decimal point (plain decimals keep `digits + 1` significant digits).
 *   __Default value:__ `2`
 * @example
 * formatLr(0.001234); // => '1.23e-3'
 * formatLr(1.9);      // => '1.9'
 * formatLr(10);       // => '10'
 * formatLr(NaN);      // => 'NaN'
 */
export function formatLr(lr: number, digits = 2): string {
  if (!Number.isFinite(lr)) return String(lr);
  const rounded = Number(lr.toPrecision(digits + 1));
  if (rounded >= 1 && rounded < 1e6) return String(rounded);
  return lr.toExponential(digits).replace('e+', 'e');
}

/**
 * A suggestion in words: `1.23e-3`, `1.00e-4 … 1.00e-2`, or `—` for none.
 *
 * @example
 * formatSuggestion({ range: [1e-4, 1e-2], indices: [3, 40] }); // => '1.00e-4 … 1.00e-2'
 * formatSuggestion(null);                                      // => '—'
 */
export function formatSuggestion(s: Suggestion, digits = 2): string {
  if (s === null) return '—';
  if ('range' in s) return `${formatLr(s.range[0], digits)} … ${formatLr(s.range[1], digits)}`;
  return formatLr(s.lr, digits);
}

/**
 * The one wording of a run's length and stop, used by `analyze`, `compare`, `report`, the chart subtitle and the HTML
 * report: steps trained (of those planned), why it stopped (the driver's own stop reason when the run records one,
 * else the method's stop rule), and how many points the analysis reads when it reads fewer than were trained.
 *
 * @param steps - steps trained: the run's length.
 * @param recording - the method's recording (its stop rule applied).
 * @param run - the driver's view: the steps it planned (`meta.numIt`) and why it stopped (`run.stopReason`).
 * @example
 * describeRecording(82, { points: 80, stopIndex: 79, stopReason: 'diverged' }, { planned: 100, stopReason: 'diverged' });
 * // => '82 of 100 steps (stopped: diverged), the first 80 analyzed'
 * describeRecording(100, { points: 100, stopIndex: null, stopReason: 'completed' }); // => '100 steps'
 */
export function describeRecording(
  steps: number,
  recording: Pick<Recording, 'points' | 'stopIndex' | 'stopReason'>,
  run: { readonly planned?: unknown; readonly stopReason?: string | undefined } = {},
): string {
  const planned = typeof run.planned === 'number' && Number.isFinite(run.planned) && run.planned > steps ? ` of ${run.planned}` : '';
  const reason = run.stopReason ?? (recording.stopIndex === null ? null : recording.stopReason);
  const stop = reason && reason !== 'completed' ? ` (stopped: ${reason})` : '';
  const used = recording.points < steps ? `, the first ${recording.points} analyzed` : '';
  return `${steps}${planned} step${steps === 1 && !planned ? '' : 's'}${stop}${used}`;
}

/**
 * The answer block of `analyze`, `run` and the HTML report, as `[label, text]` rows: the answer (measured or the
 * range-test estimate), the slice of an unfrozen model, the range, the confidence and its evidence, why, the range-test
 * estimate under a measured answer, and the next step when there is one.
 *
 * @example
 * answerRows(analyze(run)).map(([label]) => label); // => ['answer', 'range', 'confidence', 'why', 'next']
 */
export function answerRows(analysis: { readonly answer: LrAnswer | null; readonly noAnswer?: string }): [string, string][] {
  const a = analysis.answer;
  if (a === null) return [['answer', `none — ${analysis.noAnswer ?? 'no answer'}`]];
  const rows: [string, string][] = [['answer', `${formatLr(a.lr)}  (${a.basis === 'measured' ? 'measured by short trials' : 'range-test estimate'})`]];
  if (a.slice) rows.push(['slice', `${formatLr(a.slice[0])} … ${formatLr(a.slice[1])}  (body … head, discriminative lrs)`]);
  rows.push(['range', `${formatLr(a.range[0])} … ${formatLr(a.range[1])}`]);
  rows.push(['confidence', `${a.confidence} — ${a.confidenceReason}`]);
  rows.push(['why', a.reason]);
  if (a.rangeTest) {
    const e = a.rangeTest;
    rows.push(['range test', `${formatLr(e.lr)}  (range ${formatLr(e.range[0])} … ${formatLr(e.range[1])}, ${e.confidence} confidence; the estimate the trials started from)`]);
  }
  if (a.next) rows.push(['next', a.next]);
  return rows;
}

/** The parts of an analysis the answer helpers read (an {@link Analysis} has them all). */
export interface AnalysisLike {
  readonly preset: PresetName | null;
  readonly points: number;
  readonly suggestions: Readonly<Record<string, Suggestion>>;
  readonly reasons: Readonly<Record<string, string>>;
  readonly candidates: unknown;
  readonly candidatesFrom?: PresetName | null;
  readonly choice: {
    readonly name: string;
    readonly suggestion: Suggestion;
    readonly reason: string;
    readonly range?: Extract<Suggestion, { range: unknown }> | null;
    readonly confidence?: Confidence | null;
    readonly confidenceReason?: string;
  };
  readonly results: readonly PresetResult[];
}

/**
 * How far from the other suggestions (in decades, from the median of theirs) a suggestion is flagged.
 *
 * @example
 * OUTLIER_DECADES; // => 2
 */
export const OUTLIER_DECADES = 2;

/**
 * Suggestions that deserve a second look, with the reason: past the stop (lr above the lr where the drawn method's
 * recording stopped), at the first recorded point (the method found nothing better than where the sweep began), or
 * more than {@link OUTLIER_DECADES} decades from the median of the others. Flagged, never hidden.
 *
 * @param analysis - an analysis.
 * @param lrs - the run's learning rates (to place the stop).
 * @returns reasons by suggestion name; suggestions with no flag are absent.
 * @example
 * suggestionFlags(analyze(run), run.lrs)['lightning.steepest']; // => 'at the first recorded point'
 */
export function suggestionFlags(analysis: AnalysisLike, lrs: ArrayLike<number>): Record<string, string> {
  const flags: Record<string, string> = {};
  const main = analysis.results[0]?.recording;
  const stopLr = main && main.stopIndex !== null && main.stopIndex < lrs.length ? lrs[main.stopIndex] : null;
  const centres = new Map<string, number>();
  for (const [name, s] of Object.entries(analysis.suggestions)) {
    const c = suggestionCentre(s);
    if (c !== null && c > 0 && Number.isFinite(c)) centres.set(name, Math.log10(c));
  }
  for (const [name, s] of Object.entries(analysis.suggestions)) {
    if (s === null) continue;
    const why: string[] = [];
    const top = 'range' in s ? s.range[1] : s.lr;
    if (stopLr !== null && top > stopLr * (1 + 1e-9)) why.push(`past the stop (step ${main.stopIndex})`);
    const first = 'range' in s ? s.indices[0] : s.index;
    if (first === 0) why.push('at the first recorded point');
    const own = centres.get(name);
    const others = [...centres].filter(([n]) => n !== name).map(([, v]) => v).sort((a, b) => a - b);
    if (own !== undefined && others.length >= 2) {
      const m = others.length >> 1;
      const median = others.length % 2 ? others[m] : (others[m - 1] + others[m]) / 2;
      const d = own - median;
      if (Math.abs(d) > OUTLIER_DECADES) {
        why.push(`${Math.abs(d).toFixed(1)} decades ${d > 0 ? 'above' : 'below'} the others`);
      }
    }
    if (why.length) flags[name] = why.join('; ');
  }
  return flags;
}

/** The answer of an analysis: the suggestion, the range that goes with it, and how sure it is (see `Choice`). */
export interface Answer {
  /** The suggestion name (`lrfind.recommended`, `valley` under `--preset fastai`, …). */
  readonly name: string;
  readonly suggestion: Suggestion;
  /** The range of good lrs around it (lrfind's steep-descent band), or `null`. */
  readonly range: Extract<Suggestion, { range: unknown }> | null;
  /** How sure the answer is: lrfind's own answer only; `null` for a tool's answer and for no answer. */
  readonly confidence: Confidence | null;
  readonly confidenceReason: string;
  readonly reason: string;
}

/**
 * The answer of an analysis (its `choice`), with the fields every consumer reads.
 *
 * @example
 * answerOf(analyze(run)).name; // => 'lrfind.recommended'
 */
export function answerOf(analysis: AnalysisLike): Answer {
  const c = analysis.choice;
  return {
    name: c.name,
    suggestion: c.suggestion,
    range: c.range ?? null,
    confidence: c.confidence ?? null,
    confidenceReason: c.confidenceReason ?? '',
    reason: c.reason,
  };
}

/**
 * What the text output and the HTML report add under a range-test estimate that is not `high`: measure it (on the
 * evaluation corpus the measured lr has less than half the range-test estimate's regret). The same text as
 * `answer.next`.
 *
 * @example
 * LOW_CONFIDENCE_HINT.startsWith('measure it'); // => true
 */
export const LOW_CONFIDENCE_HINT = MEASURE_HINT;

/**
 * The next step to suggest for an answer: {@link LOW_CONFIDENCE_HINT} when it is `low` and the run has no confirm
 * trials yet, else `null` (an {@link LrAnswer} carries its own as `next`).
 *
 * @example
 * nextStep(answerOf(analyze(run)), run.confirmation !== undefined); // => null for a high-confidence answer
 */
export function nextStep(answer: Pick<Answer, 'confidence'>, hasTrials: boolean): string | null {
  return answer.confidence === 'low' && !hasTrials ? LOW_CONFIDENCE_HINT : null;
}

/** Where a run came from, as `analyze --json` reports it (see `runSource` in the recorder). */
export interface SourceInfo {
  /** The format read: `lrfind`, `fastai`, `torch-lr-finder`, `csv`, … */
  readonly format: string;
  /** True when the file held smoothed losses and the raw ones were recovered by inverting the smoothing. */
  readonly rawLossesRecovered: boolean;
  /** One line in words. */
  readonly description: string;
}

/** The JSON document of an analysis: what `lrfind analyze --json` prints. */
export interface AnalysisJson {
  /** lrfind's one answer (measured when the run has confirm trials); `null` with `noAnswer` saying why. */
  readonly answer: LrAnswer | null;
  readonly noAnswer?: string;
  readonly preset: PresetName | null;
  /** Steps trained (the run's length). */
  readonly steps: number | null;
  /** Steps the driver planned (`meta.numIt`), when known. */
  readonly plannedSteps: number | null;
  /** Points the analysis reads (up to its method's stop). */
  readonly points: number;
  /** Index of the point where the method's stop rule cut the curve, or `null`. */
  readonly stopIndex: number | null;
  /** Why the run stopped: the driver's own reason when the run records one, else the method's stop rule's. */
  readonly stopReason: string | null;
  readonly source: SourceInfo | null;
  readonly choice: Answer;
  readonly suggestions: Readonly<Record<string, Suggestion>>;
  readonly reasons: Readonly<Record<string, string>>;
  readonly flags: Readonly<Record<string, string>>;
  readonly candidates: unknown;
  readonly candidatesFrom: PresetName | null;
}

/**
 * The JSON form of an analysis (no curves: the suggestions, their reasons and flags, the answer, the stop).
 *
 * @param analysis - an analysis.
 * @param run - the run's lrs (for the step count and the flags) and, optionally, its source.
 * @example
 * JSON.stringify(analysisToJson(analyze(run), { lrs: run.lrs }));
 * // => '{"preset":null,"steps":100,"points":85,…,"choice":{"name":"lrfind.recommended",…},…}'
 */
export function analysisToJson(
  analysis: AnalysisLike & { readonly answer: LrAnswer | null; readonly noAnswer?: string },
  run: {
    readonly lrs: ArrayLike<number>;
    readonly source?: SourceInfo | null;
    readonly stopReason?: string;
    readonly meta?: { readonly numIt?: unknown };
  },
): AnalysisJson {
  const rec = analysis.results[0]?.recording;
  const planned = run.meta?.numIt;
  return {
    answer: analysis.answer,
    ...(analysis.answer === null ? { noAnswer: analysis.noAnswer ?? 'no answer' } : {}),
    preset: analysis.preset,
    steps: run.lrs.length,
    plannedSteps: typeof planned === 'number' && Number.isFinite(planned) ? planned : null,
    points: analysis.points,
    stopIndex: rec?.stopIndex ?? null,
    stopReason: run.stopReason ?? (rec ? (rec.stopIndex === null ? 'completed' : rec.stopReason) : null),
    source: run.source ?? null,
    choice: answerOf(analysis),
    suggestions: analysis.suggestions,
    reasons: analysis.reasons,
    flags: suggestionFlags(analysis, run.lrs),
    candidates: analysis.candidates,
    candidatesFrom: analysis.candidatesFrom ?? null,
  };
}
