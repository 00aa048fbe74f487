/**
 * The successive-halving plan of the confirm trials: how many trials each round keeps and how long each trains, for a
 * step budget.
 *
 * @module
 */

/**
 * Default pruning factor of the successive halving: each round keeps 1/η of the trials, η times longer.
 * @example
 * confirmPlan(8, { budget: 240, eta: DEFAULT_ETA }).rounds.map((r) => r.trials); // => [8, 4, 2]
 */
export const DEFAULT_ETA = 2;

/** The successive-halving plan: candidates per round (`n`, `⌈n/η⌉`, … down to 2, or one round for one candidate). */
function roundSizes(k: number, eta: number): number[] {
  const sizes = [k];
  while (sizes[sizes.length - 1] > 2) sizes.push(Math.max(2, Math.ceil(sizes[sizes.length - 1] / eta)));
  return sizes;
}

/**
 * The plan of {@link confirmLr} for `k` candidates: the first-round trial length and the steps of each round
 * (trials double in length every round; each round keeps the better half).
 *
 * @returns `{ steps, rounds: [{ trials, steps }], total }`; `steps` is 0 when the budget cannot pay one step a trial.
 * @example
 * confirmPlan(8, { budget: 300 });
 * // => { steps: 11, rounds: [{ trials: 8, steps: 11 }, { trials: 4, steps: 22 }, { trials: 2, steps: 44 }], total: 264 } (room kept for one trial beyond an edge)
 */
export function confirmPlan(
  k: number,
  options: { budget?: number; steps?: number; rangeTestSteps?: number; eta?: number; resumable?: boolean; extend?: boolean } = {},
): { steps: number; rounds: { trials: number; steps: number }[]; total: number } {
  const eta = options.eta ?? DEFAULT_ETA;
  const sizes = roundSizes(k, eta);
  // a round's cost per trial: its length, or (resumed) what it adds to the previous round's
  const unit = (r: number): number => (options.resumable && r > 0 ? eta ** r - eta ** (r - 1) : eta ** r);
  // room for one more trial in the second round: a candidate beyond the edge the first round's best sits on
  const reserve = options.extend !== false && sizes.length > 1 ? eta : 0;
  const weight = sizes.reduce((sum, n, r) => sum + n * unit(r), 0) + reserve;
  const budget = options.budget ?? (options.steps === undefined ? 3 * (options.rangeTestSteps ?? 100) : Infinity);
  const steps = options.steps ?? Math.floor(budget / weight);
  const rounds: { trials: number; steps: number }[] = [];
  let total = 0;
  for (const [r, n] of sizes.entries()) {
    const cost = n * steps * unit(r);
    if (steps < 1 || total + cost > budget) break;
    rounds.push({ trials: n, steps: steps * eta ** r });
    total += cost;
  }
  return { steps: rounds.length > 0 ? steps : 0, rounds, total };
}
