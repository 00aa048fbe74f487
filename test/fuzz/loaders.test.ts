/**
 * Fuzzing every loader: random bytes, random text, and mutations of valid files in every format. A loader either
 * returns a valid run or throws an LrfindError — never anything else — and the CLI never prints a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/analyze.js';
import { isLrfindError } from '../../src/errors.js';
import { detectFormat, importRun, IMPORT_FORMAT_NAMES, type ImportFormat } from '../../src/runs/import/importRun.js';
import { parseJsonText } from '../../src/runs/import/json.js';
import type { Run } from '../../src/runs/run.js';
import { parseRun } from '../../src/runs/import/importRun.js';

const RUNS = process.env.CI ? 5000 : 500;
const CLI_RUNS = process.env.CI ? 40 : 12;

const FIXTURE_DIR = new URL('../fixtures/imports/', import.meta.url).pathname;
/** Valid files of every format (the mimic fixtures, truncated to keep each case fast) plus hand-written ones. */
const SEEDS: { name: string; text: string }[] = [
  ...readdirSync(FIXTURE_DIR)
    .filter((f) => !f.includes('.truth.'))
    .map((f) => ({ name: f, text: readFileSync(join(FIXTURE_DIR, f), 'utf8').slice(0, 3000) })),
  { name: 'run.json', text: '{"format": "lrfind-run", "version": 1, "lrs": [0.001, 0.01, 0.1], "losses": [2.3, null, 2.0], "smoothedLosses": [2.3, 2.2, 2.1], "meta": {"seed": 1}}' },
  { name: 'run.csv', text: 'lr,loss,smoothed_loss\r\n0.001,2.3,2.3\r\n0.01,nan,inf\r\n' },
  { name: 'run.jsonl', text: '{"lr": 0.001, "loss": 2.3}\n{"lr": 0.01, "loss": NaN}\n' },
  { name: 'keras.csv', text: 'batch,lr,loss\n0,1e-5,2.3\n1,1e-4,2.2\n0,1e-3,2.0\n' },
];

/** Tokens that stress a reader when spliced in anywhere. */
const NASTY = ['NaN', '-Infinity', 'Infinity', '1e999', '-0', '1e-400', 'null', '"', '\\', ',', ',,', '{', '}', '[', ']', ':', '\r\n', '\r', '\n', '\ufeff', '\u0000', '\ufffd', '\u2028', 'é', '"lr"', '"loss"', 'lr', 'loss', '__proto__', '"__proto__": 1,', 'true', '-', '.', 'e', '0x10', ' ', '\t', ';'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.constantFrom(...NASTY) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.kind === 'truncate') t = t.slice(0, at);
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.kind === 'insert') t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === 'duplicate') t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at);
    else t = t.slice(0, at) + m.text + t.slice(at + 1);
  }
  return t;
}

const mutatedFile = fc
  .tuple(fc.constantFrom(...SEEDS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([seed, ms]) => ({ name: seed.name, text: mutate(seed.text, ms) }));

const randomBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ name: 'bytes.bin', text: Buffer.from(bytes).toString('utf8') }));
const randomText = fc.tuple(fc.constantFrom('x.json', 'x.csv', 'x.jsonl', 'x'), fc.string({ unit: 'binary', maxLength: 300 })).map(([name, text]) => ({ name, text }));
/** Structurally plausible JSON with wrong values anywhere. */
const cell = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(null, NaN, Infinity, -Infinity, 0, -1, 1e-300, 1e300), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant([]), fc.constant({}));
const plausibleJson = fc
  .tuple(
    fc.constantFrom(['lr', 'loss'], ['lrs', 'losses'], ['learning_rate', 'loss'], ['lr', 'losses']),
    fc.array(cell, { maxLength: 30 }),
    fc.array(cell, { maxLength: 30 }),
    fc.option(fc.jsonValue({ maxDepth: 2 })),
  )
  .map(([[a, b], xs, ys, extra]) => ({
    name: 'p.json',
    text: `{"${a}": [${xs.map(pyJson).join(', ')}], "${b}": [${ys.map(pyJson).join(', ')}]${extra === null ? '' : `, "meta": ${JSON.stringify(extra)}`}}`,
  }));
/** Plausible CSV with random header names and cells. */
const csvCell = fc.oneof(fc.double().map(String), fc.constantFrom('', 'nan', 'inf', '-inf', 'None', '0', '-1', '1e999', '"1,2"', 'abc'), fc.string({ maxLength: 4 }));
const plausibleCsv = fc
  .tuple(fc.shuffledSubarray(['lr', 'loss', 'Step', 'Value', 'Wall time', 'batch', 'smoothed_loss', 'LR', 'x'], { minLength: 1 }), fc.array(fc.array(csvCell, { minLength: 1, maxLength: 6 }), { maxLength: 20 }), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([header, rows, eol]) => ({ name: 'p.csv', text: [header.join(','), ...rows.map((r) => r.join(','))].join(eol) }));

/** Python's json.dump spelling of a value. */
function pyJson(v: unknown): string {
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String(v);
  return JSON.stringify(v) ?? 'null';
}

const anyFile = fc.oneof({ weight: 4, arbitrary: mutatedFile }, { weight: 1, arbitrary: randomBytes }, { weight: 1, arbitrary: randomText }, { weight: 2, arbitrary: plausibleJson }, { weight: 2, arbitrary: plausibleCsv });
const anyFormat = fc.constantFrom<ImportFormat | undefined>(undefined, ...IMPORT_FORMAT_NAMES);

function assertValidRun(run: Run): void {
  expect(run.lrs).toBeInstanceOf(Float64Array);
  expect(run.losses).toBeInstanceOf(Float64Array);
  expect(run.lrs.length).toBeGreaterThan(0);
  expect(run.losses.length).toBe(run.lrs.length);
  if (run.smoothedLosses) expect(run.smoothedLosses.length).toBe(run.lrs.length);
  for (const lr of run.lrs) expect(lr > 0 && Number.isFinite(lr)).toBe(true);
}

/** Call `fn`; it may return, or throw an LrfindError — anything else fails the property. */
function onlyOurErrors<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch (error) {
    if (!isLrfindError(error)) throw error;
    expect(error.message).not.toMatch(/\n/);
    expect(error.message.length).toBeLessThan(2000);
    return undefined;
  }
}

describe('fuzz: the library loaders throw nothing but LrfindError', () => {
  it(`importRun, with every --format (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(anyFile, anyFormat, fc.option(fc.constantFrom('lr', 'loss', 'Value', 'nope')), fc.option(anyFile), (f, format, lrColumn, lrFile) => {
        const run = onlyOurErrors(() =>
          importRun(f.text, { file: f.name, format, lrColumn: lrColumn ?? undefined, lr: lrFile === null ? undefined : { file: 'lr.csv', text: lrFile.text } }),
        );
        if (run) {
          assertValidRun(run);
          // a run the loader accepts is one analyze accepts
          onlyOurErrors(() => analyze(run));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`parseRun, detectFormat and parseJsonText (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(anyFile, (f) => {
        const run = onlyOurErrors(() => parseRun(f.text, { file: f.name }));
        if (run) assertValidRun(run);
        onlyOurErrors(() => detectFormat(f.text, f.name));
        onlyOurErrors(() => parseJsonText(f.text, { file: f.name }));
      }),
      { numRuns: RUNS },
    );
  });

  it('parseJsonText agrees with JSON.parse on valid JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        expect(parseJsonText(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: RUNS / 5 },
    );
  });
});

describe('fuzz: the CLI never prints a stack trace', () => {
  const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lrfind-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`lrfind analyze / convert on mutated files (${CLI_RUNS} cases)`, () => {
    let n = 0;
    fc.assert(
      fc.property(fc.oneof(mutatedFile, randomBytes, plausibleJson, plausibleCsv), anyFormat, fc.boolean(), (f, format, convert) => {
        const path = join(dir, `${n++}-${f.name}`);
        writeFileSync(path, f.text);
        const args = convert ? ['convert', path, '-o', `${path}.out.json`] : ['analyze', path, '--json'];
        if (format !== undefined) args.push('--format', format);
        const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(r.stderr).not.toMatch(/internal error/);
        expect([0, 2]).toContain(r.status);
        if (r.status === 2) {
          expect(r.stdout).toBe('');
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(r.stderr).toContain(path);
        } else if (!convert) {
          expect(() => JSON.parse(r.stdout) as unknown).not.toThrow();
        }
      }),
      { numRuns: CLI_RUNS },
    );
  });
});
