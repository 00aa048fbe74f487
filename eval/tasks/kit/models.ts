/**
 * Seeded models for the task families: an MLP of dense layers (optional BatchNorm and a seeded dropout), a
 * recurrent classifier — every initializer seeded, so a rebuilt task has bit-identical initial weights.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';

export const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });

/** Dropout whose mask is seeded per call (`seed`, call count), so training is reproducible; identity at inference. */
class SeededDropout extends tf.layers.Layer {
  static className = 'LrfindEvalSeededDropout';
  private calls = 0;
  constructor(private readonly rate: number, private readonly seed: number) {
    super({});
  }
  override computeOutputShape(shape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return shape;
  }
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (kwargs.training !== true) return x;
    return tf.dropout(x, this.rate, undefined, this.seed * 100_003 + this.calls++);
  }
  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}

/** One dense layer of {@link mlp}. */
export interface DenseSpec {
  readonly units: number;
  readonly activation?: 'relu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear';
  readonly trainable?: boolean;
  readonly batchNorm?: boolean;
  readonly dropout?: number;
  readonly scale?: number;
}

/** A sequential MLP of dense layers (glorot-uniform kernels seeded `seed·100 + i`, zero biases). */
export function mlp(inputs: number, layers: readonly DenseSpec[], seed: number, prefix = 'dense'): tf.Sequential {
  const model = tf.sequential();
  layers.forEach((l, i) => {
    const init = l.scale === undefined ? glorot(seed * 100 + i) : tf.initializers.varianceScaling({ scale: l.scale, mode: 'fanAvg', distribution: 'uniform', seed: seed * 100 + i });
    model.add(
      tf.layers.dense({
        units: l.units,
        activation: l.batchNorm ? 'linear' : (l.activation ?? 'relu'),
        kernelInitializer: init,
        name: `${prefix}${i}`,
        trainable: l.trainable ?? true,
        ...(i === 0 ? { inputShape: [inputs] } : {}),
      }),
    );
    if (l.batchNorm) {
      model.add(tf.layers.batchNormalization({ name: `${prefix}${i}_bn` }));
      model.add(tf.layers.activation({ activation: l.activation ?? 'relu', name: `${prefix}${i}_act` }));
    }
    if (l.dropout !== undefined) model.add(new SeededDropout(l.dropout, seed * 100 + i));
  });
  return model;
}

/** A recurrent layer (glorot kernel, orthogonal recurrent kernel, seeded) and a dense sigmoid head. */
export function recurrentClassifier(kind: 'gru' | 'lstm', units: number, inputShape: [number, number], seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers[kind]({
      units,
      inputShape,
      kernelInitializer: glorot(seed * 100),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed * 100 + 1, gain: 1 }),
      name: kind,
    }),
  );
  model.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: glorot(seed * 100 + 2), name: 'head' }));
  return model;
}
