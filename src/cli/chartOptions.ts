/**
 * The chart flags shared by `report` and `analyze --plot`: which suggestions and marks are drawn besides the answer.
 *
 * @module
 */
import type { Command } from 'commander';
import type { Analysis } from '../analysis/analyze.js';
import type { ReportOptions } from '../plot/renderReport.js';
import * as msg from './messages.js';

/** The chart flags as commander hands them over. */
export interface ChartCliOptions {
  suggest?: string[];
  all?: boolean;
  candidates?: boolean;
}

/** Parse `--suggest a,b` (repeatable). */
function collectNames(value: string, previous: string[] | undefined): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw msg.badSuggestList(value);
  return [...(previous ?? []), ...names];
}

/**
 * Register the chart flags: `--suggest NAMES`, `--all`, `--candidates`.
 *
 * @example
 * addChartOptions(program.command('report'));
 */
export function addChartOptions(command: Command): Command {
  return command
    .option('--suggest <names>', 'also draw these suggestions (comma-separated, e.g. fastai.valley,torch-lr-finder.steepest)', collectNames)
    .option('--all', 'every tool\'s suggestion: in the text (analyze), and drawn on the chart')
    .option('--candidates', 'also draw the inflection candidates (loss and gradient minima)');
}

/**
 * The report options the chart flags ask for.
 *
 * @throws {UsageError} when `--all` and `--suggest` are given together.
 * @example
 * chartOptionsOf({ suggest: ['fastai.valley'] }); // => { suggestions: ['fastai.valley'], candidates: undefined }
 */
export function chartOptionsOf(options: ChartCliOptions): Pick<ReportOptions, 'suggestions' | 'candidates'> {
  if (options.all && options.suggest) throw msg.notTogether('--all', '--suggest');
  return { suggestions: options.all ? 'all' : options.suggest, candidates: options.candidates };
}

/**
 * Check `--suggest` names against an analysis (full names, or the drawn preset's without the prefix).
 *
 * @throws {UsageError} naming the unknown suggestion and the known ones.
 * @example
 * checkSuggestNames(['fastai.valley'], analyze(run)); // no error
 */
export function checkSuggestNames(names: readonly string[] | 'all' | undefined, analysis: Analysis, preset = 'lrfind'): void {
  if (names === undefined || names === 'all') return;
  for (const name of names) {
    if (name in analysis.suggestions || `${preset}.${name}` in analysis.suggestions) continue;
    throw msg.noSuggestionNamed(name, Object.keys(analysis.suggestions));
  }
}
