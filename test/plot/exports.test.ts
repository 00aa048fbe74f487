import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as plot from '../../src/plot/index.js';
import * as specs from '../../src/plot/specs.js';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every module reachable from `file` through value (non-type) imports, and the bare packages they import. */
function valueImports(file: string, seen = new Set<string>(), packages = new Set<string>()) {
  if (seen.has(file)) return { seen, packages };
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'";]*?\s+from\s+)?'([^']+)'/gm)) {
    const target = m[1];
    if (target.startsWith('.')) valueImports(join(dirname(file), target.replace(/\.js$/, '.ts')), seen, packages);
    else packages.add(target);
  }
  return { seen, packages };
}

describe('plot exports', () => {
  it('lrfind/plot exports the spec builders and the renderers', () => {
    expect(Object.keys(plot).sort()).toEqual([
      'PLOT_COLORS', 'PLOT_FONT', 'PLOT_FONT_STACK', 'RUN_COLORS', 'confirmPanel', 'downsampleIndices', 'escapeHtml', 'escapeScript',
      'finderSpec', 'logTicks', 'lrLabel', 'lrfindTheme', 'normalizeSvgIds', 'overlaySpec', 'plotFontFile',
      'renderHtml', 'renderPng', 'renderSvg', 'reportFormatOf', 'reportHtml', 'reportScripts', 'reportSpec',
      'schedulePanel', 'scheduleReportSpec', 'withConfirmPanel', 'withSchedulePanel', 'writeReport',
    ]);
  });

  it('the pure half (re-exported by the package root) has no renderer', () => {
    expect(Object.keys(specs).sort()).toEqual([
      'PLOT_COLORS', 'PLOT_FONT', 'PLOT_FONT_STACK', 'RUN_COLORS', 'confirmPanel', 'downsampleIndices', 'escapeHtml', 'escapeScript',
      'finderSpec', 'logTicks', 'lrLabel', 'lrfindTheme', 'overlaySpec', 'reportHtml', 'schedulePanel',
      'scheduleReportSpec', 'withConfirmPanel', 'withSchedulePanel',
    ]);
  });

  it('the pure half imports no file system, vega runtime or resvg', () => {
    const { seen, packages } = valueImports(join(src, 'plot', 'specs.ts'));
    for (const p of packages) expect(p).not.toMatch(/^(node:|fs$|path$|vega|@resvg|@tensorflow|write-file-atomic)/);
    for (const file of seen) expect(file).not.toMatch(/render/);
    expect(seen.size).toBeGreaterThan(5);
  });
});
