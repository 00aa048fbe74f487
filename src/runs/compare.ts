/**
 * Several runs side by side (frozen vs unfrozen, two seeds, two optimizers): each compared suggestion's value per
 * run and how far apart they are in decades. What `lrfind compare` prints. Pure.
 *
 * @module
 */
import { PRESETS, PRESET_NAMES, type Analysis } from '../analysis/analyze.js';
import { describeRecording, presetAnswerName, type SourceInfo } from '../analysis/answer.js';
import type { PresetName } from '../analysis/presets/types.js';
import { answerAsSuggestions } from '../analysis/lrAnswer.js';
import { spreadDecades } from '../analysis/spread.js';
import type { Suggestion } from '../analysis/types.js';
import { displayNames } from './names.js';
import type { Run } from './run.js';
import { runSource } from './source.js';

/** One row of a {@link Comparison}: a suggestion name, its value for each run, and the spread. */
export interface ComparisonRow {
  readonly name: string;
  readonly values: readonly Suggestion[];
  /** `log10(max / min)` over the runs that have a value (a range counts by its geometric centre); `null` if < 2. */
  readonly spreadDecades: number | null;
}

/** One run of a {@link Comparison}. */
export interface ComparedRun {
  readonly file: string;
  /** Its name in the table: the file's base name, or enough of its path to tell it from the others. */
  readonly name: string;
  /** Steps in the run. */
  readonly steps: number;
  /** Points recorded (up to the stop) by the first method analyzed. */
  readonly points: number;
  /** The run's length and stop in words (see `describeRecording`). */
  readonly recording: string;
  /** The format read, and whether raw losses were recovered. */
  readonly source: SourceInfo;
}

/** What {@link compareRuns} returns and `lrfind compare --json` prints. */
export interface Comparison {
  readonly runs: readonly ComparedRun[];
  readonly rows: readonly ComparisonRow[];
}

/**
 * The suggestions compared by default: lrfind's one answer (`answer`: measured when the run has confirm trials), its
 * range-test recommendation and range, then each tool's own answer.
 *
 * @example
 * COMPARED_SUGGESTIONS[3]; // => 'fastai.valley'
 */
export const COMPARED_SUGGESTIONS: readonly string[] = Object.freeze([
  'answer',
  'lrfind.recommended',
  'lrfind.range',
  ...PRESET_NAMES.filter((p) => p !== 'lrfind').map((p) => `${p}.${presetAnswerName(p)}`),
]);

/** lrfind's answer of one run as a suggestion: its lr at the run's nearest step (a slice, body to head, for an unfrozen model). */
function answerSuggestion(e: AnalyzedRunLike): Suggestion {
  const a = e.analysis.answer;
  return a ? answerAsSuggestions(a, e.run.lrs).suggestion : null;
}

/** A run to compare: its file, the run and its analysis. */
export interface AnalyzedRunLike {
  readonly file: string;
  readonly run: Run;
  readonly analysis: Analysis;
}

/**
 * Compare analyses of several runs: one row per compared suggestion ({@link COMPARED_SUGGESTIONS}), or, given
 * `preset`, one row per suggestion of that method under its own name (`valley`, …; the analyses may have run that
 * preset only or all of them).
 *
 * @example
 * compareRuns([{ file: 'a.json', run: runA, analysis: analyze(runA) }, { file: 'b.json', run: runB, analysis: analyze(runB) }]).rows[0];
 * // => { name: 'lrfind.recommended', values: [{ lr: 9.1e-4, index: 49 }, { lr: 2.2e-3, index: 55 }], spreadDecades: 0.38 }
 */
export function compareRuns(entries: readonly AnalyzedRunLike[], preset?: PresetName): Comparison {
  const names = displayNames(entries.map((e) => e.file));
  const rowNames = preset === undefined ? COMPARED_SUGGESTIONS : PRESETS[preset].suggestionNames;
  return {
    runs: entries.map((e, i) => {
      const rec = e.analysis.results[0].recording;
      return {
        file: e.file,
        name: names[i],
        steps: e.run.lrs.length,
        points: rec.points,
        recording: describeRecording(e.run.lrs.length, rec, { planned: e.run.meta?.numIt, stopReason: e.run.stopReason }),
        source: runSource(e.run),
      };
    }),
    rows: rowNames.map((name) => {
      // analyses of all presets name suggestions `preset.name`; an analysis of `preset` alone, `name`
      const values = entries.map((e) =>
        name === 'answer' && preset === undefined
          ? answerSuggestion(e)
          : ((preset === undefined ? e.analysis.suggestions[name] : (e.analysis.suggestions[`${preset}.${name}`] ?? e.analysis.suggestions[name])) ?? null),
      );
      return { name, values, spreadDecades: spreadDecades(values) };
    }),
  };
}
