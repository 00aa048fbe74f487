/**
 * stream-teacher: a data generator — every batch is fresh examples (no fixed training set, never a second epoch),
 * the validation set fixed: Gaussian inputs through a fixed random teacher network plus noise, a student MLP
 * 10-32-1, MSE. Adam at batch 32 and plain SGD at batch 16.
 */
import { normals, type Generator } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, streamTask } from './kit/task.js';

const INPUTS = 10;
const HIDDEN = 8;

/** The teacher: 8 tanh units on 10 inputs, weights drawn once from a fixed seed (the same for every seed of the task). */
const TEACHER = (() => {
  const normal = normals(24_680);
  const w = Array.from({ length: HIDDEN }, () => Array.from({ length: INPUTS }, () => normal() / Math.sqrt(INPUTS)));
  const v = Array.from({ length: HIDDEN }, () => normal());
  return { w, v };
})();

/** 10 Gaussian inputs; target: the teacher's output plus noise (sd 0.1). */
const teacher: Generator = (_rand, normal) => {
  const x = Array.from({ length: INPUTS }, () => normal());
  const h = TEACHER.w.map((row) => Math.tanh(2 * row.reduce((a, wj, j) => a + wj * x[j], 0)));
  return [x, [h.reduce((a, hj, j) => a + TEACHER.v[j] * hj, 0) + 0.1 * normal()]];
};

export const streamTeacher = family(
  streamTask({
    name: 'stream-teacher',
    description: 'a fresh stream of examples per batch (10 Gaussian inputs → a fixed random teacher 10-8-1 tanh + noise; 600 val, fixed), student MLP 10-32-1 relu/linear, MSE',
    budgetSteps: 150,
    loss: 'meanSquaredError',
    gen: teacher,
    valExamples: 600,
    seedOffset: 12_000,
    model: (seed) => mlp(INPUTS, [{ units: 32 }, { units: 1, activation: 'linear' }], seed + 12_000),
  }),
  'corpus',
  [
    { optimizer: 'adam', batchSize: 32, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
    { optimizer: 'sgd', batchSize: 16, seeds: [3, 4], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] },
  ],
);
