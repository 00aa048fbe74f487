/**
 * One range test per model at a time: `lrFind`, the callback and the confirm trials snapshot a model, train it and
 * put it back; two of them interleaved on one model would restore each other's half-trained state.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs';
import * as msg from './messages.js';

/** The models in a range test, with the function that runs it (a WeakMap: a disposed model is not kept alive). */
const busy = new WeakMap<object, string>();

/**
 * Mark `model` as in a range test run by `fn`, or refuse at once: another range test holds it, or (`checkFit`) a
 * `fit` is training it.
 *
 * @returns the release function (idempotent).
 * @throws {LrfindError} `E_BUSY` naming `fn`, the model and what holds it; nothing has been touched.
 * @example
 * const release = lockModel('lrFind', model);
 * try { await train(); } finally { release(); }
 * lockModel('lrFind', model); lockModel('lrFind', model); // => throws E_BUSY: model "sequential_1" is already in a range test (lrFind)
 */
export function lockModel(fn: string, model: tf.LayersModel, checkFit = true): () => void {
  const key = trainedModel(model);
  const holder = busy.get(key);
  if (holder !== undefined) throw msg.modelBusy(fn, model.name, holder);
  if (checkFit && (key as { isTraining?: unknown }).isTraining === true) throw msg.modelBusy(fn, model.name, 'fit');
  busy.set(key, fn);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    busy.delete(key);
  };
}

/**
 * The model that trains: a `tf.Sequential` wraps a `LayersModel` (its `model` field) that `fit` runs and callbacks
 * see as `this.model`, so a Sequential and its inner model are one model here.
 */
function trainedModel(model: tf.LayersModel): object {
  const inner = (model as unknown as { model?: unknown }).model;
  return typeof inner === 'object' && inner !== null && typeof (inner as tf.LayersModel).trainOnBatch === 'function' ? inner : model;
}
