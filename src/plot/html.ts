import type { TopLevelSpec } from 'vega-lite';
import type { Analysis } from '../analysis/analyze.js';
import type { Suggestion } from '../analysis/types.js';
import type { PlotRun } from './curve.js';
import type { Confirmation } from '../runs/confirmation.js';
import { PLOT_FONT_STACK } from './theme.js';
import { lrLabel } from './ticks.js';
import { answerRows, describeRecording, suggestionFlags } from '../analysis/answer.js';
import * as msg from './messages.js';

/** A run shown in a report: its name (usually the file), the run (with its metadata) and its analysis. */
export interface ReportEntry {
  readonly name: string;
  /** The run; its `confirmation` (confirm trials), when present, is drawn in a panel of its own. */
  readonly run: PlotRun & { readonly stopReason?: string; readonly confirmation?: Confirmation };
  readonly analysis: Analysis;
}

/** The JavaScript of the three libraries the report inlines (so it works offline, with no CDN). */
export interface ReportScripts {
  readonly vega: string;
  readonly vegaLite: string;
  readonly vegaEmbed: string;
}

/** Options of {@link reportHtml}. */
export interface ReportHtmlOptions {
  /** Page title and heading. __Default value:__ the spec's title, else `'lrfind report'` */
  readonly title?: string;
  /** Text of the footer line. __Default value:__ `'made with lrfind'` */
  readonly generator?: string;
}

/**
 * Escape text for HTML element content and attribute values.
 * @example
 * escapeHtml('<b>"lr" & loss</b>'); // => '&lt;b&gt;&quot;lr&quot; &amp; loss&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * Make JavaScript (or JSON) safe inside a `<script>` element: no `</script`, no `<!--`, no line separators.
 * @example
 * escapeScript('{"title": "</script>"}'); // => '{"title": "<\\/script>"}'
 */
export function escapeScript(code: string): string {
  return code
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A suggestion as a table cell. */
function suggestionText(s: Suggestion): string {
  if (s === null) return '—';
  if ('range' in s) return `${lrLabel(s.range[0], 2)} … ${lrLabel(s.range[1], 2)}`;
  return lrLabel(s.lr, 2);
}

/** The step(s) a suggestion comes from. */
function suggestionSteps(s: Suggestion): string {
  if (s === null) return '';
  return 'range' in s ? `${s.indices[0]} … ${s.indices[1]}` : String(s.index);
}

/** The suggestions table of one run; flagged suggestions say why. */
function suggestionsTable(entry: ReportEntry): string {
  const { analysis } = entry;
  const flags = suggestionFlags(analysis, entry.run.lrs);
  const rows = Object.entries(analysis.suggestions).map(([name, s]) => {
    const chosen = analysis.choice?.name === name;
    const flag = flags[name] ? `<span class="flag">⚠ ${escapeHtml(flags[name])}</span> ` : '';
    return `<tr${chosen ? ' class="choice"' : ''}><td>${escapeHtml(name)}${chosen ? ' ★' : ''}</td><td class="num">${escapeHtml(suggestionText(s))}</td><td class="num">${suggestionSteps(s)}</td><td>${flag}${escapeHtml(analysis.reasons[name] ?? '')}</td></tr>`;
  });
  return `<div class="wide"><table class="suggestions"><thead><tr><th>method</th><th>lr</th><th>step</th><th>note</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** A metadata value as text (objects as compact JSON). */
function metaText(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

/** The metadata list of one run: steps, lr span, stop, then every `meta` field. */
function metadataList(entry: ReportEntry): string {
  const { run, analysis } = entry;
  const n = run.lrs.length;
  const main = analysis.results[0];
  const items: [string, string][] = [
    ['steps', describeRecording(n, main.recording, { planned: run.meta?.numIt, stopReason: run.stopReason })],
    ['lr span', `${lrLabel(run.lrs[0], 2)} … ${lrLabel(run.lrs[n - 1], 2)}`],
  ];
  for (const [key, value] of Object.entries(run.meta ?? {})) {
    if (value === undefined) continue;
    items.push([key, metaText(value)]);
  }
  return `<dl class="meta">${items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

/** The answer of one run: lrfind's one answer (measured when the run has trials), its range, confidence, why, next. */
function choiceLine(analysis: Analysis): string {
  if (!analysis.choice) return '';
  const rows = answerRows(analysis);
  if (analysis.preset !== null && analysis.preset !== 'lrfind') {
    rows.push([analysis.preset, `${suggestionText(analysis.choice.suggestion)} (${analysis.choice.name}, the tool's own answer)`]);
  }
  const label = (k: string): string => k.charAt(0).toUpperCase() + k.slice(1);
  const [first, ...rest] = rows;
  const head = `${label(first[0])}: <strong>${escapeHtml(first[1])}</strong>`;
  return `<p class="choice-line">${[head, ...rest.map(([k, v]) => `${escapeHtml(label(k))}: ${escapeHtml(v)}`)].join('<br>')}</p>`;
}

const STYLE = `
body { font-family: ${PLOT_FONT_STACK}; color: #252525; margin: 24px auto; max-width: 1000px; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; }
h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
#chart { margin: 16px 0; min-height: 200px; }
#chart svg { max-width: 100%; height: auto; }
.subtitle { color: #636363; margin-top: 0; font-size: 14px; }
.wide { overflow-x: auto; }
.flag { color: #a63603; }
@media (max-width: 640px) { body { margin: 8px auto; padding: 0 8px; } h1 { font-size: 18px; } }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 3px 12px 3px 0; border-bottom: 1px solid #eee; vertical-align: top; }
td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.choice td { font-weight: bold; color: #b30000; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 13px; }
dl.meta dt { color: #636363; }
dl.meta dd { margin: 0; word-break: break-word; }
.choice-line { font-size: 14px; }
footer { margin-top: 32px; font-size: 12px; color: #969696; }
#chart-error { color: #b30000; }
`;

/**
 * The HTML report as one self-contained page: the interactive chart (vega-embed, with tooltips), then for each
 * run its recommendation, suggestions table and metadata. The three libraries are inlined from `scripts`, so the
 * file works offline with no CDN. Pure: the caller supplies the library code (see `renderHtml`).
 *
 * @param entries - the runs shown (at least one).
 * @param spec - the chart (a finder plot or an overlay).
 * @param scripts - the vega, vega-lite and vega-embed browser builds.
 * @param options - see {@link ReportHtmlOptions}.
 * @returns the HTML document.
 * @throws {TypeError} when `entries` is empty or a script is missing.
 * @example
 * const html = reportHtml([{ name: 'run.json', run, analysis }], spec, scripts);
 * html.includes('vegaEmbed('); // => true
 */
export function reportHtml(
  entries: readonly ReportEntry[],
  spec: TopLevelSpec,
  scripts: ReportScripts,
  options: ReportHtmlOptions = {},
): string {
  if (!Array.isArray(entries) || entries.length === 0) throw msg.entriesEmpty('reportHtml');
  for (const key of ['vega', 'vegaLite', 'vegaEmbed'] as const) {
    if (typeof scripts?.[key] !== 'string' || scripts[key].length === 0) {
      throw msg.badScript(key, typeof scripts?.[key]);
    }
  }
  const specTitle = (spec as { title?: { text?: unknown; subtitle?: unknown } | string }).title;
  const title = options.title ?? (typeof specTitle === 'string' ? specTitle : typeof specTitle?.text === 'string' ? specTitle.text : 'lrfind report');
  const subtitle = typeof specTitle === 'object' && typeof specTitle?.subtitle === 'string' ? specTitle.subtitle : '';
  // the page's heading carries the title: the chart does not repeat it
  const { title: _title, ...chart } = spec as TopLevelSpec & { title?: unknown };
  const sections = entries.map(
    (entry) =>
      `<section class="run"><h2>${escapeHtml(entry.name)}</h2>${choiceLine(entry.analysis)}<h3>Suggestions</h3>${suggestionsTable(entry)}<h3>Run</h3>${metadataList(entry)}</section>`,
  );
  const embed = `
(function () {
  var spec = ${escapeScript(JSON.stringify(chart))};
  vegaEmbed('#chart', spec, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
    .then(function (result) { window.lrfindView = result.view; document.body.setAttribute('data-chart', 'ready'); })
    .catch(function (error) {
      var p = document.createElement('p');
      p.id = 'chart-error';
      p.textContent = 'The chart could not be drawn: ' + error;
      document.getElementById('chart').appendChild(p);
      document.body.setAttribute('data-chart', 'error');
      console.error(error);
    });
})();`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="lrfind">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${subtitle ? `<p class="subtitle">${escapeHtml(subtitle)}</p>\n` : ''}<div id="chart"></div>
${sections.join('\n')}
<footer>${escapeHtml(options.generator ?? 'made with lrfind')} · chart: Vega-Lite (hover for values; ⋯ menu to save SVG/PNG)</footer>
<script>${escapeScript(scripts.vega)}</script>
<script>${escapeScript(scripts.vegaLite)}</script>
<script>${escapeScript(scripts.vegaEmbed)}</script>
<script>${embed}</script>
</body>
</html>
`;
}
