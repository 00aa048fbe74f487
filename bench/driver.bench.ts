/**
 * The range-test driver's cost, side by side in one run on the demo's model (MLP 784-128-10, Adam, batch 64, the
 * MNIST digits of the `mnist` package):
 *
 * 1. `lrFind` (100 steps, stop rule off so both sides do exactly 100 steps) against a bare tfjs loop doing the same
 *    steps — set the lr, gather a shuffled batch, `trainOnBatch` — on the same model. Interleaved, median of 5.
 *    lrFind's extra work: snapshot + restore of weights and optimizer, the recorder, the analysis at the end; the
 *    backend check runs once per architecture (timed separately).
 * 2. Backend throughput, steps/s: `trainOnBatch` on cpu vs wasm, and a hand-written `optimizer.minimize` step.
 *
 * `BENCH_REPEATS` (default 5) and `BENCH_STEPS` (default 100) shrink it for a quick look.
 */
import * as tf from '@tensorflow/tfjs';
import { loadMnistDigits } from '../src/backends/tfjs/demo/mnistDigits.js';
import { ensureTrainable, lrFind, lrFinderCallback, mulberry32, snapshotTraining, useBackend } from '../src/backends/tfjs/index.js';
import { expLr } from '../src/recorder/schedule.js';
import { median } from './median.js';
import { demoModel } from './demoModel.js';

const REPEATS = Number(process.env.BENCH_REPEATS ?? 5);
const STEPS = Number(process.env.BENCH_STEPS ?? 100);
const BATCH = 64;

tf.env().set('PROD', true);

const digits = loadMnistDigits(STEPS * BATCH, 0);
const x = tf.tensor2d(digits.images, [digits.count, 784]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10).toFloat());
const n = digits.count;

/** What a user writes by hand: a shuffled pass, the lr set before each step, trainOnBatch. */
async function bareLoop(model: tf.LayersModel, steps: number): Promise<void> {
  const rng = mulberry32(0);
  const opt = model.optimizer as unknown as { learningRate: number };
  const perEpoch = Math.floor(n / BATCH);
  let order = new Int32Array(0);
  for (let i = 0; i < steps; i++) {
    const b = i % perEpoch;
    if (b === 0) {
      order = Int32Array.from({ length: n }, (_, k) => k);
      for (let k = n - 1; k > 0; k--) {
        const j = Math.floor(rng() * (k + 1));
        [order[k], order[j]] = [order[j], order[k]];
      }
    }
    const idx = tf.tensor1d(order.subarray(b * BATCH, (b + 1) * BATCH), 'int32');
    const xs = tf.gather(x, idx);
    const ys = tf.gather(y, idx);
    opt.learningRate = expLr(1e-7, 10, steps, i);
    await model.trainOnBatch(xs, ys);
    tf.dispose([idx, xs, ys]);
  }
}

/** Wall time in ms; `cpuTimes` gets the process's CPU time (user + system, ms) of the same call. */
let cpuTimes: number[] | null = null;
async function timeIt(f: () => Promise<unknown>): Promise<number> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  cpuTimes?.push((c.user + c.system) / 1000);
  return wall;
}

/** Time `f` and return [wall ms, cpu ms]. */
async function timeBoth(f: () => Promise<unknown>): Promise<[number, number]> {
  cpuTimes = [];
  const wall = await timeIt(f);
  const cpu = cpuTimes[0];
  cpuTimes = null;
  return [wall, cpu];
}

// ---- 1. lrFind vs the bare loop, on wasm
const backend = await useBackend('wasm');
{
  // warm up tfjs and the WASM kernels on a throwaway model, so neither side pays for first use
  const warm = demoModel();
  await bareLoop(warm, 10);
  warm.dispose();
}
const model = demoModel();
// the backend check (one profiled step on cpu, then a kernel lookup) runs once per architecture: timed alone here,
// so the fresh model's first lrFind below finds it cached
const [check, checkCpu] = await timeBoth(async () => {
  const probe = demoModel();
  await ensureTrainable(probe, x.slice(0, 2), y.slice(0, 2));
  probe.dispose();
});
// a fresh model's first steps pay tfjs's one-time setup (training function, weight upload) whoever drives them:
// compare lrFind's first call with a bare loop's first steps on another fresh model
const [bareFirst, bareFirstCpu] = await timeBoth(async () => {
  const fresh = demoModel();
  await bareLoop(fresh, STEPS);
  fresh.dispose();
});
const [first, firstCpu] = await timeBoth(() => lrFind(model, { x, y }, { numIt: STEPS, batchSize: BATCH, stopDiv: false, confirm: false }));
const bareTimes: [number, number][] = [];
const findTimes: [number, number][] = [];
for (let r = 0; r < REPEATS; r++) {
  // the bare loop trains the model for real: put it back (untimed) so both sides start from the same state
  const state = snapshotTraining(model);
  bareTimes.push(await timeBoth(() => bareLoop(model, STEPS)));
  state.restore();
  state.dispose();
  findTimes.push(await timeBoth(() => lrFind(model, { x, y }, { numIt: STEPS, batchSize: BATCH, stopDiv: false, confirm: false })));
}
const bare = median(bareTimes.map((t) => t[0]));
const find = median(findTimes.map((t) => t[0]));
const bareCpu = median(bareTimes.map((t) => t[1]));
const findCpu = median(findTimes.map((t) => t[1]));

// ---- 1b. model.fit with the callback vs the same fit without it (same batches: no shuffle, one epoch)
const fitPlain: [number, number][] = [];
const fitFinder: [number, number][] = [];
for (let r = 0; r < REPEATS; r++) {
  const state = snapshotTraining(model);
  fitPlain.push(await timeBoth(() => model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0 })));
  state.restore();
  state.dispose();
  const finder = lrFinderCallback({ numIt: STEPS, stopDiv: false });
  fitFinder.push(await timeBoth(() => model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: false, verbose: 0, callbacks: [finder] })));
}
const plainFit = median(fitPlain.map((t) => t[0]));
const finderFit = median(fitFinder.map((t) => t[0]));
const plainFitCpu = median(fitPlain.map((t) => t[1]));
const finderFitCpu = median(fitFinder.map((t) => t[1]));

// ---- 2. throughput by backend and step form
async function stepsPerSecond(name: string, form: 'trainOnBatch' | 'minimize'): Promise<number> {
  await useBackend(name as 'cpu' | 'wasm');
  const m = demoModel();
  const xs = x.slice(0, BATCH);
  const ys = y.slice(0, BATCH);
  const opt = m.optimizer;
  const step = async (): Promise<void> => {
    if (form === 'trainOnBatch') {
      await m.trainOnBatch(xs, ys);
    } else {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, m.apply(xs, { training: true }) as tf.Tensor), true)!;
      await loss.data();
      loss.dispose();
    }
  };
  for (let i = 0; i < 5; i++) await step();
  const steps = Math.max(20, Math.floor(STEPS / 2));
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) rates.push((steps * 1000) / (await timeIt(async () => {
    for (let i = 0; i < steps; i++) await step();
  })));
  tf.dispose([xs, ys]);
  m.dispose();
  return median(rates);
}
const wasmRate = await stepsPerSecond('wasm', 'trainOnBatch');
const wasmMinimize = await stepsPerSecond('wasm', 'minimize');
const cpuRate = await stepsPerSecond('cpu', 'trainOnBatch');

const f1 = (v: number): string => v.toFixed(1);
const lines = [
  `Range test vs a bare loop (${backend}, MLP 784-128-10, Adam, batch ${BATCH}, ${STEPS} steps, median of ${REPEATS}, interleaved)`,
  '',
  '| | wall time | ratio | CPU time | ratio |',
  '|---|---:|---:|---:|---:|',
  `| bare tfjs loop (lr set + gather + trainOnBatch) | ${f1(bare)} ms | 1.00× | ${f1(bareCpu)} ms | 1.00× |`,
  `| lrFind (snapshot, record, restore, analyze) | ${f1(find)} ms | ${(find / bare).toFixed(3)}× | ${f1(findCpu)} ms | ${(findCpu / bareCpu).toFixed(3)}× |`,
  `| bare loop, first steps on a fresh model | ${f1(bareFirst)} ms | 1.00× | ${f1(bareFirstCpu)} ms | 1.00× |`,
  `| lrFind, first call on a fresh model (its architecture's check done above) | ${f1(first)} ms | ${(first / bareFirst).toFixed(3)}× | ${f1(firstCpu)} ms | ${(firstCpu / bareFirstCpu).toFixed(3)}× |`,
  `| the backend check alone (once per architecture) | ${f1(check)} ms | | ${f1(checkCpu)} ms | |`,
  `| model.fit, ${STEPS} batches, no callback | ${f1(plainFit)} ms | 1.00× | ${f1(plainFitCpu)} ms | 1.00× |`,
  `| model.fit with lrFinderCallback | ${f1(finderFit)} ms | ${(finderFit / plainFit).toFixed(3)}× | ${f1(finderFitCpu)} ms | ${(finderFitCpu / plainFitCpu).toFixed(3)}× |`,
  '',
  `Training throughput (same model, batch ${BATCH}, median of 3)`,
  '',
  '| backend, step | steps/s | vs cpu |',
  '|---|---:|---:|',
  `| cpu, trainOnBatch | ${f1(cpuRate)} | 1.00× |`,
  `| wasm, trainOnBatch | ${f1(wasmRate)} | ${(wasmRate / cpuRate).toFixed(2)}× |`,
  `| wasm, optimizer.minimize (hand-written step) | ${f1(wasmMinimize)} | ${(wasmMinimize / cpuRate).toFixed(2)}× |`,
  '',
];
process.stdout.write(`${lines.join('\n')}\n`);
model.dispose();
tf.dispose([x, y]);
