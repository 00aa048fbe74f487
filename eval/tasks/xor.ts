/** xor: XOR of two noisy uniform features (800 train, 400 val), MLP 2-8-1 tanh — SGD at batch 8. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Noisy XOR of the signs of two uniform features (10 % label noise-free margin blur). */
const xor: Generator = (rand, normal) => {
  const a = 2 * rand() - 1;
  const b = 2 * rand() - 1;
  return [[a + 0.1 * normal(), b + 0.1 * normal()], [a * b > 0 ? 1 : 0]];
};

export const xorFamily = family(
  simpleTask({
    name: 'xor',
    description: 'XOR of two noisy uniform features (800 train, 400 val), MLP 2-8-1 tanh/sigmoid, binary cross-entropy',
    budgetSteps: 200,
    loss: 'binaryCrossentropy',
    data: synthetic(800, 400, xor),
    model: (seed) => mlp(2, [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed),
  }),
  'corpus',
  [{ optimizer: 'sgd', batchSize: 8, seeds: [1, 2], tests: [exp(1e-6, 150, 100), exp(1e-4, 400, 100)] }],
);
