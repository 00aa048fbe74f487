/** moons: scikit-learn's two moons (noise 0.2; 1000 train, 500 val), MLP 2-16-16-1 tanh — momentum at batch 16 and Adam at batch 32. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** scikit-learn's two moons, noise 0.2. */
const moon: Generator = (rand, normal) => {
  const k = rand() < 0.5 ? 0 : 1;
  const t = Math.PI * rand();
  const [x, y] = k === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  return [[x + 0.2 * normal(), y + 0.2 * normal()], [k]];
};

export const moons = family(
  simpleTask({
    name: 'moons',
    description: 'two moons, noise 0.2 (1000 train, 500 val), MLP 2-16-16-1 tanh/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(1000, 500, moon),
    model: (seed) => mlp(2, [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed),
  }),
  'corpus',
  [
    { optimizer: 'momentum', batchSize: 16, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
    { optimizer: 'adam', batchSize: 32, seeds: [3, 4], tests: [exp(1e-6, 80), exp(1e-4, 250)] },
  ],
);
