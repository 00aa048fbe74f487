/** holdout-autoencoder (second holdout): an MNIST autoencoder 784-32-784 under per-pixel cross-entropy — RMSprop at batch 64. */
import { memo } from './kit/data.js';
import { mnistImages } from './kit/mnist.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const holdoutAutoencoder = family(
  simpleTask({
    name: 'holdout-autoencoder',
    description: 'MNIST autoencoder: 200 images/digit (2000 train), 50/digit val, MLP 784-32-784 relu/sigmoid, per-pixel binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: memo(() => ({ train: mnistImages(0, 200), val: mnistImages(500, 550) })),
    model: (seed) => mlp(784, [{ units: 32 }, { units: 784, activation: 'sigmoid' }], seed + 7000),
  }),
  'holdout',
  [{ optimizer: 'rmsprop', batchSize: 64, seeds: [7, 8], tests: [exp(1e-7, 100), exp(1e-5, 200)] }],
);
