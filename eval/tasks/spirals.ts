/** spirals: three noisy spiral arms (1500 train, 600 val), MLP 2-32-32-3 — Adagrad at batch 32 and RMSprop at batch 64. */
import { oneHot, synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Three interleaved noisy spiral arms, one class each. */
const spiral: Generator = (rand, normal) => {
  const k = Math.floor(rand() * 3);
  const r = rand();
  const t = 4 * r + (2 * Math.PI * k) / 3;
  return [[r * Math.sin(t) + 0.05 * normal(), r * Math.cos(t) + 0.05 * normal()], oneHot(k, 3)];
};

export const spirals = family(
  simpleTask({
    name: 'spirals',
    description: 'three noisy spiral arms (1500 train, 600 val), MLP 2-32-32-3 relu/softmax, cross-entropy',
    budgetSteps: 200,
    loss: 'categoricalCrossentropy',
    data: synthetic(1500, 600, spiral),
    model: (seed) => mlp(2, [{ units: 32 }, { units: 32 }, { units: 3, activation: 'softmax' }], seed),
  }),
  'corpus',
  [
    { optimizer: 'adagrad', batchSize: 32, seeds: [1, 2], tests: [exp(1e-6, 100, 100), exp(1e-5, 250, 100)] },
    { optimizer: 'rmsprop', batchSize: 64, seeds: [3, 4], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
  ],
);
