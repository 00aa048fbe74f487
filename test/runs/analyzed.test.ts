import { describe, expect, it } from 'vitest';
import { analyzeOptionsOf, analyzeRun } from '../../src/runs/analyzed.js';
import type { Run } from '../../src/runs/run.js';

const lrs = Array.from({ length: 80 }, (_, i) => 1e-4 * 10 ** (i / 20));
// a clean descent to a minimum near lr 0.3, then a blow-up
const losses = lrs.map((lr) => 1 / (1 + 30 * lr) + (lr > 0.3 ? 40 * (lr - 0.3) ** 2 : 0));
const run = (meta: Run['meta']): Run => ({ lrs: Float64Array.from(lrs), losses: Float64Array.from(losses), meta });

describe('analyzeOptionsOf: the facts a run records', () => {
  it('reads full batch from one batch per epoch whose batch held every row', () => {
    expect(analyzeOptionsOf(run({ batchesPerEpoch: 1 })).fullBatch).toBe(true);
    expect(analyzeOptionsOf(run({ batchesPerEpoch: 1, batchSize: 200, trainExamples: 200 })).fullBatch).toBe(true);
    expect(analyzeOptionsOf(run({ batchesPerEpoch: 1, batchSize: 256, trainExamples: 200 })).fullBatch).toBe(true);
  });

  it('does not read full batch from a batch drawn from more rows than it holds, nor from an unknown count', () => {
    expect(analyzeOptionsOf(run({ batchesPerEpoch: 1, batchSize: 100, trainExamples: 150 })).fullBatch).toBeUndefined();
    expect(analyzeOptionsOf(run({ batchesPerEpoch: 4, batchSize: 32, trainExamples: 128 })).fullBatch).toBeUndefined();
    expect(analyzeOptionsOf(run({})).fullBatch).toBeUndefined();
  });

  it('a full-batch run keeps its answer at or below a tenth of the loss minimum, a mini-batch one need not', () => {
    const full = analyzeRun(run({ batchesPerEpoch: 1, batchSize: 200, trainExamples: 200 }));
    const partial = analyzeRun(run({ batchesPerEpoch: 1, batchSize: 100, trainExamples: 200 }));
    // the curve is clean: its raw minimum is lrfind's minimum to a step (10^0.05)
    const minimum = lrs[losses.indexOf(Math.min(...losses))];
    expect(full.answer!.lr).toBeLessThanOrEqual((minimum / 10) * 10 ** 0.05);
    expect(full.choice.confidenceReason).toMatch(/full batch/);
    expect(partial.choice.confidenceReason).not.toMatch(/full batch/);
    expect(partial.answer!.lr).toBeGreaterThan(full.answer!.lr);
  });
});
