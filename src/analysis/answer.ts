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
 * The one wording of a run's length and stop, used by `analyze`, `compare`, the chart subtitle and the HTML report:
 * steps taken, points recorded (up to and including the stop), and the step that stopped it.
 *
 * @param steps - the run's length.
 * @param recording - the method's recording (its stop rule applied).
 * @example
 * describeRecording(100, { points: 85, stopIndex: 84, stopReason: 'diverged' });
 * // => '100 steps, 85 recorded, stopped at step 84 (diverged)'
 * describeRecording(100, { points: 100, stopIndex: null, stopReason: 'completed' }); // => '100 steps, 100 recorded'
 */
export function describeRecording(steps: number, recording: Pick<Recording, 'points' | 'stopIndex' | 'stopReason'>): string {
  const head = `${steps} step${steps === 1 ? '' : 's'}, ${recording.points} recorded`;
  return recording.stopIndex === null ? head : `${head}, stopped at step ${recording.stopIndex} (${recording.stopReason})`;
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
 * What the text output and the HTML report add under a low-confidence answer of a run that has no confirm trials: the
 * answer is the one to measure (on the evaluation corpus the measured lr has less than half the range-test answer's
 * regret).
 *
 * @example
 * LOW_CONFIDENCE_HINT.startsWith('measure it'); // => true
 */
export const LOW_CONFIDENCE_HINT =
  "measure it: short trials at the candidates pick the lr that trains best (lrFind's confirm option, lrfind run --confirm, or lrFindLoop's trial for any loop)";

/**
 * The next step to suggest for an answer: {@link LOW_CONFIDENCE_HINT} when it is `low` and the run has no confirm
 * trials yet, else `null`.
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
  readonly preset: PresetName | null;
  readonly steps: number | null;
  readonly points: number;
  readonly stopIndex: number | null;
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
  analysis: AnalysisLike,
  run: { readonly lrs: ArrayLike<number>; readonly source?: SourceInfo | null },
): AnalysisJson {
  const rec = analysis.results[0]?.recording;
  return {
    preset: analysis.preset,
    steps: run.lrs.length,
    points: analysis.points,
    stopIndex: rec?.stopIndex ?? null,
    stopReason: rec?.stopReason ?? null,
    source: run.source ?? null,
    choice: answerOf(analysis),
    suggestions: analysis.suggestions,
    reasons: analysis.reasons,
    flags: suggestionFlags(analysis, run.lrs),
    candidates: analysis.candidates,
    candidatesFrom: analysis.candidatesFrom ?? null,
  };
}
