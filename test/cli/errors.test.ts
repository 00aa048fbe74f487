import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

function lrfind(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-cli-errors-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The contract for bad input: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectUserError(r: ReturnType<typeof lrfind>, message: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^lrfind: /);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(2);
}

/** Malformed files, each with what the one stderr line must say (the file name is checked separately). */
const BAD_FILES: { name: string; file: string; content: string | Buffer; args?: string[]; says: RegExp }[] = [
  { name: 'empty file', file: 'empty.json', content: '', says: /the file is empty/ },
  { name: 'whitespace and BOM only', file: 'blank.csv', content: '\ufeff \r\n\r\n', says: /the file is empty/ },
  { name: 'truncated JSON', file: 'trunc.json', content: '{"lrs": [0.001, 0.01], "losses": [2.3,', says: /invalid JSON at line 1, column 39: the file ends too early \(truncated\?\); expected a value/ },
  { name: 'invalid JSON', file: 'bad.json', content: '{"lrs": [0.001 0.01], "losses": [1, 2]}', says: /invalid JSON at line 1, column 16: unexpected "0\.01"; expected "," or "]"/ },
  { name: 'invalid CSV (ragged row)', file: 'ragged.csv', content: 'lr,loss\n0.1,2\n0.2,3,4\n', says: /invalid CSV at line 3/ },
  { name: 'invalid CSV (quote)', file: 'quote.csv', content: 'lr,loss\n"0.1,2\n', says: /invalid CSV at line 2: quote not closed/ },
  { name: 'binary junk', file: 'junk.json', content: Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0xff, 0xfe]), says: /not a text run file/ },
  { name: 'not UTF-8', file: 'latin1.csv', content: Buffer.from('lr,loss\n0.1,2\xe9\n', 'latin1'), says: /not UTF-8 text at line 2/ },
  { name: 'missing arrays', file: 'missing.json', content: '{"lrs": [0.1, 0.2]}', says: /no loss column \(looked for "loss", "losses"; found "lrs"\); name it with --loss-column/ },
  { name: 'missing columns', file: 'nocol.csv', content: 'x,y\n1,2\n', says: /no learning-rate column .*found "x", "y"\); name it with --lr-column/ },
  { name: 'non-numeric arrays', file: 'types.json', content: '{"lrs": [0.1, "fast"], "losses": [1, 2]}', says: /"lrs"\[1\] must be a number \(got "fast"\)/ },
  { name: 'non-array field', file: 'notarray.json', content: '{"lrs": 0.1, "losses": [1]}', says: /"lrs" must be an array of numbers \(got 0\.1\)/ },
  { name: 'non-numeric loss cell', file: 'loss.csv', content: 'lr,loss\n0.1,abc\n', says: /line 2, column "loss": expected a loss .* got "abc"/ },
  { name: 'mismatched lengths', file: 'len.json', content: '{"lrs": [0.1, 0.2, 0.3], "losses": [1, 2]}', says: /"lrs" and "losses" must have the same length \(got 3 and 2\)/ },
  { name: 'zero lr', file: 'zero.csv', content: 'lr,loss\n0,1\n', says: /line 2, column "lr": learning rates must be finite and > 0 \(got 0\)/ },
  { name: 'negative lr', file: 'neg.json', content: '{"lrs": [0.1, -1], "losses": [1, 2]}', says: /"lrs"\[1\]: learning rates must be finite and > 0 \(got -1\)/ },
  { name: 'NaN lr', file: 'nanlr.json', content: '{"lrs": [0.1, NaN], "losses": [1, 2]}', says: /"lrs"\[1\]: learning rates must be finite and > 0 \(got NaN\)/ },
  { name: 'infinite lr', file: 'inflr.csv', content: 'lr,loss\ninf,1\n', says: /learning rates must be finite and > 0 \(got "inf"\)/ },
  { name: 'enormous lr', file: 'huge.json', content: '{"lr": [0.1, 1e999], "loss": [1, 2]}', args: ['--format', 'json'], says: /"lr"\[1\]: learning rates must be finite and > 0 \(got Infinity\)/ },
  { name: 'empty run (arrays)', file: 'emptyrun.json', content: '{"lrs": [], "losses": []}', says: /the run is empty/ },
  { name: 'empty run (header only)', file: 'header.csv', content: 'lr,loss\r\n', says: /the run is empty/ },
  { name: 'duplicate columns', file: 'dup.csv', content: 'lr,loss,loss\n0.1,1,2\n', says: /duplicate column "loss" \(columns 2 and 3\)/ },
  { name: 'duplicate keys', file: 'dup.json', content: '{"lrs": [0.1], "losses": [1], "lrs": [0.2]}', says: /duplicate key "lrs" at line 1, column 31/ },
  { name: 'CRLF JSON with an error on line 3', file: 'crlf.json', content: '{\r\n "lrs": [0.1],\r\n "losses": [1,]\r\n}', says: /invalid JSON at line 3, column 15/ },
  { name: 'ambiguous {"lr","loss"}', file: 'ambig.json', content: '{"lr": [0.1, 0.5, 0.6, 3], "loss": [1, 2, 3, 4]}', says: /--format torch-lr-finder, --format lightning or --format json/ },
  { name: 'TensorBoard without the lr export', file: 'tb.csv', content: 'Wall time,Step,Value\n1,0,2.3\n', says: /give the learning-rate tag's export too \(--lr-file FILE\)/ },
  { name: 'deeply nested JSON', file: 'deep.json', content: '['.repeat(100_000), says: /nesting at most 256 deep/ },
  { name: 'decreasing lrs (CSV)', file: 'down.csv', content: 'lr,loss\n0.1,1\n0.2,2\n0.15,3\n', says: /learning rates must not decrease \(line 4, column "lr" = 0\.15 after 0\.2\)/ },
  { name: 'shuffled lrs (JSON)', file: 'shuffled.json', content: '{"lrs": [0.001, 0.1, 0.01, 1], "losses": [1, 2, 3, 4]}', says: /learning rates must not decrease \("lrs"\[2\] = 0\.01 after 0\.1\): out of order or shuffled\?/ },
  { name: 'all-equal lrs', file: 'same.json', content: '{"lrs": [0.01, 0.01, 0.01], "losses": [1, 2, 3]}', says: /every learning rate is 0\.01: a range test needs increasing learning rates/ },
  { name: 'decreasing lrs (pytorch-lr-finder history)', file: 'hist.json', content: '{"lr": [1, 0.1, 0.01, 0.001], "loss": [1, 2, 3, 4]}', args: ['--format', 'torch-lr-finder'], says: /"lr"\[1\] = 0\.1 after 1\)/ },
  { name: 'decreasing lrs (TensorBoard long format)', file: 'tblong.csv', content: 'step,tag,value\n0,loss,2\n1,loss,1.9\n0,lr,0.1\n1,lr,0.01\n', says: /learning rates must not decrease \(step 1 = 0\.01 after 0\.1\)/ },
  { name: 'meta.source without smoothing', file: 'meta1.json', content: '{"lrs": [0.1, 0.2], "losses": [1, 2], "meta": {"source": {"tool": "fastai"}}}', says: /"meta\.source\.smoothing" must be an object \{ kind, beta\? \} \(got undefined\)/ },
  { name: 'meta.source a string', file: 'meta2.json', content: '{"lrs": [0.1, 0.2], "losses": [1, 2], "meta": {"source": "fastai"}}', says: /"meta\.source" must be an object \{ tool, smoothing, file\? \} \(got "fastai"\)/ },
  { name: 'meta.source EMA without beta', file: 'meta3.json', content: '{"lrs": [0.1, 0.2], "losses": [1, 2], "meta": {"source": {"tool": "fastai", "smoothing": {"kind": "ema-debiased"}}}}', says: /"meta\.source\.smoothing\.beta" must be a number in \[0, 1\) for an EMA \(got undefined\)/ },
  { name: 'meta.numIt not an integer', file: 'meta4.json', content: '{"lrs": [0.1, 0.2], "losses": [1, 2], "meta": {"numIt": "100"}}', says: /"meta\.numIt" must be an integer >= 1 \(got "100"\)/ },
  { name: 'meta.frozen not a boolean', file: 'meta5.json', content: '{"lrs": [0.1, 0.2], "losses": [1, 2], "meta": {"frozen": "yes"}}', says: /"meta\.frozen" must be true or false/ },
  { name: 'non-numeric loss (JSON run file): the same wording as CSV', file: 'badloss.json', content: '{"lrs": [0.1, 0.2], "losses": [1, "abc"]}', says: /"losses"\[1\]: expected a loss \(a number, null, nan or inf\), got "abc"/ },
  { name: 'a huge numeric string', file: 'longnum.csv', content: `lr,loss\n0.1,${'9'.repeat(100_000)}\n`, args: ['--json'], says: /^$/ },
];

describe('lrfind analyze: malformed input → exit 2, one line naming the file and the problem, no stack trace', () => {
  for (const c of BAD_FILES.filter((c) => c.name !== 'a huge numeric string')) {
    it(c.name, () => {
      const path = file(c.file, c.content);
      const r = lrfind('analyze', path, ...(c.args ?? []));
      expectUserError(r, c.says);
      expect(r.stderr).toContain(`lrfind: ${path}: `);
    });
  }

  it('an enormous finite loss is data, not an error', () => {
    const path = file('longnum.csv', `lr,loss\n0.1,${'9'.repeat(100_000)}\n0.2,1\n`);
    const r = lrfind('analyze', path, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('a missing file', () => {
    const path = join(dir, 'nope.json');
    expectUserError(lrfind('analyze', path), new RegExp(`^lrfind: ${path}: cannot read the file \\(no such file\\)`));
  });

  it('a directory', () => {
    expectUserError(lrfind('analyze', dir), /cannot read the file \(is a directory\)/);
  });

  it('a missing TensorBoard lr file', () => {
    const loss = file('tbloss.csv', 'Wall time,Step,Value\n1,0,2.3\n');
    expectUserError(lrfind('analyze', loss, '--lr-file', join(dir, 'none.csv')), /none\.csv: cannot read the file \(no such file\)/);
  });

  it('a bad --format value and a bad column name are usage errors', () => {
    const path = file('ok.csv', 'lr,loss\n0.1,1\n');
    expectUserError(lrfind('analyze', path, '--format', 'pickle'), /--format must be one of lrfind, fastai, .* \(got "pickle"\)/);
    expectUserError(lrfind('analyze', path, '--lr-column', ''), /--lr-column must name a column/);
    expectUserError(lrfind('analyze', path, '--lr-column', 'rate'), /no learning-rate column \(looked for "rate"; found "lr", "loss"\)/);
  });
});

describe('convert of a run with a malformed meta.source', () => {
  it('is exit 2 naming the field (not an internal error, not "β = undefined")', () => {
    const path = file('badmeta.json', '{"lrs": [0.1, 0.2], "losses": [1, 2], "meta": {"source": {"tool": "fastai", "smoothing": {"kind": "ema-debiased"}}}}');
    const r = lrfind('convert', path, '-o', join(dir, 'badmeta-out.csv'));
    expectUserError(r, /"meta\.source\.smoothing\.beta" must be a number in \[0, 1\) for an EMA/);
  });
});

describe('compare and convert meet the same bad input the same way', () => {
  it('compare names the bad file', () => {
    const good = file('good.json', '{"lrs": [0.1, 0.2], "losses": [1, 2]}');
    for (const c of BAD_FILES.slice(0, 8)) {
      const path = file(c.file, c.content);
      const r = lrfind('compare', good, path);
      expectUserError(r, c.says);
      expect(r.stderr).toContain(`${path}: `);
    }
  });

  it('convert names the bad file and writes nothing', () => {
    for (const c of BAD_FILES.slice(0, 8)) {
      const path = file(c.file, c.content);
      const out = join(dir, `out-${c.file}.json`);
      expectUserError(lrfind('convert', path, '-o', out), c.says);
      expect(spawnSync('test', ['-e', out]).status).toBe(1);
    }
  });
});
