/** bn-dropout: 5 Gaussian blobs in 20-d (2000 train, 600 val), MLP 20-64-64-5 with BatchNorm and a seeded Dropout(0.3) — momentum at batch 64. */
import { BLOB_CENTERS, blobs, synthetic } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const bnDropout = family(
  simpleTask({
    name: 'bn-dropout',
    description: '5 Gaussian blobs in 20-d (2000 train, 600 val), MLP 20-64-64-5 with BatchNorm + seeded Dropout(0.3), cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: synthetic(2000, 600, blobs(BLOB_CENTERS)),
    model: (seed) =>
      mlp(20, [{ units: 64, batchNorm: true, dropout: 0.3 }, { units: 64, batchNorm: true, dropout: 0.3 }, { units: 5, activation: 'softmax' }], seed),
  }),
  'corpus',
  [{ optimizer: 'momentum', batchSize: 64, seeds: [1, 2], tests: [exp(1e-7, 100, 100), exp(1e-5, 200, 100)] }],
);
