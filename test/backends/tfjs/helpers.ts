/**
 * Shared fixtures of the tfjs driver tests: small seeded models and data, and a byte-exact fingerprint of
 * everything a range test may change.
 */
import * as tf from '@tensorflow/tfjs';

/** Deterministic classification data: `n` examples, `d` features, `k` classes (labels from a fixed linear rule). */
export function blobs(n = 128, d = 8, k = 3, seed = 1): { x: tf.Tensor2D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomNormal([n, d], 0, 1, 'float32', seed) as tf.Tensor2D;
    const w = tf.randomNormal([d, k], 0, 1, 'float32', seed + 1);
    const y = tf.oneHot(tf.argMax(tf.matMul(x, w), 1), k).toFloat() as tf.Tensor2D;
    return { x, y };
  });
}

/** A seeded MLP (weights from `glorotUniform` with fixed seeds), compiled with `optimizer`. */
export function mlp(optimizer: tf.Optimizer, d = 8, k = 3, seed = 7, loss = 'categoricalCrossentropy'): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [d], units: 12, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed }), name: `hidden${seed}` }),
      tf.layers.batchNormalization({ name: `bn${seed}` }),
      tf.layers.dense({ units: k, activation: loss === 'categoricalCrossentropy' ? 'softmax' : 'linear', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }), name: `head${seed}` }),
    ],
  });
  model.compile({ optimizer, loss });
  return model;
}

function bytesOf(t: tf.Tensor): string {
  const data = t.dataSync();
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

function isVar(v: unknown): v is tf.Variable {
  return v instanceof tf.Variable;
}

/**
 * A fingerprint of the model's weights and the optimizer's whole state, byte for byte: every weight's Float32Array
 * bytes, every optimizer slot (by name) and state variable, its scalar fields (iteration count, learning rate) and
 * SGD's cached `−lr` tensor.
 */
export function fingerprint(model: tf.LayersModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // first: the getter creates `iterations_` on a fresh optimizer
  out.iterations = (model.optimizer as unknown as { iterations: number }).iterations;
  for (const w of model.weights) out[`w:${w.name}`] = bytesOf(w.read());
  const opt = model.optimizer as unknown as Record<string, unknown>;
  for (const key of Object.keys(opt).sort()) {
    const v = opt[key];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[`o:${key}`] = v;
    else if (isVar(v)) out[`o:${key}`] = bytesOf(v);
    else if (v instanceof tf.Tensor) out[`o:${key}`] = bytesOf(v);
    else if (Array.isArray(v)) {
      out[`o:${key}`] = v.map((s: { originalName: string; variable: tf.Variable }) => `${s.originalName}=${bytesOf(s.variable)}`);
    }
  }
  out.trainable = model.layers.map((l) => l.trainable);
  return out;
}

/** Every kind of tfjs-core optimizer, with state (slots) of its own. */
export const OPTIMIZERS: Record<string, () => tf.Optimizer> = {
  sgd: () => tf.train.sgd(0.01),
  momentum: () => tf.train.momentum(0.01, 0.9),
  adam: () => tf.train.adam(0.001),
  rmsprop: () => tf.train.rmsprop(0.001, 0.9, 0.5, 1e-7, true),
  adagrad: () => tf.train.adagrad(0.01),
  adadelta: () => tf.train.adadelta(0.01),
  adamax: () => tf.train.adamax(0.002),
};

/**
 * {@link fingerprint} with every name replaced by its position, so that two models built alike (whose variables
 * tfjs names apart, `head3/kernel` and `head3/kernel_1`) compare whole: the iteration count, every weight, every
 * optimizer slot (keyed by its weight's position) and state variable, the scalar fields and the trainable flags.
 */
export function positionalFingerprint(model: tf.LayersModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  out.iterations = (model.optimizer as unknown as { iterations: number }).iterations;
  // a weight is known by its layer name, its unique name, and its backing variable's name (what slots are named after)
  const aliases = model.weights.map((w) => [w.name, w.originalName, (w as unknown as { val?: tf.Variable }).val?.name].filter((n): n is string => typeof n === 'string'));
  model.weights.forEach((w, i) => (out[`w${i}`] = bytesOf(w.read())));
  const opt = model.optimizer as unknown as Record<string, unknown>;
  for (const key of Object.keys(opt).sort()) {
    const v = opt[key];
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[`o:${key}`] = v;
    else if (isVar(v) || v instanceof tf.Tensor) out[`o:${key}`] = bytesOf(v);
    else if (Array.isArray(v)) {
      for (const s of v as { originalName: string; variable: tf.Variable }[]) {
        // a slot is named after its weight, plus a suffix for the optimizers with several (Adam's `/m`, `/v`)
        let at = -1;
        let match = '';
        aliases.forEach((names, i) => {
          for (const n of names) {
            if ((s.originalName === n || s.originalName.startsWith(`${n}/`)) && n.length > match.length) {
              at = i;
              match = n;
            }
          }
        });
        if (at === -1) throw new Error(`positionalFingerprint: slot of an unknown weight ${s.originalName}`);
        out[`o:${key}:${at}${s.originalName.slice(match.length)}`] = bytesOf(s.variable);
      }
    }
  }
  out.trainable = model.layers.map((l) => l.trainable);
  return out;
}
