/**
 * What the confirm trials cost, side by side in one run on the demo's model (MLP 784-128-10, Adam, batch 64, the
 * MNIST digits of the `mnist` package), interleaved, median of 5:
 *
 * 1. `lrFind` alone: a 100-step range test (the demo's settings), restore and analysis.
 * 2. `lrFind` with `confirm: { validationData }`: the same range test, then the default trials (3 × its steps, halving).
 * 3. The check by hand the trials replace: a grid of constant-lr runs from the same weights — 4 lrs per decade from
 *    1e-4 to 1 (17 lrs) × 100 steps each, restored in between, each scored on the same validation set.
 *
 * `BENCH_REPEATS` (default 5) shrinks it for a quick look.
 */
import * as tf from '@tensorflow/tfjs';
import { loadMnistDigits } from '../src/backends/tfjs/demo/mnistDigits.js';
import { lrFind, mulberry32, snapshotTraining, useBackend } from '../src/backends/tfjs/index.js';
import { median } from './median.js';
import { demoModel } from './demoModel.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const STEPS = 100;
const BATCH = 64;
const GRID = Array.from({ length: 17 }, (_, k) => 10 ** (-4 + k / 4));

tf.env().set('PROD', true);
await useBackend('wasm');

// 7,400 digits in one seeded order: the first 6,400 train, the last 1,000 validate
const digits = loadMnistDigits(7400, 0);
const slice = (from: number, count: number): { x: tf.Tensor2D; y: tf.Tensor2D } => ({
  x: tf.tensor2d(digits.images.subarray(from * 784, (from + count) * 784), [count, 784]),
  y: tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels.subarray(from, from + count), 'int32'), 10).toFloat() as tf.Tensor2D),
});
const train = slice(0, 6400);
const val = slice(6400, 1000);

/** One constant-lr run per grid lr from the same state (shuffled batches, restored after each), scored on `val`. */
async function gridSearch(model: tf.LayersModel): Promise<number> {
  const state = snapshotTraining(model);
  const opt = model.optimizer as unknown as { learningRate: number };
  let best = Infinity;
  try {
    for (const lr of GRID) {
      state.restore();
      opt.learningRate = lr;
      const rng = mulberry32(0);
      for (let i = 0; i < STEPS; i++) {
        const idx = tf.tensor1d(Int32Array.from({ length: BATCH }, () => Math.floor(rng() * 6400)), 'int32');
        const xs = tf.gather(train.x, idx);
        const ys = tf.gather(train.y, idx);
        await model.trainOnBatch(xs, ys);
        tf.dispose([idx, xs, ys]);
      }
      const out = model.evaluate(val.x, val.y) as tf.Scalar;
      best = Math.min(best, out.dataSync()[0]);
      out.dispose();
    }
  } finally {
    state.restore();
    state.dispose();
  }
  return best;
}

const cases: { name: string; steps: number; run: (m: tf.LayersModel) => Promise<number> }[] = [
  { name: '`lrFind`: the range test (up to 100 steps) + analysis', steps: STEPS, run: async (m) => (await lrFind(m, train, { numIt: STEPS, batchSize: BATCH, confirm: false, onNotice: () => {} })).run.lrs.length },
  {
    name: '`lrFind` + `confirm` (default: trials ≤ 3 × the range test)',
    steps: 4 * STEPS,
    run: async (m) => {
      const r = await lrFind(m, train, { numIt: STEPS, batchSize: BATCH, confirm: { validationData: val }, onNotice: () => {} });
      return r.run.lrs.length + (r.confirmation?.steps ?? 0);
    },
  },
  { name: `grid search by hand: ${GRID.length} lrs (4 per decade, 1e-4 … 1) × ${STEPS} steps`, steps: GRID.length * STEPS, run: async (m) => (await gridSearch(m), GRID.length * STEPS) },
];

const times = cases.map(() => [] as number[]);
const steps = cases.map(() => 0);
for (let r = 0; r < REPEATS; r++) {
  for (let c = 0; c < cases.length; c++) {
    const model = demoModel();
    const t0 = performance.now();
    steps[c] = await cases[c].run(model);
    times[c].push(performance.now() - t0);
    model.dispose();
  }
}
const base = median(times[0]);
process.stdout.write('| what | steps trained | median (ms) | × the range test |\n|---|---:|---:|---:|\n');
cases.forEach((c, i) => {
  process.stdout.write(`| ${c.name} | ${steps[i]} | ${median(times[i]).toFixed(0)} | ${(median(times[i]) / base).toFixed(2)} |\n`);
});
process.stdout.write(`\n${REPEATS} repeats, interleaved; wasm backend; tfjs ${tf.version.tfjs}.\n`);
tf.dispose([train.x, train.y, val.x, val.y]);
