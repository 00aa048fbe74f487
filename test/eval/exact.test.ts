import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { exactRegret, exactValLoss, measureExact } from '../../eval/exact.js';
import { loadCorpus, regret } from '../../eval/score.js';

const dir = mkdtempSync(join(tmpdir(), 'lrfind-exact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eval/exact: the validation loss trained at an lr', () => {
  const corpus = loadCorpus();
  const entry = corpus.find((e) => e.id === 'regression-x1-momentum-bs64-s1-1e-7-100');
  if (!entry) throw new Error('corpus entry missing');

  it('reproduces the ground-truth grid bit for bit at a grid lr, caches it, and scores a diverged lr as the grid does', async () => {
    tf.env().set('PROD', true);
    const k = entry.grid.lrs.indexOf(entry.bestLr);
    const lr = entry.grid.lrs[k];
    expect(exactValLoss(entry, lr, dir)).toBeUndefined();
    expect(await measureExact(entry, [lr], dir)).toBe(1);
    expect(await measureExact(entry, [lr, null], dir)).toBe(0); // cached; a null suggestion trains nothing
    expect(exactValLoss(entry, lr, dir)).toBe(entry.grid.valLoss[k]);
    expect(exactRegret(entry, lr, dir)).toBe(regret(entry, lr));
    expect(exactRegret(entry, null, dir)).toBe(regret(entry, null));
    const d = entry.grid.diverged.indexOf(true);
    expect(d).toBeGreaterThan(0);
    await measureExact(entry, [entry.grid.lrs[d]], dir);
    expect(exactValLoss(entry, entry.grid.lrs[d], dir)).toBe(entry.v[d]);
  }, 120_000);
});
