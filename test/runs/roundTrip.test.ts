/**
 * `saveRun` never writes a file `loadRun` refuses, and `loadRun` gives back every field a run can hold (issue 20
 * item 5). Non-finite numbers in the step arrays come back as NaN (the file writes them as `null`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRun, parseRun, runToCsv, runToCsvChunks } from '../../src/runs/import/importRun.js';
import { runFromJson, saveRun, serializeRun, serializeRunChunks } from '../../src/runs/runFile.js';
import type { Run, RunMeta } from '../../src/runs/run.js';
import type { Confirmation } from '../../src/runs/confirmation.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-roundtrip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const anyDouble = fc.double({ noDefaultInfinity: false, noNaN: false });
const positive = fc.double({ min: Number.MIN_VALUE, max: 1e300, noNaN: true });
/** Strictly increasing or repeating (never decreasing, not all equal) positive finite lrs. */
const lrsOf = (n: number) =>
  fc
    .array(fc.double({ min: 1, max: 1.5, noNaN: true }), { minLength: n, maxLength: n })
    .chain((steps) => positive.map((start) => {
      const lrs = new Float64Array(n);
      let lr = Math.min(start, 1e200);
      for (let i = 0; i < n; i++) {
        lrs[i] = lr;
        lr = lr * steps[i];
      }
      if (n > 1 && lrs[n - 1] === lrs[0]) lrs[n - 1] = lrs[0] * 2;
      return lrs;
    }));
const floats = (n: number) => fc.array(anyDouble, { minLength: n, maxLength: n }).map((a) => Float64Array.from(a));
const text = fc.string({ unit: 'binary', maxLength: 12 });
const smoothing = fc.oneof(
  fc.record({ kind: fc.constantFrom('ema-debiased' as const, 'ema-seeded' as const, 'ema-lightning' as const), beta: fc.double({ min: 0, max: 0.999, noNaN: true }) }),
  fc.record({ kind: fc.constantFrom('none' as const, 'running-mean' as const, 'unknown' as const) }),
);
const meta: fc.Arbitrary<RunMeta> = fc.record(
  {
    schedule: fc.constantFrom('exp' as const, 'linear' as const),
    startLr: positive,
    endLr: positive,
    numIt: fc.integer({ min: 1, max: 1e9 }),
    batchSize: fc.integer({ min: 1, max: 1e6 }),
    optimizer: text,
    backend: text,
    seed: fc.integer(),
    shuffle: fc.boolean(),
    smoothing,
    frozen: fc.boolean(),
    trainableLayers: fc.array(text, { maxLength: 3 }),
    frozenLayers: fc.array(text, { maxLength: 3 }),
    lrfindVersion: text,
    source: fc.record({ tool: text.filter((t) => t !== ''), smoothing, file: text }, { requiredKeys: ['tool', 'smoothing'] }),
    startedAt: text,
    // unknown fields are kept as they are: any JSON, strings that look like the writer's own markers included
    extra: fc.jsonValue({ maxDepth: 3 }),
    marker: fc.constantFrom('\u0000[1,2]', '\u0001lrs', '"lrs": [', '\\u0000'),
  },
  { requiredKeys: [] },
);
const confirmation: fc.Arbitrary<Confirmation> = fc.record({
  lr: fc.option(positive, { nil: null }),
  source: fc.option(text, { nil: null }),
  reason: text,
  steps: fc.nat(),
  budget: fc.nat(),
  basis: fc.constantFrom('validation' as const, 'held-back' as const),
  trials: fc.array(
    fc.record({ lr: positive, source: text, round: fc.nat(), steps: fc.nat(), loss: anyDouble, diverged: fc.boolean(), kept: fc.boolean() }).map((t) => ({
      ...t,
      // what the reader makes of a trial: a non-finite loss is a diverged trial with loss NaN
      loss: Number.isFinite(t.loss) ? t.loss : NaN,
      diverged: t.diverged || !Number.isFinite(t.loss),
    })),
    { maxLength: 4 },
  ),
});
const runArb: fc.Arbitrary<Run> = fc.integer({ min: 1, max: 40 }).chain((n) =>
  fc.record(
    {
      lrs: lrsOf(n),
      losses: floats(n),
      smoothedLosses: floats(n),
      valLosses: floats(n),
      times: floats(n),
      stopReason: fc.constantFrom('completed' as const, 'diverged' as const, 'non-finite' as const, 'aborted' as const, 'error' as const),
      confirmation,
      meta,
    },
    { requiredKeys: ['lrs', 'losses', 'meta'] },
  ),
);

/** A run as the reader gives it back: non-finite step values are NaN, `meta` as JSON keeps it. */
function expected(run: Run): unknown {
  const nan = (a: Float64Array | undefined) => (a === undefined ? undefined : Array.from(a, (v) => (Number.isFinite(v) ? v : 'NaN')));
  return {
    lrs: Array.from(run.lrs),
    losses: nan(run.losses),
    smoothedLosses: nan(run.smoothedLosses),
    valLosses: nan(run.valLosses),
    times: nan(run.times),
    stopReason: run.stopReason,
    confirmation: run.confirmation === undefined ? undefined : { ...run.confirmation, trials: run.confirmation.trials.map((t) => ({ ...t, loss: Number.isFinite(t.loss) ? t.loss : 'NaN' })) },
    meta: JSON.parse(JSON.stringify(run.meta)) as unknown,
  };
}

describe('saveRun → loadRun round trip', () => {
  it('every field a run can hold comes back (property)', async () => {
    await fc.assert(
      fc.asyncProperty(runArb, async (run) => {
        const path = join(dir, 'run.json');
        await saveRun(run, path);
        const back = await loadRun(path);
        expect(expected(back)).toEqual(expected(run));
      }),
      { numRuns: 150, seed: 20 },
    );
  });

  it('serializeRunChunks joined is serializeRun, and parseRun reads it; runToCsvChunks joined is runToCsv', () => {
    fc.assert(
      fc.property(runArb, (run) => {
        const text = [...serializeRunChunks(run)].join('');
        expect(text).toBe(serializeRun(run));
        expect(expected(parseRun(text))).toEqual(expected(runFromJson(JSON.parse(text.replace(/\bNaN\b/g, 'null')), 'x')));
        expect([...runToCsvChunks(run)].join('')).toBe(runToCsv(run));
      }),
      { numRuns: 100, seed: 21 },
    );
  });

  it('a long run is written in bounded chunks (no string holds the whole file)', () => {
    const n = 300_000;
    const run: Run = { lrs: Float64Array.from({ length: n }, (_, i) => 1e-7 * 1.00005 ** i), losses: new Float64Array(n).fill(2.5), smoothedLosses: new Float64Array(n).fill(NaN), meta: {} };
    for (const chunks of [[...serializeRunChunks(run)], [...runToCsvChunks(run)]]) {
      expect(chunks.length).toBeGreaterThan(4);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(4 << 20);
    }
  });
});

describe('the run-file version', () => {
  it('must be an integer: "2" (a string), 1.5, 0 and null are refused naming the field', () => {
    for (const version of ['"2"', '"1"', '1.5', '0', 'null', 'true']) {
      expect(() => parseRun(`{"format": "lrfind-run", "version": ${version}, "lrs": [0.001], "losses": [2]}`, { file: 'run.json' })).toThrow(
        expect.objectContaining({ code: 'E_SCHEMA', message: `run.json: "version" must be an integer >= 1 (got ${version === 'true' ? 'boolean' : version})` }),
      );
    }
    expect(parseRun('{"format": "lrfind-run", "version": 1, "lrs": [0.001], "losses": [2]}').lrs).toHaveLength(1);
    expect(parseRun('{"lrs": [0.001], "losses": [2]}').lrs).toHaveLength(1);
    expect(() => parseRun('{"format": "lrfind-run", "version": 2, "lrs": [0.001], "losses": [2]}', { file: 'run.json' })).toThrow(
      'run.json: run-file version 2 is newer than this lrfind reads (1); upgrade lrfind',
    );
  });
});
