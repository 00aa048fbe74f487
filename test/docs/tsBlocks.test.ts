/**
 * Every TypeScript block of the README and the guides compiles under `--strict`, as a user would paste it: complete
 * (it declares what it takes — `declare const model: tf.LayersModel`), importing lrfind by its package name (the built
 * `dist/` types, as an installed package has them).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const DIR = join(ROOT, 'test', '.tsblocks');
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.startsWith('guide-') && f.endsWith('.md')).map((f) => `docs/${f}`)];

/** The ```ts blocks of a Markdown file, with the line each starts on. */
function tsBlocks(file: string): { line: number; code: string }[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const out: { line: number; code: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end].startsWith('```')) end++;
    out.push({ line: start + 1, code: lines.slice(start, end).join('\n') });
    i = end;
  }
  return out;
}

afterAll(() => rmSync(DIR, { recursive: true, force: true }));

describe('the TypeScript in the README and the guides', () => {
  it('has blocks to check', () => {
    expect(tsBlocks('README.md').length).toBeGreaterThanOrEqual(1);
    expect(FILES.flatMap((f) => tsBlocks(f)).length).toBeGreaterThanOrEqual(10);
  });

  it('compiles under --strict, every block on its own', () => {
    rmSync(DIR, { recursive: true, force: true });
    mkdirSync(DIR, { recursive: true });
    const names = new Map<string, string>();
    for (const file of FILES) {
      for (const block of tsBlocks(file)) {
        const name = `${file.replace(/[/.]/g, '_')}_L${block.line}.ts`;
        names.set(name, `${file}:${block.line}`);
        // each block is a module of its own (top-level await allowed), as in a user's file
        writeFileSync(join(DIR, name), `${block.code}\nexport {};\n`);
      }
    }
    writeFileSync(
      join(DIR, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', join(DIR, 'tsconfig.json')], { encoding: 'utf8', cwd: ROOT });
    // name each error by the Markdown file and line it comes from
    const errors = (r.stdout + r.stderr)
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => l.replace(/^(?:test\/\.tsblocks\/)?([\w.-]+\.ts)/, (m, n: string) => names.get(n) ?? m));
    expect(errors).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);
});
