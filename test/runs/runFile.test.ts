import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonText } from '../../src/runs/import/json.js';
import { loadRun, parseRun, runFromCsv } from '../../src/runs/import/importRun.js';
import { guessFormat, parseJsonLenient, runFromJson, saveRun, serializeRun } from '../../src/runs/runFile.js';
import type { Run } from '../../src/runs/run.js';
import { thrown } from '../recorder/helpers.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-runfile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseJsonLenient / parseJsonText', () => {
  it("reads Python's bare NaN, Infinity, -Infinity, and leaves them alone inside strings", () => {
    expect(parseJsonLenient('{"loss": [1, NaN, Infinity, -Infinity], "s": "NaN"}', 'x.json')).toEqual({ loss: [1, NaN, Infinity, -Infinity], s: 'NaN' });
  });

  it('agrees with JSON.parse on every valid JSON text, escapes included', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(0, 2), (v, indent) => {
        const text = JSON.stringify(v, null, indent);
        expect(parseJsonText(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
    expect(parseJsonText('"\\u00e9\\n\\t\\/\\\\\\""')).toBe('é\n\t/\\"');
  });

  it('keeps __proto__ as an ordinary key', () => {
    const v = parseJsonText('{"__proto__": {"polluted": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('errors name the line and column and what was expected', () => {
    expect(thrown(() => parseJsonText('{\n  "a": [1, 2\n  "b": 3\n}', { file: 'f.json' })).message).toBe(
      'f.json: invalid JSON at line 3, column 3: unexpected "\\""; expected "," or "]"',
    );
    expect(thrown(() => parseJsonText('[01]', { file: 'f.json' })).message).toBe('f.json: invalid JSON at line 1, column 3: unexpected "1"; expected "," or "]"');
    expect(thrown(() => parseJsonText('{"a": "x\ny"}', { file: 'f.json' })).message).toMatch(/line 1, column 9: unexpected byte 0x0a .*control characters must be escaped/);
    expect(thrown(() => parseJsonText('[1] [2]', { file: 'f.json' })).message).toBe('f.json: invalid JSON at line 1, column 5: unexpected "["; expected the end of the JSON text');
    expect(thrown(() => parseJsonText('"\\x"', { file: 'f.json' })).code).toBe('E_PARSE');
    expect(thrown(() => parseJsonText('"\\u12"', { file: 'f.json' })).message).toMatch(/four hex digits/);
    expect(thrown(() => parseJsonText('{"a": 1, "a": 2}', { file: 'f.json' })).code).toBe('E_SCHEMA');
  });
});

describe('parseRun', () => {
  it('reads the JSON run format with its optional arrays and metadata', () => {
    const run = parseRun(
      '{"format": "lrfind-run", "version": 1, "lrs": [0.001, 0.01], "losses": [2.3, null], "smoothedLosses": [2.3, 2.2], "valLosses": [2.4, 2.5], "times": [0, 12], "stopReason": "diverged", "meta": {"seed": 7}}',
      { file: 'r.json' },
    );
    expect(Array.from(run.losses)).toEqual([2.3, NaN]);
    expect(Array.from(run.smoothedLosses ?? [])).toEqual([2.3, 2.2]);
    expect(Array.from(run.valLosses ?? [])).toEqual([2.4, 2.5]);
    expect(Array.from(run.times ?? [])).toEqual([0, 12]);
    expect(run.stopReason).toBe('diverged');
    expect(run.meta.seed).toBe(7);
  });

  it('reads CSV: lr and loss by name in any case, smoothed_loss when present, BOM, CRLF, tabs', () => {
    const run = parseRun('\ufeffstep,LR,Loss,smoothed_loss\r\n0,0.001,2.3,2.3\r\n1,0.01,nan,2.2\r\n', { file: 'r.csv' });
    expect(Array.from(run.lrs)).toEqual([0.001, 0.01]);
    expect(Array.from(run.losses)).toEqual([2.3, NaN]);
    expect(Array.from(run.smoothedLosses ?? [])).toEqual([2.3, 2.2]);
    expect(Array.from(runFromCsv('lr\tloss\n0.1\t-inf\n', 'r.tsv').losses)).toEqual([-Infinity]);
    expect(Array.from(runFromCsv('rate,l\n0.1,1\n', 'r.csv', { lrColumn: 'rate', lossColumn: 'l' }).losses)).toEqual([1]);
  });

  it('guesses the format from the extension, then the content', () => {
    expect(guessFormat('a.JSON', 'lr,loss')).toBe('json');
    expect(guessFormat('a.csv', '{')).toBe('csv');
    expect(guessFormat('a', '\ufeff  [1]')).toBe('json');
    expect(guessFormat('a', 'lr,loss')).toBe('csv');
  });

  const bad: [string, string, string, string][] = [
    ['binary', 'a\u0000b', 'E_PARSE', 'x.json: not a text run file (byte 0x00 at line 1; binary data?)'],
    ['empty', '  \n', 'E_EMPTY', 'x.json: the file is empty'],
    ['not an object', '[1, 2]', 'E_SCHEMA', 'x.json: expected a JSON object with "lrs" and "losses" (got an array of length 2)'],
    ['missing arrays', '{"lrs": []}', 'E_SCHEMA', 'x.json: missing "losses" (a run is {"lrs": [...], "losses": [...]})'],
    ['bad meta', '{"lrs": [1], "losses": [1], "meta": 3}', 'E_SCHEMA', 'x.json: "meta" must be an object (got 3)'],
    ['bad stopReason', '{"lrs": [1], "losses": [1], "stopReason": "bored"}', 'E_SCHEMA', 'x.json: "stopReason" must be one of completed, diverged, non-finite, aborted, error (got "bored")'],
    ['bad smoothedLosses', '{"lrs": [1], "losses": [1], "smoothedLosses": [1, 2]}', 'E_SCHEMA', 'x.json: "smoothedLosses" must be an array of 1 numbers (got an array of length 2)'],
    ['newer version', '{"format": "lrfind-run", "version": 2, "lrs": [1], "losses": [1]}', 'E_FORMAT', 'x.json: run-file version 2 is newer than this lrfind reads (1); upgrade lrfind'],
  ];
  for (const [name, text, code, message] of bad) {
    it(`rejects ${name}`, () => {
      const e = thrown(() => parseRun(text, { file: 'x.json' }));
      expect(e.code).toBe(code);
      expect(e.message).toBe(message);
    });
  }

  it('CSV errors name the line and column', () => {
    expect(thrown(() => parseRun('lr,loss\n0.1,1\n-2,1\n', { file: 'x.csv' })).message).toBe(
      'x.csv: line 3, column "lr": learning rates must be finite and > 0 (got -2)',
    );
    expect(thrown(() => parseRun('lr,lost\n0.1,1\n', { file: 'x.csv' })).message).toBe('x.csv: no loss column (looked for "loss", "losses"; found "lr", "lost"); name it with --loss-column');
    expect(thrown(() => parseRun('lr,loss\n', { file: 'x.csv' })).code).toBe('E_EMPTY');
  });
});

describe('loadRun / saveRun', () => {
  it('round-trips a run through the JSON run format (non-finite losses as null → NaN)', async () => {
    const run: Run = {
      lrs: Float64Array.of(1e-7, 1e-3, 10),
      losses: Float64Array.of(2.302585092994046, NaN, Infinity),
      smoothedLosses: Float64Array.of(2.3, 2.2, NaN),
      stopReason: 'non-finite',
      meta: { seed: 1, trainExamples: 150, batchesPerEpoch: 1, source: { tool: 'fastai', smoothing: { kind: 'ema-debiased', beta: 0.98 }, file: 'a.json' } },
    };
    const path = join(dir, 'run.json');
    await saveRun(run, path);
    const back = await loadRun(path);
    expect(Array.from(back.lrs)).toEqual(Array.from(run.lrs));
    expect(Array.from(back.losses)).toEqual([2.302585092994046, NaN, NaN]);
    expect(back.meta).toEqual(run.meta);
    expect(runFromJson(parseJsonText(serializeRun(run)), 'x').stopReason).toBe('non-finite');
    expect(readFileSync(path, 'utf8')).toBe(serializeRun(run));
  });

  it('refuses a trainExamples or batchesPerEpoch that is not an integer >= 1, naming the field', () => {
    const doc = (meta: Record<string, unknown>): unknown => ({ format: 'lrfind-run', version: 1, lrs: [1e-3, 1e-2], losses: [1, 0.9], meta });
    expect(() => runFromJson(doc({ batchesPerEpoch: 0 }), 'r.json')).toThrow(/meta\.batchesPerEpoch/);
    expect(() => runFromJson(doc({ trainExamples: 1.5 }), 'r.json')).toThrow(/meta\.trainExamples/);
    expect(runFromJson(doc({ trainExamples: 150, batchesPerEpoch: 1 }), 'r.json').meta).toMatchObject({ trainExamples: 150, batchesPerEpoch: 1 });
  });

  it('a missing file is E_FILE_READ naming it', async () => {
    const path = join(dir, 'missing.json');
    await expect(loadRun(path)).rejects.toMatchObject({ code: 'E_FILE_READ', message: `${path}: cannot read the file (no such file)` });
    writeFileSync(join(dir, 'bad.csv'), 'lr,loss\n0,1\n');
    await expect(loadRun(join(dir, 'bad.csv'))).rejects.toMatchObject({ code: 'E_BAD_LR' });
  });
});
