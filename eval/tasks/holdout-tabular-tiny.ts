/** holdout-tabular-tiny (third holdout): a 150-row tabular set (validation 50), MLP 6-16-1 — Adam at batch 16. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** A tiny tabular task: 6 Gaussian features; class 1 when a fixed linear form plus an interaction is positive. */
const tabular: Generator = (_rand, normal) => {
  const x = Array.from({ length: 6 }, () => normal());
  return [x, [0.8 * x[0] - 0.6 * x[1] + 0.5 * x[2] * x[3] + 0.3 * normal() > 0 ? 1 : 0]];
};

export const holdoutTabularTiny = family(
  simpleTask({
    name: 'holdout-tabular-tiny',
    description: '6 Gaussian features, class from a linear form + an interaction + noise (150 train, 50 val), MLP 6-16-1 relu/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(150, 50, tabular),
    model: (seed) => mlp(6, [{ units: 16 }, { units: 1, activation: 'sigmoid' }], seed + 9000),
  }),
  'holdout-c',
  [{ optimizer: 'adam', batchSize: 16, seeds: [9, 10], tests: [exp(1e-6, 100), exp(1e-5, 200)] }],
);
