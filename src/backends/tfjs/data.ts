/**
 * Batches for the range test, from in-memory tensors or a `tf.data.Dataset`, cycling through epochs for as many
 * steps as the test needs.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { describeValue } from '../../errors.js';

/** Inputs or targets: one tensor, or one per model input / output. */
export type TensorOrArray = tf.Tensor | tf.Tensor[];

/** In-memory training data: inputs `x` and targets `y`, examples along the first axis. */
export interface TensorData {
  readonly x: TensorOrArray;
  readonly y: TensorOrArray;
}

/** A dataset of batches, as `model.fitDataset` takes it: elements `{ xs, ys }`. */
export type BatchDataset = tf.data.Dataset<{ xs: TensorOrArray; ys: TensorOrArray }>;

/** One batch; the source owns it and frees it at the next `next()` or `dispose()`. */
export interface Batch {
  readonly xs: TensorOrArray;
  readonly ys: TensorOrArray;
}

/** An endless supply of batches. */
export interface BatchSource {
  /** Examples per batch (from the data for a dataset: the first batch's size). */
  readonly batchSize: number;
  /** Full batches per pass over tensor data; `undefined` for a dataset. */
  readonly batchesPerEpoch: number | undefined;
  /** Some examples to check the model against before the test (valid until the first `next()`; not to be freed). */
  readonly sample: Batch;
  next(): Promise<Batch>;
  dispose(): void;
}

const first = (t: TensorOrArray): tf.Tensor => (Array.isArray(t) ? t[0] : t);
const isTensor = (t: unknown): t is tf.Tensor => t instanceof tf.Tensor;
const isTensorOrArray = (t: unknown): t is TensorOrArray =>
  isTensor(t) || (Array.isArray(t) && t.length > 0 && t.every(isTensor));

/**
 * mulberry32: a small, fast, seedable PRNG (the shuffle order must be reproducible from the run's seed).
 *
 * @returns a generator of numbers in [0, 1).
 * @example
 * const rng = mulberry32(0);
 * rng(); // => 0.26642920868471265 (the same for seed 0, every time)
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * True when `data` looks like a `tf.data.Dataset` (has `iterator()`).
 *
 * @example
 * isDataset(tf.data.array([1, 2])); // => true
 * isDataset({ x, y });              // => false
 */
export function isDataset(data: unknown): data is BatchDataset {
  return typeof data === 'object' && data !== null && typeof (data as { iterator?: unknown }).iterator === 'function';
}

/**
 * Batches from tensors: `batchSize` examples each, in a fresh seeded shuffle every pass (or in order), dropping the
 * last incomplete batch of a pass (as fastai's training loader does: a smaller batch has a noisier loss).
 *
 * @throws {TypeError} for data that is not `{ x, y }` tensors; {RangeError} for a bad batch size or mismatched
 * example counts.
 * @example
 * const source = tensorSource('lrFind', { x, y }, 32, true, 0);
 * (await source.next()).xs.shape; // => [32, 784]
 */
export function tensorSource(fn: string, data: TensorData, batchSize: number, shuffle: boolean, seed: number): BatchSource {
  if (!isTensorOrArray(data.x) || !isTensorOrArray(data.y)) {
    throw new TypeError(`${fn}: data must be { x, y } tensors or a tf.data.Dataset (got x: ${describeValue(data.x)}, y: ${describeValue(data.y)})`);
  }
  const all = [...(Array.isArray(data.x) ? data.x : [data.x]), ...(Array.isArray(data.y) ? data.y : [data.y])];
  const n = first(data.x).shape[0];
  if (n === undefined || n < 1) throw new RangeError(`${fn}: data.x has no examples`);
  for (const t of all) {
    if (t.shape[0] !== n) {
      throw new RangeError(`${fn}: x and y must have the same number of examples (got ${n} and ${t.shape[0]})`);
    }
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`${fn}: batchSize must be an integer >= 1 (got ${describeValue(batchSize)})`);
  }
  const bs = Math.min(batchSize, n);
  const perEpoch = Math.floor(n / bs);
  const rng = mulberry32(seed);
  let order: Int32Array | null = null;
  let b = perEpoch; // forces a new pass at the first call
  let current: tf.Tensor[] = [];
  const free = (): void => {
    tf.dispose(current);
    current = [];
  };
  const take = (t: tf.Tensor, idx: tf.Tensor1D | null, start: number): tf.Tensor =>
    idx === null ? t.slice(start, bs) : tf.gather(t, idx);
  const pick = (v: TensorOrArray, idx: tf.Tensor1D | null, start: number): TensorOrArray =>
    Array.isArray(v) ? v.map((t) => take(t, idx, start)) : take(v, idx, start);
  return {
    batchSize: bs,
    batchesPerEpoch: perEpoch,
    sample: { xs: data.x, ys: data.y },
    async next() {
      free();
      if (b >= perEpoch) {
        b = 0;
        if (shuffle) {
          order = new Int32Array(n);
          for (let i = 0; i < n; i++) order[i] = i;
          for (let i = n - 1; i > 0; i--) {
            const j = Math.floor(rng() * (i + 1));
            const tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
          }
        }
      }
      const start = b * bs;
      b++;
      const idx = order === null ? null : tf.tensor1d(order.subarray(start, start + bs), 'int32');
      const xs = pick(data.x, idx, start);
      const ys = pick(data.y, idx, start);
      idx?.dispose();
      current = [...(Array.isArray(xs) ? xs : [xs]), ...(Array.isArray(ys) ? ys : [ys])];
      return { xs, ys };
    },
    dispose: free,
  };
}

/**
 * Batches from a dataset of `{ xs, ys }` batches, restarting it (a new iterator) whenever it runs out.
 *
 * @throws {TypeError} for elements that are not `{ xs, ys }` tensors; {RangeError} for an empty dataset.
 * @example
 * const source = await datasetSource('lrFind', dataset.batch(64));
 * source.batchSize; // => 64
 */
export async function datasetSource(fn: string, dataset: BatchDataset): Promise<BatchSource> {
  let iterator = await dataset.iterator();
  let current: Batch | null = null;
  let yielded = false;
  const disposeBatch = (batch: Batch): void => {
    tf.dispose([batch.xs, batch.ys].flat());
  };
  const free = (): void => {
    if (current) disposeBatch(current);
    current = null;
  };
  const pull = async (): Promise<Batch> => {
    let out = await iterator.next();
    if (out.done) {
      if (!yielded) throw new RangeError(`${fn}: the dataset is empty`);
      iterator = await dataset.iterator();
      out = await iterator.next();
      if (out.done) throw new RangeError(`${fn}: the dataset is empty on its second pass (a one-shot generator?)`);
    }
    yielded = true;
    const value = out.value as unknown;
    const el = (Array.isArray(value) && value.length === 2 ? { xs: value[0], ys: value[1] } : value) as Partial<Batch>;
    if (typeof el !== 'object' || el === null || !isTensorOrArray(el.xs) || !isTensorOrArray(el.ys)) {
      throw new TypeError(`${fn}: dataset elements must be { xs, ys } tensors, batched (got ${describeValue(value)})`);
    }
    return { xs: el.xs, ys: el.ys };
  };
  const peek = await pull();
  const batchSize = first(peek.xs).shape[0] ?? 1;
  let pending: Batch | null = peek;
  return {
    batchSize,
    batchesPerEpoch: undefined,
    sample: peek,
    async next() {
      free();
      current = pending ?? (await pull());
      pending = null;
      return current;
    },
    dispose() {
      free();
      if (pending) disposeBatch(pending);
      pending = null;
    },
  };
}
