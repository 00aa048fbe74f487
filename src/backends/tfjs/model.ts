/**
 * The model as lrFind and the callback meet it: the check that it is a compiled tfjs model with an lr to set, which of
 * its layers train, and the loss a training step returned.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { getLearningRate } from './optimizer.js';
import * as msg from './messages.js';

/**
 * The names of the layers with weights of `model`, split by their `trainable` flag.
 *
 * @example
 * base.trainable = false;
 * trainableState(model); // => { trainable: ['head'], frozen: ['base'] }
 */
export function trainableState(model: tf.LayersModel): { trainable: string[]; frozen: string[] } {
  const trainable: string[] = [];
  const frozen: string[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    (layer.trainable ? trainable : frozen).push(layer.name);
  }
  return { trainable, frozen };
}

/**
 * Check a model once at a public entry: a `tf.LayersModel`, compiled, with trainable weights and an optimizer
 * whose learning rate can be set.
 *
 * @returns its optimizer.
 * @throws {TypeError} / {RangeError} naming `fn` and what is wrong.
 * @example
 * assertCompiledModel('lrFind', model); // => AdamOptimizer { … }
 */
export function assertCompiledModel(fn: string, model: unknown): tf.Optimizer {
  // duck-typed: a model built with another copy of tfjs-layers (tfjs-node's, say) fails `instanceof`
  const m = model as Partial<tf.LayersModel> | null;
  const looksLikeModel =
    model instanceof tf.LayersModel ||
    (typeof m === 'object' && m !== null && typeof m.trainOnBatch === 'function' && Array.isArray(m.layers) && Array.isArray(m.weights));
  if (!looksLikeModel) {
    throw msg.mustBeType(fn, 'model', 'a tf.LayersModel', model);
  }
  const optimizer = (model as tf.LayersModel).optimizer as tf.Optimizer | undefined;
  if (!optimizer) {
    throw msg.notCompiled(fn);
  }
  if ((model as tf.LayersModel).trainableWeights.length === 0) {
    throw msg.noTrainableWeights(fn);
  }
  getLearningRate(fn, optimizer);
  return optimizer;
}

/**
 * The first loss of what `trainOnBatch` or `evaluate` returned (a number, a scalar, or one per output).
 *
 * @example
 * firstNumber([tf.scalar(0.25), tf.scalar(1)]); // => 0.25
 */
export function firstNumber(value: number | number[] | tf.Scalar | tf.Scalar[]): number {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'number' ? v : v.dataSync()[0];
}
