/** mnist-conv: MNIST pooled to 14×14 (200/digit train, 50/digit val), a small convnet on the cpu backend — momentum at batch 32. */
import * as tf from '@tensorflow/tfjs';
import { memo } from './kit/data.js';
import { halve, mnist, MNIST_ALL } from './kit/mnist.js';
import { glorot } from './kit/models.js';
import { exp, family, simpleTask } from './kit/task.js';

export const mnistConv = family(
  simpleTask({
    name: 'mnist-conv',
    description: 'MNIST mean-pooled to 14×14 (200/digit train, 50/digit val), conv3×3/2 (6 filters) relu-maxpool2-dense10 softmax, cross-entropy (cpu backend)',
    backend: 'cpu',
    budgetSteps: 100,
    loss: 'categoricalCrossentropy',
    data: memo(() => ({ train: halve(mnist(MNIST_ALL, 0, 200)), val: halve(mnist(MNIST_ALL, 500, 550)) })),
    model: (seed) => {
      const model = tf.sequential();
      model.add(tf.layers.conv2d({ inputShape: [14, 14, 1], filters: 6, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: glorot(seed * 100), name: 'conv' }));
      model.add(tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }));
      model.add(tf.layers.flatten({ name: 'flat' }));
      model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(seed * 100 + 1), name: 'head' }));
      return model;
    },
  }),
  'corpus',
  [{ optimizer: 'momentum', batchSize: 32, seeds: [1, 2], tests: [exp(1e-7, 100), exp(1e-5, 150)] }],
);
