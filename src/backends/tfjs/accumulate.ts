/**
 * Gradient accumulation for the range test (pytorch-lr-finder's `accumulation_steps`): one lr step from the gradients
 * of `k` batches, averaged.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { inModelOrder, type Batch } from './data.js';
import { releaseFailedTape } from './tape.js';
import * as msg from './messages.js';

interface Compiled {
  lossFunctions: ((y: tf.Tensor, p: tf.Tensor) => tf.Tensor)[];
  calculateLosses(): tf.Scalar[];
}

/** The model holding the compiled loss: a `Sequential` compiles its inner `LayersModel`. */
function compiled(model: tf.LayersModel): Compiled {
  const m = model as unknown as Partial<Compiled> & { model?: Partial<Compiled> };
  const holder = Array.isArray(m.lossFunctions) ? m : m.model;
  if (!holder || !Array.isArray(holder.lossFunctions) || typeof holder.calculateLosses !== 'function') {
    throw msg.accumulateNeedsLoss();
  }
  return holder as Compiled;
}

/** The model's training loss on one batch, as `trainOnBatch` computes it (tfjs-layers `makeTrainFunction`). */
function trainingLoss(model: tf.LayersModel, batch: Batch): tf.Scalar {
  // named inputs and targets in the model's own order (model.apply takes no name map)
  const outputs = model.apply(inModelOrder('lrFind', batch.xs, model.inputNames, 'input'), { training: true }) as tf.Tensor | tf.Tensor[];
  const outs = Array.isArray(outputs) ? outputs : [outputs];
  const ys = inModelOrder('lrFind', batch.ys, model.outputNames, 'output');
  const targets = Array.isArray(ys) ? ys : [ys];
  const lossFunctions = compiled(model).lossFunctions;
  let total: tf.Tensor | undefined;
  lossFunctions.forEach((lossFunction, i) => {
    const loss = lossFunction(targets[i], outs[i]);
    total = total === undefined ? loss : tf.add(total, loss);
  });
  let mean = tf.mean(total as tf.Tensor) as tf.Scalar;
  for (const regularizer of compiled(model).calculateLosses()) mean = tf.add(mean, regularizer);
  return mean;
}

/**
 * A range-test step that takes `k` batches per lr: it computes each batch's gradients (a forward and backward pass,
 * as `trainOnBatch` does), sums them, applies their mean with one optimizer step at `lr`, and returns the mean of the
 * `k` losses — the update and the loss of a batch `k` times larger (exactly so for a mean loss without
 * batch-dependent layers; BatchNormalization normalizes each small batch on its own, as in PyTorch). Memory: one
 * batch's activations plus one gradient per trainable weight (the running sum), instead of a `k`-times larger
 * batch's activations. Cost: `k` forward and backward passes and one optimizer step per lr.
 *
 * @param model - a compiled model (its `lossFunctions`, regularizers and trainable weights are used).
 * @param optimizer - its optimizer.
 * @param next - the batch source (each batch is used before the next is asked for).
 * @param k - batches per step (≥ 2; with 1 it is `trainOnBatch`'s step, bit for bit).
 * @param setLr - sets the optimizer's lr before the step.
 * @returns the step function `(lr) => loss` for the range test.
 * @example
 * const step = accumulatingStep(model, model.optimizer, () => source.next(), 4, (lr) => setLearningRate(model.optimizer, lr));
 * await step(1e-3); // => 2.28 (the mean loss of 4 batches; one Adam step taken)
 */
export function accumulatingStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  next: () => Promise<Batch>,
  k: number,
  setLr: (lr: number) => void,
): (lr: number) => Promise<number> {
  return async (lr) => {
    setLr(lr);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    let sum: tf.NamedTensorMap | null = null;
    let lossSum = 0;
    try {
      for (let j = 0; j < k; j++) {
        const batch = await next();
        let out: ReturnType<typeof tf.variableGrads>;
        try {
          out = tf.variableGrads(() => trainingLoss(model, batch), variables);
        } catch (error) {
          releaseFailedTape();
          throw error;
        }
        const { value, grads } = out;
        lossSum += (await value.data())[0];
        value.dispose();
        if (sum === null) sum = grads;
        else {
          const previous: tf.NamedTensorMap = sum;
          sum = Object.fromEntries(Object.entries(grads).map(([name, g]) => [name, tf.keep(tf.add(previous[name], g))]));
          tf.dispose(Object.values(previous));
          tf.dispose(Object.values(grads));
        }
      }
      const total = sum as tf.NamedTensorMap;
      tf.tidy(() => optimizer.applyGradients(Object.fromEntries(Object.entries(total).map(([name, g]) => [name, tf.div(g, k)]))));
    } finally {
      if (sum !== null) tf.dispose(Object.values(sum));
    }
    return lossSum / k;
  };
}
