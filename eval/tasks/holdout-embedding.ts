/** holdout-embedding (second holdout): token counts through Embedding(20, 8) + average pooling, on the cpu backend — SGD at batch 32. */
import * as tf from '@tensorflow/tfjs';
import { synthetic, type Generator } from './kit/data.js';
import { glorot } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

/** Sequences of 10 token ids from a vocabulary of 20; class: more tokens from 0–4 than from 5–9 (10–19 distract). */
const tokens: Generator = (rand) => {
  const x = Array.from({ length: 10 }, () => Math.floor(rand() * 20));
  const low = x.filter((t) => t < 5).length;
  const mid = x.filter((t) => t >= 5 && t < 10).length;
  return [x, [low > mid || (low === mid && x[0] < 10) ? 1 : 0]];
};

export const holdoutEmbedding = family(
  simpleTask({
    name: 'holdout-embedding',
    description: 'token sequences (10 ids of 20; class: more ids from 0–4 than from 5–9; 1200 train, 400 val), Embedding(20, 8) + global average pooling + dense 16 relu + sigmoid, binary cross-entropy',
    budgetSteps: 200,
    loss: 'binaryCrossentropy',
    backend: 'cpu',
    data: synthetic(1200, 400, tokens),
    model: (seed) => {
      const model = tf.sequential();
      model.add(tf.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: 10, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed * 100 + 7000 }), name: 'embedding' }));
      model.add(tf.layers.globalAveragePooling1d({ name: 'pool' }));
      model.add(tf.layers.dense({ units: 16, activation: 'relu', kernelInitializer: glorot(seed * 100 + 7001), name: 'hidden' }));
      model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(seed * 100 + 7002), name: 'head' }));
      return model;
    },
  }),
  'holdout',
  [{ optimizer: 'sgd', batchSize: 32, seeds: [7, 8], tests: [exp(1e-5, 100, 100), exp(1e-3, 200, 100)] }],
);
