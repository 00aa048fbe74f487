/** holdout-mae (first holdout): the smooth 8-feature regression under mean absolute error, MLP 8-48-1 — momentum at batch 32. */
import { regression, synthetic } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const holdoutMae = family(
  simpleTask({
    name: 'holdout-mae',
    description: 'smooth 8-feature regression + noise (2000 train, 500 val), MLP 8-48-1 relu/linear, mean absolute error',
    budgetSteps: 150,
    loss: 'meanAbsoluteError',
    data: synthetic(2000, 500, regression(1)),
    model: (seed) => mlp(8, [{ units: 48 }, { units: 1, activation: 'linear' }], seed + 7000),
  }),
  'holdout',
  [{ optimizer: 'momentum', batchSize: 32, seeds: [5, 6], tests: [exp(1e-7, 100), exp(1e-5, 200)] }],
);
