/**
 * regression-x0.01, regression-x1, regression-x100: the same smooth 8-feature regression at three target scales
 * (loss ×1e-4, ×1, ×1e4), MLP 8-32-32-1 with its output layer at the targets' scale — one family per scale.
 */
import { regression as target, synthetic } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask, type Family, type Group } from './kit/task.js';

const scaled = (scale: number, groups: readonly Omit<Group, 'family'>[]): Family =>
  family(
    simpleTask({
      name: `regression-x${scale}`,
      description: `smooth 8-feature regression + noise, targets ×${scale} (2000 train, 500 val), MLP 8-32-32-1 relu/linear (output kernel init ×${scale} of glorot's variance scale), MSE`,
      budgetSteps: 150,
      loss: 'meanSquaredError',
      data: synthetic(2000, 500, target(scale)),
      // the output layer starts at the targets' scale (as one would set it up), so the untrained model is not
      // thousands of times worse than a trained one at ×0.01
      model: (seed) => mlp(8, [{ units: 32 }, { units: 32 }, { units: 1, activation: 'linear', scale: scale ** 2 }], seed),
    }),
    'corpus',
    groups,
  );

export const regression: readonly Family[] = [
  scaled(0.01, [{ optimizer: 'adam', batchSize: 32, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-6, 250)] }]),
  scaled(1, [
    { optimizer: 'momentum', batchSize: 64, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
    { optimizer: 'adagrad', batchSize: 16, seeds: [3, 4], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] },
  ]),
  scaled(100, [
    { optimizer: 'rmsprop', batchSize: 128, seeds: [1, 2], tests: [exp(1e-6, 100), exp(1e-4, 300)] },
    { optimizer: 'sgd', batchSize: 64, seeds: [3, 4], tests: [exp(1e-7, 100, 100), exp(1e-6, 300, 100)] },
  ]),
];
