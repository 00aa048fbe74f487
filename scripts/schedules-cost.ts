/**
 * What the training callbacks cost per batch, measured: `model.fit` on the demo's MNIST MLP (784-128-10, Adam,
 * batches of 64, 8,000 digits, wasm) alone, with `scheduleCallback`, and with `discriminativeLrs` (two groups:
 * the hidden layer at a tenth of the head's lr). Each variant runs `ROUNDS` epochs, interleaved, after a warm-up;
 * the figure is the median ms per batch. The machine is shared: compare the variants of one run, not runs.
 *
 * Run: nice -n 10 npx tsx scripts/schedules-cost.ts [rounds=5]
 */
import * as tf from '@tensorflow/tfjs';
import { discriminativeLrs, scheduleCallback, useBackend } from '../src/backends/tfjs/index.js';
import { loadMnistDigits } from '../src/backends/tfjs/demo/mnistDigits.js';
import { oneCycleSchedule } from '../src/schedules/index.js';

const ROUNDS = Number(process.argv[2] ?? 5);
tf.env().set('PROD', true);
const backend = await useBackend('wasm');
const digits = loadMnistDigits(8000, 0);
const x = tf.tensor2d(digits.images, [digits.count, 784]);
const y = tf.tidy(() => tf.oneHot(tf.tensor1d(digits.labels, 'int32'), 10).toFloat());
const batches = Math.ceil(digits.count / 64);

const model = tf.sequential({
  layers: [
    tf.layers.dense({ inputShape: [784], units: 128, activation: 'relu', name: 'hidden' }),
    tf.layers.dense({ units: 10, activation: 'softmax', name: 'output' }),
  ],
});
model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
const variants: Record<string, () => tf.CustomCallbackArgs | tf.Callback | undefined> = {
  'fit alone': () => undefined,
  scheduleCallback: () => scheduleCallback(oneCycleSchedule({ maxLr: 1e-3, totalSteps: batches })),
  'discriminativeLrs (2 groups)': () => discriminativeLrs({ groups: 2, slice: [1e-4, 1e-3] }),
};
const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
await model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0 }); // warm-up
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, make] of Object.entries(variants)) {
    const cb = make();
    const t0 = performance.now();
    await model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0, shuffle: false, callbacks: cb ? [cb as tf.Callback] : [] });
    times[name].push((performance.now() - t0) / batches);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['fit alone']);
console.log(`backend ${backend}, tfjs ${tf.version.tfjs}, ${batches} batches of 64 per epoch, ${ROUNDS} rounds`);
for (const [name, ts] of Object.entries(times)) {
  console.log(`${name.padEnd(30)} ${median(ts).toFixed(2)} ms/batch (${((median(ts) / base - 1) * 100).toFixed(0)}% vs fit alone)`);
}
tf.dispose([x, y]);
model.dispose();
