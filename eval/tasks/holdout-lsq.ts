/**
 * holdout-lsq-k10, holdout-lsq-k1000 (third holdout): full-batch gradient descent (batch = the 200 training rows) on
 * convex least squares at two conditionings, where the best lr sits just under the stability edge.
 */
import { synthetic, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask, type Family } from './kit/task.js';

/**
 * Convex least squares with a chosen conditioning: 8 Gaussian features scaled so E[x xᵀ] has eigenvalues from 1 down
 * to 1/`kappa` (log-spaced), a fixed linear target plus 0.1 noise. Full-batch gradient descent on it is stable up to
 * lr ≈ 2/λmax of the MSE Hessian and, with a short budget, trains best just under that edge.
 */
const leastSquares =
  (kappa: number): Generator =>
  (_rand, normal) => {
    const x = Array.from({ length: 8 }, (_, j) => normal() * kappa ** (-j / 14));
    const y = x.reduce((a, v, j) => a + Math.cos(j + 1) * v, 0) + 0.1 * normal();
    return [x, [y]];
  };

export const holdoutLsq: readonly Family[] = [10, 1000].map((kappa) =>
  family(
    simpleTask({
      name: `holdout-lsq-k${kappa}`,
      description: `convex least squares, 8 features with E[xxᵀ] eigenvalues 1 … 1/${kappa} (200 train, 200 val), linear model, MSE, full batch`,
      budgetSteps: 100,
      loss: 'meanSquaredError',
      data: synthetic(200, 200, leastSquares(kappa)),
      model: (seed) => mlp(8, [{ units: 1, activation: 'linear' }], seed + 9000),
    }),
    'holdout-c',
    [{ optimizer: 'sgd', batchSize: 200, seeds: [9, 10], tests: [exp(1e-4, 100, 100), exp(1e-3, 200, 100)] }],
  ),
);
