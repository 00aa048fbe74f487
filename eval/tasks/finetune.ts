/**
 * finetune-frozen, finetune-unfrozen: MNIST digits 5–9 on a body 784-64-32 pretrained on digits 0–4 (deterministic
 * in the seed), with a new softmax head — the body frozen (Adagrad, momentum at batch 256) or trainable (RMSprop).
 */
import * as tf from '@tensorflow/tfjs';
import { mulberry32, shuffledIndices } from '../../src/backends/tfjs/data.js';
import { memo } from './kit/data.js';
import { mnist } from './kit/mnist.js';
import { mlp } from './kit/models.js';
import { exp, family, simpleTask, withBackend, type Family } from './kit/task.js';

/** The body pretrained on digits 0–4 (MLP 784-64-32, relu), deterministic in the seed: its weights. */
const pretrainedBody = memo((seed: number): Promise<Float32Array[]> => pretrain(seed));

async function pretrain(seed: number): Promise<Float32Array[]> {
  await withBackend('wasm');
  const model = mlp(784, [{ units: 64 }, { units: 32 }, { units: 5, activation: 'softmax' }], seed + 5000, 'body');
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const data = mnist([0, 1, 2, 3, 4], 0, 500);
  const x = tf.tensor(data.x, data.xShape);
  const y = tf.tensor(data.y, data.yShape);
  const order = shuffledIndices(data.xShape[0], mulberry32(seed + 5000));
  for (let s = 0; s < 150; s++) {
    const idx = tf.tensor1d(order.subarray((s * 32) % 2464, ((s * 32) % 2464) + 32), 'int32');
    const bx = tf.gather(x, idx);
    const by = tf.gather(y, idx);
    await model.trainOnBatch(bx, by);
    tf.dispose([idx, bx, by]);
  }
  const weights = model.layers.slice(0, 2).flatMap((l) => l.getWeights().map((w) => w.dataSync().slice() as Float32Array));
  tf.dispose([x, y]);
  model.dispose();
  return weights;
}

async function fineTuneModel(seed: number, frozen: boolean): Promise<tf.LayersModel> {
  const body = await pretrainedBody(seed);
  await withBackend('wasm');
  const model = mlp(784, [{ units: 64, trainable: !frozen }, { units: 32, trainable: !frozen }, { units: 5, activation: 'softmax' }], seed, 'ft');
  const shapes = [[784, 64], [64], [64, 32], [32]];
  model.layers[0].setWeights([tf.tensor(body[0], shapes[0]), tf.tensor(body[1], shapes[1])]);
  model.layers[1].setWeights([tf.tensor(body[2], shapes[2]), tf.tensor(body[3], shapes[3])]);
  return model;
}

const mnistUpper = memo(() => ({ train: mnist([5, 6, 7, 8, 9], 0, 300), val: mnist([5, 6, 7, 8, 9], 500, 600) }));

export const finetune: readonly Family[] = [
  family(
    simpleTask({
      name: 'finetune-frozen',
      description: 'MNIST digits 5–9 (300/digit), body 784-64-32 pretrained on digits 0–4 and frozen, new softmax head, cross-entropy',
      budgetSteps: 150,
      loss: 'categoricalCrossentropy',
      data: mnistUpper,
      model: (seed) => fineTuneModel(seed, true),
      frozen: true,
    }),
    'corpus',
    [
      { optimizer: 'adagrad', batchSize: 32, seeds: [1, 2], tests: [exp(1e-6, 100, 100), exp(1e-4, 200, 100)] },
      { optimizer: 'momentum', batchSize: 256, seeds: [3, 4], tests: [exp(1e-6, 60), exp(1e-4, 150)] },
    ],
  ),
  family(
    simpleTask({
      name: 'finetune-unfrozen',
      description: 'MNIST digits 5–9 (300/digit), body 784-64-32 pretrained on digits 0–4, all trainable, new softmax head, cross-entropy',
      budgetSteps: 150,
      loss: 'categoricalCrossentropy',
      data: mnistUpper,
      model: (seed) => fineTuneModel(seed, false),
      frozen: false,
    }),
    'corpus',
    [{ optimizer: 'rmsprop', batchSize: 32, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 200)] }],
  ),
];
