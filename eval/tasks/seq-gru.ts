/** seq-gru: which half of a 10×2 sequence has the larger weighted sum, GRU(12) + sigmoid — Adam at batch 32 and RMSprop at batch 16. */
import { sequences, type Generator } from './kit/data.js';
import { recurrentClassifier } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Sequences of 10 steps × 2 features; class: the sign of (sum of feature 0 over the first half − over the second half). */
const sequence: Generator = (rand, normal) => {
  const steps = 10;
  const x: number[] = [];
  let first = 0;
  let second = 0;
  for (let t = 0; t < steps; t++) {
    const a = normal();
    const b = rand() < 0.5 ? 0 : 1;
    x.push(a, b);
    if (t < steps / 2) first += a * (b + 0.5);
    else second += a * (b + 0.5);
  }
  return [x, [first > second ? 1 : 0]];
};

export const seqGru = family(
  simpleTask({
    name: 'seq-gru',
    description: 'sequences 10×2 (which half has the larger weighted sum; 1200 train, 400 val), GRU(12) + dense sigmoid, binary cross-entropy',
    budgetSteps: 100,
    loss: 'binaryCrossentropy',
    data: sequences(sequence, 10, 2, 0),
    model: (seed) => recurrentClassifier('gru', 12, [10, 2], seed),
  }),
  'corpus',
  [
    { optimizer: 'adam', batchSize: 32, seeds: [1, 2], tests: [exp(1e-6, 100), exp(1e-4, 150)] },
    { optimizer: 'rmsprop', batchSize: 16, seeds: [3, 4], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
  ],
);
