/**
 * The streamed JSON reader reads what the text reader reads: the same values (the top-level arrays of numbers as
 * Float64Arrays, bit for bit), however the bytes are cut into chunks — and it refuses (for the text reader to name
 * the error) everything the text reader refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { importRun, loadImportedRun, readJsonFileRun } from '../../src/runs/import/importRun.js';
import { loadRunFile } from '../../src/node/analyzed.js';
import { JsonNumbers, JsonStreamRefusal, readJsonStream } from '../../src/runs/import/jsonStream.js';
import { parseJsonText } from '../../src/runs/import/json.js';
import { assertText } from '../../src/runs/import/detect.js';
import { outcome } from './outcome.js';

/** The bytes in chunks cut at the given offsets (each chunk a copy, then overwritten: a source may reuse its buffer). */
async function* chunksAt(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  const at = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  let start = 0;
  for (const end of [...at, bytes.length]) {
    const chunk = bytes.slice(start, end);
    yield chunk;
    chunk.fill(0x21); // the reader must have copied what it keeps
    start = end;
  }
}

/** A value with its numbers spelled out (NaN, -0 and ±Infinity as text), JsonNumbers as the array it stands for. */
function plain(value: unknown): unknown {
  const num = (v: number): unknown => (Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v));
  if (value instanceof JsonNumbers) return Array.from({ length: value.length }, (_, i) => (value.at(i) === null ? null : num(value.at(i) as number)));
  if (typeof value === 'number') return num(value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** What the text path gives: the value, or that it refuses the text (assertText, then parseJsonText). */
function textOutcome(text: string): unknown {
  try {
    assertText(text.replace(/^\uFEFF/, ''), 'f.json');
    return { value: plain(parseJsonText(text.replace(/^\uFEFF/, ''), { file: 'f.json' })) };
  } catch {
    return { refused: true };
  }
}

async function streamOutcome(bytes: Uint8Array, cuts: readonly number[]): Promise<unknown> {
  try {
    return { value: plain(await readJsonStream(chunksAt(bytes, cuts))) };
  } catch (error) {
    if (!(error instanceof JsonStreamRefusal)) throw error;
    return { refused: true };
  }
}

const SAMPLES = [
  '{"format": "lrfind-run", "version": 1, "lrs": [0.001, 0.01, 0.1], "losses": [2.3, null, NaN], "meta": {"numIt": 3}}',
  '{"lr": [1e-7, 1.5E-3, 0.5, 12], "loss": [-0, -Infinity, Infinity, 1.7976931348623157e308], "x": [1, "a", null, [2]]}',
  '{"lrs": [1.2345678901234567e-5, 0.30000000000000004, 123456789012345678901234567890, 5e-324, 1e400, -1e-400]}',
  '\uFEFF  {\n "lrs" : [ 1 , 2 ,\n 3 ] , "losses":[4,5,6] , "nested": {"a": [1, 2], "b": {"c": "d\\u00e9\\n\\"é😀"}}}\n\n',
  '{"empty": [], "obj": {}, "t": true, "f": false, "n": null, "s": "x", "lrs": [null, null]}',
  '{"lrs": [1, 2], "losses": [1, 2], "lrs2": [1, true, 3]}',
  '{"__proto__": [1, 2], "constructor": {"x": 1}}',
  '[1, 2, 3]',
  '"just a string"',
  '{"a": 01}',
  '{"a": [1, 2,]}',
  '{"a": [1 2]}',
  '{"a": 1, "a": 2}',
  '{"a": [1.]}',
  '{"a": [1e]}',
  '{"a": [-]}',
  '{"a": [nul]}',
  '{"a": [NaNx]}',
  '{"a": "\u0001"}',
  '{"a": "\uFFFD"}',
  '{"a": [1, 2]} x',
  '{"a": [1, 2]',
  '{"a": [1, 2]}\u000b',
  '',
  '   ',
  '{"a": "\\x"}',
  '{"a": "\\u12G4"}',
  '{"a": -Infinity, "b": [-Infinity, -0.0, -1.5e-3]}',
];

describe('readJsonStream agrees with parseJsonText', () => {
  it('on samples, cut at every byte boundary', async () => {
    for (const text of SAMPLES) {
      const bytes = new TextEncoder().encode(text);
      const expected = textOutcome(text);
      expect(await streamOutcome(bytes, []), text).toEqual(expected);
      for (let cut = 1; cut < bytes.length; cut++) expect(await streamOutcome(bytes, [cut]), `${text} @${cut}`).toEqual(expected);
      expect(await streamOutcome(bytes, Array.from(bytes, (_, i) => i)), `${text} byte by byte`).toEqual(expected);
    }
  });

  it('top-level arrays of numbers come back as Float64Arrays, nulls kept apart', async () => {
    const json = (await readJsonStream(chunksAt(new TextEncoder().encode('{"lrs": [0.1, null, 3], "meta": {"a": [1]}}'), [5]))) as Record<string, unknown>;
    expect(json.lrs).toBeInstanceOf(JsonNumbers);
    const lrs = json.lrs as JsonNumbers;
    expect(lrs.values).toBeInstanceOf(Float64Array);
    expect([...lrs.text]).toEqual([[1, null]]);
    expect((json.meta as { a: unknown }).a).toEqual([1]);
  });

  it('long arrays (past a block of numbers) cut anywhere', async () => {
    const lrs = Array.from({ length: 70_000 }, (_, i) => 1e-7 * 1e8 ** (i / 69_999));
    const text = `{"lrs": [${lrs.join(',')}], "losses": [${lrs.map((v, i) => (i % 1000 === 7 ? 'null' : String(2 - v))).join(', ')}]}`;
    const bytes = new TextEncoder().encode(text);
    const expected = textOutcome(text);
    for (const cuts of [[], [1 << 20], [7, 8, 9, 1000, 500_000, 500_001], Array.from({ length: 200 }, (_, i) => i * 7919)]) {
      expect(await streamOutcome(bytes, cuts)).toEqual(expected);
    }
  });

  it('on random JSON with random numbers, cut at random places (property)', async () => {
    const number = fc.oneof(
      fc.double({ noDefaultInfinity: false, noNaN: false }),
      fc.integer(),
      fc.constantFrom(0, -0, 1e-7, 5e-324, 1.7976931348623157e308),
    );
    const spell = (v: number): string => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : Object.is(v, -0) ? '-0' : String(v));
    const element = fc.oneof({ weight: 8, arbitrary: number.map(spell) }, { weight: 1, arbitrary: fc.constant('null') }, { weight: 1, arbitrary: fc.constantFrom('"s"', 'true', '[1]', '{}', '-', '1.', '01', 'nul') });
    const member = fc.tuple(fc.constantFrom('lrs', 'losses', 'lr', 'loss', 'meta', 'é'), fc.array(element, { maxLength: 30 }), fc.constantFrom('', ' ', '\n', '\t '));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(member, { selector: (m) => m[0], maxLength: 4 }), fc.array(fc.nat(), { maxLength: 6 }), async (members, cuts) => {
        const text = `{${members.map(([k, els, ws]) => `${ws}"${k}":${ws}[${els.join(`,${ws}`)}]`).join(',')}}`;
        const bytes = new TextEncoder().encode(text);
        expect(await streamOutcome(bytes, cuts.map((c) => c % (bytes.length + 1)))).toEqual(textOutcome(text));
      }),
      { numRuns: 300, seed: 20 },
    );
  });
});

describe('loadImportedRun / loadRunFile of a JSON file: streamed, the same runs and the same errors as from the text', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrfind-jsonstream-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const CASES: Record<string, string> = {
    'run.json': '{"format": "lrfind-run", "version": 1, "lrs": [0.001, 0.01, 0.1, 1], "losses": [2.3, 2.1, null, NaN], "smoothedLosses": [2.3, 2.2, 2.1, null], "stopReason": "diverged", "meta": {"numIt": 4, "source": {"tool": "csv", "smoothing": {"kind": "none"}, "file": "é.csv"}}}',
    'history.json': '{"lr": [0.0001, 0.001, 0.01, 0.1], "loss": [2, 2.1, 2.0, 2.4]}',
    'lightning.json': '{"lr": [0.0001, 0.0004, 0.0008, 0.0012, 0.0016], "loss": [2, 2.1, 2.0, 2.4, 3]}',
    'pandas.json': '{"lr": {"0": 0.001, "1": 0.01}, "loss": {"0": 2.3, "1": 2.1}}',
    'null-lr.json': '{"lrs": [0.001, null, 0.1], "losses": [1, 2, 3]}',
    'bad-lr.json': '{"lrs": [0.001, -1, 0.1], "losses": [1, 2, 3]}',
    'string-loss.json': '{"lrs": [0.001, 0.01, 0.1], "losses": [1, "x", 3]}',
    'short.json': '{"lrs": [0.001, 0.01, 0.1], "losses": [1, 2]}',
    'order.json': '{"lrs": [0.01, 0.001, 0.1], "losses": [1, 2, 3]}',
    'truncated.json': '{"lrs": [0.001, 0.01, 0.1], "losses": [1, 2,',
    'garbage.json': '{"lrs": [0.001, 0.01, 0.1], "losses": [1, 2, 3]} trailing',
    'control.json': '{"lrs": [0.001, 0.01, 0.1], "losses": [1, 2, 3], "note": "a\u0001b"}',
    'dup.json': '{"lrs": [0.001], "lrs": [0.01], "losses": [1]}',
    'version.json': '{"format": "lrfind-run", "version": "2", "lrs": [0.001], "losses": [1]}',
    'missing.json': '{"lrs": [0.001, 0.01]}',
  };
  for (const [name, text] of Object.entries(CASES)) {
    it(name, async () => {
      const path = join(dir, name);
      writeFileSync(path, text);
      for (const options of [{}, { format: 'lrfind' as const }, { format: 'json' as const }]) {
        const expected = await outcome(async () => importRun(text, { ...options, file: path }));
        expect(await outcome(() => loadImportedRun(path, options))).toEqual(expected);
      }
      expect(await outcome(() => loadRunFile(path))).toEqual(await outcome(async () => importRun(text, { file: path })));
    });
  }
  it('a plain run is read by the streamed reader (not the text one)', async () => {
    const path = join(dir, 'streamed.json');
    writeFileSync(path, CASES['run.json']);
    expect(await readJsonFileRun(path, {})).toBeDefined();
    writeFileSync(path, CASES['bad-lr.json']);
    expect(await readJsonFileRun(path, {})).toBeUndefined();
  });
});
