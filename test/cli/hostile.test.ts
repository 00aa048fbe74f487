/**
 * Issue 20's hostile inputs to the CLI and its I/O: documented flag values that crashed, standard output on a full
 * device or a closed pipe, wrong arguments that built megabyte messages. The built binary, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/plot/render.js';
import { recordTorchLrFinder } from '../../src/analysis/presets/torchLrFinder.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const RUN = new URL('../fixtures/runs/real-mnist-mlp-adam-300.json', import.meta.url).pathname;

/** Run the built CLI through a shell (redirections, pipes). */
function sh(command: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, LRFIND_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const cli = `"${process.execPath}" "${BIN}"`;

describe('--diverge-th inf (documented: Lightning’s None, pytorch-lr-finder never stopping)', () => {
  it('analyzes with every preset instead of an internal error', () => {
    for (const preset of ['', '--preset torch-lr-finder', '--preset lightning']) {
      const r = sh(`${cli} analyze "${RUN}" --diverge-th inf ${preset} --json`);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveProperty('suggestions');
    }
  });

  it('recordTorchLrFinder never stops with divergeTh Infinity, and still refuses 0 and NaN', () => {
    const curve = { lrs: [1e-3, 1e-2, 1e-1], losses: [1, 200, 5000] };
    expect(recordTorchLrFinder(curve, { divergeTh: Infinity }).stopIndex).toBeNull();
    expect(recordTorchLrFinder(curve).stopIndex).toBe(1);
    for (const bad of [0, NaN, -Infinity]) expect(() => recordTorchLrFinder(curve, { divergeTh: bad })).toThrow(RangeError);
  });
});

describe('standard output that fails', () => {
  it.skipIf(!existsSync('/dev/full'))('> /dev/full: one line naming ENOSPC, exit 1, no stack trace', () => {
    for (const args of [`analyze "${RUN}"`, `analyze "${RUN}" --json`, `convert "${RUN}" -o -`, `report "${RUN}" -o - --to json`]) {
      const r = sh(`${cli} ${args} > /dev/full`);
      expect(r.stderr, args).toBe('lrfind: <stdout>: cannot write the output (ENOSPC: no space left on device)\n');
      expect(r.code, args).toBe(1);
    }
  });

  it('a closed pipe (| head -0): nothing on stderr, exit 1', () => {
    for (const args of [`analyze "${RUN}"`, `convert "${RUN}" -o - --to csv`]) {
      // the reader closes first: give it a moment by making lrfind's output start after the pipe is gone
      const r = sh(`set -o pipefail; ${cli} ${args} | head -0; echo "exit=\${PIPESTATUS[0]}" >&2`);
      expect(r.stderr, args).toMatch(/^exit=(1|0)\n$/);
      expect(r.stderr).not.toMatch(/\bat |Error/);
    }
  });
});

describe('renderSvg given something that is not a spec', () => {
  it('a run of 100,000 points: a short TypeError naming what it got, not megabytes of it', async () => {
    const n = 100_000;
    const run = { lrs: Float64Array.from({ length: n }, (_, i) => 1e-7 * 1.0001 ** i), losses: new Float64Array(n).fill(2), meta: {} };
    const error = await renderSvg(run as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'renderSvg: spec must be a Vega-Lite spec (got an object with keys lrs, losses, meta: a run? draw it with finderSpec(run, analyze(run)))',
    );
    await expect(renderSvg([1, 2] as never)).rejects.toThrow('renderSvg: spec must be a Vega-Lite spec (got an array of length 2)');
    await expect(renderSvg(null as never)).rejects.toThrow('(got null)');
  });

  it('a spec vega rejects: the message is cut to 200 characters', async () => {
    const data = Array.from({ length: 50_000 }, (_, i) => ({ x: i }));
    const error = await renderSvg({ mark: 'nonsense', data: { values: data } } as never).catch((e: unknown) => e);
    expect((error as Error).message.length).toBeLessThan(400);
  });
});

describe('standard input redirected from the output file', () => {
  it('convert - -o run.json < run.json and report - -o x < x: refused (exit 2), the file untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrfind-stdin-'));
    try {
      const path = join(dir, 'run.json');
      copyFileSync(RUN, path);
      const before = readFileSync(path);
      for (const command of ['convert', 'report']) {
        const r = sh(`${cli} ${command} - -o "${path}" < "${path}"`);
        expect(r.stderr, command).toBe(`lrfind: ${path}: the output would overwrite the input <stdin>; write it to another file\n`);
        expect(r.code, command).toBe(2);
        expect(readFileSync(path).equals(before)).toBe(true);
      }
      // another file, or a pipe, is fine
      expect(sh(`${cli} convert - -o "${join(dir, 'other.json')}" < "${path}"`).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('flags that were ignored or unclear', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lrfind-flags-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ok = file('ok.csv', 'lr,loss\n0.001,2\n0.002,2.1\n0.01,1.5\n0.1,1\n1,3\n');
  const far = file('far.csv', 'lr,loss\n10,2\n20,2.1\n30,1.5\n40,1\n50,3\n');
  const rep = file('rep.csv', 'lr,loss\n0.001,2\n0.001,2.1\n0.01,1.5\n0.1,1\n1,3\n');

  it('--lr-file where the format has its own lrs: exit 2 naming the file, not silently ignored', () => {
    for (const extra of ['', '--no-header', '--format csv']) {
      const r = sh(`${cli} analyze "${ok}" --lr-file "${ok}" ${extra}`);
      expect(r.stderr, extra).toBe(`lrfind: ${ok}: a learning-rate file (--lr-file) is read only with a TensorBoard export; this file is read as csv, with its own lrs\n`);
      expect(r.code).toBe(2);
    }
    const tb = new URL('../fixtures/imports/', import.meta.url).pathname;
    expect(sh(`${cli} analyze "${tb}tb-train_loss.csv" --lr-file "${tb}tb-lr-SGD.csv" -q`).code).toBe(0);
  });

  it('--combine of runs whose lrs do not overlap says so (not "needs 5 finite losses"), naming the files', () => {
    const r = sh(`${cli} analyze "${ok}" "${far}" --combine`);
    // the runs are named as everywhere in analyze's output (their shortest distinct paths)
    expect(r.stderr).toBe("lrfind: --combine: ok.csv's lrs (0.001 … 1) do not overlap far.csv's (10 … 50): combine range tests of the same lr range\n");
    expect(r.code).toBe(2);
    const rr = sh(`${cli} analyze "${ok}" "${rep}" --combine`);
    expect(rr.stderr).toBe("lrfind: --combine: rep.csv's lrs must increase strictly (a range test's schedule)\n");
    expect(rr.code).toBe(2);
  });

  it('an unknown flag, command or missing argument: one line, exit 2', () => {
    for (const [args, line] of [
      [`analyze "${ok}" --bogus`, "lrfind: unknown option '--bogus' (run with --help for usage)\n"],
      ['bogus', "lrfind: unknown command 'bogus' (run with --help for usage)\n"],
      ['analyze', "lrfind: missing required argument 'runs' (run with --help for usage)\n"],
    ] as const) {
      const r = sh(`${cli} ${args}`);
      expect(r.stderr, args).toBe(line);
      expect(r.code).toBe(2);
    }
  });
});
