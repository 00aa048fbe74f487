import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMomentum, ScheduleCallback, scheduleCallback, setMomentum, useBackend } from '../../../src/backends/tfjs/index.js';
import { cyclicSchedule, oneCycleSchedule, type Schedule } from '../../../src/schedules/index.js';
import { isLrfindError } from '../../../src/errors.js';
import { blobs, mlp, OPTIMIZERS } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs();
});
afterAll(() => tf.dispose([data.x, data.y]));

const HAS_MOMENTUM: Record<string, boolean> = { sgd: false, momentum: true, adam: true, rmsprop: true, adagrad: false, adadelta: false, adamax: true };

/** The lr and momentum the optimizer holds, read after each batch by a callback registered after the schedule's. */
function observer(model: tf.LayersModel, seen: { lr: number; momentum: number | undefined }[]): tf.CustomCallback {
  return new tf.CustomCallback({
    onBatchEnd: () => void seen.push({ lr: (model.optimizer as unknown as { learningRate: number }).learningRate, momentum: getMomentum(model.optimizer) }),
  });
}

describe('scheduleCallback in model.fit, every tfjs optimizer', () => {
  for (const name of Object.keys(OPTIMIZERS)) {
    it(`${name}: each batch trains at schedule(step) across epochs; momentum applied where the optimizer has one`, async () => {
      const model = mlp(OPTIMIZERS[name]());
      const steps = ScheduleCallback.stepsFor(128, 32, 3);
      expect(steps).toBe(12);
      const schedule = oneCycleSchedule({ maxLr: 0.05, totalSteps: steps });
      const cb = scheduleCallback(schedule);
      const seen: { lr: number; momentum: number | undefined }[] = [];
      await model.fit(data.x, data.y, { batchSize: 32, epochs: 3, shuffle: false, verbose: 0, callbacks: [cb, observer(model, seen)] });
      const expected = Array.from({ length: steps }, (_, i) => schedule(i));
      expect(cb.history.lrs).toEqual(expected.map((v) => v.lr));
      expect(seen.map((s) => s.lr)).toEqual(cb.history.lrs);
      if (HAS_MOMENTUM[name]) {
        expect(cb.history.momentums).toEqual(expected.map((v) => v.momentum));
        expect(seen.map((s) => s.momentum)).toEqual(cb.history.momentums);
      } else {
        expect(cb.history.momentums).toEqual(Array(steps).fill(null));
      }
      expect(cb.history.losses.length).toBe(steps);
      expect(cb.history.losses.every(Number.isFinite)).toBe(true);
      expect(cb.step).toBe(steps);
      model.dispose();
    });
  }

  // A constant schedule (lr, momentum) on an optimizer built with other values must train exactly like the optimizer
  // built with (lr, momentum): the values reach the update, not just the fields.
  const BUILT: Record<string, [(lr: number, m: number) => tf.Optimizer, number]> = {
    sgd: [(lr) => tf.train.sgd(lr), 0],
    momentum: [(lr, m) => tf.train.momentum(lr, m), 0.9],
    adam: [(lr, m) => tf.train.adam(lr, m), 0.8],
    adamax: [(lr, m) => tf.train.adamax(lr, m), 0.8],
    rmsprop: [(lr, m) => tf.train.rmsprop(lr, 0.9, m), 0.6],
    adagrad: [(lr) => tf.train.adagrad(lr), 0],
    adadelta: [(lr) => tf.train.adadelta(lr), 0],
  };
  for (const [name, [build, momentum]] of Object.entries(BUILT)) {
    it(`${name}: a constant schedule trains exactly like ${name}(lr${momentum ? ', momentum' : ''}) built with those values`, async () => {
      const lr = 0.02;
      const a = mlp(build(0.5, 0.3));
      const b = mlp(build(lr, momentum));
      const constant: Schedule = () => (momentum ? { lr, momentum } : { lr });
      const initial = a.weights[0].read().dataSync().slice();
      await a.fit(data.x, data.y, { batchSize: 32, epochs: 2, shuffle: false, verbose: 0, callbacks: [scheduleCallback(constant)] });
      await b.fit(data.x, data.y, { batchSize: 32, epochs: 2, shuffle: false, verbose: 0 });
      expect(a.weights.length).toBe(b.weights.length);
      a.weights.forEach((w, k) => {
        const wa = w.read().dataSync();
        const wb = b.weights[k].read().dataSync();
        if (name === 'adam' || name === 'adamax') {
          // the bias correction: tfjs multiplies β1 step by step in float32, the callback sets β1^t: last-bit differences
          wa.forEach((v, i) => expect(Math.abs(v - wb[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(wb[i]))));
        } else {
          expect(Array.from(wa)).toEqual(Array.from(wb));
        }
      });
      expect(Array.from(a.weights[0].read().dataSync())).not.toEqual(Array.from(initial));
      a.dispose();
      b.dispose();
    });
  }

  it('works in fitDataset, and with momentum: false leaves the momentum alone', async () => {
    const model = mlp(tf.train.momentum(0.01, 0.5));
    const ds = tf.data.zip({ xs: tf.data.array(tf.unstack(data.x)), ys: tf.data.array(tf.unstack(data.y)) }).batch(32) as unknown as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>;
    const schedule = cyclicSchedule({ baseLr: 1e-3, maxLr: 1e-2, stepSizeUp: 3 });
    const cb = scheduleCallback(schedule, { momentum: false, initialStep: 2 });
    await model.fitDataset(ds, { epochs: 2, verbose: 0, callbacks: [cb] });
    expect(cb.history.lrs).toEqual(Array.from({ length: 8 }, (_, i) => schedule(i + 2).lr));
    expect(cb.history.momentums).toEqual(Array(8).fill(0.5));
    model.dispose();
  });

  it('does not leak tensors (momentum rebuilds its scalar, Adam resets its β1 power)', async () => {
    for (const name of ['momentum', 'adam', 'sgd']) {
      const model = mlp(OPTIMIZERS[name]());
      await model.fit(data.x, data.y, { batchSize: 32, epochs: 1, verbose: 0 }); // create the slots
      const tensors = tf.memory().numTensors;
      await model.fit(data.x, data.y, { batchSize: 32, epochs: 2, verbose: 0, callbacks: [scheduleCallback(oneCycleSchedule({ maxLr: 0.01, totalSteps: 8 }))] });
      expect(tf.memory().numTensors).toBe(tensors);
      model.dispose();
    }
  });

  it('a schedule shorter than the training stops fit with E_OPTION naming the step', async () => {
    const model = mlp(tf.train.adam(0.001));
    const cb = scheduleCallback(oneCycleSchedule({ maxLr: 0.01, totalSteps: 3 }));
    const error = await model.fit(data.x, data.y, { batchSize: 32, epochs: 2, verbose: 0, callbacks: [cb] }).catch((e: unknown) => e);
    expect(isLrfindError(error) && error.code).toBe('E_OPTION');
    expect((error as Error).message).toMatch(/^scheduleCallback: the schedule has no step 4 \(oneCycleSchedule: step must be an integer in \[0, 3\]/);
    model.dispose();
  });

  it('bad arguments', () => {
    expect(() => scheduleCallback(0.01 as never)).toThrow(/scheduleCallback: schedule must be a function/);
    expect(() => scheduleCallback(() => ({ lr: 1 }), { initialStep: -1 })).toThrow(/initialStep must be an integer >= 0 \(got -1\)/);
    expect(() => ScheduleCallback.stepsFor(0, 32, 1)).toThrow(/numSamples must be an integer >= 1 \(got 0\)/);
  });
});

describe('getMomentum / setMomentum', () => {
  it('read and write momentum or β1; report false for optimizers without one', () => {
    const m = tf.train.momentum(0.01, 0.9);
    expect(getMomentum(m)).toBe(0.9);
    expect(setMomentum(m, 0.8)).toBe(true);
    expect((m as unknown as { m: tf.Scalar }).m.dataSync()[0]).toBeCloseTo(0.8, 7);
    const adam = tf.train.adam(0.001);
    expect(getMomentum(adam)).toBe(0.9);
    expect(setMomentum(adam, 0.85)).toBe(true);
    expect(getMomentum(adam)).toBe(0.85);
    expect((adam as unknown as { accBeta1: tf.Variable }).accBeta1.dataSync()[0]).toBeCloseTo(0.85, 7);
    for (const name of ['sgd', 'adagrad', 'adadelta']) {
      const o = OPTIMIZERS[name]();
      expect(getMomentum(o)).toBeUndefined();
      expect(setMomentum(o, 0.9)).toBe(false);
    }
    expect(() => setMomentum(m, NaN)).toThrow(/setMomentum: momentum must be a finite number/);
    tf.dispose([m, adam] as unknown as tf.Tensor[]);
  });
});
