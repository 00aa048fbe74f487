/** holdout-lstm (first holdout): the sign of a 12-step alternating sum, LSTM(10) + sigmoid — Adam at batch 32. */
import { sequences, type Generator } from './kit/data.js';
import { recurrentClassifier } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Sequences of 12 steps × 1 feature; class: the sign of the alternating sum x₀ − x₁ + x₂ − … (needs memory of parity). */
const alternating: Generator = (_rand, normal) => {
  const x = Array.from({ length: 12 }, () => normal());
  const s = x.reduce((sum, v, t) => sum + (t % 2 === 0 ? v : -v), 0);
  return [x, [s > 0 ? 1 : 0]];
};

export const holdoutLstm = family(
  simpleTask({
    name: 'holdout-lstm',
    description: 'sequences 12×1 (sign of the alternating sum; 1200 train, 400 val), LSTM(10) + dense sigmoid, binary cross-entropy',
    budgetSteps: 120,
    loss: 'binaryCrossentropy',
    data: sequences(alternating, 12, 1, 7000),
    model: (seed) => recurrentClassifier('lstm', 10, [12, 1], seed),
  }),
  'holdout',
  [{ optimizer: 'adam', batchSize: 32, seeds: [5, 6], tests: [exp(1e-6, 100), exp(1e-5, 200)] }],
);
