import { presetAnswerName } from './answer.js';
import { assertInteger, withCheckedCurve } from './assert.js';
import { fastai } from './presets/fastai.js';
import { fastai1 } from './presets/fastai1.js';
import { inflection } from './presets/inflection.js';
import { keras } from './presets/keras.js';
import { lightning } from './presets/lightning.js';
import { lrfindMethod } from './presets/lrfind.js';
import { torchLrFinder } from './presets/torchLrFinder.js';
import type { Preset, PresetName, PresetResult } from './presets/types.js';
import type { Candidate, LrCurve, NumericArray, RangeSuggestion, Suggestion } from './types.js';
import type { Confidence, LrfindResult } from './presets/lrfind.js';
import * as msg from './messages.js';
import { answerFor, answerWithTrials, noAnswerReason, type AnswerTrials, type LrAnswer } from './lrAnswer.js';

/**
 * Every method, lrfind's own first, then the anchors' in a fixed order.
 * @example
 * PRESETS.fastai.suggestionNames; // => ['valley', 'slide', 'minimum', 'steep']
 * PRESETS.fastai.analyze({ lrs, losses }).suggestions.valley; // => { lr: 1.6e-3, index: 49 }
 */
export const PRESETS: Readonly<Record<PresetName, Preset>> = Object.freeze({
  lrfind: lrfindMethod,
  fastai,
  fastai1,
  'torch-lr-finder': torchLrFinder,
  lightning,
  keras,
  inflection,
});

/**
 * The preset names, in display order.
 * @example
 * PRESET_NAMES; // => ['lrfind', 'fastai', 'fastai1', 'torch-lr-finder', 'lightning', 'keras', 'inflection']
 */
export const PRESET_NAMES = Object.freeze(Object.keys(PRESETS) as PresetName[]);

/**
 * True when `name` is a preset name.
 *
 * @example
 * isPresetName('fastai'); // => true
 * isPresetName('fastai3'); // => false
 */
export function isPresetName(name: unknown): name is PresetName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(PRESETS, name);
}

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** Run one preset only; `undefined` runs all of them. __Default value:__ all */
  readonly preset?: PresetName;
  /** Noise filter of the extrema search (`inflection`, `lrfind`). __Default value:__ `3` */
  readonly order?: number;
  /** Iterations the range test asked for (fastai's `numIt // 10` skip). __Default value:__ the run's length */
  readonly numIt?: number;
  /**
   * Whether the model's body was frozen during the test: `true` or `undefined` → a single lr (lrfind's
   * `recommended`), `false` → a slice for discriminative lrs (lrfind's `slice`: the inflection method's two rightmost
   * gradient minima, taken on lrfind's smoothed curve before its minimum). The `inflection` preset reports the
   * forum method's own `frozen` / `unfrozen` answers unchanged.
   * __Default value:__ `undefined`
   */
  readonly frozen?: boolean;
  /**
   * The recording tool's own smoothed losses, for a run imported from its save: `tool` is the preset that
   * reproduces it (`fastai`, `fastai1` — also the `inflection` preset's recording — `torch-lr-finder` or
   * `lightning`), whose recording then uses `smoothed` as saved instead of re-smoothing the recovered raw losses
   * (recovery rounds, and a rounded tie can move an index).
   * __Default value:__ none
   */
  readonly recorded?: { readonly tool: PresetName; readonly smoothed: NumericArray };
  /** The tool's `skip_start` / `skip_begin` (fastai1, torch-lr-finder, lightning). __Default value:__ `10` */
  readonly skipStart?: number;
  /** The tool's `skip_end` (fastai1, torch-lr-finder, lightning). __Default value:__ `5`, Lightning `1` */
  readonly skipEnd?: number;
  /** pytorch-lr-finder's `diverge_th`, Lightning's `early_stop_threshold`. __Default value:__ `5`, Lightning `4` */
  readonly divergeTh?: number;
  /** pytorch-lr-finder's `smooth_f`. __Default value:__ `0.05` */
  readonly smoothF?: number;
  /**
   * `'first'` keeps only the first preset's full result in `results` (the one the text and JSON outputs read; the
   * others' suggestions are all there): a big run's analysis then holds one preset's arrays at a time. `'none'`
   * keeps no curve at all: `results[0]` is the first preset's result with its recording's arrays empty (its
   * `points`, `stopIndex` and `stopReason` kept — all the text and JSON outputs read), so a big run's analysis holds
   * only the arrays of the preset running. Draw from an analysis with every result. __Default value:__ `'all'`
   */
  readonly keepResults?: 'all' | 'first' | 'none';
  /**
   * The confirm trials of the run (a run's `confirmation`): the answer is then the lr they measured best
   * (`answer.basis: 'measured'`). __Default value:__ none (the range-test estimate answers)
   */
  readonly trials?: AnswerTrials | null;
  /** The run was full batch (`meta.batchesPerEpoch === 1`): lrfind keeps further from the edge. __Default value:__ unknown */
  readonly fullBatch?: boolean;
}

/**
 * The one answer of an analysis: lrfind's recommended lr (or its slice for an unfrozen model), the range around it
 * and how sure it is.
 * @example
 * analyze({ lrs, losses }).choice;
 * // => { name: 'lrfind.recommended', suggestion: { lr: 2.3e-3, index: 54 }, range: { range: [1.1e-3, 5.9e-3], indices: [50, 60] },
 * //      confidence: 'high', confidenceReason: 'clear descent (41× the noise), band and minimum agree', reason: '…' }
 */
export interface Choice {
  /** The suggestion it comes from (`lrfind.recommended` or `lrfind.slice`). */
  readonly name: string;
  /** The answer: one lr, or a slice for an unfrozen model; `null` when none is possible (`reason` says why). */
  readonly suggestion: Suggestion;
  /** The range of good lrs around it (lrfind's steep-descent band), or `null`. */
  readonly range: RangeSuggestion | null;
  /** How sure the answer is; `null` when there is no answer. */
  readonly confidence: Confidence | null;
  /** What the confidence rests on (noise, band position, agreement of independent estimates). */
  readonly confidenceReason: string;
  /** How the answer was obtained, or why there is none. */
  readonly reason: string;
}

/** The result of {@link analyze}; its JSON form is what `lrfind analyze --json` prints. */
export interface Analysis {
  /** The preset asked for, or `null` for all of them. */
  readonly preset: PresetName | null;
  /** Points recorded after the stop rule (the preset's rule, or lrfind's when all run). */
  readonly points: number;
  /** Suggestions by name; names are `preset.name` when all presets run. */
  readonly suggestions: Readonly<Record<string, Suggestion>>;
  /** Why a suggestion is `null`, or a note on it; same keys as `suggestions`. */
  readonly reasons: Readonly<Record<string, string>>;
  /**
   * Inflection candidates, ranked right to left (largest lr first): the `inflection` preset's (the fastai-forum
   * method, on the fastai v1 recording) when it ran, else the chosen preset's (`lrfind`'s own, on its smoothing).
   */
  readonly candidates: { readonly loss: readonly Candidate[]; readonly gradient: readonly Candidate[] };
  /** The preset whose recording the `candidates` index into, or `null` when there are none. */
  readonly candidatesFrom: PresetName | null;
  /**
   * The one answer for the model's state (see `frozen`): the suggestion name it comes from and its value. With a
   * `preset` other than `lrfind`, the answer that tool gives by default (see `presetAnswerName`: fastai → `valley`,
   * torch-lr-finder → `steepest`, …).
   */
  readonly choice: Choice;
  /** Every preset's full result (smoothed curve, stop point), in run order. */
  readonly results: readonly PresetResult[];
  /**
   * lrfind's one answer — what every surface shows: the lr the confirm trials measured best when the run has trials
   * (`basis: 'measured'`), else lrfind's range-test estimate; `null` when none is possible (`noAnswer` says why).
   * With a tool's `preset`, still lrfind's answer (the tool's own is `choice`).
   */
  readonly answer: LrAnswer | null;
  /** Why `answer` is `null`; absent when there is an answer. */
  readonly noAnswer?: string;
}

/**
 * Analyze a raw range-test run: apply each method's recording rule (smoothing, divergence stop) and compute its
 * suggestions, reproducing fastai v1/v2, pytorch-lr-finder, Lightning, the Keras recipe and the fastai-forum
 * inflection method exactly, next to lrfind's own method.
 *
 * "No suggestion possible" is not an error: the suggestion is `null` and `reasons` says why.
 *
 * @param curve - the RAW run: learning rates and raw per-batch losses (NaN / ±Infinity allowed in losses). A
 *   `Float64Array` is not copied: the recordings are views of it (never written to), so change it only after you are
 *   done with the analysis.
 * @param options - see {@link AnalyzeOptions}.
 * @returns the {@link Analysis}.
 * @throws {LrfindError} `E_EMPTY`, `E_LENGTH_MISMATCH`, `E_BAD_LR` for an unusable curve; {RangeError} for bad options.
 * @example
 * const lrs = Array.from({ length: 100 }, (_, i) => 1e-7 * 1e8 ** (i / 99));
 * const losses = lrs.map((lr) => 2.3 - 0.3 * Math.tanh(Math.log10(lr) + 3) + (lr > 1 ? 10 * lr : 0));
 * const a = analyze({ lrs, losses }, { preset: 'fastai' });
 * a.suggestions.valley; // => { lr: ≈5.2e-4, index: 46 }
 */
export function analyze(curve: LrCurve, options: AnalyzeOptions = {}): Analysis {
  return withCheckedCurve('analyze', curve, () => {
    // one Float64Array of the lrs and one of the losses for every preset: their recordings are views of them, not a
    // copy each (a run read from a file has them already)
    const shared = curve.lrs instanceof Float64Array && curve.losses instanceof Float64Array ? curve : { lrs: Float64Array.from(curve.lrs), losses: Float64Array.from(curve.losses) };
    return shared === curve ? analyzeChecked(curve, options) : withCheckedCurve('analyze', shared, () => analyzeChecked(shared, options));
  });
}

function analyzeChecked(curve: LrCurve, options: AnalyzeOptions): Analysis {
  // option types, once, at the entry (ranges are checked where each option is used)
  if (typeof options !== 'object' || options === null || Array.isArray(options)) throw msg.optionsNotObject('analyze', options);
  if (options.frozen !== undefined && typeof options.frozen !== 'boolean') throw msg.optionType('analyze', 'frozen', 'a boolean', options.frozen);
  for (const name of ['skipStart', 'skipEnd', 'divergeTh', 'smoothF'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'number') throw msg.optionType('analyze', name, 'a number', options[name]);
  }
  if (options.keepResults !== undefined && options.keepResults !== 'all' && options.keepResults !== 'first' && options.keepResults !== 'none') {
    throw msg.optionType('analyze', 'keepResults', "'all', 'first' or 'none'", options.keepResults);
  }
  const rec = options.recorded as unknown;
  if (rec !== undefined && (typeof rec !== 'object' || rec === null)) throw msg.optionType('analyze', 'recorded', '{ tool, smoothed }', rec);
  const { preset, order = 3, numIt, frozen, recorded, skipStart, skipEnd, divergeTh, smoothF, fullBatch } = options;
  if (preset !== undefined && !isPresetName(preset)) {
    throw msg.unknownPreset(preset, PRESET_NAMES);
  }
  assertInteger('analyze', 'order', order, 1);
  if (numIt !== undefined) assertInteger('analyze', 'numIt', numIt, 1);
  const chosen = preset === undefined ? PRESET_NAMES : [preset];
  if (recorded !== undefined && !isPresetName(recorded.tool)) {
    throw msg.recordedToolNotPreset(recorded.tool);
  }
  const settings = { order, numIt, skipStart, skipEnd, divergeTh, smoothF, fullBatch };
  // the tool's own recording goes to its preset (fastai1's is also the inflection method's)
  const recordedFor = (name: PresetName): NumericArray | undefined =>
    recorded !== undefined && (recorded.tool === name || (recorded.tool === 'fastai1' && name === 'inflection')) ? recorded.smoothed : undefined;
  // with keepResults 'first', each other preset's result (its smoothed curve, a copy of the lrs) is let go as soon as
  // its suggestions are read: a 5M-point run then holds one preset's arrays at a time, not seven
  const keepAll = options.keepResults !== 'first' && options.keepResults !== 'none';
  const keepCurves = options.keepResults !== 'none';
  const results: PresetResult[] = [];
  const suggestions: Record<string, Suggestion> = {};
  const reasons: Record<string, string> = {};
  let own: PresetResult | undefined;
  let inflectionCandidates: { preset: PresetName; candidates: NonNullable<PresetResult['candidates']> } | undefined;
  let otherCandidates: typeof inflectionCandidates;
  // with a tool's preset, lrfind's answer first: its arrays are let go before the tool's are made
  const ownFirst = preset !== undefined && preset !== 'lrfind' ? choose(curve, [], frozen, order, numIt) : undefined;
  let ownChosen: Choice | undefined;
  for (const name of chosen) {
    const result = PRESETS[name].analyze(curve, { ...settings, recorded: recordedFor(name) });
    const prefix = preset === undefined ? `${result.preset}.` : '';
    for (const [key, value] of Object.entries(result.suggestions)) suggestions[prefix + key] = value;
    for (const [key, value] of Object.entries(result.reasons)) reasons[prefix + key] = value;
    // lrfind's answer is read off its result at once: with keepResults 'none' its arrays go before the next preset runs
    if (result.preset === 'lrfind') {
      own = result;
      ownChosen ??= choose(curve, [result], frozen, order, numIt);
    }
    if (result.candidates !== undefined) {
      if (result.preset === 'inflection') inflectionCandidates = { preset: result.preset, candidates: result.candidates };
      else otherCandidates ??= { preset: result.preset, candidates: result.candidates };
    }
    if (keepAll || results.length === 0) results.push(keepCurves ? result : withoutCurves(result));
    if (!keepCurves) own = undefined;
  }
  const main = results[0];
  const ownChoice = ownFirst ?? ownChosen ?? choose(curve, own ? [own] : results, frozen, order, numIt);
  // the fastai-forum inflection method defines the candidates; lrfind's own run when it is the only one with them
  const withCandidates = inflectionCandidates ?? otherCandidates;
  const candidates = withCandidates?.candidates ?? { loss: [], gradient: [] };
  return {
    preset: preset ?? null,
    points: main.recording.points,
    suggestions,
    reasons,
    candidates,
    candidatesFrom: withCandidates?.preset ?? null,
    choice: preset !== undefined && preset !== 'lrfind' ? presetChoice(preset, results[0], frozen) : ownChoice,
    results,
    ...answerFields(ownChoice, options.trials),
  };
}

/**
 * The `answer` (and `noAnswer`) fields of an analysis from lrfind's choice and the run's confirm trials.
 *
 * @example
 * answerFields(analysis.choice, run.confirmation).answer?.basis; // => 'measured'
 */
export function answerFields(choice: Choice, trials?: AnswerTrials | null): { answer: LrAnswer | null; noAnswer?: string } {
  const answer = answerFor(choice, trials);
  return answer ? { answer } : { answer: null, noAnswer: noAnswerReason(choice, trials) };
}

/**
 * The analysis with its answer measured by confirm trials (`answer.basis: 'measured'`; the range-test estimate stays
 * as `answer.rangeTest`). The curve's analysis is unchanged; only `answer` (and `noAnswer`) are replaced.
 *
 * @param analysis - an analysis of the range test (with lrfind's preset or all of them).
 * @param trials - the run's confirm trials.
 * @example
 * withTrials(analysis, confirmation).answer?.lr === confirmation.lr; // => true
 */
export function withTrials(analysis: Analysis, trials: AnswerTrials | null | undefined): Analysis {
  const answer = answerWithTrials(analysis.answer, trials);
  const { noAnswer, ...rest } = analysis;
  return answer ? { ...rest, answer } : { ...rest, answer: null, noAnswer: noAnswer ?? `no answer: confirm trials: ${trials?.reason ?? 'none ran'}` };
}

const NO_VALUES = new Float64Array(0);

/**
 * A preset's result without its curves (keepResults 'none'): every array of its recording empty, everything else —
 * its suggestions, reasons, candidates, evidence, the recording's points and stop — as it is.
 */
function withoutCurves(result: PresetResult): PresetResult {
  const recording: Record<string, unknown> = { ...result.recording };
  for (const [key, value] of Object.entries(recording)) if (value instanceof Float64Array) recording[key] = NO_VALUES;
  return { ...result, recording: recording as unknown as PresetResult['recording'] };
}

/** The answer of one tool, as that tool would give it (its default suggestion; see {@link presetAnswerName}). */
function presetChoice(preset: PresetName, result: PresetResult, frozen: boolean | undefined): Analysis['choice'] {
  const name = presetAnswerName(preset, frozen);
  const suggestion = result.suggestions[name] ?? null;
  const note = result.reasons[name];
  return {
    name,
    suggestion,
    range: null,
    confidence: null,
    confidenceReason: 'a tool\'s own answer carries no confidence (lrfind\'s answer does)',
    reason: `${preset}'s own answer (${name})${note ? `: ${note}` : ''}`,
  };
}

/**
 * The one answer for the model's state, from lrfind's method: a single lr (`recommended`) unless the model was
 * unfrozen (`frozen: false`), which gets a slice for discriminative lrs (`slice`, the inflection method's rule on
 * lrfind's clean curve).
 */
function choose(
  curve: LrCurve,
  results: readonly PresetResult[],
  frozen: boolean | undefined,
  order: number,
  numIt: number | undefined,
): Choice {
  const own = (results.find((r) => r.preset === 'lrfind') ?? PRESETS.lrfind.analyze(curve, { order, numIt })) as LrfindResult;
  const name = frozen === false ? 'slice' : 'recommended';
  const suggestion = own.suggestions[name] ?? null;
  const state = frozen === true ? 'frozen body, one lr: ' : frozen === false ? 'unfrozen model, a slice: ' : '';
  const range = own.suggestions.range;
  return {
    name: `lrfind.${name}`,
    suggestion,
    range: range !== null && range !== undefined && 'range' in range ? range : null,
    confidence: suggestion === null ? null : (own.evidence?.confidence ?? null),
    confidenceReason: suggestion === null ? 'no answer' : (own.evidence?.confidenceReason ?? ''),
    reason: state + (own.reasons[name] ?? 'no suggestion'),
  };
}
