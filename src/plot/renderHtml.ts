/**
 * The HTML report's file-system side: reads the vega, vega-lite and vega-embed browser builds from
 * node_modules (no CDN) and hands them to the pure {@link reportHtml}.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { reportHtml, type ReportEntry, type ReportHtmlOptions, type ReportScripts } from './html.js';
import * as msg from './messages.js';

const require = createRequire(import.meta.url);

/** Where each library's minified browser (UMD) build lives, found from its package entry point. */
function scriptPaths(): Record<keyof ReportScripts, string> {
  // the packages' `exports` hide build/*.min.js, so resolve the entry point and look beside it
  return {
    vega: join(dirname(require.resolve('vega')), 'vega.min.js'),
    vegaLite: join(dirname(require.resolve('vega-lite')), 'vega-lite.min.js'),
    vegaEmbed: join(dirname(require.resolve('vega-embed')), 'vega-embed.min.js'),
  };
}

let cached: Promise<ReportScripts> | undefined;

/**
 * The browser builds of vega, vega-lite and vega-embed, read once from node_modules.
 *
 * @returns their JavaScript.
 * @throws {LrfindError} `E_FILE_READ` when a build is missing (a broken install).
 * @example
 * (await reportScripts()).vega.length > 100_000; // => true
 */
export function reportScripts(): Promise<ReportScripts> {
  cached ??= (async () => {
    const paths = scriptPaths();
    const read = async (path: string): Promise<string> => {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        throw msg.buildUnreadable(path, error);
      }
    };
    const [vega, vegaLite, vegaEmbed] = await Promise.all([read(paths.vega), read(paths.vegaLite), read(paths.vegaEmbed)]);
    return { vega, vegaLite, vegaEmbed };
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

/**
 * The self-contained HTML report: interactive chart (vega-embed, tooltips), suggestions tables and run
 * metadata, with the libraries inlined so the file works offline.
 *
 * @param entries - the runs shown (at least one).
 * @param spec - the chart, usually `finderSpec(...)` or `overlaySpec(...)` with tooltips on.
 * @param options - see {@link ReportHtmlOptions}.
 * @returns the HTML document (about 850 KB, most of it the three libraries).
 * @throws {LrfindError} `E_FILE_READ` when a library build cannot be read.
 * @example
 * await writeFileAtomic('report.html', await renderHtml([{ name: 'run.json', run, analysis }], finderSpec(run, analysis)));
 */
export async function renderHtml(entries: readonly ReportEntry[], spec: TopLevelSpec, options: ReportHtmlOptions = {}): Promise<string> {
  return reportHtml(entries, spec, await reportScripts(), options);
}
