/**
 * A full disk must never destroy a user's file: every writer (writeFileAtomic, saveRun, writeReport, `lrfind report
 * -o`, `lrfind convert -o`) against a file system that fails mid-write. Here the failure is injected into
 * `node:fs/promises` (always runs); test/io/fullDisk.test.ts fills a real tmpfs.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type * as Fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/** How the next temporary file's writes fail. */
type Fault =
  | { kind: 'enospc'; after: number } // writes up to `after` bytes, then ENOSPC (what write(2) does on a full disk)
  | { kind: 'zero'; after: number } // writes up to `after` bytes, then reports 0 bytes written
  | { kind: 'lie'; after: number } // reports every byte written but keeps only `after` (a device that loses data)
  | { kind: 'fsync' }; // the flush fails with EIO
const state: { fault: Fault | undefined; opened: string[] } = { fault: undefined, opened: [] };

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof Fsp>();
  const open = async (...args: Parameters<typeof real.open>) => {
    const handle = await real.open(...args);
    const fault = state.fault;
    if (fault === undefined || !String(args[0]).endsWith('.tmp')) return handle;
    state.opened.push(String(args[0]));
    let kept = 0;
    const write = async (buffer: Uint8Array, offset = 0, length = buffer.length - offset) => {
      if (fault.kind === 'fsync') return handle.write(buffer, offset, length);
      const room = Math.max(0, fault.after - kept);
      if (fault.kind === 'lie') {
        if (room > 0) await handle.write(buffer, offset, Math.min(room, length));
        kept += Math.min(room, length);
        return { bytesWritten: length, buffer };
      }
      if (room === 0) {
        if (fault.kind === 'zero') return { bytesWritten: 0, buffer };
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
      const n = Math.min(room, length);
      const r = await handle.write(buffer, offset, n);
      kept += r.bytesWritten;
      return r;
    };
    const sync = async () => {
      if (fault.kind === 'fsync') throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO', syscall: 'fsync' });
      return handle.sync();
    };
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'write') return write;
        if (key === 'sync') return sync;
        const value = Reflect.get(target, key) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  };
  return { ...real, default: { ...real, open }, open };
});

const { writeFileAtomic } = await import('../../src/io/atomic.js');
const { saveRun } = await import('../../src/runs/runFile.js');
const { loadRun } = await import('../../src/runs/import/importRun.js');
const { writeReport } = await import('../../src/plot/renderReport.js');
const { analyzeWithMeta } = await import('../../src/runs/analyzed.js');
const { runCli } = await import('../../src/cli/program.js');

const RUN = new URL('../fixtures/runs/real-mnist-mlp-adam-300.json', import.meta.url).pathname;
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lrfind-atomic-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  state.fault = undefined;
  state.opened = [];
});

const FAULTS: Fault[] = [
  { kind: 'enospc', after: 0 },
  { kind: 'enospc', after: 3000 },
  { kind: 'zero', after: 1000 },
  { kind: 'lie', after: 2000 },
  { kind: 'fsync' },
];
const OLD = Buffer.from('<svg>the old report, which must survive</svg>\n');

/** A directory holding only `name` with the old bytes. */
function withOld(name: string): { dir: string; path: string } {
  const d = mkdtempSync(join(dir, 'case-'));
  const path = join(d, name);
  writeFileSync(path, OLD);
  return { dir: d, path };
}

/** The old file byte for byte, and nothing else in its directory (no temporary file left). */
function expectUntouched(d: string, path: string): void {
  expect(readFileSync(path).equals(OLD)).toBe(true);
  expect(readdirSync(d)).toEqual([path.slice(d.length + 1)]);
  expect(state.opened.length).toBeGreaterThan(0); // the fault was really met
  for (const temp of state.opened) expect(existsSync(temp)).toBe(false);
}

const why = (f: Fault): RegExp =>
  f.kind === 'enospc' ? /\(ENOSPC: no space left on device\)$/ : f.kind === 'fsync' ? /\(EIO: input\/output error\)$/ : /\(short write: \d+ of \d+ bytes written\)$/;

describe('writeFileAtomic on a failing device', () => {
  for (const fault of FAULTS) {
    it(`${JSON.stringify(fault)}: E_FILE_WRITE naming the file and the cause; the old file intact, no temp file`, async () => {
      const { dir: d, path } = withOld('r.svg');
      state.fault = fault;
      const error = await writeFileAtomic(path, 'x'.repeat(50_000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'E_FILE_WRITE', details: { stage: 'write' } });
      expect((error as Error).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: cannot write the file `));
      expect((error as Error).message).toMatch(why(fault));
      expectUntouched(d, path);
    });
  }

  it('chunks (sync and async iterables of strings and bytes) are written whole, in order', async () => {
    const path = join(dir, 'chunks.txt');
    await writeFileAtomic(path, ['a', Buffer.from('b'), 'c'.repeat(3 << 20), 'd']);
    expect(readFileSync(path, 'utf8')).toBe(`ab${'c'.repeat(3 << 20)}d`);
    async function* gen() {
      yield 'é';
      yield Buffer.from('f');
    }
    await writeFileAtomic(path, gen());
    expect(readFileSync(path, 'utf8')).toBe('éf');
  });

  it('a missing directory is the path’s fault (stage open), with no temp file anywhere', async () => {
    const error = await writeFileAtomic(join(dir, 'no', 'such', 'r.svg'), 'x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'E_FILE_WRITE', details: { stage: 'open' } });
    expect((error as Error).message).toMatch(/\(no such directory\)$/);
  });
});

describe('every writer keeps the old file when the device fails', () => {
  const fault: Fault = { kind: 'enospc', after: 1500 };

  it('saveRun', async () => {
    const run = await loadRun(RUN);
    const { dir: d, path } = withOld('run.json');
    state.fault = fault;
    await expect(saveRun(run, path)).rejects.toMatchObject({ code: 'E_FILE_WRITE', message: `${path}: cannot write the file (ENOSPC: no space left on device)` });
    expectUntouched(d, path);
  });

  it('writeReport', async () => {
    const run = await loadRun(RUN);
    const { dir: d, path } = withOld('r.svg');
    state.fault = fault;
    await expect(writeReport(path, [{ name: 'run.json', run, analysis: analyzeWithMeta(run) }])).rejects.toMatchObject({ code: 'E_FILE_WRITE' });
    expectUntouched(d, path);
  });

  for (const [command, name, extra] of [
    ['report', 'r.svg', []],
    ['convert', 'out.json', []],
    ['convert', 'out.csv', []],
    ['analyze', 'plot.svg', ['--plot']],
  ] as const) {
    it(`lrfind ${command} ${extra.join(' ')} -o ${name}: exit 1, one line naming the file and ENOSPC, nothing on stdout`, async () => {
      const { dir: d, path } = withOld(name);
      let stdout = '';
      let stderr = '';
      state.fault = fault;
      const args = command === 'analyze' ? ['analyze', RUN, '--plot', path] : [command, RUN, '-o', path];
      const code = await runCli(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
      expect(stderr).toBe(`lrfind: ${path}: cannot write the file (ENOSPC: no space left on device)\n`);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expectUntouched(d, path);
    });
  }
});
