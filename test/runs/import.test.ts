import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/analysis/analyze.js';
import { detectFormat, fastaiNumIt, importRun, loadImportedRun, parseRun, lrScheduleKind, type ImportFormat } from '../../src/runs/import/importRun.js';
import { parseJsonText } from '../../src/runs/import/json.js';
import { thrown } from '../recorder/helpers.js';

const DIR = new URL('../fixtures/imports/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, DIR), 'utf8');
const truthOf = (name: string): { lrs: number[]; raw: number[]; smoothed?: number[] } =>
  parseJsonText(read(`${name}.truth.json`)) as { lrs: number[]; raw: number[]; smoothed?: number[] };

function maxRelError(actual: ArrayLike<number>, expected: readonly number[]): number {
  let worst = 0;
  expected.forEach((x, i) => {
    if (Number.isNaN(x)) expect(actual[i]).toBeNaN();
    else worst = Math.max(worst, Math.abs(actual[i] - x) / Math.abs(x));
  });
  return worst;
}

/**
 * Files in the exact shape each tool writes (scripts/mimic/*.py), the format to read them with (undefined:
 * auto-detected), the tool we expect, and the bound on the recovered raw losses' relative error.
 */
const ROUND_TRIPS: { file: string; truth: string; format?: ImportFormat; tool: string; tol: number; lrFile?: string }[] = [
  { file: 'fastai-v2.json', truth: 'fastai-v2', format: 'fastai', tool: 'fastai', tol: 5e-5 },
  { file: 'fastai-v2.csv', truth: 'fastai-v2', format: 'fastai', tool: 'fastai', tol: 5e-5 },
  { file: 'fastai-v2-nan.json', truth: 'fastai-v2-nan', format: 'fastai', tool: 'fastai', tol: 5e-5 },
  { file: 'fastai-v2-200.json', truth: 'fastai-v2-200', format: 'fastai', tool: 'fastai', tol: 5e-5 },
  { file: 'fastai-v1.json', truth: 'fastai-v1', format: 'fastai1', tool: 'fastai1', tol: 5e-5 },
  { file: 'torch-lr-finder.json', truth: 'torch-lr-finder', tool: 'torch-lr-finder', tol: 1e-12 },
  { file: 'torch-lr-finder-linear.json', truth: 'torch-lr-finder-linear', tool: 'torch-lr-finder', tol: 1e-12 },
  { file: 'torch-lr-finder-nan.json', truth: 'torch-lr-finder-nan', tool: 'torch-lr-finder', tol: 1e-12 },
  { file: 'lightning.json', truth: 'lightning', tool: 'lightning', tol: 1e-12 },
  { file: 'lightning-linear.json', truth: 'lightning-linear', tool: 'lightning', tol: 1e-12 },
  { file: 'lightning-nan.json', truth: 'lightning-nan', tool: 'lightning', tol: 1e-12 },
  { file: 'keras.csv', truth: 'keras', format: 'keras', tool: 'keras', tol: 5e-5 },
  { file: 'tb-train_loss.csv', truth: 'tb', tool: 'tensorboard', tol: 0, lrFile: 'tb-lr-SGD.csv' },
  { file: 'tb-train_loss.json', truth: 'tb', tool: 'tensorboard', tol: 0, lrFile: 'tb-lr-SGD.json' },
  { file: 'tb-long.csv', truth: 'tb', tool: 'tensorboard', tol: 0 },
  { file: 'plain.jsonl', truth: 'plain', tool: 'jsonl', tol: 0 },
  { file: 'plain-pandas.json', truth: 'plain', tool: 'json', tol: 1e-9 },
];

describe('importRun round trips: the tool recorded, we recover the raw losses', () => {
  for (const c of ROUND_TRIPS) {
    it(`${c.file}${c.format ? ` (--format ${c.format})` : ' (auto-detected)'} → ${c.tool}, raw losses to ${c.tol}`, () => {
      const truth = truthOf(c.truth);
      const lr = c.lrFile === undefined ? undefined : { file: c.lrFile, text: read(c.lrFile) };
      const run = importRun(read(c.file), { file: c.file, format: c.format, lr });
      expect(run.meta.source?.tool).toBe(c.tool);
      expect(run.meta.source?.file).toBe(c.file);
      expect(run.lrs).toHaveLength(truth.lrs.length);
      if (c.tool === 'json') expect(maxRelError(run.lrs, truth.lrs)).toBeLessThan(1e-9);
      else expect(Array.from(run.lrs)).toEqual(truth.lrs);
      expect(maxRelError(run.losses, truth.raw)).toBeLessThanOrEqual(c.tol);
      if (truth.smoothed) {
        // the tool's own numbers are kept, bit for bit
        expect(run.smoothedLosses).toBeDefined();
        expect(Array.from(run.smoothedLosses ?? [], (v) => (Number.isNaN(v) ? null : v))).toEqual(
          truth.smoothed.map((v) => (Number.isNaN(v) ? null : v)),
        );
      }
    });
  }

  it('the float32 tools lose precision in the inversion, as documented (about 1e-5, not 1e-12)', () => {
    const truth = truthOf('fastai-v2');
    const run = importRun(read('fastai-v2.json'), { format: 'fastai' });
    const err = maxRelError(run.losses, truth.raw);
    expect(err).toBeGreaterThan(1e-7);
    expect(err).toBeLessThan(5e-5);
  });

  it('NaN tails: raw losses are NaN exactly where the smoothed series is no longer recoverable', () => {
    for (const name of ['fastai-v2-nan', 'torch-lr-finder-nan', 'lightning-nan']) {
      const truth = truthOf(name);
      const run = importRun(read(`${name}.json`), { format: name.startsWith('fastai') ? 'fastai' : undefined });
      const firstNan = truth.raw.findIndex(Number.isNaN);
      expect(firstNan).toBeGreaterThan(10);
      expect(Array.from(run.losses.slice(0, firstNan)).every(Number.isFinite)).toBe(true);
      expect(Array.from(run.losses.slice(firstNan)).every(Number.isNaN)).toBe(true);
    }
  });
});

describe('imported runs are never smoothed twice', () => {
  it("each preset's recording of the recovered raw losses reproduces the tool's own smoothed numbers", () => {
    const cases = [
      // float32 tools: the recovered raw losses carry ~1e-5 relative error, and re-smoothing them in float32 lands
      // within a few float32 ulps of the tool's numbers, not on them (hence `recorded`, below)
      { file: 'fastai-v2.json', format: 'fastai' as const, preset: PRESETS.fastai, tol: 2e-6 },
      { file: 'fastai-v1.json', format: 'fastai1' as const, preset: PRESETS.fastai1, tol: 2e-6 },
      { file: 'torch-lr-finder.json', format: undefined, preset: PRESETS['torch-lr-finder'], tol: 1e-12 },
      { file: 'lightning.json', format: undefined, preset: PRESETS.lightning, tol: 1e-12 },
    ];
    for (const c of cases) {
      const run = importRun(read(c.file), { format: c.format });
      const { recording } = c.preset.analyze(run);
      const tool = Array.from(run.smoothedLosses ?? []);
      // the preset stops where the tool stopped (the tool's file ends at its stopping point)
      expect(recording.points).toBe(tool.length);
      expect(maxRelError(recording.smoothed, tool)).toBeLessThan(c.tol);
      // given the tool's own numbers, the preset records exactly those
      const exact = c.preset.analyze(run, { recorded: run.smoothedLosses }).recording;
      expect(Array.from(exact.smoothed)).toEqual(tool);
      expect(exact.points).toBe(tool.length);
    }
  });
});

describe('detectFormat', () => {
  it("tells Lightning's results from pytorch-lr-finder's history by the lr schedule", () => {
    expect(detectFormat(read('lightning.json'), 'r.json').format).toBe('lightning');
    expect(detectFormat(read('lightning-linear.json'), 'r.json').format).toBe('lightning');
    expect(detectFormat(read('torch-lr-finder.json'), 'h.json').format).toBe('torch-lr-finder');
    expect(detectFormat(read('torch-lr-finder-linear.json'), 'h.json').format).toBe('torch-lr-finder');
  });

  it('recognises lrfind runs, TensorBoard exports, JSON Lines and plain CSV', () => {
    expect(detectFormat('{"format": "lrfind-run", "version": 1, "lrs": [1], "losses": [1]}').format).toBe('lrfind');
    expect(detectFormat(read('fastai-v2.json'), 'lr_find.json').format).toBe('lrfind'); // {"lrs", "losses"}: needs --format fastai
    expect(detectFormat(read('tb-train_loss.csv'), 'x.csv').format).toBe('tensorboard');
    expect(detectFormat(read('tb-train_loss.json'), 'x.json').format).toBe('tensorboard');
    expect(detectFormat(read('tb-long.csv'), 'scalars.csv').format).toBe('tensorboard');
    expect(detectFormat(read('plain.jsonl'), 'p').format).toBe('jsonl');
    expect(detectFormat(read('keras.csv'), 'k.csv').format).toBe('csv');
    expect(detectFormat('lr,loss\n1,2\n', 'noext').format).toBe('csv');
    expect(detectFormat('{"lr": 0.1, "loss": 1}\r\n{"lr": 0.2, "loss": 2}\n', 'misnamed.json').format).toBe('jsonl');
    expect(detectFormat('{\n  "lrs": [1],\n  "losses": [2]\n}\n', 'pretty.json').format).toBe('lrfind');
  });

  it('refuses to guess when {"lr", "loss"} follows neither tool’s schedule', () => {
    const e = thrown(() => importRun('{"lr": [1e-4, 1e-2, 1e-1, 3], "loss": [2, 2.1, 2.0, 2.4]}', { file: 'x.json' }));
    expect(e.code).toBe('E_FORMAT');
    expect(e.message).toMatch(/^x\.json: .*--format torch-lr-finder, --format lightning or --format json/);
    // and says it is plain raw JSON when told
    expect(importRun('{"lr": [1e-4, 1e-2, 1e-1, 3], "loss": [2, 2.1, 2.0, 2.4]}', { format: 'json' }).losses[1]).toBe(2.1);
  });

  it('refuses a detected {"lr", "loss"} file whose losses are plainly raw (they would invert to negative losses)', () => {
    const lrs = Array.from({ length: 60 }, (_, i) => 1e-5 * 10 ** (i / 20));
    const noisy = lrs.map((_, i) => 2 + 0.3 * Math.sin(i * 2.1));
    const text = JSON.stringify({ lr: lrs, loss: noisy });
    const e = thrown(() => importRun(text, { file: 'raw.json' }));
    expect(e.code).toBe('E_FORMAT');
    expect(e.message).toMatch(/^raw\.json: read as torch-lr-finder \(detected\), but undoing its smoothing gives a negative loss at \[\d+\]: these losses look raw; say --format json/);
    // the user can say what it is, either way
    expect(Array.from(importRun(text, { format: 'json' }).losses)).toEqual(noisy);
    expect(importRun(text, { format: 'torch-lr-finder' }).losses.some((v) => v < 0)).toBe(true);
  });

  it("fastai: num_it is read off the default lr schedule, so a run that stopped early keeps fastai's num_it // 10 skip", () => {
    const run = importRun(read('fastai-v2.json'), { format: 'fastai' });
    expect(run.lrs).toHaveLength(98); // stopped early by the 4 × best rule
    expect(run.meta.numIt).toBe(100);
    expect(importRun(read('fastai-v2-200.json'), { format: 'fastai' }).meta.numIt).toBeUndefined(); // start_lr=1e-6
    expect(fastaiNumIt(Array.from({ length: 50 }, (_, i) => 1e-7 * 1e8 ** (i / 300)))).toBe(300);
    expect(fastaiNumIt(Array.from({ length: 50 }, (_, i) => 1e-7 * 1e7 ** (i / 100)))).toBeUndefined(); // end_lr=1
    expect(fastaiNumIt([1e-7, 2e-7, 3e-7])).toBeUndefined();
  });

  it('lrScheduleKind', () => {
    const exp = Array.from({ length: 10 }, (_, i) => 1e-7 * 10 ** (i / 2));
    expect(lrScheduleKind(exp)).toEqual({ shape: 'uniform', schedule: 'exp' });
    const lightning = [1e-8, ...Array.from({ length: 9 }, (_, i) => 1e-8 * 10 ** ((i + 2) / 2))];
    expect(lrScheduleKind(lightning)).toEqual({ shape: 'lightning', schedule: 'exp' });
    expect(lrScheduleKind([1, 2, 3, 4, 5])).toEqual({ shape: 'uniform', schedule: 'linear' });
    expect(lrScheduleKind([1, 2, 3])).toEqual({ shape: 'other' });
  });
});

describe('importRun: columns, containers and options', () => {
  it('reads custom column names', () => {
    const truth = truthOf('plain');
    const run = importRun(read('plain-custom.csv'), { file: 'p.csv', lrColumn: 'learning_rate', lossColumn: 'train_loss' });
    expect(Array.from(run.lrs)).toEqual(truth.lrs);
    expect(Array.from(run.losses)).toEqual(truth.raw);
    const e = thrown(() => importRun(read('plain-custom.csv'), { file: 'p.csv' }));
    expect(e.code).toBe('E_SCHEMA');
    expect(e.message).toBe(
      'p.csv: no loss column (looked for "loss", "losses"; found "step", "learning_rate", "train_loss"); name it with --loss-column',
    );
  });

  it('reads quoted CSV the same as unquoted CSV', () => {
    const plain = importRun('lr,loss\n0.1,1\n\n0.2, nan \n', { file: 'a.csv' });
    const quoted = importRun('"lr","loss"\n"0.1","1"\n\n"0.2"," nan "\n', { file: 'a.csv' });
    expect(Array.from(quoted.losses)).toEqual(Array.from(plain.losses));
    expect(Array.from(importRun('lr,note,loss\n0.1,"a, b",1\n', { file: 'a.csv' }).losses)).toEqual([1]);
  });

  it('reads records, pandas column objects, tab- and semicolon-separated files, BOM and CRLF', () => {
    expect(Array.from(importRun('[{"lr": 0.1, "loss": 1}, {"lr": 0.2, "loss": null}]').losses)).toEqual([1, NaN]);
    expect(Array.from(importRun('{"lr": {"0": 0.1, "1": 0.2}, "loss": {"0": 3, "1": 4}}').losses)).toEqual([3, 4]);
    expect(Array.from(importRun('lr\tloss\r\n0.1\t1\r\n0.2\t2\r\n', { file: 'x.tsv' }).losses)).toEqual([1, 2]);
    expect(Array.from(importRun('\ufefflr;loss\n0.1;1\n', { file: 'x.csv' }).losses)).toEqual([1]);
    expect(Array.from(importRun('\ufeff{"lr": 0.1, "loss": 5}\r\n{"lr": 0.2, "loss": 6}\r\n').losses)).toEqual([5, 6]);
  });

  it('reads every common spelling of a missing or non-finite loss', () => {
    const cells = ['', 'nan', 'NaN', '-nan', 'None', 'null', 'NA', 'N/A', '#N/A', 'nan(ind)', '1.#QNAN', 'inf', '-Infinity', '1.#INF'];
    const text = `lr,loss\n${cells.map((c, i) => `${(i + 1) / 100},${c}`).join('\n')}\n`;
    expect(Array.from(importRun(text, { file: 'x.csv' }).losses)).toEqual([...cells.slice(0, 11).map(() => NaN), Infinity, -Infinity, Infinity]);
  });

  it('reads an lrfind CSV with a smoothed_loss column (what lrfind convert writes)', () => {
    const run = importRun('lr,loss,smoothed_loss\n0.1,1,1\n0.2,3,2\n', { file: 'r.csv' });
    expect(Array.from(run.smoothedLosses ?? [])).toEqual([1, 2]);
  });

  it('Keras: the running mean restarts where the in-epoch batch index goes back', () => {
    const run = importRun('batch,lr,loss\n0,0.1,1\n1,0.2,2\n0,0.3,10\n1,0.4,15\n', { format: 'keras' });
    expect(Array.from(run.losses)).toEqual([1, 3, 10, 20]);
    expect(run.meta.source?.smoothing).toEqual({ kind: 'running-mean' });
    const byEpoch = importRun('epoch,lr,loss\n0,0.1,1\n0,0.2,2\n1,0.3,10\n1,0.4,15\n', { format: 'keras' });
    expect(Array.from(byEpoch.losses)).toEqual([1, 3, 10, 20]);
  });

  it('Keras: the batch column says where in its epoch each row is (a log started mid-epoch, rows that skip batches)', () => {
    // raw losses of 2 epochs × 10 batches; Keras logs the running mean of its epoch
    const raw = [
      [3.1, 2.9, 3.4, 2.2, 2.8, 2.5, 1.9, 2.6, 2.1, 1.7],
      [2.4, 1.6, 2.0, 1.5, 1.8, 1.2, 1.4, 1.1, 1.3, 0.9],
    ];
    const mean = (e: number, b: number): number => raw[e].slice(0, b + 1).reduce((a, v) => a + v, 0) / (b + 1);
    // epoch 0 logged from batch 4 on (the callback started mid-epoch), epoch 1 every batch, then every other batch
    const rows: [number, number][] = [
      ...[4, 5, 6, 7, 8, 9].map((b): [number, number] => [0, b]),
      ...[0, 1, 2, 3, 4, 5, 7, 9].map((b): [number, number] => [1, b]),
    ];
    const text = `epoch,batch,lr,loss\n${rows.map(([e, b], i) => `${e},${b},${(i + 1) / 1000},${mean(e, b)}`).join('\n')}\n`;
    const run = importRun(text, { format: 'keras' });
    const expected = rows.map(([e, b], i) => {
      // the first row of a mid-epoch start holds the mean of batches 0..b (nothing before it to subtract)
      if (i === 0) return mean(e, b);
      const [pe, pb] = rows[i - 1];
      if (pe !== e) return raw[e][b];
      // a row after a skipped batch: the mean of the batches since the last row
      return raw[e].slice(pb + 1, b + 1).reduce((a, v) => a + v, 0) / (b - pb);
    });
    const losses = Array.from(run.losses);
    losses.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    // an epoch that changes while the batch index goes up: a new epoch (its mean restarts), logged from batch 2
    const resumed = importRun('epoch,batch,lr,loss\n0,0,0.1,1\n0,1,0.2,2\n1,2,0.3,10\n1,3,0.4,15\n', { format: 'keras' });
    expect(Array.from(resumed.losses)).toEqual([1, 3, 10, 30]);
  });

  it('a pandas index (df.to_csv()) is recognised: row labels order the rows, an lr index is the lr column', () => {
    const arrays = (text: string): [number[], number[]] => {
      const run = importRun(text, { file: 'frame.csv' });
      return [Array.from(run.lrs), Array.from(run.losses)];
    };
    const want: [number[], number[]] = [[0.001, 0.01, 0.1], [2.3, 2.2, 2.5]];
    // a RangeIndex, unnamed or read back as `Unnamed: 0`
    expect(arrays(',lr,loss\n0,0.001,2.3\n1,0.01,2.2\n2,0.1,2.5\n')).toEqual(want);
    expect(arrays('Unnamed: 0,lr,loss\n0,0.001,2.3\n1,0.01,2.2\n2,0.1,2.5\n')).toEqual(want);
    // a frame sorted by loss: its labels are the recording order
    expect(arrays(',lr,loss\n1,0.01,2.2\n0,0.001,2.3\n2,0.1,2.5\n')).toEqual(want);
    // a frame indexed by lr, and a Series of losses indexed by lr (its column named 0)
    expect(arrays(',loss\n0.001,2.3\n0.01,2.2\n0.1,2.5\n')).toEqual(want);
    expect(arrays('Unnamed: 0,0\n0.001,2.3\n0.01,2.2\n0.1,2.5\n')).toEqual(want);
    // row labels are never taken for lrs
    expect(thrown(() => importRun(',loss\n0,2.3\n1,2.2\n', { file: 'frame.csv' })).code).toBe('E_SCHEMA');
  });

  it('TensorBoard: pairs by step and needs the lr export', () => {
    const loss = 'Wall time,Step,Value\n1,0,2.5\n2,1,2.4\n3,2,2.2\n';
    const lr = { file: 'lr.csv', text: 'Wall time,Step,Value\n1,2,0.3\n2,0,0.1\n' };
    const run = importRun(loss, { file: 'loss.csv', lr });
    expect(Array.from(run.lrs)).toEqual([0.1, 0.3]);
    expect(Array.from(run.losses)).toEqual([2.5, 2.2]);
    expect(thrown(() => importRun(loss, { file: 'loss.csv' })).code).toBe('E_FORMAT');
    const dup = thrown(() => importRun(loss, { file: 'loss.csv', lr: { file: 'lr.csv', text: 'Wall time,Step,Value\n1,0,0.1\n1,0,0.2\n' } }));
    expect(dup.message).toBe('lr.csv: line 3, column "Step": step 0 appears twice (export one run at a time)');
    const none = thrown(() => importRun(loss, { file: 'loss.csv', lr: { file: 'lr.csv', text: 'Wall time,Step,Value\n1,7,0.1\n' } }));
    expect(none.message).toMatch(/no step in common with lr\.csv/);
  });

  it('TensorBoard long format (step, tag, value): tags chosen by name, or by --lr-column / --loss-column', () => {
    const text = 'step,tag,value\n0,lr,0.1\n1,lr,0.2\n0,train_loss,2\n1,train_loss,1.5\n0,val_loss,3\n1,val_loss,3\n';
    expect(Array.from(importRun(text, { file: 's.csv' }).losses)).toEqual([2, 1.5]);
    expect(Array.from(importRun(text, { file: 's.csv', lossColumn: 'val_loss' }).losses)).toEqual([3, 3]);
    const two = 'step,tag,value\n0,lr,0.1\n0,loss_a,2\n0,loss_b,3\n';
    expect(thrown(() => importRun(two, { file: 's.csv' })).message).toBe(
      's.csv: several loss tags ("loss_a", "loss_b") among "lr", "loss_a", "loss_b"; name it with --loss-column',
    );
    expect(thrown(() => importRun(text, { file: 's.csv', lrColumn: 'lr-Adam' })).message).toBe('s.csv: no tag "lr-Adam" (found "lr", "train_loss", "val_loss")');
    expect(thrown(() => importRun('step,tag,value\n0,loss,2\n', { file: 's.csv' })).message).toMatch(/no learning-rate tag among "loss"; name it with --lr-column/);
  });

  it('an lrfind run file keeps everything it carries', () => {
    const text = '{"format": "lrfind-run", "version": 1, "lrs": [0.1, 0.2], "losses": [1, null], "smoothedLosses": [1, 1.5], "meta": {"seed": 3, "source": {"tool": "fastai", "smoothing": {"kind": "ema-debiased", "beta": 0.98}}}}';
    const run = importRun(text, { file: 'r.json' });
    expect(run.meta.seed).toBe(3);
    expect(run.meta.source?.tool).toBe('fastai');
    expect(Array.from(run.smoothedLosses ?? [])).toEqual([1, 1.5]);
  });

  it('never mutates, and returns Float64Arrays', () => {
    const run = importRun(read('torch-lr-finder.json'));
    expect(run.lrs).toBeInstanceOf(Float64Array);
    expect(run.losses).toBeInstanceOf(Float64Array);
  });
});

describe('importRun: malformed input is a typed error naming the file, the place and what was expected', () => {
  const cases: { name: string; text: string; format?: ImportFormat; file?: string; code: string; message: string | RegExp }[] = [
    { name: 'empty file', text: '', code: 'E_EMPTY', message: 'x.json: the file is empty' },
    { name: 'whitespace only', text: ' \r\n\t\n', code: 'E_EMPTY', message: 'x.json: the file is empty' },
    { name: 'BOM only', text: '\ufeff', code: 'E_EMPTY', message: 'x.json: the file is empty' },
    { name: 'binary junk', text: 'PK\u0003\u0004\u0000\u0000abc', code: 'E_PARSE', message: 'x.json: not a text run file (byte 0x03 at line 1; binary data?)' },
    { name: 'invalid UTF-8', text: 'lr,loss\n0.1,\ufffd\n', file: 'x.csv', code: 'E_PARSE', message: 'x.csv: not a text run file (bytes that are not UTF-8 text at line 2; binary data?)' },
    { name: 'truncated JSON', text: '{"lr": [0.1, 0.2], "loss": [1.5, 2', code: 'E_PARSE', message: 'x.json: invalid JSON at line 1, column 35: the file ends too early (truncated?); expected "," or "]"' },
    { name: 'truncated string', text: '{"lr": [0.1], "lo', code: 'E_PARSE', message: /^x\.json: invalid JSON at line 1, column 18: the file ends too early \(truncated\?\); expected a closing "/ },
    { name: 'JSON syntax error on line 3', text: '{\n "lr": [0.1],\n "loss": [1,, 2]\n}', code: 'E_PARSE', message: 'x.json: invalid JSON at line 3, column 13: unexpected ","; expected a value (number, string, array, object, true, false, null, NaN or Infinity)' },
    { name: 'duplicate JSON key', text: '{"lr": [0.1], "loss": [1], "lr": [0.2]}', code: 'E_SCHEMA', message: 'x.json: duplicate key "lr" at line 1, column 28' },
    { name: 'duplicate CSV column', text: 'lr,loss,loss\n0.1,1,2\n', file: 'x.csv', code: 'E_SCHEMA', message: 'x.csv: duplicate column "loss" (columns 2 and 3); each column may appear once' },
    { name: 'duplicate CSV column, other case', text: 'LR,loss,lr\n0.1,1,2\n', file: 'x.csv', code: 'E_SCHEMA', message: 'x.csv: duplicate column "lr" (columns 1 and 3); each column may appear once' },
    { name: 'wrong type (lr a string)', text: '{"lr": "0.1", "loss": [1]}', code: 'E_SCHEMA', message: 'x.json: "lr" must be an array of numbers (got "0.1")' },
    { name: 'wrong type (lr cell)', text: '{"lr": [0.1, true], "loss": [1, 2]}', format: 'json', code: 'E_SCHEMA', message: 'x.json: "lr"[1]: expected a learning rate (a number > 0), got boolean' },
    { name: 'wrong type (loss cell)', text: '{"lr": [0.1, 0.2], "loss": [1, "x"]}', format: 'json', code: 'E_BAD_LOSS', message: 'x.json: "loss"[1]: expected a loss (a number, null, nan or inf), got "x"' },
    { name: 'mismatched lengths', text: '{"lr": [0.1, 0.2, 0.3], "loss": [1, 2]}', code: 'E_LENGTH_MISMATCH', message: 'x.json: "lr" and "loss" must have the same length (got 3 and 2)' },
    { name: 'mismatched lengths (lrfind keys)', text: '{"lrs": [0.1, 0.2], "losses": [1]}', code: 'E_LENGTH_MISMATCH', message: 'x.json: "lrs" and "losses" must have the same length (got 2 and 1)' },
    { name: 'zero lr', text: 'lr,loss\n0.1,1\n0,2\n', file: 'x.csv', code: 'E_BAD_LR', message: 'x.csv: line 3, column "lr": learning rates must be finite and > 0 (got 0)' },
    { name: 'negative lr', text: '{"lr": [0.1, -0.2], "loss": [1, 2]}', format: 'json', code: 'E_BAD_LR', message: 'x.json: "lr"[1]: learning rates must be finite and > 0 (got -0.2)' },
    { name: 'NaN lr', text: '{"lr": [0.1, NaN], "loss": [1, 2]}', format: 'torch-lr-finder', code: 'E_BAD_LR', message: 'x.json: "lr"[1]: learning rates must be finite and > 0 (got NaN)' },
    { name: 'infinite lr in CSV', text: 'lr,loss\ninf,1\n', file: 'x.csv', code: 'E_BAD_LR', message: 'x.csv: line 2, column "lr": learning rates must be finite and > 0 (got "inf")' },
    { name: 'enormous lr', text: '{"lr": [0.1, 1e400], "loss": [1, 2]}', format: 'json', code: 'E_BAD_LR', message: 'x.json: "lr"[1]: learning rates must be finite and > 0 (got Infinity)' },
    { name: 'underflowing lr', text: 'lr,loss\n1e-400,1\n', file: 'x.csv', code: 'E_BAD_LR', message: 'x.csv: line 2, column "lr": learning rates must be finite and > 0 (got 0)' },
    { name: 'header only', text: 'lr,loss\r\n', file: 'x.csv', code: 'E_EMPTY', message: 'x.csv: the run is empty (no points)' },
    { name: 'empty arrays', text: '{"lr": [], "loss": []}', format: 'json', code: 'E_EMPTY', message: 'x.json: the run is empty (no points)' },
    { name: 'empty JSON array', text: '[]', code: 'E_EMPTY', message: 'x.json: the run is empty (an empty JSON array)' },
    { name: 'CSV without header', text: '0.1,1\n0.2,2\n', file: 'x.csv', code: 'E_SCHEMA', message: 'x.csv: line 1 must be a header naming the columns (got "0.1,1")' },
    { name: 'ragged CSV row', text: 'lr,loss\n0.1,1\n0.2,2,3\n', file: 'x.csv', code: 'E_PARSE', message: 'x.csv: invalid CSV at line 3: 3 cells where the header has 2' },
    { name: 'ragged CSV row, quoted cells', text: '"lr","loss"\r\n"0.1","1"\r\n\r\n"0.2"\r\n', file: 'x.csv', code: 'E_PARSE', message: 'x.csv: invalid CSV at line 4: 1 cells where the header has 2' },
    { name: 'unclosed CSV quote', text: 'lr,loss\n"0.1,1\n', file: 'x.csv', code: 'E_PARSE', message: 'x.csv: invalid CSV at line 2: quote not closed' },
    { name: 'JSONL line not an object', text: '{"lr": 0.1, "loss": 1}\n[1, 2]\n', file: 'x.jsonl', code: 'E_SCHEMA', message: 'x.jsonl: line 2 must be a JSON object like {"lr": …, "loss": …} (got an array of length 2)' },
    { name: 'JSONL truncated line', text: '{"lr": 0.1, "loss": 1}\n{"lr": 0.2, "lo\n', file: 'x.jsonl', code: 'E_PARSE', message: /^x\.jsonl: invalid JSON at line 2, column 16: the file ends too early/ },
    { name: 'JSON scalar', text: '42', code: 'E_SCHEMA', message: 'x.json: expected a JSON object with learning-rate and loss arrays (got 42)' },
    { name: 'deep nesting', text: '['.repeat(5000), code: 'E_PARSE', message: /nesting at most 256 deep/ },
    { name: 'newer run-file version', text: '{"format": "lrfind-run", "version": 99, "lrs": [1], "losses": [1]}', code: 'E_FORMAT', message: /version 99 is newer/ },
    { name: 'bad Keras batch index', text: 'batch,lr,loss\nx,0.1,1\n', format: 'keras', file: 'x.csv', code: 'E_SCHEMA', message: 'x.csv: line 2, column "batch": expected a batch index (an integer >= 0), got "x"' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const e = thrown(() => importRun(c.text, { file: c.file ?? 'x.json', format: c.format }));
      expect(e.code).toBe(c.code);
      if (typeof c.message === 'string') expect(e.message).toBe(c.message);
      else expect(e.message).toMatch(c.message);
      expect(e.message).not.toMatch(/\n/);
    });
  }

  it('an lrfind run file read with a tool format is refused (its losses are raw already)', () => {
    const e = thrown(() => importRun('{"format": "lrfind-run", "version": 1, "lrs": [1], "losses": [1]}', { file: 'r.json', format: 'fastai' }));
    expect(e.code).toBe('E_FORMAT');
    expect(e.message).toBe("r.json: an lrfind run file (raw losses), not fastai's; read it without --format fastai");
  });

  it('an unknown format is E_OPTION', () => {
    expect(thrown(() => importRun('{}', { format: 'pickle' as ImportFormat })).code).toBe('E_OPTION');
  });
});

describe('loadImportedRun', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrfind-import-'));

  it('reads a file from disk, with the TensorBoard lr export', async () => {
    const run = await loadImportedRun(new URL('tb-train_loss.csv', DIR).pathname, { lrFile: new URL('tb-lr-SGD.csv', DIR).pathname });
    expect(run.lrs).toHaveLength(99);
  });

  it('reports a missing file, a directory and a missing lr file as E_FILE_READ', async () => {
    await expect(loadImportedRun(join(dir, 'nope.json'))).rejects.toMatchObject({ code: 'E_FILE_READ', message: `${join(dir, 'nope.json')}: cannot read the file (no such file)` });
    await expect(loadImportedRun(dir)).rejects.toMatchObject({ code: 'E_FILE_READ', message: `${dir}: cannot read the file (is a directory)` });
    const loss = join(dir, 'loss.csv');
    writeFileSync(loss, 'Wall time,Step,Value\n1,0,2\n');
    await expect(loadImportedRun(loss, { lrFile: join(dir, 'lr.csv') })).rejects.toMatchObject({ code: 'E_FILE_READ' });
  });

  it('reads UTF-16 files with a byte-order mark (PowerShell, Excel "Unicode text"), and UTF-8 with a BOM', async () => {
    const le = join(dir, 'utf16le.csv');
    writeFileSync(le, Buffer.from('\ufefflr,loss\r\n0.1,2.5\r\n', 'utf16le'));
    expect(Array.from((await loadImportedRun(le)).losses)).toEqual([2.5]);
    const be = join(dir, 'utf16be.csv');
    writeFileSync(be, Buffer.from('\ufefflr,loss\n0.1,3.5\n', 'utf16le').swap16());
    expect(Array.from((await loadImportedRun(be)).losses)).toEqual([3.5]);
    const u8 = join(dir, 'bom.json');
    writeFileSync(u8, '\ufeff{"lr": [0.1], "loss": [4.5]}');
    expect(Array.from((await loadImportedRun(u8, { format: 'json' })).losses)).toEqual([4.5]);
  });

  it("reads pandas' to_csv output (an unnamed index column, empty cells for NaN)", async () => {
    const path = join(dir, 'pandas.csv');
    writeFileSync(path, ',lr,loss\n0,1e-07,2.3\n1,1.2e-07,\n');
    expect(Array.from((await loadImportedRun(path)).losses)).toEqual([2.3, NaN]);
  });

  it('reads binary files as a typed error', async () => {
    const bin = join(dir, 'junk.bin');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]));
    await expect(loadImportedRun(bin)).rejects.toMatchObject({ code: 'E_PARSE' });
  });
});

describe('one set of NA/NaN spellings for every container', () => {
  const spellings = ['NA', 'nan', 'NaN', 'None', 'null', 'n/a', '#N/A', '-nan', '1.#QNAN'];
  it.each(spellings)('%s is a NaN loss in CSV, JSON Lines, plain JSON and lrfind JSON run files', (word) => {
    const csv = importRun(`lr,loss\n0.1,1\n0.2,${word}\n`, { file: 'a.csv' });
    const jsonl = importRun(`{"lr": 0.1, "loss": 1}\n{"lr": 0.2, "loss": "${word}"}\n`, { file: 'a.jsonl' });
    const json = importRun(`[{"lr": 0.1, "loss": 1}, {"lr": 0.2, "loss": "${word}"}]`, { file: 'a.json' });
    const run = parseRun(`{"lrs": [0.1, 0.2], "losses": [1, "${word}"]}`, { file: 'run.json' });
    for (const r of [csv, jsonl, json, run]) expect(Array.from(r.losses)).toEqual([1, NaN]);
  });
});

describe('typed CSV columns', () => {
  it('read numbers, spellings, blank and CRLF lines, and keep each cell\'s line for messages', () => {
    const run = importRun('lr , loss\r\n\r\n 0.001 ,2.5\r\n0.01,  inf\r\n\r\n0.1,NA\n', { file: 'a.csv' });
    expect(Array.from(run.lrs)).toEqual([0.001, 0.01, 0.1]);
    expect(Array.from(run.losses)).toEqual([2.5, Infinity, NaN]);
    expect(() => importRun('lr,loss\n0.1,1\n\n0.2,oops\n', { file: 'b.csv' })).toThrow('b.csv: line 4, column "loss": expected a loss (a number, null, nan or inf), got "oops"');
    expect(() => importRun('lr,loss\n0.1,1\n0.2\n', { file: 'c.csv' })).toThrow('c.csv: invalid CSV at line 3: 1 cells where the header has 2');
    expect(() => importRun('lr,loss\n0x10,1\n', { file: 'd.csv' })).toThrow('d.csv: line 2, column "lr": expected a learning rate (a number > 0), got "0x10"');
  });
});

describe('a CSV with a very wide header', () => {
  it('100,000 columns read as the run in two of them (storage grows with the cells, not the columns)', () => {
    const extra = Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',');
    const fill = new Array(100_000).fill('1').join(',');
    const run = importRun(`lr,loss,${extra}\n0.001,2,${fill}\n0.01,1.5,${fill}\n0.1,NA,${fill}\n`, { file: 'wide.csv' });
    expect(Array.from(run.lrs)).toEqual([0.001, 0.01, 0.1]);
    expect(Array.from(run.losses)).toEqual([2, 1.5, NaN]);
  });
});
