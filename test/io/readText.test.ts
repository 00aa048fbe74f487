import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunText } from '../../src/io/readText.js';
import type { LrfindError } from '../../src/errors.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-io-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rejection(p: Promise<unknown>): Promise<LrfindError> {
  try {
    await p;
  } catch (error) {
    return error as LrfindError;
  }
  throw new Error('expected a rejection');
}

/** A FIFO with a writer that writes `head` then `line` forever (until the reader goes away). */
function endlessFifo(name: string, head: string, line: string): { path: string; stop: () => void } {
  const path = join(dir, name);
  expect(spawnSync('mkfifo', [path]).status).toBe(0);
  const script = `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(path)},'w');fs.writeSync(fd,${JSON.stringify(head)});const b=Buffer.from(${JSON.stringify(line)}.repeat(4096));try{for(;;)fs.writeSync(fd,b)}catch{}`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  return { path, stop: () => child.kill() };
}

describe('readRunText: the size limit holds while reading', () => {
  it('a FIFO fed forever is refused at the limit, not read without bound', async () => {
    const fifo = endlessFifo('endless.csv', 'lr,loss\n', '0.1,1\n');
    try {
      const e = await rejection(readRunText(fifo.path, { maxBytes: 1 << 20 }));
      expect(e.code).toBe('E_FILE_READ');
      expect(e.message).toBe(`${fifo.path}: cannot read the file (more than 1048576 bytes; run files are at most 1048576)`);
    } finally {
      fifo.stop();
    }
  });

  it('/dev/zero is binary data after one chunk', async () => {
    const e = await rejection(readRunText('/dev/zero'));
    expect(e.code).toBe('E_PARSE');
    expect(e.message).toMatch(/^\/dev\/zero: not a text run file \(a NUL byte in the first \d+ bytes; binary data\?\)$/);
  });

  it('a FIFO with a finite run is read like a file', async () => {
    const path = join(dir, 'finite.csv');
    expect(spawnSync('mkfifo', [path]).status).toBe(0);
    const child = spawn(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path)}, 'lr,loss\\n0.1,1\\n0.2,2\\n')`]);
    expect(await readRunText(path)).toBe('lr,loss\n0.1,1\n0.2,2\n');
    child.kill();
  });

  it('a UTF-16 file (NUL bytes in every character) is text', async () => {
    const path = join(dir, 'u16.csv');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('lr,loss\n0.1,1\n', 'utf16le')]));
    expect(await readRunText(path)).toBe('lr,loss\n0.1,1\n');
  });
});

describe('lrfind analyze on devices (built CLI)', () => {
  it('standard input fed from /dev/zero: exit 2, one line, after one chunk', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" analyze - < /dev/zero`], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^lrfind: <stdin>: not a text run file \(a NUL byte in the first \d+ bytes; binary data\?\)\n$/);
  });

  it.each(['/dev/zero', '/dev/urandom'])('%s: exit 2, one line, within seconds and without reading it all', (device) => {
    const r = spawnSync(process.execPath, [BIN, 'analyze', device], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^lrfind: ${device}: not a text run file \\(a NUL byte`));
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
