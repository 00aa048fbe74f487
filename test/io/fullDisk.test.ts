/**
 * A really full disk: a small tmpfs mounted in a temporary directory (we run as root in CI; where mounting is not
 * permitted the suite is skipped with the reason logged — test/io/atomic.test.ts injects the same failures into
 * `node:fs/promises` and always runs). Every writer, over an existing file on the nearly full file system: the old
 * file stays byte for byte, no temporary file remains, the CLI exits 1 with one line naming the file and ENOSPC.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRun } from '../../src/runs/import/importRun.js';
import { analyzeWithMeta } from '../../src/runs/analyzed.js';
import { saveRun } from '../../src/runs/runFile.js';
import { writeReport } from '../../src/plot/renderReport.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const RUN = new URL('../fixtures/runs/real-mnist-mlp-adam-300.json', import.meta.url).pathname;
const OLD = Buffer.from('<svg>the old file, which must survive</svg>\n');
const FILES = ['r.svg', 'plot.svg', 'out.json', 'out.csv', 'run.json', 'report.svg'];

const root = mkdtempSync(join(tmpdir(), 'lrfind-fulldisk-'));
const mnt = join(root, 'mnt');
let mounted = false;
let reason = '';

beforeAll(() => {
  spawnSync('mkdir', ['-p', mnt]);
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { encoding: 'utf8' });
  mounted = r.status === 0;
  if (!mounted) {
    reason = (r.error?.message ?? r.stderr.trim()) || `mount exited ${r.status}`;
    console.warn(`fullDisk.test.ts: skipped, cannot mount a tmpfs here (${reason}); atomic.test.ts injects the failures instead`);
    return;
  }
  for (const f of FILES) writeFileSync(join(mnt, f), OLD);
  // fill the file system, keeping 8 KiB of slack: every output here is larger, so each write runs out mid-file
  writeFileSync(join(mnt, 'slack'), Buffer.alloc(8192, 1));
  const block = Buffer.alloc(4096, 2);
  for (let i = 0; ; i++) {
    try {
      writeFileSync(join(mnt, `fill-${i}`), block);
    } catch {
      break;
    }
  }
  unlinkSync(join(mnt, 'slack'));
});

afterAll(() => {
  if (mounted) spawnSync('umount', [mnt]);
  rmSync(root, { recursive: true, force: true });
});

/** The old file byte for byte, and no temporary file beside it. */
function expectUntouched(name: string): void {
  expect(readFileSync(join(mnt, name)).equals(OLD)).toBe(true);
  expect(readdirSync(mnt).filter((f) => f.endsWith('.tmp'))).toEqual([]);
}

describe('a full file system (tmpfs)', () => {
  for (const [args, name] of [
    [['report', RUN, '-o'], 'r.svg'],
    [['convert', RUN, '-o'], 'out.json'],
    [['convert', RUN, '-o'], 'out.csv'],
    [['analyze', RUN, '--plot'], 'plot.svg'],
  ] as const) {
    it(`lrfind ${args[0]} … ${args[2]} ${name}: exit 1, one line, the old file intact`, (ctx) => {
      if (!mounted) ctx.skip(`cannot mount a tmpfs: ${reason}`);
      const path = join(mnt, name);
      const r = spawnSync(process.execPath, [BIN, ...args, path], { encoding: 'utf8' });
      expect(r.stderr).toBe(`lrfind: ${path}: cannot write the file (ENOSPC: no space left on device)\n`);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expectUntouched(name);
    });
  }

  it('saveRun and writeReport: E_FILE_WRITE with ENOSPC, the old files intact', async (ctx) => {
    if (!mounted) ctx.skip(`cannot mount a tmpfs: ${reason}`);
    const run = await loadRun(RUN);
    await expect(saveRun(run, join(mnt, 'run.json'))).rejects.toMatchObject({
      code: 'E_FILE_WRITE',
      message: `${join(mnt, 'run.json')}: cannot write the file (ENOSPC: no space left on device)`,
    });
    expectUntouched('run.json');
    await expect(writeReport(join(mnt, 'report.svg'), [{ name: 'run', run, analysis: analyzeWithMeta(run) }])).rejects.toMatchObject({
      code: 'E_FILE_WRITE',
    });
    expectUntouched('report.svg');
  });
});
