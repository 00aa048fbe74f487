/**
 * Choosing the tfjs backend: the fastest one that can train the model, with a fallback decided before training.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { snapshotTraining } from './state.js';
import { mapTensors, tensorsOf, type TensorOrArray } from './data.js';
import { releaseFailedTape } from './tape.js';
import * as msg from './messages.js';

/** A backend to ask for: `'auto'` picks the fastest available one. */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu' | 'webgl' | 'webgpu';

/**
 * The accepted {@link BackendPreference} values.
 * @example
 * BACKEND_PREFERENCES.includes('wasm'); // => true
 */
export const BACKEND_PREFERENCES: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu', 'webgl', 'webgpu'];

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

async function importOptional(name: string): Promise<boolean> {
  try {
    // a computed specifier: the package is an optional peer dependency, absent in most installs
    await import(/* @vite-ignore */ name);
    return true;
  } catch {
    return false;
  }
}

async function trySet(name: string): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Make `preference` the active tfjs backend and return the backend's name.
 *
 * `'auto'` in Node: `tensorflow` when `@tensorflow/tfjs-node` is installed (it cannot be on every machine: its
 * install downloads a native binary), else `wasm` when `@tensorflow/tfjs-backend-wasm` is installed (4–9× the
 * `cpu` backend on an MLP, see docs/benchmarks.md), else `cpu`. `'auto'` in a browser keeps tfjs's own choice
 * (webgpu / webgl / cpu). A named backend that cannot be loaded is an error.
 *
 * @returns the active backend's name (`tf.getBackend()`).
 * @throws {LrfindError} `E_OPTION` when a named backend is not available; {RangeError} for an unknown name.
 * @example
 * await useBackend('auto'); // => 'wasm' (in Node without tfjs-node)
 */
export async function useBackend(preference: BackendPreference = 'auto'): Promise<string> {
  if (!BACKEND_PREFERENCES.includes(preference)) {
    throw msg.unknownBackend(BACKEND_PREFERENCES, preference);
  }
  if (preference === 'auto') {
    if (!isNode) {
      await tf.ready();
      return tf.getBackend();
    }
    if ((await importOptional('@tensorflow/tfjs-node')) && (await trySet('tensorflow'))) return 'tensorflow';
    if ((await importOptional('@tensorflow/tfjs-backend-wasm')) && (await trySet('wasm'))) return 'wasm';
    if (await trySet('cpu')) return 'cpu';
    await tf.ready();
    return tf.getBackend();
  }
  const pkg: Partial<Record<BackendPreference, string>> = {
    tensorflow: '@tensorflow/tfjs-node',
    wasm: '@tensorflow/tfjs-backend-wasm',
    webgpu: '@tensorflow/tfjs-backend-webgpu',
  };
  const needed = pkg[preference];
  if (needed !== undefined && tf.findBackendFactory(preference) === null) await importOptional(needed);
  if (!(await trySet(preference))) {
    throw msg.backendUnavailable(preference, needed);
  }
  return preference;
}

/** Options of {@link ensureTrainable}. */
export interface EnsureTrainableOptions {
  /** Where the one-line fallback notice goes. __Default value:__ `console.warn` */
  readonly onNotice?: (message: string) => void;
}

/** Kernels a model's training step runs, by model (its optimizer may change with a recompile). */
const kernelCache = new WeakMap<tf.LayersModel, { optimizer: tf.Optimizer; kernels: readonly string[] }>();

type KernelParams = { kernelName?: string };
type EngineInternals = { runKernelFunc?: (params: KernelParams) => unknown };

/**
 * Run `f` and collect the names of the registered kernels it invokes. Hooks the engine's `runKernelFunc` (every
 * kernel call goes through it in tfjs 4) for the duration of `f` — a plain step costs ~10 ms where `tf.profile`,
 * which times and inspects every kernel, costs 10–20× more; falls back to `tf.profile` when the hook is absent.
 */
async function collectKernels(f: () => Promise<unknown>): Promise<string[]> {
  const engine = tf.engine() as unknown as EngineInternals;
  const original = engine.runKernelFunc;
  if (typeof original !== 'function') {
    const info = await tf.profile(async () => {
      await f();
      return [];
    });
    return info.kernelNames;
  }
  const names = new Set<string>();
  const hadOwn = Object.prototype.hasOwnProperty.call(engine, 'runKernelFunc');
  engine.runKernelFunc = function (this: unknown, params: KernelParams) {
    if (typeof params?.kernelName === 'string') names.add(params.kernelName);
    return original.call(this, params);
  };
  try {
    await f();
  } finally {
    if (hadOwn) engine.runKernelFunc = original;
    else delete engine.runKernelFunc;
  }
  return [...names];
}

/**
 * The names of the kernels one training step of `model` runs (forward, gradients, optimizer update), recorded on
 * the `cpu` backend — which has them all — and then undone bit for bit.
 */
/**
 * Kernel lists by architecture: a model rebuilt with the same layers, optimizer, loss and metrics runs the same
 * kernels, so a fresh model of a known architecture (a range test per seed, say) skips the check.
 */
const architectureCache = new Map<string, readonly string[]>();

/**
 * The architecture of a compiled model, as a cache key (layer configs without weights or instance names,
 * optimizer class, loss, metrics); `undefined` when the model cannot be serialized. Internal to lrfind/tfjs.
 *
 * @example
 * architectureKey(buildModel()) === architectureKey(buildModel()); // => true (same layers, fresh instances)
 */
export function architectureKey(model: tf.LayersModel): string | undefined {
  try {
    const loss = (model as unknown as { loss?: unknown }).loss;
    const lossName = (l: unknown): string => (typeof l === 'string' ? l : typeof l === 'function' ? `fn:${l.name}:${String(l).length}` : JSON.stringify(l));
    let key = JSON.stringify([
      model.toJSON(undefined, false),
      model.optimizer?.getClassName(),
      Array.isArray(loss) ? loss.map(lossName) : lossName(loss),
      model.metricsNames,
    ]);
    // tfjs numbers auto-named layers per instance (dense_Dense3, dense_Dense7…): rename them by position, keeping
    // the topology (inbound nodes refer to layers by name)
    const names = [model.name, ...model.layers.map((layer) => layer.name)];
    names.forEach((name, i) => {
      key = key.split(JSON.stringify(name)).join(`"#${i}"`);
    });
    return key;
  } catch {
    return undefined; // a custom layer without a serializable config: check this model on its own
  }
}

async function trainingKernels(model: tf.LayersModel, x: TensorOrArray, y: TensorOrArray): Promise<readonly string[]> {
  const cached = kernelCache.get(model);
  if (cached && cached.optimizer === model.optimizer) return cached.kernels;
  const key = architectureKey(model);
  const known = key === undefined ? undefined : architectureCache.get(key);
  if (known !== undefined) {
    kernelCache.set(model, { optimizer: model.optimizer, kernels: known });
    return known;
  }
  const previous = tf.getBackend();
  const state = snapshotTraining(model);
  let kernels: readonly string[];
  // the probe's first cpu tensor would print tfjs's "install tfjs-node" banner: lrfind's own probe stays quiet
  const prod = tf.env().getBool('PROD');
  try {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
    const names = await collectKernels(() => model.trainOnBatch(x, y));
    // tf.profile also lists op scopes (`fusedMatMul__op`): keep the names cpu ran as registered kernels
    kernels = names.filter((name) => tf.getKernel(name, 'cpu') !== undefined);
  } catch (error) {
    releaseFailedTape();
    throw msg.cannotTrain(error);
  } finally {
    try {
      state.restore();
    } finally {
      state.dispose();
      await tf.setBackend(previous);
      tf.env().set('PROD', prod);
    }
  }
  kernelCache.set(model, { optimizer: model.optimizer, kernels });
  if (key !== undefined) {
    if (architectureCache.size >= 64) architectureCache.clear();
    architectureCache.set(key, kernels);
  }
  return kernels;
}

/**
 * Check, before a range test, that the active backend can train `model`, and fall back to `cpu` (with a one-line
 * notice) when it cannot: the WASM backend has no `Conv2DBackpropFilter` gradient kernel, so convolutional models
 * cannot train on it, and that must not surface halfway through a run.
 *
 * The check records the kernels of one real training step on two examples, run on the `cpu` backend (which has
 * every kernel; the model and optimizer are then restored bit for bit), and looks each up in the active backend's
 * kernel registry. Nothing runs on the active backend, so a missing kernel cannot leak the tensors of a
 * half-done step. Skipped on `cpu` and `tensorflow`; remembered per model.
 *
 * @param xs - a small batch of inputs (its first two examples are used).
 * @param ys - the matching targets.
 * @returns the backend the test will run on and whether it fell back.
 * @throws {LrfindError} `E_TRAINING` when the step fails (wrong shapes for the model, say).
 * @example
 * await ensureTrainable(convModel, x, y); // => { backend: 'cpu', fellBack: true }, after a notice on wasm
 */
export async function ensureTrainable(
  model: tf.LayersModel,
  xs: TensorOrArray,
  ys: TensorOrArray,
  options: EnsureTrainableOptions = {},
): Promise<{ backend: string; fellBack: boolean }> {
  const { onNotice = (message: string) => console.warn(message) } = options;
  const backend = tf.getBackend();
  if (backend === 'cpu' || backend === 'tensorflow') return { backend, fellBack: false };
  // a model with a fixed batch size (a stateful RNN's batchInputShape) takes only whole batches
  const fixed = (model.inputs ?? []).map((input) => input.shape[0]).find((n): n is number => typeof n === 'number');
  const head = (t: tf.Tensor): tf.Tensor => t.slice(0, Math.min(fixed ?? 2, t.shape[0] ?? 1));
  const x = mapTensors(xs, head);
  const y = mapTensors(ys, head);
  let kernels: readonly string[];
  try {
    kernels = await trainingKernels(model, x, y);
  } finally {
    tf.dispose([...tensorsOf(x), ...tensorsOf(y)]);
  }
  const missing = kernels.filter((name) => tf.getKernel(name, backend) === undefined);
  if (missing.length === 0) return { backend, fellBack: false };
  onNotice(
    `lrfind: the ${backend} backend has no ${missing.join(', ')} kernel${missing.length > 1 ? 's' : ''}, ` +
      'so this model cannot train on it; using cpu instead',
  );
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  try {
    await tf.setBackend('cpu');
  } finally {
    tf.env().set('PROD', prod);
  }
  return { backend: 'cpu', fellBack: true };
}
