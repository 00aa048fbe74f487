/**
 * Rendering without a browser: Vega-Lite spec → SVG (vega's headless View) → PNG (resvg, with the bundled
 * DejaVu Sans font, no system fonts). This module and `renderHtml.ts` are the only parts of `src/plot` that touch
 * the file system; vega and resvg are loaded on first use so that importing `lrfind/plot` stays cheap.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { LrfindError } from '../errors.js';
import { PLOT_FONT } from './theme.js';

const require = createRequire(import.meta.url);

/**
 * Path of the TrueType file the PNG renderer uses: DejaVu Sans from the `dejavu-fonts-ttf` package (Bitstream
 * Vera licence, free to redistribute).
 *
 * @returns an absolute path.
 * @example
 * plotFontFile(); // => '/…/node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf'
 */
export function plotFontFile(): string {
  return require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
}

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

/**
 * Render a Vega-Lite spec to SVG text with vega's headless View (no browser, no canvas): compile with
 * `vega-lite`, run the dataflow with `renderer: 'none'`, serialize with `toSVG()`. The output is deterministic
 * (ids renumbered by {@link normalizeSvgIds}).
 *
 * @param spec - a Vega-Lite spec (e.g. from `finderSpec` with `layers: { tooltips: false }` for a lean file).
 * @param options - see {@link RenderSvgOptions}.
 * @returns the SVG document.
 * @throws {LrfindError} `E_OPTION` when vega-lite or vega rejects the spec.
 * @example
 * const svg = await renderSvg(finderSpec(run, analyze(run), { layers: { tooltips: false } }));
 * svg.startsWith('<svg'); // => true
 */
export async function renderSvg(spec: TopLevelSpec, options: RenderSvgOptions = {}): Promise<string> {
  const [{ compile }, { View, parse }] = await Promise.all([import('vega-lite'), import('vega')]);
  let view: InstanceType<typeof View> | undefined;
  try {
    const vg = compile(spec).spec;
    view = new View(parse(vg), { renderer: 'none' });
    const svg = await view.toSVG(options.scale ?? 1);
    return normalizeSvgIds(svg);
  } catch (error) {
    throw new LrfindError('E_OPTION', `renderSvg: the spec cannot be rendered: ${(error as Error).message}`, { cause: error });
  } finally {
    view?.finalize();
  }
}

/**
 * The most pixels a PNG may have (40 megapixels: 160 MB of RGBA while it is drawn); a bigger one is refused before
 * it is drawn, whatever the width, height and scale that ask for it.
 * @example
 * MAX_PNG_PIXELS; // => 40000000
 */
export const MAX_PNG_PIXELS = 40_000_000;

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixel density: the PNG is `scale` × the chart's size. __Default value:__ `1` */
  readonly scale?: number;
  /** Name in error messages (the output file). __Default value:__ `'renderPng'` */
  readonly name?: string;
}

/**
 * Render a Vega-Lite spec (or SVG text) to PNG bytes with `@resvg/resvg-js` (its binary ships inside the npm
 * package). Only the bundled DejaVu Sans font is loaded — system fonts are ignored — so a PNG made on a bare
 * Debian machine is the same as anywhere else.
 *
 * @param input - a Vega-Lite spec, or an SVG document (a string starting with `<svg` or `<?xml`).
 * @param options - see {@link RenderPngOptions}.
 * @returns the PNG file's bytes.
 * @throws {RangeError} for a bad scale; {LrfindError} `E_OPTION` when the spec cannot be rendered, or when the
 *   PNG would exceed {@link MAX_PNG_PIXELS} or be smaller than one pixel.
 * @example
 * const png = await renderPng(spec, { scale: 2 });
 * png.subarray(1, 4).toString(); // => 'PNG'
 */
export async function renderPng(input: TopLevelSpec | string, options: RenderPngOptions = {}): Promise<Buffer> {
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 10)) {
    throw new RangeError(`renderPng: scale must be a number in (0, 10] (got ${scale})`);
  }
  const svg = typeof input === 'string' ? input : await renderSvg(input);
  const name = options.name ?? 'renderPng';
  const size = /<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"/.exec(svg);
  if (size !== null) {
    const w = Math.ceil(Number(size[1]) * scale);
    const h = Math.ceil(Number(size[2]) * scale);
    if (w * h > MAX_PNG_PIXELS) {
      throw new LrfindError(
        'E_OPTION',
        `${name}: the PNG would be ${w}×${h} pixels (${(w * h / 1e6).toFixed(0)} megapixels; at most ${MAX_PNG_PIXELS / 1e6}): lower the width, height or scale`,
        { details: { width: w, height: h } },
      );
    }
    if (Number(size[1]) * scale < 1 || Number(size[2]) * scale < 1) {
      throw new LrfindError('E_OPTION', `${name}: the PNG would be smaller than one pixel (scale ${scale}): raise the scale`, { details: { scale } });
    }
  }
  const { Resvg } = await import('@resvg/resvg-js');
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: false, fontFiles: [plotFontFile()], defaultFontFamily: PLOT_FONT, sansSerifFamily: PLOT_FONT },
    background: 'white',
  });
  return resvg.render().asPng();
}
