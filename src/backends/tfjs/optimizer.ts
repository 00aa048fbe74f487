/**
 * Reading and setting the learning rate of a tfjs optimizer.
 *
 * tfjs-core optimizers keep it in a `learningRate` field read at every step (adam, adamax, adagrad, adadelta,
 * rmsprop); `sgd` and `momentum` also cache `−lr` as a scalar tensor, rebuilt by their `setLearningRate`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import * as msg from './messages.js';

type WithLr = tf.Optimizer & { learningRate?: unknown; setLearningRate?: (lr: number) => void };

/**
 * The optimizer's current learning rate.
 *
 * @throws {TypeError} naming `fn` when the optimizer has no numeric `learningRate` field.
 * @example
 * getLearningRate('lrFind', tf.train.adam(0.01)); // => 0.01
 */
export function getLearningRate(fn: string, optimizer: tf.Optimizer): number {
  const lr = (optimizer as WithLr).learningRate;
  if (typeof lr !== 'number') {
    throw msg.lrUnreadable(fn, optimizerName(optimizer), lr);
  }
  return lr;
}

/**
 * Set the optimizer's learning rate for the next step (through `setLearningRate` when it has one).
 *
 * @example
 * setLearningRate(opt, 1e-3); // opt.learningRate => 0.001
 */
export function setLearningRate(optimizer: tf.Optimizer, lr: number): void {
  const o = optimizer as WithLr;
  if (typeof o.setLearningRate === 'function') o.setLearningRate(lr);
  else o.learningRate = lr;
}

/**
 * The optimizer's class name as tfjs serializes it (`'Adam'`, `'SGD'`, `'Momentum'`, …).
 *
 * @example
 * optimizerName(tf.train.adam()); // => 'Adam'
 */
export function optimizerName(optimizer: tf.Optimizer): string {
  return optimizer.getClassName?.() ?? optimizer.constructor?.name ?? 'unknown';
}
