/**
 * seq2seq-reverse: a recurrent sequence-to-sequence model — a GRU encoder, its last state repeated, a GRU decoder
 * and a per-step softmax — that writes a sequence of 6 digits (of 8) in reverse order, under per-step cross-entropy.
 */
import * as tf from '@tensorflow/tfjs';
import { generate, memo, oneHot, type Arrays, type Generator } from './kit/data.js';
import { glorot } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

const STEPS = 6;
const DIGITS = 8;

/** A sequence of 6 random digits of 8, one-hot per step; the target: the same digits in reverse order. */
const reversal: Generator = (rand) => {
  const d = Array.from({ length: STEPS }, () => Math.floor(rand() * DIGITS));
  return [d.flatMap((k) => oneHot(k, DIGITS)), [...d].reverse().flatMap((k) => oneHot(k, DIGITS))];
};

const asSequences = (a: Arrays): Arrays => ({ ...a, xShape: [a.xShape[0], STEPS, DIGITS], yShape: [a.yShape[0], STEPS, DIGITS] });

/** Encoder GRU(`units`) → its last state repeated per output step → decoder GRU(`units`) → per-step dense softmax; seeded. */
function encoderDecoder(units: number, seed: number): tf.Sequential {
  const recurrent = (name: string, k: number, extra: { inputShape?: number[]; returnSequences?: boolean }) =>
    tf.layers.gru({
      units,
      kernelInitializer: glorot(seed * 100 + k),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed * 100 + k + 1, gain: 1 }),
      name,
      ...extra,
    });
  const model = tf.sequential();
  model.add(recurrent('encoder', 0, { inputShape: [STEPS, DIGITS] }));
  model.add(tf.layers.repeatVector({ n: STEPS, name: 'repeat' }));
  model.add(recurrent('decoder', 2, { returnSequences: true }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: DIGITS, activation: 'softmax', kernelInitializer: glorot(seed * 100 + 4) }), name: 'head' }));
  return model;
}

export const seq2seqReverse = family(
  simpleTask({
    name: 'seq2seq-reverse',
    description: `reverse a sequence of ${STEPS} digits of ${DIGITS} (one-hot; 1200 train, 400 val), GRU(24) encoder → repeat → GRU(24) decoder → per-step softmax, cross-entropy`,
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: memo((seed) => ({ train: asSequences(generate(1200, seed * 2 + 11_001, reversal)), val: asSequences(generate(400, seed * 2 + 11_002, reversal)) })),
    model: (seed) => encoderDecoder(24, seed + 11_000),
  }),
  'corpus',
  [
    { optimizer: 'adam', batchSize: 32, seeds: [1, 2], tests: [exp(1e-6, 100), exp(1e-5, 200)] },
    { optimizer: 'rmsprop', batchSize: 16, seeds: [3, 4], tests: [exp(1e-7, 100), exp(1e-5, 200)] },
  ],
);
