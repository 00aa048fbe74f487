/** holdout-multilabel (second holdout): 4 independent binary labels from 10 Gaussian inputs, MLP 10-32-4 — momentum at batch 128. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** 10 Gaussian inputs; 4 labels, each 1 when a fixed linear form plus an interaction is positive (multi-label). */
const multilabel: Generator = (_rand, normal) => {
  const x = Array.from({ length: 10 }, () => normal());
  const labels = [0, 1, 2, 3].map((k) => {
    const lin = x[k] - 0.5 * x[k + 4] + 0.3 * x[(k + 7) % 10];
    return lin + 0.6 * x[(k + 1) % 10] * x[(k + 2) % 10] + 0.3 * normal() > 0 ? 1 : 0;
  });
  return [x, labels];
};

export const holdoutMultilabel = family(
  simpleTask({
    name: 'holdout-multilabel',
    description: '10 Gaussian inputs, 4 independent binary labels (2000 train, 600 val), MLP 10-32-4 relu/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(2000, 600, multilabel),
    model: (seed) => mlp(10, [{ units: 32 }, { units: 4, activation: 'sigmoid' }], seed + 7000),
  }),
  'holdout',
  [{ optimizer: 'momentum', batchSize: 128, seeds: [7, 8], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] }],
);
