/**
 * The public API, entry point by entry point: the exported runtime names are a decision. Adding or removing one
 * means updating `test/__snapshots__/exports.test.ts.snap` with it (`npx vitest run test/exports.test.ts -u`) and saying
 * so in the docs. Types are checked by tsc; internal helpers (`stripBom`, `escapeHtml`, …) stay out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string | { import: string; types: string }> };

/** The source module of each entry point in package.json's `exports`. */
const ENTRIES: Record<string, string> = {
  '.': 'src/index.ts',
  './analysis': 'src/analysis/index.ts',
  './runs': 'src/runs/index.ts',
  './confirm': 'src/confirm/index.ts',
  './recorder': 'src/recorder/index.ts',
  './schedules': 'src/schedules/index.ts',
  './plot': 'src/plot/index.ts',
  './node': 'src/node/index.ts',
  './tfjs': 'src/backends/tfjs/index.ts',
};

/** Names that must never be public: helpers of the implementation. */
const INTERNAL = ['stripBom', 'parseJsonLenient', 'escapeHtml', 'escapeScript', 'yieldToEventLoop', 'describeValue', 'argminFinite', 'assertCurve', 'lossValue', 'toRunArrays', 'decodeText', 'normalizeSvgIds', 'writeFileAtomic', 'readRunText'];

describe('public API', () => {
  it('package.json exports exactly these entry points, each built from its source module', () => {
    expect(Object.keys(pkg.exports).filter((k) => k !== './package.json')).toEqual(Object.keys(ENTRIES));
    for (const [entry, source] of Object.entries(ENTRIES)) {
      const target = pkg.exports[entry] as { import: string; types: string };
      expect(target.import).toBe(`./${source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.js')}`);
      expect(target.types).toBe(`./${source.replace(/^src\//, 'dist/').replace(/\.ts$/, '.d.ts')}`);
    }
  });

  for (const [entry, source] of Object.entries(ENTRIES)) {
    it(`lrfind${entry === '.' ? '' : entry.slice(1)} exports these names`, async () => {
      const names = Object.keys(await import(join(ROOT, source))).sort();
      for (const name of INTERNAL) expect(names).not.toContain(name);
      expect(names).toMatchSnapshot();
    }, 60_000);
  }

  it('the root exports everything the other entry points do (tfjs aside), so Node code can import from one place', async () => {
    const root = new Set(Object.keys(await import(join(ROOT, ENTRIES['.']))));
    for (const entry of ['./analysis', './recorder', './schedules', './plot', './node']) {
      for (const name of Object.keys(await import(join(ROOT, ENTRIES[entry])))) expect(root.has(name), `${entry}: ${name}`).toBe(true);
    }
  });

  it('every export of the root is documented with an @example', () => {
    const missing: string[] = [];
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/export\s+\*\s+from\s+'([^']+)'|export\s*\{[^}]*\}\s*from\s*'([^']+)'/g)) {
        visit(join(dirname(file), (m[1] ?? m[2]).replace(/\.js$/, '.ts')));
      }
      for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export\s+(?:async\s+)?(?:function|const|class)\s+(\w+)/g)) {
        if (!/@example/.test(m[1])) missing.push(`${file.slice(ROOT.length + 1)}: ${m[2]}`);
      }
    };
    for (const source of ['src/analysis/answer.ts', 'src/runs/compare.ts', 'src/runs/names.ts', 'src/runs/source.ts', 'src/runs/analyzed.ts', 'src/node/analyzed.ts']) {
      visit(join(ROOT, source));
    }
    expect(missing).toEqual([]);
  });

  it('every export function, const and class of every module under src/ has TSDoc with an @example', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) files.push(path);
      }
    };
    walk(join(ROOT, 'src'));
    const missing: string[] = [];
    let checked = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const declarations =
        /^export\s+(?:default\s+)?(?:abstract\s+)?(?:async\s+)?(?:function\*?|const|let|class)\s+(\w+)/gm;
      for (const m of text.matchAll(declarations)) {
        checked++;
        // the TSDoc block must end right before the declaration (only whitespace between)
        const doc = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*$/.exec(text.slice(0, m.index));
        const where = `${file.slice(ROOT.length + 1)}: ${m[1]}`;
        if (doc === null) missing.push(`${where} (no TSDoc)`);
        else if (!/@example/.test(doc[1])) missing.push(`${where} (no @example)`);
      }
    }
    expect(checked).toBeGreaterThan(300);
    expect(missing).toEqual([]);
  });
});
