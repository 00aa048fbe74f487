/**
 * Fuzzing the library entry points with the hostile inputs of issue 20: option values of any type, array-likes of
 * anything, decreasing lrs fed to the recorder, Keras logs with random epoch/batch columns, pandas index columns,
 * trials reporting impossible step counts, reports of mismatched runs and analyses — and, on a tiny tfjs model,
 * datasets as validation data, disposed tensors, bad numIt / trial steps and overlapping calls. Every entry point
 * returns a valid result or throws a typed error (TypeError, RangeError or LrfindError) with a one-line message;
 * the tfjs ones leave the model bit for bit as it was and leak no tensor.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { ema } from '../../src/analysis/ema.js';
import { gradient } from '../../src/analysis/gradient.js';
import { invertRunningMean } from '../../src/analysis/unsmooth.js';
import { isLrfindError } from '../../src/errors.js';
import { lrFind, useBackend } from '../../src/backends/tfjs/index.js';
import { importRun } from '../../src/runs/import/importRun.js';
import { lrFindLoop } from '../../src/recorder/loop.js';
import { LrRecorder } from '../../src/recorder/recorder.js';
import type { Run } from '../../src/runs/run.js';
import { reportData } from '../../src/plot/renderReport.js';
import { blobs, fingerprint, mlp } from '../backends/tfjs/helpers.js';

const RUNS = process.env.CI ? 2000 : 300;
const TF_RUNS = process.env.CI ? 60 : 15;

/** Call `fn`; it may return, or throw a typed error with a one-line message — anything else fails the property. */
function onlyTyped<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    expectTyped(error);
    return undefined;
  }
}

function expectTyped(error: unknown): void {
  if (!(isLrfindError(error) || error instanceof TypeError || error instanceof RangeError)) throw error;
  const message = (error as Error).message;
  // an internal failure (a property read on undefined, say) is no typed refusal
  expect(message).not.toMatch(/Cannot read propert|Cannot destructure|is not a function|is not iterable|undefined \(reading/);
  // the function (or the file) first
  expect(message).toMatch(/^[\w.<>-]+: /);
  expect(message).not.toMatch(/\n/);
}

const lrs = Float64Array.from({ length: 40 }, (_, i) => 1e-5 * 10 ** (i / 8));
const losses = Float64Array.from(lrs, (lr, i) => 2.3 - 0.1 * Math.log10(lr / 1e-5) + (i > 28 ? (i - 28) ** 2 * 0.05 : 0));

/** Any value a hostile caller might pass as an option. */
const anyValue = fc.oneof(
  fc.anything({ maxDepth: 1 }),
  fc.constantFrom('false', 'true', '5', 'inf', '', NaN, Infinity, -1, 0, 0.5, 1, 2.5, 1e9, null, [], {}, [1], () => 1),
);

describe('fuzz: analysis entry points refuse hostile options and array-likes with typed errors', () => {
  it(`analyze(curve, options) with option values of any type (${RUNS} cases)`, () => {
    const name = fc.constantFrom('frozen', 'skipStart', 'skipEnd', 'divergeTh', 'smoothF', 'order', 'numIt', 'preset', 'recorded');
    fc.assert(
      fc.property(fc.oneof(fc.dictionary(name, anyValue, { maxKeys: 3 }), anyValue), (options) => {
        const a = onlyTyped(() => analyze({ lrs, losses }, options as never));
        if (!a) return;
        expect(a.points).toBeGreaterThan(0);
        // what it accepted had the right types
        expect(options === undefined || (typeof options === 'object' && options !== null && !Array.isArray(options))).toBe(true);
        const o = (options ?? {}) as Record<string, unknown>;
        expect(o.frozen === undefined || typeof o.frozen === 'boolean').toBe(true);
        for (const k of ['skipStart', 'skipEnd', 'divergeTh', 'smoothF']) expect(o[k] === undefined || typeof o[k] === 'number').toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it(`array-likes of anything into analyze, ema, gradient (${RUNS} cases)`, () => {
    const arrayLike = fc.oneof(
      fc.array(fc.oneof(fc.double(), fc.anything({ maxDepth: 0 })), { maxLength: 12 }),
      fc.array(fc.oneof(fc.double(), fc.string()), { maxLength: 12 }).map((xs) => ({ ...xs, length: xs.length })),
      fc.constantFrom({ length: -1 }, { length: 1.5 }, { length: Infinity }, { length: 2 }, BigInt64Array.of(1n, 2n), 'abc', 42, null),
    );
    fc.assert(
      fc.property(arrayLike, arrayLike, (a, b) => {
        onlyTyped(() => analyze({ lrs: a, losses: b } as never));
        onlyTyped(() => ema(a as never));
        onlyTyped(() => gradient(a as never, b as never));
      }),
      { numRuns: RUNS },
    );
  });

  it(`invertRunningMean with random batch indices (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { minLength: 1, maxLength: 20 }), fc.array(fc.oneof(fc.nat(30), fc.double()), { maxLength: 22 }), (means, batches) => {
        const out = onlyTyped(() => invertRunningMean(means, { batches }));
        if (out) expect(out.length).toBe(means.length);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: the recorder and the loop', () => {
  it(`LrRecorder.record with any lr sequence keeps a non-decreasing run (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.oneof(fc.double({ min: 1e-8, max: 10 }), anyValue), fc.oneof(fc.double(), anyValue)), { maxLength: 30 }), (steps) => {
        const rec = new LrRecorder({ stopDiv: false });
        for (const [lr, loss] of steps) {
          if (rec.stopReason !== undefined) break;
          onlyTyped(() => rec.record(lr as number, loss as number));
        }
        const run = rec.toRun();
        for (let i = 0; i < run.lrs.length; i++) {
          expect(run.lrs[i] > 0 && Number.isFinite(run.lrs[i])).toBe(true);
          if (i > 0) expect(run.lrs[i]).toBeGreaterThanOrEqual(run.lrs[i - 1]);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`lrFindLoop with hostile numIt, confirm options and trial outcomes: typed errors, the run kept (${RUNS / 5} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        // never a huge count: a slow sweep of a converging step would run for ever
        fc.oneof(fc.integer({ min: -2, max: 30 }), fc.constantFrom('5', 2.5, NaN, Infinity, -Infinity, null, [], {}, true)),
        fc.record({ steps: fc.option(fc.oneof(fc.integer({ min: -2, max: 6 }), anyValue)), budget: fc.option(fc.oneof(fc.integer({ min: -2, max: 80 }), anyValue)) }),
        fc.oneof(fc.double(), fc.record({ loss: fc.oneof(fc.double(), anyValue), steps: fc.option(anyValue), trained: fc.option(anyValue) }), anyValue),
        async (numIt, plan, outcome) => {
          let w = 5;
          const confirm = { ...(plan.steps === null ? {} : { steps: plan.steps }), ...(plan.budget === null ? {} : { budget: plan.budget }), trial: () => outcome };
          try {
            const r = await lrFindLoop(
              (lr) => {
                const l = (w - 1) ** 2;
                w -= lr * 2 * (w - 1);
                return l;
              },
              { startLr: 1e-4, endLr: 10, numIt: numIt as number, confirm: confirm as never },
            );
            expect(r.run.lrs.length).toBeGreaterThan(1);
            // every trial it accepted reported whole steps
            for (const t of r.confirmation?.trials ?? []) expect(Number.isSafeInteger(t.steps) && t.steps >= 1).toBe(true);
          } catch (error) {
            expectTyped(error);
            // a failure in the confirm trials keeps the finished range test
            if (isLrfindError(error) && error.details?.confirmation !== undefined) expect((error.details.run as Run).lrs.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: RUNS / 5 },
    );
  });
});

describe('fuzz: importers', () => {
  it(`Keras logs with random epoch and batch columns invert to a valid run or a typed error (${RUNS} cases)`, () => {
    const row = fc.tuple(fc.oneof(fc.nat(3), fc.constantFrom('x', '-1', '1.5', '')), fc.oneof(fc.nat(12), fc.constantFrom('x', '-1', '2.5', '')), fc.double({ min: 0.01, max: 5, noNaN: true }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 25 }), fc.boolean(), (rows, withEpoch) => {
        const text = `${withEpoch ? 'epoch,' : ''}batch,lr,loss\n${rows.map(([e, b, l], i) => `${withEpoch ? `${e},` : ''}${b},${1e-4 * 1.3 ** i},${l}`).join('\n')}\n`;
        const run = onlyTyped(() => importRun(text, { file: 'k.csv', format: 'keras' }));
        if (run) expect(run.losses.length).toBe(rows.length);
      }),
      { numRuns: RUNS },
    );
  });

  it(`pandas index columns (labels in any order, floats, junk) (${RUNS} cases)`, () => {
    const label = fc.oneof(fc.nat(40), fc.double({ min: 1e-6, max: 1, noNaN: true }), fc.constantFrom('', 'x', '-1', 'nan'));
    fc.assert(
      fc.property(
        fc.constantFrom('', 'Unnamed: 0', ' unnamed: 0 '),
        fc.constantFrom('lr,loss', 'loss', '0', 'lr,loss,smoothed_loss'),
        fc.array(label, { minLength: 1, maxLength: 20 }),
        (index, rest, labels) => {
          const cols = rest.split(',');
          const text = `${index},${rest}\n${labels.map((l, i) => [l, ...cols.map((c) => (c === 'lr' ? 1e-4 * 1.5 ** i : 2 + Math.sin(i)))].join(',')).join('\n')}\n`;
          const run = onlyTyped(() => importRun(text, { file: 'frame.csv' }));
          if (run) {
            expect(run.lrs.length).toBe(labels.length);
            for (let i = 1; i < run.lrs.length; i++) expect(run.lrs[i]).toBeGreaterThanOrEqual(run.lrs[i - 1]);
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: reports', () => {
  it(`a report of a run with an analysis of another refuses or draws the right one (${RUNS / 10} cases)`, async () => {
    const curve = fc.tuple(fc.integer({ min: 8, max: 40 }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.nat(30)).map(([n, tilt, bend]) => ({
      lrs: Float64Array.from({ length: n }, (_, i) => 1e-5 * 10 ** (i / 8)),
      losses: Float64Array.from({ length: n }, (_, i) => 2 + tilt * i / n + (i > bend ? (i - bend) ** 2 * 0.05 : 0)),
    }));
    await fc.assert(
      fc.asyncProperty(curve, curve, async (a, b) => {
        const analysis = analyze(b);
        const sameRun = a.lrs.length === b.lrs.length && a.losses.every((v, i) => v === b.losses[i]);
        try {
          await reportData([{ name: 'a', run: a, analysis }], 'json');
          // accepted: the run's own analysis (they differ at most past where every preset stopped recording)
          expect(JSON.stringify(analysis.suggestions)).toBe(JSON.stringify(analyze(a).suggestions));
        } catch (error) {
          expect(error).toBeInstanceOf(RangeError);
          expect((error as Error).message).toMatch(/^reportData: entries\[0\]\.analysis is not an analysis of its run/);
          expect(sameRun).toBe(false);
        }
      }),
      { numRuns: RUNS / 10 },
    );
  });
});

describe('fuzz: the tfjs lrFind refuses hostile inputs at once, touching nothing', () => {
  let data: { x: tf.Tensor2D; y: tf.Tensor2D };
  let model: tf.Sequential;
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await useBackend('cpu');
    data = blobs(24);
    model = mlp(tf.train.adam(0.01), 8, 3, 61);
    await model.trainOnBatch(data.x.slice(0, 8), data.y.slice(0, 8));
  });
  afterAll(() => {
    model.dispose();
    tf.dispose([data.x, data.y]);
  });

  it(`datasets as validation data, disposed tensors, bad numIt and trial steps, overlapping calls (${TF_RUNS} cases)`, async () => {
    const dead = tf.tidy(() => data.x.clone());
    tf.keep(dead).dispose();
    const dataset = tf.data.array([{ xs: data.x, ys: data.y }]);
    const hostile = fc.oneof(
      fc.record({ validationData: fc.constantFrom<unknown>(dataset, { x: dead, y: data.y }, { x: data.x }, 'val', null, [data.x, data.y]) }),
      fc.record({ numIt: fc.oneof(fc.integer({ min: -3, max: 1 }), fc.constantFrom(1.5, NaN, '4', null)) }),
      fc.record({ confirm: fc.record({ steps: fc.oneof(fc.integer({ min: -3, max: 0 }), fc.constantFrom(0.5, 2.5, NaN, '3')) }) }),
      fc.record({ confirm: fc.record({ validationData: fc.constantFrom<unknown>(dataset, { x: dead, y: data.y }, 7) }) }),
      fc.record({ data: fc.constantFrom<unknown>({ x: dead, y: data.y }, { x: [dead], y: data.y }, null, 'data') }),
      fc.constant({ overlap: true }),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (h) => {
        const before = fingerprint(model);
        const tensors = tf.memory().numTensors;
        const { data: input, overlap, ...options } = h as Record<string, unknown>;
        let steps = 0;
        const onProgress = (): void => void steps++;
        if (overlap) {
          const running = lrFind(model, data, { confirm: false, numIt: 3, stopDiv: false });
          const second = await lrFind(model, data, { confirm: false, numIt: 3, onProgress }).catch((e: unknown) => e);
          expect(isLrfindError(second) && second.code).toBe('E_BUSY');
          await running;
        } else {
          const error = await lrFind(model, ('data' in h ? input : data) as never, { confirm: false, numIt: 4, ...options, onProgress } as never).then(
            () => new Error('lrFind accepted a hostile input'),
            (e: unknown) => e,
          );
          expectTyped(error);
        }
        expect(steps).toBe(0);
        expect(fingerprint(model)).toEqual(before);
        expect(tf.memory().numTensors).toBe(tensors);
      }),
      { numRuns: TF_RUNS },
    );
  });
});
