import { describe, expect, it } from 'vitest';
import { candidateOracle, oneOrderPick, oneOrderTable, regretOfOrders, summarize, trialsTable, type StoredConfirm } from '../../eval/floors.js';
import { loadCorpus, type Entry } from '../../eval/score.js';

/** A 4-lr grid: order 0 likes 1e-2, order 1 likes 1e-1 (and diverges at 1), the mean likes 3e-2. */
function fakeEntry(): Entry {
  const perOrder = [
    [1.0, 1.0],
    [0.4, 0.9],
    [0.5, 0.5],
    [0.45, null],
  ];
  const lrs = [1e-3, 1e-2, 3e-2, 1e-1];
  const initialValLoss = 2;
  const v = perOrder.map((p) => (p.includes(null) ? initialValLoss : (p as number[]).reduce((a, b) => a + b) / 2));
  return {
    id: 'fake-s1',
    family: 'fake',
    budgetSteps: 100,
    initialValLoss,
    grid: { lrs, perOrder, valLoss: v.map((x, i) => (perOrder[i].includes(null) ? null : x)), diverged: perOrder.map((p) => p.includes(null)) },
    v,
    best: 0.5,
    bestLr: 3e-2,
  } as unknown as Entry;
}

describe('eval/floors: what one batch order can tell', () => {
  it('oneOrderPick takes the best lr of one order and scores it on both (a diverged other order scores as the grid does)', () => {
    const e = fakeEntry();
    expect(oneOrderPick(e, 0)).toEqual({ lr: 1e-2, regret: 0.65 / 0.5 - 1 });
    // order 1's best finite value is at 3e-2 (1e-1 diverged there): the oracle's own lr
    expect(oneOrderPick(e, 1)).toEqual({ lr: 3e-2, regret: 0 });
    const allDiverged = { ...e, grid: { ...e.grid, perOrder: e.grid.perOrder.map(() => [null, null]) } } as Entry;
    expect(oneOrderPick(allDiverged, 0)).toBeNull();
  });

  it('candidateOracle compares by both orders or by the trials\u2019 order, and says when a candidate is unmeasured', () => {
    const e = fakeEntry();
    const measured = new Map<number, (number | null)[]>([
      [1e-2, [0.4, 0.9]],
      [3e-2, [0.5, 0.5]],
      [1e-1, [0.3, null]],
    ]);
    const perOrder = (_: Entry, lr: number) => measured.get(lr);
    expect(candidateOracle(e, [1e-2, 3e-2, 1e-1], 'both orders', perOrder)).toEqual({ lr: 3e-2, regret: 0 });
    // on the trials' order 1e-1 looks best (0.3) and diverged on the other: the grid's diverged score
    expect(candidateOracle(e, [1e-2, 3e-2, 1e-1], "the trials' order", perOrder)).toEqual({ lr: 1e-1, regret: 2 / 0.5 - 1 });
    expect(candidateOracle(e, [1e-2, 5e-2], 'both orders', perOrder)).toBeUndefined();
    const diverged = (_: Entry, lr: number) => (lr > 0 ? [null, 0.2] : undefined);
    expect(candidateOracle(e, [1e-2], "the trials' order", diverged)).toBeNull();
    expect(regretOfOrders(e, [0.5, 0.7])).toBeCloseTo(0.2, 12);
  });

  it('summarize gives mean, median, worst and where', () => {
    expect(summarize([0.1, 0.4, 0.2, 0.3], ['a', 'b', 'c', 'd'])).toEqual({ n: 4, mean: 0.25, median: 0.25, worst: 0.4, worstOn: 'b' });
  });

  it('trialsTable scores each round\u2019s candidates and the pick', () => {
    const e = fakeEntry();
    const perOrder = (_: Entry, lr: number) => (e.grid.perOrder[e.grid.lrs.indexOf(lr)] as (number | null)[] | undefined) ?? undefined;
    const results: StoredConfirm[] = [
      {
        id: e.id,
        family: e.family,
        trialSteps: 150,
        confirmLr: 1e-2,
        confirmation: {
          trials: [
            { lr: 1e-3, round: 0 },
            { lr: 1e-2, round: 0 },
            { lr: 3e-2, round: 0 },
            { lr: 1e-2, round: 1 },
            { lr: 3e-2, round: 1 },
          ],
        },
      },
    ];
    const table = trialsTable([e], results, perOrder);
    expect(table).toContain('| the lrs of round 0 (up to 8) | both orders | 1 | 0.000 |');
    expect(table).toContain("| the lrs of round 0 (up to 8) | the trials' order | 1 | 0.300 |");
    expect(table).toContain("| **the trials' pick** (`confirmation.lr`) | the trials (short, one order) | 1 | 0.300 |");
    expect(table).toContain('= 1.50 × the ground truth');
  });

  it('on the corpus: a one-order grid search never beats the oracle, and matches it where the orders agree', () => {
    const corpus = loadCorpus();
    expect(corpus.length).toBeGreaterThanOrEqual(96);
    for (const e of corpus) {
      for (const order of [0, 1]) {
        const pick = oneOrderPick(e, order);
        expect(pick).not.toBeNull();
        expect(pick!.regret).toBeGreaterThanOrEqual(0);
        if (pick!.lr === e.bestLr) expect(pick!.regret).toBe(0);
      }
    }
    expect(oneOrderTable(corpus)).toMatch(new RegExp(`\\| the range test's order \\(the trials' batches\\), every grid lr at the full budget \\| ${corpus.length} \\| 0\\.0\\d\\d \\|`));
  });
});
