/** holdout-sine (second holdout): sin(3x) + noise, MLP 1-32-32-1 tanh, on a long plateau — Adam at batch 16. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** One input on [−2, 2]; target sin(3x) + 0.1 noise. */
const sine: Generator = (rand, normal) => {
  const x = 4 * rand() - 2;
  return [[x], [Math.sin(3 * x) + 0.1 * normal()]];
};

export const holdoutSine = family(
  simpleTask({
    name: 'holdout-sine',
    description: 'sin(3x) + noise on [−2, 2] (1000 train, 400 val), MLP 1-32-32-1 tanh/linear, MSE',
    budgetSteps: 200,
    loss: 'meanSquaredError',
    data: synthetic(1000, 400, sine),
    model: (seed) => mlp(1, [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed + 7000),
  }),
  'holdout',
  [{ optimizer: 'adam', batchSize: 16, seeds: [7, 8], tests: [exp(1e-6, 100), exp(1e-5, 250)] }],
);
