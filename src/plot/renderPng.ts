/**
 * Node-only rendering: an SVG (or a spec, through {@link renderSvg}) → PNG with resvg and the bundled DejaVu Sans
 * font, no system fonts. Exported by `lrfind/node`.
 *
 * @module
 */
import { createRequire } from 'node:module';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render.js';
import { PLOT_FONT } from './theme.js';
import * as msg from './messages.js';

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
    throw msg.badPngScale(scale);
  }
  const svg = typeof input === 'string' ? input : await renderSvg(input);
  const name = options.name ?? 'renderPng';
  const size = /<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"/.exec(svg);
  if (size !== null) {
    const w = Math.ceil(Number(size[1]) * scale);
    const h = Math.ceil(Number(size[2]) * scale);
    if (w * h > MAX_PNG_PIXELS) {
      throw msg.pngTooLarge(name, w, h, MAX_PNG_PIXELS);
    }
    if (Number(size[1]) * scale < 1 || Number(size[2]) * scale < 1) {
      throw msg.pngTooSmall(name, scale);
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
