/**
 * Standard input is copied to a temporary file as it arrives and read from there as a file is: streamed, with the
 * same runs, the same output and the same errors (named `<stdin>`) as the text reader gave.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spoolStdin } from '../../src/io/spool.js';
import { readCsvFileTable, readJsonFileRun, withStdinSpooled } from '../../src/runs/import/importRun.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'lrfind-spool-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}

describe('spoolStdin', () => {
  it('copies the stream to a file, removed by remove()', async () => {
    const spooled = await spoolStdin({ source: chunks('lr,loss\n', '0.1,2\n', '1,3\n') });
    expect(readFileSync(spooled.path, 'utf8')).toBe('lr,loss\n0.1,2\n1,3\n');
    await spooled.remove();
    expect(existsSync(spooled.path)).toBe(false);
    expect(existsSync(dirname(spooled.path))).toBe(false);
  });

  it("refuses binary data and too much input with standard input's words, leaving no file", async () => {
    await expect(spoolStdin({ source: chunks(Uint8Array.of(1, 0, 2)) })).rejects.toThrow('<stdin>: not a text run file (a NUL byte in the first 3 bytes; binary data?)');
    await expect(spoolStdin({ source: chunks('x'.repeat(10), 'y'.repeat(10)), maxBytes: 15 })).rejects.toMatchObject({ code: 'E_FILE_READ', message: '<stdin>: cannot read the file (more than 15 bytes; run files are at most 15)' });
  });

  it('a spooled file is read by the streamed readers (CSV and JSON), named <stdin>', async () => {
    const csv = await spoolStdin({ source: chunks('lr,loss\n0.001,2\n0.01,x\n') });
    try {
      await expect(readCsvFileTable(csv.path, {}, '<stdin>').then((t) => t?.table.where(1, 'loss'))).resolves.toBe('line 3, column "loss"');
    } finally {
      await csv.remove();
    }
    const json = await spoolStdin({ source: chunks('{"lrs": [0.001, 0.01], ', '"losses": [2, 1]}') });
    try {
      expect(Array.from((await readJsonFileRun(json.path, {}, '<stdin>'))?.lrs ?? [])).toEqual([0.001, 0.01]);
    } finally {
      await json.remove();
    }
    await expect(withStdinSpooled('run.csv', async (file, name) => [file, name])).resolves.toEqual(['run.csv', 'run.csv']);
  });
});

describe('lrfind analyze - (built CLI): standard input reads as the same file does', () => {
  const lrs = Array.from({ length: 3000 }, (_, i) => 1e-7 * 1e8 ** (i / 2999));
  const losses = lrs.map((lr, i) => 2.3 - 1.5 / (1 + Math.exp(-(Math.log10(lr) + 3) * 2)) + 0.02 * Math.sin(i * 7.3) + (lr > 1 ? lr : 0));
  const INPUTS: Record<string, string> = {
    'run.csv': `lr,loss\n${lrs.map((lr, i) => `${lr},${losses[i]}`).join('\n')}\n`,
    'quoted.csv': `"lr","loss"\n${lrs.map((lr, i) => `"${lr}","${losses[i]}"`).join('\n')}\n`,
    'run.json': JSON.stringify({ lrs, losses }),
    'bad.json': '{"lrs": [0.001, 0.01], "losses": [1, "x"]}',
    'cut.json': '{"lrs": [0.001, 0.01], "losses": [1,',
    'bad.csv': 'lr,loss\n0.001,1\n0.01\n',
  };
  for (const [name, text] of Object.entries(INPUTS)) {
    it(name, () => {
      const path = join(dir, name);
      writeFileSync(path, text);
      const fromFile = spawnSync(process.execPath, [BIN, 'analyze', path, '--json'], { encoding: 'utf8' });
      const fromStdin = spawnSync(process.execPath, [BIN, 'analyze', '-', '--json'], { encoding: 'utf8', input: text });
      expect(fromStdin.status).toBe(fromFile.status);
      const named = (s: string): string => s.split(path).join('<stdin>');
      expect(fromStdin.stderr).toBe(named(fromFile.stderr));
      if (fromFile.status === 0) {
        const { source: _a, ...a } = JSON.parse(fromFile.stdout) as Record<string, unknown>;
        const { source: _b, ...b } = JSON.parse(fromStdin.stdout) as Record<string, unknown>;
        expect(b).toEqual(a);
      }
    });
  }
});
