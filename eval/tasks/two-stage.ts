/** two-stage: an offset regression whose offset is learned first and its features only at a higher lr, MLP 6-16-1 tanh — plain SGD at batch 32. */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/**
 * Two stages for plain SGD: a large offset (learned first, by the output bias) and a feature part on inputs of a
 * small scale (×0.25: low curvature, learned only at a higher lr).
 */
const offsetTarget: Generator = (rand, normal) => {
  const x = Array.from({ length: 6 }, () => 2 * rand() - 1);
  const f = x[0] - x[1] + 0.5 * x[2] * x[3] + Math.sin(2 * x[4]);
  return [x.map((v) => 0.25 * v), [4 + 1.5 * f + 0.02 * normal()]];
};

export const twoStage = family(
  simpleTask({
    name: 'two-stage',
    description: 'offset regression (target 4 + 1.5·f(x), inputs scaled ×0.25; 1500 train, 500 val), MLP 6-16-1 tanh/linear, MSE: the offset is learned first, the features at a higher lr',
    budgetSteps: 200,
    loss: 'meanSquaredError',
    data: synthetic(1500, 500, offsetTarget),
    model: (seed) => mlp(6, [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed),
  }),
  'corpus',
  [{ optimizer: 'sgd', batchSize: 32, seeds: [1, 2], tests: [exp(1e-6, 200, 100), exp(1e-4, 500, 100)] }],
);
