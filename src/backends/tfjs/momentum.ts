/**
 * Reading and setting the momentum of a tfjs optimizer — the value a one-cycle or cyclical schedule moves against
 * the learning rate.
 *
 * Which field is "the momentum" (PyTorch's choice: `momentum`, or `betas[0]` for Adam-like optimizers):
 * `Momentum` — its `momentum`, which it reads through a cached scalar tensor `m` (tfjs' own `setMomentum` updates
 * only the number, so the step would keep the old value; here the tensor is rebuilt); `RMSProp` — its `momentum`;
 * `Adam`, `Adamax` — `beta1`, with the bias correction set to `1 − β1^t` of the new β1 at step `t`, as PyTorch and
 * fastai compute it (tfjs keeps a running product `accBeta1` that starts at the constructor's β1, which would
 * otherwise mix the old and new values). `SGD`, `Adagrad`, `Adadelta` have none.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { optimizerName } from './optimizer.js';
import * as msg from './messages.js';

type Fields = Record<string, unknown>;

/** Which field of the optimizer holds the momentum, or `null` when it has none. */
function momentumField(optimizer: tf.Optimizer): 'momentum' | 'beta1' | null {
  const o = optimizer as unknown as Fields;
  if (typeof o.beta1 === 'number') return 'beta1';
  if (typeof o.momentum === 'number') return 'momentum';
  return null;
}

/**
 * The optimizer's momentum (`momentum`, or Adam's and Adamax's `beta1`), or `undefined` when it has none
 * (`sgd`, `adagrad`, `adadelta`).
 *
 * @example
 * getMomentum(tf.train.momentum(0.01, 0.9)); // => 0.9
 * getMomentum(tf.train.adam(0.001));         // => 0.9 (β1)
 * getMomentum(tf.train.sgd(0.01));           // => undefined
 */
export function getMomentum(optimizer: tf.Optimizer): number | undefined {
  const field = momentumField(optimizer);
  return field === null ? undefined : ((optimizer as unknown as Fields)[field] as number);
}

/**
 * Set the optimizer's momentum for its next step; returns `false` (and changes nothing) when it has none.
 *
 * @throws {RangeError} when `momentum` is not a finite number.
 * @example
 * setMomentum(tf.train.adam(0.001), 0.85); // => true (β1 is now 0.85)
 * setMomentum(tf.train.sgd(0.01), 0.85);   // => false
 */
export function setMomentum(optimizer: tf.Optimizer, momentum: number): boolean {
  if (typeof momentum !== 'number' || !Number.isFinite(momentum)) {
    throw msg.badMomentum(momentum);
  }
  const field = momentumField(optimizer);
  if (field === null) return false;
  const o = optimizer as unknown as Fields;
  o[field] = momentum;
  if (optimizerName(optimizer) === 'Momentum' && o.m instanceof tf.Tensor) {
    // MomentumOptimizer multiplies by the scalar `m` made in its constructor: rebuild it
    o.m.dispose();
    o.m = tf.keep(tf.scalar(momentum));
  }
  if (field === 'beta1' && o.accBeta1 instanceof tf.Variable) {
    // the next step is step t = iterations + 1; its bias correction is 1 − accBeta1
    const t = optimizer.iterations + 1;
    const acc = o.accBeta1;
    tf.tidy(() => acc.assign(tf.scalar(momentum ** t)));
  }
  return true;
}
