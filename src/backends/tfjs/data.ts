/**
 * Batches for the range test, from in-memory tensors or a `tf.data.Dataset`, cycling through epochs for as many
 * steps as the test needs.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import * as msg from './messages.js';

/**
 * Inputs or targets, as `model.fit` takes them: one tensor, one per model input / output in order, or one per
 * input / output by name (`{ a, b }`, a `tf.NamedTensorMap`).
 */
export type TensorOrArray = tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;

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
  /** Training examples in tensor data; `undefined` for a dataset. */
  readonly examples: number | undefined;
  /** Some examples to check the model against before the test (valid until the first `next()`; not to be freed). */
  readonly sample: Batch;
  next(): Promise<Batch>;
  dispose(): void;
}

const isTensor = (t: unknown): t is tf.Tensor => t instanceof tf.Tensor;
const isNamed = (t: unknown): t is tf.NamedTensorMap =>
  typeof t === 'object' && t !== null && !Array.isArray(t) && !isTensor(t) && Object.keys(t).length > 0 && Object.values(t).every(isTensor);
/**
 * True for a tensor, an array of tensors or a name → tensor map. Internal.
 *
 * @example
 * isTensorOrArray({ a: tf.zeros([2]) }); // => true
 */
export const isTensorOrArray = (t: unknown): t is TensorOrArray =>
  isTensor(t) || (Array.isArray(t) && t.length > 0 && t.every(isTensor)) || isNamed(t);

/**
 * Refuse disposed tensors in inputs or targets, naming the one (`data.x`, `data.x[1]`, `data.x.a`).
 *
 * @throws {TypeError} for the first disposed tensor.
 * @example
 * assertLive('lrFind', 'data.x', x); // passes for live tensors; throws "lrFind: data.x is a disposed tensor (…)"
 */
export function assertLive(fn: string, name: string, t: TensorOrArray): void {
  const check = (tensor: tf.Tensor, where: string): void => {
    if (tensor.isDisposed) throw msg.disposedTensor(fn, where, tensor.shape);
  };
  if (isTensor(t)) check(t, name);
  else if (Array.isArray(t)) t.forEach((tensor, i) => check(tensor, `${name}[${i}]`));
  else for (const k of Object.keys(t)) check(t[k], `${name}.${k}`);
}

/**
 * Check `{ x, y }` tensor data given as `name` (`validationData`, `confirm.validationData`): an object of tensors
 * (a tensor, an array or a name → tensor map each), not a dataset, none disposed.
 *
 * @throws {TypeError} naming `fn`, `name` and what is wrong.
 * @example
 * assertTensorData('lrFind', 'validationData', dataset); // throws "lrFind: validationData must be { x, y } tensors, not a tf.data.Dataset …"
 */
export function assertTensorData(fn: string, name: string, data: unknown): asserts data is TensorData {
  if (isDataset(data)) throw msg.datasetNotTensors(fn, name);
  const d = data as Partial<TensorData> | null;
  if (typeof d !== 'object' || d === null || !isTensorOrArray(d.x) || !isTensorOrArray(d.y)) {
    throw msg.mustBeType(fn, name, '{ x, y } tensors', data);
  }
  assertLive(fn, `${name}.x`, d.x);
  assertLive(fn, `${name}.y`, d.y);
}

/**
 * The tensors of inputs or targets, in a fixed order (by name for a named map).
 *
 * @example
 * tensorsOf({ a, b }); // => [a, b]
 */
export function tensorsOf(t: TensorOrArray): tf.Tensor[] {
  if (isTensor(t)) return [t];
  if (Array.isArray(t)) return t;
  return Object.keys(t).sort().map((k) => t[k]);
}

/**
 * Apply `f` to every tensor of inputs or targets, keeping their shape: a tensor, an array, a named map.
 *
 * @example
 * mapTensors({ a, b }, (t) => t.slice(0, 2)); // => { a: a[0:2], b: b[0:2] }
 */
export function mapTensors(t: TensorOrArray, f: (t: tf.Tensor) => tf.Tensor): TensorOrArray {
  if (isTensor(t)) return f(t);
  if (Array.isArray(t)) return t.map(f);
  return Object.fromEntries(Object.keys(t).map((k) => [k, f(t[k])]));
}

const first = (t: TensorOrArray): tf.Tensor => tensorsOf(t)[0];

/**
 * Inputs or targets in the model's own order (`model.inputNames` / `outputNames`), for the tfjs calls that take
 * no named map (`model.evaluate`); a tensor or an array is returned as it is.
 *
 * @throws {TypeError} naming the missing input or output.
 * @example
 * inModelOrder('lrFind', { b, a }, ['a', 'b'], 'input'); // => [a, b]
 */
export function inModelOrder(fn: string, t: TensorOrArray, names: readonly string[], what: 'input' | 'output'): tf.Tensor | tf.Tensor[] {
  if (isTensor(t) || Array.isArray(t)) return t;
  return names.map((name) => {
    const tensor = t[name];
    if (tensor === undefined) throw msg.noTensorFor(fn, what, name, Object.keys(t));
    return tensor;
  });
}

/** Every tensor inside a value (nested arrays and objects): what a rejected dataset element holds. */
/**
 * Every tensor inside a value (arrays, objects), each once: what a refused dataset element holds. Internal.
 *
 * @example
 * tensorsIn({ xs: a, ys: [b, a] }); // => [a, b]
 */
export function tensorsIn(value: unknown, seen = new Set<unknown>()): tf.Tensor[] {
  if (isTensor(value)) return [value];
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value).flatMap((v) => tensorsIn(v, seen));
}

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
 * `0 … n−1` in a Fisher–Yates shuffle drawn from `rand` (which goes on from where it is: one generator can give one
 * order per pass).
 *
 * @example
 * shuffledIndices(5, mulberry32(0)); // => Int32Array [ 4, 2, 3, 0, 1 ] (the same for seed 0, every time)
 */
export function shuffledIndices(n: number, rand: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
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
    throw msg.badTensorData(fn, data.x, data.y);
  }
  assertLive(fn, 'data.x', data.x);
  assertLive(fn, 'data.y', data.y);
  const all = [...tensorsOf(data.x), ...tensorsOf(data.y)];
  const n = first(data.x).shape[0];
  if (n === undefined || n < 1) throw msg.noExamples(fn);
  for (const t of all) {
    if (t.shape[0] !== n) {
      throw msg.exampleCountMismatch(fn, n, t.shape[0]);
    }
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw msg.mustBeIn(fn, 'batchSize', 'an integer >= 1', batchSize);
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
  const pick = (v: TensorOrArray, idx: tf.Tensor1D | null, start: number): TensorOrArray => mapTensors(v, (t) => take(t, idx, start));
  return {
    batchSize: bs,
    batchesPerEpoch: perEpoch,
    examples: n,
    sample: { xs: data.x, ys: data.y },
    async next() {
      free();
      if (b >= perEpoch) {
        b = 0;
        if (shuffle) order = shuffledIndices(n, rng);
      }
      const start = b * bs;
      b++;
      const idx = order === null ? null : tf.tensor1d(order.subarray(start, start + bs), 'int32');
      const xs = pick(data.x, idx, start);
      const ys = pick(data.y, idx, start);
      idx?.dispose();
      current = [...tensorsOf(xs), ...tensorsOf(ys)];
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
    tf.dispose([...tensorsOf(batch.xs), ...tensorsOf(batch.ys)]);
  };
  const free = (): void => {
    if (current) disposeBatch(current);
    current = null;
  };
  const pull = async (): Promise<Batch> => {
    let out = await iterator.next();
    if (out.done) {
      if (!yielded) throw msg.datasetEmpty(fn);
      iterator = await dataset.iterator();
      out = await iterator.next();
      if (out.done) throw msg.datasetEmptyAgain(fn);
    }
    yielded = true;
    const value = out.value as unknown;
    const el = (Array.isArray(value) && value.length === 2 ? { xs: value[0], ys: value[1] } : value) as Partial<Batch>;
    if (typeof el !== 'object' || el === null || !isTensorOrArray(el.xs) || !isTensorOrArray(el.ys)) {
      // the element is ours now: free what it holds before refusing it
      tf.dispose(tensorsIn(value));
      throw msg.badDatasetElement(fn, value);
    }
    return { xs: el.xs, ys: el.ys };
  };
  const peek = await pull();
  const batchSize = first(peek.xs).shape[0] ?? 1;
  let pending: Batch | null = peek;
  return {
    batchSize,
    batchesPerEpoch: undefined,
    examples: undefined,
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
