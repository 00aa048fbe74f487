/** overfit-small: 120 MNIST training examples (12/digit) and a wide MLP 784-256-256-10 that over-fits — Adam at batch 16 and momentum at batch 8. */
import { memo } from './kit/data.js';
import { mnist, MNIST_ALL, mnistVal } from './kit/mnist.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const overfitSmall = family(
  simpleTask({
    name: 'overfit-small',
    description: 'MNIST 12/digit (120 train), 100/digit val, MLP 784-256-256-10 relu/softmax, cross-entropy (over-fits)',
    budgetSteps: 200,
    loss: 'categoricalCrossentropy',
    data: memo(() => ({ train: mnist(MNIST_ALL, 0, 12), val: mnistVal(0) })),
    model: (seed) => mlp(784, [{ units: 256 }, { units: 256 }, { units: 10, activation: 'softmax' }], seed),
  }),
  'corpus',
  [
    { optimizer: 'adam', batchSize: 16, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
    { optimizer: 'momentum', batchSize: 8, seeds: [3, 4], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
  ],
);
