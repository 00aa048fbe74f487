import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLrfindError } from '../../../src/errors.js';
import { lrFind, snapshotTraining, tfjsTrials, useBackend, type Confirmation, type TrialOutcome } from '../../../src/backends/tfjs/index.js';
import { parseRun, serializeRun, type Run } from '../../../src/recorder/index.js';
import { blobs, fingerprint, mlp, OPTIMIZERS } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };
let val: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs(128);
  val = blobs(64, 8, 3, 11);
});
afterAll(() => tf.dispose([data.x, data.y, val.x, val.y]));

async function warm(model: tf.LayersModel, steps = 3): Promise<void> {
  for (let i = 0; i < steps; i++) await model.trainOnBatch(data.x.slice(i * 16, 16), data.y.slice(i * 16, 16));
}

const SMALL = { startLr: 1e-4, endLr: 100, numIt: 24, batchSize: 16 } as const;

describe('lrFind confirm trials (tfjs, wasm backend)', () => {
  it('trains trials at the candidates, halves them, answers with the lowest validation loss and keeps the budget', async () => {
    const model = mlp(tf.train.adam(0.001));
    const { run, analysis, confirmation } = await lrFind(model, data, { ...SMALL, validationData: val, confirm: true });
    const c = confirmation as Confirmation;
    expect(c.basis).toBe('validation');
    expect(c.trials.length).toBeGreaterThanOrEqual(3);
    // a kept lr resumes its trial: each trial costs what it adds to the same lr's previous one
    const cost = c.trials.reduce((sum, t, i) => sum + t.steps - (c.trials.slice(0, i).findLast((u) => u.lr === t.lr)?.steps ?? 0), 0);
    expect(c.steps).toBe(cost);
    expect(c.steps).toBeLessThanOrEqual(3 * run.lrs.length);
    expect(c.budget).toBe(3 * run.lrs.length);
    // round 0 has every candidate at the same length; each later round is half as many, twice as long
    const round0 = c.trials.filter((t) => t.round === 0);
    // (plus, maybe, one lr half a decade beyond an edge the best of round 1 sat on)
    const round1 = c.trials.filter((t) => t.round === 1 && !t.source.includes('beyond the best'));
    expect(round1.length).toBe(Math.ceil(round0.length / 2));
    for (const t of round1) expect(round0.find((u) => u.lr === t.lr)?.kept).toBe(true);
    // the answer is the best non-diverged trial of the last round
    const lastRound = Math.max(...c.trials.map((t) => t.round));
    const finals = c.trials.filter((t) => t.round === lastRound && !t.diverged);
    expect(c.lr).toBe(finals.reduce((a, b) => (b.loss < a.loss ? b : a)).lr);
    expect(run.confirmation).toEqual(c);
    // lrfind's own answer is always tried
    const lr = (analysis.choice.suggestion as { lr: number }).lr;
    expect(round0.some((t) => t.lr === lr)).toBe(true);
    model.dispose();
  });

  for (const [name, make] of Object.entries(OPTIMIZERS)) {
    it(`restores weights and ${name}'s whole state bit for bit after the trials, with no tensor leaked`, async () => {
      const model = mlp(make());
      for (const warmed of [false, true]) {
        if (warmed) await warm(model);
        const before = fingerprint(model);
        const tensors = tf.memory().numTensors;
        const { confirmation } = await lrFind(model, data, { ...SMALL, confirm: { budget: 30 } });
        expect(confirmation?.trials.length).toBeGreaterThan(0);
        expect(tf.memory().numTensors).toBe(tensors);
        expect(fingerprint(model)).toEqual(before);
      }
      model.dispose();
    });
  }

  for (const [name, make] of Object.entries(OPTIMIZERS)) for (const warmed of [false, true]) {
    it(`a resumed trial is bit-identical to one run from the start (${name}, ${warmed ? 'warmed' : 'fresh'})`, async () => {
      const model = mlp(make());
      if (warmed) await warm(model, 2);
      const before = fingerprint(model);
      const tensors = tf.memory().numTensors;
      const state = snapshotTraining(model);
      const src = { batchSize: 16, shuffle: true, seed: 5 };
      const a = await tfjsTrials('t', model, state, data, src, { validationData: val });
      const b = await tfjsTrials('t', model, state, data, src, { validationData: val });
      try {
        await a.trial(0.01, 6, { round: 0, index: 0, final: false });
        await a.trial(0.003, 6, { round: 0, index: 1, final: false }); // another lr in between
        const resumed = (await a.trial(0.01, 12, { round: 1, index: 2, final: true })) as TrialOutcome;
        const fresh = (await b.trial(0.01, 12, { round: 0, index: 0, final: true })) as TrialOutcome;
        expect(resumed.trained).toBe(6);
        expect(fresh.trained).toBe(12);
        expect(resumed.loss).toBe(fresh.loss);
      } finally {
        a.dispose();
        b.dispose();
        state.restore();
        state.dispose();
      }
      expect(fingerprint(model)).toEqual(before);
      expect(tf.memory().numTensors).toBe(tensors);
      model.dispose();
    });
  }

  it('holds back a slice of the training data when there is no validation data', async () => {
    const model = mlp(tf.train.adam(0.001));
    const tensors = tf.memory().numTensors;
    const { confirmation } = await lrFind(model, data, { ...SMALL, confirm: { budget: 40 } });
    expect(confirmation?.basis).toBe('held-back');
    expect(tf.memory().numTensors).toBe(tensors);
    // confirm.validationData wins over lrFind's validationData
    const again = await lrFind(model, data, { ...SMALL, confirm: { budget: 40, validationData: val } });
    expect(again.confirmation?.basis).toBe('validation');
    model.dispose();
  });

  it('is deterministic for a seed', async () => {
    const answers: Confirmation[] = [];
    for (let r = 0; r < 2; r++) {
      const model = mlp(tf.train.momentum(0.01, 0.9));
      answers.push((await lrFind(model, data, { ...SMALL, seed: 3, confirm: { budget: 40 } })).confirmation as Confirmation);
      model.dispose();
    }
    expect(answers[1]).toEqual(answers[0]);
  });

  it('a diverging trial stops early, ranks last and never wins', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 7, 'meanSquaredError');
    const before = fingerprint(model);
    const { confirmation } = await lrFind(model, data, { ...SMALL, confirm: { candidates: [1e-2, 1e6], steps: 10 } });
    const c = confirmation as Confirmation;
    const huge = c.trials.find((t) => t.lr === 1e6);
    expect(huge?.diverged).toBe(true);
    expect(huge?.steps).toBeLessThan(10);
    expect(c.lr).toBe(1e-2);
    expect(fingerprint(model)).toEqual(before);
    model.dispose();
  });

  it('a transient spike is no divergence: Adam at a high lr spikes ×10 on its second step, recovers, and is judged by its validation loss', async () => {
    // sin(3x) regression with a tanh MLP: at lr 0.1 Adam's first update overshoots, then training goes on to beat lr 0.01
    const xs = Array.from({ length: 256 }, (_, i) => -2 + (4 * ((i * 0.618034) % 1)));
    const x = tf.tensor2d(xs, [256, 1]);
    const y = tf.tensor2d(xs.map((v) => Math.sin(3 * v)), [256, 1]);
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 32, activation: 'tanh', inputShape: [1], kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
        tf.layers.dense({ units: 32, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 8 }) }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 9 }) }),
      ],
    });
    model.compile({ optimizer: tf.train.adam(0.001), loss: 'meanSquaredError' });
    const before = fingerprint(model);
    const state = snapshotTraining(model);
    const losses = new Map<number, number[]>();
    const trials = await tfjsTrials('t', model, state, { x, y }, { batchSize: 16, shuffle: true, seed: 7 }, {
      validationData: { x, y },
      onProgress: (p) => losses.set(p.lr, [...(losses.get(p.lr) ?? []), p.loss]),
    });
    try {
      const high = (await trials.trial(0.1, 120, { round: 0, index: 0, final: true })) as TrialOutcome;
      const low = (await trials.trial(0.01, 120, { round: 0, index: 1, final: true })) as TrialOutcome;
      const l = losses.get(0.1) ?? [];
      expect(Math.max(...l.slice(0, 5))).toBeGreaterThan(5 * l[0]); // the spike the range test's 4× rule stops on
      expect(high.diverged).toBe(false);
      expect(high.steps).toBe(120);
      expect(high.loss).toBeLessThan(low.loss);
    } finally {
      trials.dispose();
      state.dispose();
      tf.dispose([x, y]);
    }
    expect(fingerprint(model)).toEqual(before);
    model.dispose();
  });

  it('answers null with a reason when every candidate diverges', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 7, 'meanSquaredError');
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const { confirmation } = await lrFind(model, data, { ...SMALL, confirm: { candidates: [1e5, 1e6, 1e7], steps: 8 } });
    expect(confirmation?.lr).toBeNull();
    expect(confirmation?.reason).toMatch(/every trial diverged/);
    expect(confirmation?.trials.every((t) => t.diverged)).toBe(true);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  for (const [name, make] of Object.entries(OPTIMIZERS)) {
  it(`restores ${name} exactly when the caller aborts mid-trial, after a resumable state was saved (E_ABORTED with the run and the partial confirmation)`, async () => {
    const model = mlp(make());
    await warm(model);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    const ac = new AbortController();
    let trialSteps = 0;
    const error = await lrFind(model, data, {
      ...SMALL,
      signal: ac.signal,
      confirm: { steps: 6 },
      onProgress: (p) => {
        // the first round is done (states saved for the kept lrs), the second under way
        if (p.phase === 'trial' && ++trialSteps === 6 * 8 + 2) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_ABORTED');
    expect((error as Error).message).toMatch(/during the trial/);
    const details = (error as { details: { run: Run; confirmation: Confirmation } }).details;
    expect(details.run.lrs.length).toBeGreaterThan(1);
    expect(details.confirmation.trials.length).toBeGreaterThan(0);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
  }

  it('restores exactly when a trial throws (E_TRAINING)', async () => {
    const model = mlp(tf.train.rmsprop(0.001));
    await warm(model);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    // batches of a dataset: the range test needs 24, the trials fail at the 30th batch drawn overall
    let drawn = 0;
    const dataset = tf.data.generator(function* () {
      for (let i = 0; ; i++) {
        if (++drawn === 30) throw new Error('disk on fire');
        yield tf.tidy(() => ({ xs: data.x.slice((i % 8) * 16, 16), ys: data.y.slice((i % 8) * 16, 16) }));
      }
    }) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const error = await lrFind(model, dataset, { ...SMALL, stopDiv: false, confirm: { budget: 60, validationData: val } }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_TRAINING');
    expect((error as Error).message).toMatch(/^lrFind: the trial at lr .*disk on fire/);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('takes a dataset and holds back its first batches', async () => {
    const model = mlp(tf.train.adam(0.001));
    const tensors = tf.memory().numTensors;
    const dataset = tf.data.zip({ xs: tf.data.array(tf.unstack(data.x)), ys: tf.data.array(tf.unstack(data.y)) }).batch(16) as unknown as tf.data.Dataset<{
      xs: tf.Tensor;
      ys: tf.Tensor;
    }>;
    const { confirmation } = await lrFind(model, dataset, { ...SMALL, confirm: { budget: 40, holdBack: 2 } });
    expect(confirmation?.basis).toBe('held-back');
    expect(confirmation?.lr).not.toBeNull();
    model.dispose();
    // the dataset's own element tensors stay; nothing of lrFind's does
    expect(tf.memory().numTensors).toBeGreaterThanOrEqual(tensors);
  });

  it('with repeats, runs the trials once, after the last test, on the combined analysis', async () => {
    const model = mlp(tf.train.adam(0.001));
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    let trialSteps = 0;
    const result = await lrFind(model, data, {
      ...SMALL,
      repeats: 2,
      confirm: { budget: 40 },
      onProgress: (p) => {
        if (p.phase === 'trial') trialSteps++;
      },
    });
    expect(result.repeats?.runs).toHaveLength(2);
    expect(result.confirmation?.steps).toBe(trialSteps);
    expect(result.confirmation?.steps).toBeLessThanOrEqual(40);
    expect(result.run.confirmation).toEqual(result.confirmation);
    expect(result.repeats?.runs[1].confirmation).toEqual(result.confirmation);
    const lr = (result.analysis.choice.suggestion as { lr: number }).lr;
    expect(result.confirmation?.trials.some((t) => t.lr === lr)).toBe(true);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('the run file keeps the trials', async () => {
    const model = mlp(tf.train.adam(0.001));
    const { run } = await lrFind(model, data, { ...SMALL, confirm: { budget: 30 } });
    const back = parseRun(serializeRun(run), { file: 'run.json' });
    expect(back.confirmation).toEqual(run.confirmation);
    model.dispose();
  });

  it('rejects bad confirm options', async () => {
    const model = mlp(tf.train.adam(0.001));
    await expect(lrFind(model, data, { ...SMALL, confirm: 'yes' as never })).rejects.toThrow(/lrFind: confirm must be/);
    await expect(lrFind(model, data, { ...SMALL, confirm: { candidates: [0] } })).rejects.toThrow(/confirm.candidates/);
    await expect(lrFind(model, data, { ...SMALL, confirm: { holdBack: 2 } })).rejects.toThrow(/confirm.holdBack must be a fraction/);
    await expect(lrFind(model, data, { ...SMALL, confirm: { steps: 50, budget: 10 } })).rejects.toThrow(/budget 10 cannot pay/);
    model.dispose();
  });
});
