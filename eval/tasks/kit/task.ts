/**
 * What a task family is and how one is built: the task (a deterministic `build(seed, optimizer, lr?)`), the range
 * tests recorded for it (its groups) and the set it belongs to, with the helpers every family file shares — the
 * optimizers, the weight checksum, the backend switch and `simpleTask`. See eval/README.md.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import type { BatchDataset, TensorData } from '../../../src/backends/tfjs/data.js';
import { generate, memo, toTensors, type Arrays, type Generator } from './data.js';

/** The optimizers of the corpus (momentum is 0.9). */
export type OptimizerName = 'sgd' | 'momentum' | 'adam' | 'rmsprop' | 'adagrad';

/** A built task: compiled model, data, backend and loss. Dispose it with {@link disposeBuilt}. */
export interface Built {
  readonly model: tf.LayersModel;
  /** The fixed training set; `null` for a stream task, whose training data is {@link Built.stream}. */
  readonly train: { readonly x: tf.Tensor; readonly y: tf.Tensor } | null;
  /**
   * A stream task's training data for one batch order: a dataset of fresh examples every batch (no fixed training
   * set, never a second epoch), deterministic in `orderSeed`. Absent for a task on a fixed training set.
   */
  readonly stream?: (batchSize: number, orderSeed: number) => BatchDataset;
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

/** One range test's settings. */
export interface RangeConfig {
  readonly startLr: number;
  readonly endLr: number;
  readonly numIt: number;
  readonly schedule: 'exp' | 'linear';
}

/** Range tests sharing one grid: a family, optimizer, batch size, the seeds, and the range tests of each seed. */
export interface Group {
  readonly family: string;
  readonly optimizer: OptimizerName;
  readonly batchSize: number;
  readonly seeds: readonly number[];
  readonly tests: readonly RangeConfig[];
}

/** Where a family's entries live: the corpus (eval/corpus), the first two holdouts (eval/holdout) or the third (eval/holdout-c). */
export type TaskSet = 'corpus' | 'holdout' | 'holdout-c';

/** A task family as the registry lists it: the task, the set it is recorded in, and its groups. */
export interface Family {
  readonly task: Task;
  readonly set: TaskSet;
  readonly groups: readonly Group[];
}

/**
 * A family of `task` recorded in `set` with the groups given (their `family` is the task's name).
 *
 * @example
 * family(task, 'corpus', [{ optimizer: 'sgd', batchSize: 16, seeds: [1, 2], tests: [exp(1e-6, 100, 100)] }]).groups[0].family; // => task.name
 */
export function family(task: Task, set: TaskSet, groups: readonly Omit<Group, 'family'>[]): Family {
  return { task, set, groups: groups.map((g) => ({ family: task.name, ...g })) };
}

/**
 * An exponential range test from `startLr` to `endLr` in `numIt` steps.
 *
 * @example
 * exp(1e-7, 100); // => { startLr: 1e-7, endLr: 10, numIt: 100, schedule: 'exp' }
 */
export const exp = (startLr: number, numIt: number, endLr = 10): RangeConfig => ({ startLr, endLr, numIt, schedule: 'exp' });

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
  tf.dispose([b.val.x, b.val.y, ...(b.train === null ? [] : [b.train.x, b.train.y])]);
}

/**
 * What a built task trains on for one batch order: its stream (a dataset of fresh batches) or its fixed training
 * set (batched and shuffled by the caller with `orderSeed`).
 *
 * @example
 * trainingData(await taskByName('iris').build(1, 'sgd'), 16, 1); // => { x, y } (the fixed set)
 */
export function trainingData(b: Built, batchSize: number, orderSeed: number): TensorData | BatchDataset {
  if (b.stream) return b.stream(batchSize, orderSeed);
  if (b.train === null) throw new TypeError('trainingData: a built task needs a training set or a stream');
  return b.train;
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

/** Switch tfjs to the task's backend. */
export const withBackend = async (backend: 'wasm' | 'cpu'): Promise<void> => {
  if (tf.getBackend() !== backend) await tf.setBackend(backend);
  await tf.ready();
};

/** Compile the model with the named optimizer and wrap it with its data. */
export function finish(
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

/** A task on a fixed dataset built by `data(seed)` and a model by `model(seed)`. */
export function simpleTask(opts: {
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

/**
 * The seed of batch `k` of the stream of one batch order (a fresh, reproducible draw per batch).
 *
 * @example
 * streamSeed(1, 0) === streamSeed(1, 0); // => true
 */
export const streamSeed = (orderSeed: number, k: number): number => (Math.imul(orderSeed + 1, 1_000_003) + Math.imul(k + 1, 7_919)) >>> 0;

/**
 * A task with no fixed training set: every batch is `batchSize` fresh examples from `gen` (batch k of batch order
 * s drawn with {@link streamSeed}(s + seedOffset, k)); the validation set — `valExamples` from `gen` — is fixed per seed.
 */
export function streamTask(opts: {
  name: string;
  description: string;
  budgetSteps: number;
  loss: string;
  gen: Generator;
  valExamples: number;
  seedOffset: number;
  model: (seed: number) => tf.LayersModel;
}): Task {
  const backend = 'wasm';
  const val = memo((seed: number) => generate(opts.valExamples, seed * 2 + 2 + opts.seedOffset, opts.gen));
  return {
    name: opts.name,
    description: opts.description,
    backend,
    budgetSteps: opts.budgetSteps,
    async build(seed, optimizer, lr = 1e-3) {
      await withBackend(backend);
      const model = opts.model(seed);
      model.compile({ optimizer: makeOptimizer(optimizer, lr), loss: opts.loss });
      const stream = (batchSize: number, orderSeed: number): BatchDataset =>
        tf.data.generator(function* () {
          for (let k = 0; ; k++) {
            const a = generate(batchSize, streamSeed(orderSeed + opts.seedOffset, k), opts.gen);
            yield { xs: tf.tensor(a.x, a.xShape), ys: tf.tensor(a.y, a.yShape) };
          }
        }) as BatchDataset;
      return { model, train: null, stream, val: toTensors(val(seed)), backend, loss: opts.loss, frozen: undefined };
    },
  };
}
