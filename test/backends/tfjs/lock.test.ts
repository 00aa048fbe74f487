import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isLrfindError } from '../../../src/errors.js';
import { lrFind, lrFinderCallback, useBackend } from '../../../src/backends/tfjs/index.js';
import { blobs, fingerprint, mlp } from './helpers.js';

let data: { x: tf.Tensor2D; y: tf.Tensor2D };

beforeAll(async () => {
  tf.env().set('PROD', true);
  await useBackend('wasm');
  data = blobs(64);
});
afterAll(() => tf.dispose([data.x, data.y]));

async function warm(model: tf.LayersModel): Promise<void> {
  for (let i = 0; i < 2; i++) await model.trainOnBatch(data.x.slice(i * 16, 16), data.y.slice(i * 16, 16));
}

const codeOf = (e: unknown): unknown => (isLrfindError(e) ? e.code : e);

describe('one range test per model at a time', () => {
  it('lrFind(model) while lrFind(model) runs: the second is refused at once (E_BUSY, naming the model), the first completes and restores bit for bit', async () => {
    const model = mlp(tf.train.adam(0.01), 8, 3, 21);
    await warm(model);
    const before = fingerprint(model);
    const tensors = tf.memory().numTensors;
    let secondSteps = 0;
    const first = lrFind(model, data, { confirm: false, numIt: 12, stopDiv: false });
    const second = await lrFind(model, data, { confirm: false, numIt: 12, onProgress: () => void secondSteps++ }).catch((e: unknown) => e);
    expect(codeOf(second)).toBe('E_BUSY');
    expect((second as Error).message).toContain(`lrFind: model "${model.name}" is already in a range test (lrFind)`);
    const { run } = await first;
    expect(run.lrs.length).toBe(12);
    expect(secondSteps).toBe(0);
    expect(fingerprint(model)).toEqual(before);
    expect(tf.memory().numTensors).toBe(tensors);
    // released: the next call runs
    await expect(lrFind(model, data, { confirm: false, numIt: 3 })).resolves.toBeDefined();
    model.dispose();
  });

  it('two models at once both run', async () => {
    const a = mlp(tf.train.sgd(0.01), 8, 3, 22);
    const b = mlp(tf.train.sgd(0.01), 8, 3, 23);
    const [ra, rb] = await Promise.all([lrFind(a, data, { confirm: false, numIt: 4 }), lrFind(b, data, { confirm: false, numIt: 4 })]);
    expect(ra.run.lrs.length + rb.run.lrs.length).toBe(8);
    a.dispose();
    b.dispose();
  });

  it('the lock is released when lrFind throws (bad option after the lock)', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 24);
    await expect(lrFind(model, data, { confirm: false, numIt: 3, shuffle: 1 as unknown as boolean })).rejects.toThrow(/shuffle/);
    await expect(lrFind(model, data, { confirm: false, numIt: 3 })).resolves.toBeDefined();
    model.dispose();
  });

  it('a lrFinderCallback fit on a model in lrFind is refused (E_BUSY); the lrFind completes and restores', async () => {
    const model = mlp(tf.train.momentum(0.01, 0.9), 8, 3, 25);
    await warm(model);
    const before = fingerprint(model);
    const running = lrFind(model, data, { confirm: false, numIt: 10, stopDiv: false });
    const finder = lrFinderCallback({ numIt: 5 });
    const error = await model.fit(data.x, data.y, { batchSize: 16, epochs: 1, verbose: 0, callbacks: [finder] }).catch((e: unknown) => e);
    expect(codeOf(error)).toBe('E_BUSY');
    expect((error as Error).message).toMatch(/^lrFinderCallback: model ".+" is already in a range test \(lrFind\)/);
    expect(finder.result).toBeUndefined();
    await running;
    expect(fingerprint(model)).toEqual(before);
    // the refused fit left nothing behind: the model trains and range-tests again
    await model.fit(data.x, data.y, { batchSize: 32, epochs: 1, verbose: 0 });
    await expect(lrFind(model, data, { confirm: false, numIt: 3 })).resolves.toBeDefined();
    model.dispose();
  });

  it('lrFind on a model whose lrFinderCallback test runs in fit is refused (E_BUSY); the callback test completes and restores', async () => {
    const model = mlp(tf.train.adam(0.01), 8, 3, 26);
    await warm(model);
    const before = fingerprint(model);
    const finder = lrFinderCallback({ numIt: 6, stopDiv: false });
    const refused: unknown[] = [];
    let batches = 0;
    const probe = new tf.CustomCallback({
      onBatchEnd: async () => {
        if (++batches === 2) refused.push(await lrFind(model, data, { confirm: false, numIt: 3 }).catch((e: unknown) => e));
      },
    });
    await model.fit(data.x, data.y, { batchSize: 16, epochs: 2, verbose: 0, callbacks: [finder, probe] });
    expect(refused.map(codeOf)).toEqual(['E_BUSY']);
    expect((refused[0] as Error).message).toContain("(lrFinderCallback); wait for it to finish — one test per model at a time (if that callback's fit threw, call its restore())");
    expect(finder.result!.run.lrs.length).toBe(6);
    expect(fingerprint(model)).toEqual(before);
    // released after the restore
    await expect(lrFind(model, data, { confirm: false, numIt: 3 })).resolves.toBeDefined();
    model.dispose();
  });

  it('after a lrFinderCallback fit threw, the model stays locked (not restored yet) until finder.restore()', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 28);
    const before = fingerprint(model);
    const finder = lrFinderCallback({ numIt: 6 });
    let batches = 0;
    const boom = new tf.CustomCallback({
      onBatchEnd: () => {
        if (++batches === 2) throw new Error('boom');
      },
    });
    await expect(model.fit(data.x, data.y, { batchSize: 16, epochs: 2, verbose: 0, callbacks: [finder, boom] })).rejects.toThrow('boom');
    await expect(lrFind(model, data, { confirm: false, numIt: 3 })).rejects.toThrow(/already in a range test \(lrFinderCallback\).*call its restore\(\)/);
    finder.restore();
    expect(fingerprint(model)).toEqual(before);
    await expect(lrFind(model, data, { confirm: false, numIt: 3 })).resolves.toBeDefined();
    model.dispose();
  });

  it('lrFind on a model training in a plain fit is refused (E_BUSY naming fit)', async () => {
    const model = mlp(tf.train.sgd(0.01), 8, 3, 27);
    const refused: unknown[] = [];
    const probe = new tf.CustomCallback({
      onBatchEnd: async (batch) => {
        if (batch === 0) refused.push(await lrFind(model, data, { confirm: false, numIt: 3 }).catch((e: unknown) => e));
      },
    });
    await model.fit(data.x, data.y, { batchSize: 32, epochs: 1, verbose: 0, callbacks: [probe] });
    expect(refused.map(codeOf)).toEqual(['E_BUSY']);
    expect((refused[0] as Error).message).toMatch(/is training in another fit\(\)/);
    model.dispose();
  });
});
