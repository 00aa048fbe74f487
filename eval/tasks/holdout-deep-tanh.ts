/** holdout-deep-tanh (first holdout): the 20-d blobs through a deep tanh MLP without normalization — SGD at batch 64. */
import { BLOB_CENTERS, blobs, synthetic } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const holdoutDeepTanh = family(
  simpleTask({
    name: 'holdout-deep-tanh',
    description: '5 Gaussian blobs in 20-d (2000 train, 600 val), MLP 20-32-32-32-32-5 tanh/softmax without normalization, cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: synthetic(2000, 600, blobs(BLOB_CENTERS)),
    model: (seed) =>
      mlp(20, [...Array.from({ length: 4 }, () => ({ units: 32, activation: 'tanh' as const })), { units: 5, activation: 'softmax' }], seed + 7000),
  }),
  'holdout',
  [{ optimizer: 'sgd', batchSize: 64, seeds: [5, 6], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] }],
);
