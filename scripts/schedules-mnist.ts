/**
 * The measured run of docs/guide-schedules.md: a range test on the demo's MNIST model, then training fresh copies
 * for the same epochs (a) at the range test's answer as a constant lr, (b) with PyTorch's one-cycle schedule
 * peaking at it, (c) with fastai's fit_one_cycle preset peaking at it — several seeds each — and their validation
 * loss and accuracy.
 *
 * Data: the 10,000 digits of the `mnist` package (seeded shuffle, `loadMnistDigits`), 8,000 for training and
 * 2,000 held out. Model: the demo's 784-128-10 MLP with Adam (`runMnistDemo`), weights seeded per run. Batches of
 * 64 in a fixed order (the data is pre-shuffled; `shuffle: false` so every variant sees the same batches).
 *
 * Run: nice -n 10 npx tsx scripts/schedules-mnist.ts [epochs=3] [seeds=5] [lr]
 * With `lr`, every variant peaks at that lr instead of the range test's answer (the range test still runs and is
 * reported). Writes out/schedules-mnist-<epochs>ep[-<lr>].json (the figures) and, without `lr`,
 * docs/gallery/schedules-mnist-<epochs>ep.svg (the schedules beside the range test).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { analyze } from '../src/analysis/index.js';
import { lrFind, scheduleCallback, ScheduleCallback, useBackend } from '../src/backends/tfjs/index.js';
import { loadMnistDigits } from '../src/backends/tfjs/demo/mnistDigits.js';
import { fitOneCycleFromAnalysis, fitOneCycleSchedule, oneCycleFromAnalysis, oneCycleSchedule, type Schedule } from '../src/schedules/index.js';
import { scheduleReportSpec } from '../src/plot/scheduleSpec.js';
import { renderSvg } from '../src/plot/render.js';

const EPOCHS = Number(process.argv[2] ?? 3);
const SEEDS = Number(process.argv[3] ?? 5);
const LR = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
const BATCH = 64;
const TRAIN = 8000;

tf.env().set('PROD', true);
const backend = await useBackend('wasm');
const digits = loadMnistDigits(10_000, 0);
const all = tf.tensor2d(digits.images, [digits.count, 784]);
const labels = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10).toFloat());
const [xTrain, xVal] = [all.slice(0, TRAIN), all.slice(TRAIN)];
const [yTrain, yVal] = [labels.slice(0, TRAIN), labels.slice(TRAIN)];

function model(seed: number): tf.Sequential {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 2 + s });
  const m = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', kernelInitializer: init(1), name: 'hidden' }),
      tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: init(2), name: 'output' }),
    ],
  });
  m.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return m;
}

// 1. the range test (seed 0 model), on the training split only
const probe = model(0);
const { run } = await lrFind(probe, { x: xTrain, y: yTrain }, { numIt: 100, batchSize: BATCH, seed: 0, confirm: false });
probe.dispose();
const analysis = analyze(run);
const answer = analysis.choice.suggestion;
if (answer === null || !('lr' in answer)) throw new Error(`no answer: ${analysis.choice.reason}`);
const lr = LR ?? answer.lr;
const totalSteps = ScheduleCallback.stepsFor(TRAIN, BATCH, EPOCHS);
const stepsPerEpoch = Math.ceil(TRAIN / BATCH);
const oneCycle = LR === undefined ? oneCycleFromAnalysis(analysis, { totalSteps }) : { schedule: oneCycleSchedule({ maxLr: LR, totalSteps }) };
const fastai = LR === undefined ? fitOneCycleFromAnalysis(analysis, { epochs: EPOCHS, stepsPerEpoch }) : { schedule: fitOneCycleSchedule({ lrMax: LR, epochs: EPOCHS, stepsPerEpoch }) };
if (!oneCycle.schedule || !fastai.schedule) throw new Error('no schedule');
console.log(`range test: ${run.lrs.length} steps, answer ${answer.lr.toPrecision(3)} (${analysis.choice.reason}); peak ${lr.toPrecision(3)}; ${totalSteps} training steps`);

const variants: Record<string, Schedule> = {
  constant: () => ({ lr }),
  oneCycle: oneCycle.schedule,
  fitOneCycle: fastai.schedule,
};
const results: Record<string, { valLoss: number[]; valAcc: number[]; trainLoss: number[]; seconds: number[] }> = {};
for (const [name, schedule] of Object.entries(variants)) {
  results[name] = { valLoss: [], valAcc: [], trainLoss: [], seconds: [] };
  for (let seed = 0; seed < SEEDS; seed++) {
    const m = model(seed);
    const cb = scheduleCallback(schedule);
    const t0 = performance.now();
    await m.fit(xTrain, yTrain, { batchSize: BATCH, epochs: EPOCHS, shuffle: false, verbose: 0, callbacks: [cb] });
    const seconds = (performance.now() - t0) / 1000;
    const [loss, acc] = (m.evaluate(xVal, yVal, { batchSize: 500 }) as tf.Scalar[]).map((t) => t.dataSync()[0]);
    const last = cb.history.losses.slice(-Math.ceil(TRAIN / BATCH));
    results[name].valLoss.push(loss);
    results[name].valAcc.push(acc);
    results[name].trainLoss.push(last.reduce((a, b) => a + b, 0) / last.length);
    results[name].seconds.push(seconds);
    console.log(`${name} seed ${seed}: val loss ${loss.toFixed(4)}, val acc ${(acc * 100).toFixed(2)}%, ${seconds.toFixed(1)} s`);
    m.dispose();
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => Math.sqrt(xs.reduce((a, b) => a + (b - mean(xs)) ** 2, 0) / Math.max(1, xs.length - 1));
const summary = Object.fromEntries(
  Object.entries(results).map(([k, r]) => [k, { valLoss: [mean(r.valLoss), sd(r.valLoss)], valAcc: [mean(r.valAcc), sd(r.valAcc)], trainLoss: [mean(r.trainLoss), sd(r.trainLoss)], seconds: mean(r.seconds) }]),
);
mkdirSync('out', { recursive: true });
writeFileSync(
  `out/schedules-mnist-${EPOCHS}ep${LR === undefined ? '' : `-${LR}`}.json`,
  `${JSON.stringify({ backend, peak: lr, epochs: EPOCHS, seeds: SEEDS, batchSize: BATCH, train: TRAIN, val: digits.count - TRAIN, tfjs: tf.version.tfjs, rangeTest: { steps: run.lrs.length, stopReason: run.stopReason, answer, reason: analysis.choice.reason, band: analysis.suggestions['lrfind.range'] }, totalSteps, summary, results }, null, 2)}\n`,
);
console.table(Object.fromEntries(Object.entries(summary).map(([k, s]) => [k, { 'val loss': `${s.valLoss[0].toFixed(4)} ± ${s.valLoss[1].toFixed(4)}`, 'val acc %': `${(s.valAcc[0] * 100).toFixed(2)} ± ${(s.valAcc[1] * 100).toFixed(2)}` }])));

if (LR === undefined) {
  const spec = scheduleReportSpec({ lrs: run.lrs, losses: run.losses }, analysis, { oneCycle: oneCycle.schedule, fitOneCycle: fastai.schedule }, totalSteps, {
    title: `MNIST MLP: range test → schedules peaking at ${lr.toPrecision(2)}`,
  });
  writeFileSync(`docs/gallery/schedules-mnist-${EPOCHS}ep.svg`, await renderSvg(spec));
}
tf.dispose([all, labels, xTrain, xVal, yTrain, yVal]);
