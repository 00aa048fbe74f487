import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { reportData, writeReport } from '../../src/plot/renderReport.js';

const lrs = Float64Array.from({ length: 80 }, (_, i) => 1e-6 * 10 ** (i / 10));
const curve = (shift: number): Float64Array =>
  Float64Array.from(lrs, (lr, i) => 2.3 - 0.12 * Math.log10(lr / 1e-6) + (i > 50 + shift ? (i - 50 - shift) ** 2 * 0.04 : 0) + 0.01 * Math.sin(i));
const run = { lrs, losses: curve(0) };
const other = { lrs, losses: curve(12) };

describe('a report refuses an analysis of another run', () => {
  it('same lrs, other losses: writeReport throws before writing anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrfind-aor-'));
    const path = join(dir, 'r.json');
    const error = await writeReport(path, [{ name: 'run', run, analysis: analyze(other) }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^writeReport: entries\[0\]\.analysis is not an analysis of its run \(its keras (recording has \d+ points|smoothed loss \d+ is).*\); analyze the run again$/);
    expect(existsSync(path)).toBe(false);
  });

  it('other lrs (a longer or shifted sweep)', async () => {
    const shifted = { lrs: Float64Array.from(lrs, (lr) => lr * 2), losses: run.losses };
    await expect(reportData([{ name: 'run', run, analysis: analyze(shifted, { preset: 'fastai' }) }], 'json')).rejects.toThrow(
      /^reportData: entries\[0\]\.analysis is not an analysis of its run \(lr 0 is 0\.000002 in its fastai recording, 0\.000001 in the run\)/,
    );
    const longer = { lrs: Float64Array.from({ length: 120 }, (_, i) => 1e-6 * 10 ** (i / 10)), losses: Float64Array.from({ length: 120 }, (_, i) => 2 - i / 200) };
    await expect(reportData([{ name: 'run', run, analysis: analyze(longer, { preset: 'keras' }) }], 'json')).rejects.toThrow(/not an analysis of its run/);
  });

  it('in an overlay too, naming the entry', async () => {
    await expect(
      reportData([{ name: 'a', run, analysis: analyze(run) }, { name: 'b', run: other, analysis: analyze(run) }], 'json'),
    ).rejects.toThrow(/^reportData: entries\[1\]\.analysis/);
  });

  it('its own analysis (any preset, and copies of the arrays) passes', async () => {
    await expect(reportData([{ name: 'run', run, analysis: analyze(run) }], 'json')).resolves.toMatch(/^\{/);
    const copy = { lrs: Array.from(lrs), losses: Array.from(run.losses) };
    await expect(reportData([{ name: 'run', run: copy, analysis: analyze(run, { preset: 'lightning' }) }], 'json')).resolves.toMatch(/^\{/);
  });
});
