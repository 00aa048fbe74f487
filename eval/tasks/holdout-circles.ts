/** holdout-circles (first holdout): two concentric noisy circles, MLP 2-24-24-1 — Adagrad at batch 16. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Two concentric noisy circles (radius 1 and 2, noise 0.25) in 2-d; class: the outer circle. */
const circles: Generator = (rand, normal) => {
  const outer = rand() < 0.5 ? 1 : 0;
  const a = 2 * Math.PI * rand();
  const r = (outer ? 2 : 1) + 0.25 * normal();
  return [[r * Math.cos(a), r * Math.sin(a)], [outer]];
};

export const holdoutCircles = family(
  simpleTask({
    name: 'holdout-circles',
    description: 'two concentric noisy circles (1000 train, 500 val), MLP 2-24-24-1 relu/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(1000, 500, circles),
    model: (seed) => mlp(2, [{ units: 24 }, { units: 24 }, { units: 1, activation: 'sigmoid' }], seed + 7000),
  }),
  'holdout',
  [{ optimizer: 'adagrad', batchSize: 16, seeds: [5, 6], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] }],
);
