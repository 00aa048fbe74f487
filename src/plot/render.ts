/**
 * Vega-Lite spec → SVG text with vega's headless View: runs in Node and in browsers (vega and vega-lite are loaded on
 * first use, so importing `lrfind/plot` stays cheap). PNG output (resvg) is Node-only: `renderPng.ts`.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import * as msg from './messages.js';

/**
 * Make a vega SVG byte-for-byte reproducible: vega numbers clip paths and gradients with a counter that lives as
 * long as the process (`clip1`, `clip7`, …); renumber every `id` in order of appearance (`lrfind-1`, …) and the
 * `url(#…)` / `href="#…"` references to them.
 *
 * @param svg - SVG text.
 * @returns the same SVG with stable ids.
 * @example
 * normalizeSvgIds('<clipPath id="clip7"/><g clip-path="url(#clip7)"/>');
 * // => '<clipPath id="lrfind-1"/><g clip-path="url(#lrfind-1)"/>'
 */
export function normalizeSvgIds(svg: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], `lrfind-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (all, a: string, id: string, b: string) => (ids.has(id) ? a + ids.get(id) + b : all))
    .replace(/url\(#([^)]+)\)/g, (all, id: string) => (ids.has(id) ? `url(#${ids.get(id)})` : all))
    .replace(/(href=")#([^"]+)(")/g, (all, a: string, id: string, b: string) => (ids.has(id) ? `${a}#${ids.get(id)}${b}` : all));
}

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Scale factor of the SVG's width and height attributes. __Default value:__ `1` */
  readonly scale?: number;
}

/** Every Vega-Lite view has one of these: what tells a spec from a run or an analysis passed by mistake. */
const VIEW_KEYS = ['mark', 'layer', 'concat', 'hconcat', 'vconcat', 'facet', 'repeat', 'spec'];
const isVegaLiteSpec = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && VIEW_KEYS.some((k) => k in value);

/**
 * Render a Vega-Lite spec to SVG text with vega's headless View (no browser, no canvas): compile with
 * `vega-lite`, run the dataflow with `renderer: 'none'`, serialize with `toSVG()`. The output is deterministic
 * (ids renumbered by {@link normalizeSvgIds}).
 *
 * @param spec - a Vega-Lite spec (e.g. from `finderSpec` with `layers: { tooltips: false }` for a lean file).
 * @param options - see {@link RenderSvgOptions}.
 * @returns the SVG document.
 * @throws {TypeError} when `spec` is not a Vega-Lite spec (a run, say), named briefly; {LrfindError} `E_OPTION`
 *   when vega-lite or vega rejects the spec (its message cut to 200 characters).
 * @example
 * const svg = await renderSvg(finderSpec(run, analyze(run), { layers: { tooltips: false } }));
 * svg.startsWith('<svg'); // => true
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  if (!isVegaLiteSpec(spec)) throw msg.notASpec('renderSvg', spec);
  const [{ compile }, { View, parse }] = await Promise.all([import('vega-lite'), import('vega')]);
  let view: InstanceType<typeof View> | undefined;
  try {
    const vg = compile(spec).spec;
    view = new View(parse(vg), { renderer: 'none' });
    const svg = await view.toSVG(options.scale ?? 1);
    return normalizeSvgIds(svg);
  } catch (error) {
    throw msg.cannotRender(error);
  } finally {
    view?.finalize();
  }
}
