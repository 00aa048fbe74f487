/**
 * The `// =>` lines of the TSDoc @example blocks, read from the source and run: an example says what a call returns,
 * and this test holds it to that. Every example of the pure rooms (analysis, schedules, runs, confirm, plot) whose
 * code names only what lrfind exports and literals is run with those exports in scope; its `// =>` value is compared
 * with what the code returns (numbers written with few digits match to those digits; `(to 1e-15)` gives a tolerance;
 * `Float64Array [..]` compares the elements). Examples that need a caller's data (`run`, `analysis`, a model) or
 * whose value is elided (`…`, `≈`, `≤`) are counted, not run. A floor on the examples run keeps the check from
 * emptying silently.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as lrfind from '../../src/index.js';

const SRC = resolve(new URL('../../src', import.meta.url).pathname);
const ROOMS = ['analysis', 'schedules', 'runs', 'confirm', 'plot'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** One `// =>` claim: the code before it in its example (setup and the expression) and the expected text. */
export interface Claim {
  readonly where: string;
  readonly setup: string;
  readonly expression: string;
  readonly expected: string;
}

/** The @example blocks of a source text, as code lines (the ` * ` prefix removed). */
export function exampleBlocks(text: string): string[][] {
  const blocks: string[][] = [];
  for (const comment of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const lines = comment[1].split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    let block: string[] | null = null;
    for (const line of lines) {
      if (/^@example\b/.test(line.trim())) {
        block = [];
        blocks.push(block);
      } else if (/^@\w+/.test(line.trim())) {
        block = null;
      } else if (block) {
        block.push(line);
      }
    }
  }
  return blocks;
}

/** The claims of one example block: each `// =>` with the statement it closes and the statements before it. */
export function claimsOf(block: readonly string[], where: string): Claim[] {
  const claims: Claim[] = [];
  const done: string[] = [];
  let pending: string[] = [];
  for (const line of block) {
    const at = line.indexOf('// =>');
    if (at === -1) {
      pending.push(line);
      continue;
    }
    const code = line.slice(0, at).trim();
    const expected = line.slice(at + 5).trim();
    const expression = code !== '' ? code : pending.join('\n').trim();
    const setup = code !== '' ? [...done, ...pending].join('\n') : done.join('\n');
    claims.push({ where, setup, expression: expression.replace(/;\s*$/, ''), expected });
    if (code !== '') done.push(...pending, line.slice(0, at));
    else done.push(...pending);
    pending = [];
  }
  return claims;
}

/** The expected value of a claim, or why it cannot be compared exactly. */
export function expectedValue(text: string): { value: unknown; tolerance?: number; digits?: boolean } | { skip: string } {
  let t = text;
  let tolerance: number | undefined;
  const tol = t.match(/\(to (\d(?:\.\d+)?e-\d+)\)\s*$/);
  if (tol) {
    tolerance = Number(tol[1]);
    t = t.slice(0, tol.index).trim();
  }
  if (/[…≈≤≥]|\.\.\./.test(t)) return { skip: 'elided value' };
  if (/^throws\b/.test(t)) return { skip: 'a throw' };
  // a trailing parenthetical remark is prose, not value
  t = t.replace(/\s+\([^()]*\)\s*$/, '').trim();
  try {
    return { value: new Function(`return (${typedArrays(t)});`)(), tolerance, digits: tolerance === undefined };
  } catch {
    return { skip: 'not a literal' };
  }
}

/** `Float64Array [1, 2]` (how an example writes a typed array) as the expression `new Float64Array([1, 2])`. */
export function typedArrays(text: string): string {
  let out = text;
  for (;;) {
    const m = /\b(Float64Array|Float32Array|Uint32Array|Int32Array) \[/.exec(out);
    if (!m) return out;
    let depth = 0;
    let end = m.index + m[0].length - 1;
    for (; end < out.length; end++) {
      if (out[end] === '[') depth++;
      else if (out[end] === ']' && --depth === 0) break;
    }
    out = `${out.slice(0, m.index)}new ${m[1]}(${out.slice(m.index + m[0].length - 1, end + 1)})${out.slice(end + 1)}`;
  }
}

/** Significant digits written in a number literal. */
function writtenDigits(n: number): number {
  const m = String(n).replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
  return Math.max(1, m.length);
}

/** Whether `actual` is what `expected` says, numbers to the digits written (or the tolerance). */
export function matches(actual: unknown, expected: unknown, tolerance?: number, digits = true): boolean {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (Number.isNaN(expected)) return Number.isNaN(actual);
    if (actual === expected) return true;
    if (tolerance !== undefined) return Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
    if (!digits || !Number.isFinite(expected) || expected === 0) return false;
    const d = writtenDigits(expected);
    return d < 15 && Number(actual.toPrecision(d)) === expected;
  }
  if (ArrayBuffer.isView(expected)) {
    // the same kind of typed array (a subclass, such as a run's JSON-friendly view, is one), element by element
    if (!(actual instanceof (expected.constructor as new () => unknown))) return false;
    const e = Array.from(expected as unknown as ArrayLike<number>);
    const a = Array.from(actual as ArrayLike<number>);
    return a.length === e.length && a.every((x, i) => matches(x, e[i], tolerance, digits));
  }
  if (Array.isArray(expected)) {
    const a = ArrayBuffer.isView(actual) ? Array.from(actual as unknown as ArrayLike<number>) : actual;
    return Array.isArray(a) && a.length === expected.length && a.every((x, i) => matches(x, expected[i], tolerance, digits));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') return false;
    const keys = Object.keys(expected);
    return keys.every((k) => matches((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], tolerance, digits));
  }
  return Object.is(actual, expected);
}

/** Runs a claim with `scope` as its names: its value, or `{ unbound }` when the code names something not in scope. */
async function evaluate(claim: Claim, scope: Record<string, unknown>): Promise<{ value: unknown } | { unbound: string } | { error: unknown }> {
  const source = `${claim.setup}\nreturn (${claim.expression});`;
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  try {
    const run = new Function(...names, `return (async () => {\n${js}\n})();`) as (...args: unknown[]) => Promise<unknown>;
    return { value: await run(...names.map((n) => scope[n])) };
  } catch (error) {
    if (error instanceof ReferenceError || error instanceof SyntaxError) return { unbound: String(error.message) };
    // an example that reads a file of the caller's (`loadRun('lr_find.json')`) needs the caller's data too
    if (lrfind.isLrfindError(error) && error.code === 'E_FILE_READ') return { unbound: error.message };
    return { error };
  }
}

describe('the comparison of a claim (it can fail)', () => {
  it('reads the claims of an example block', () => {
    const claims = claimsOf(['const x = f(1);', 'x.a; // => 2', 'g(', '  3);', '// => [1, 2]'], 'here');
    expect(claims).toEqual([
      { where: 'here', setup: 'const x = f(1);', expression: 'x.a', expected: '2' },
      { where: 'here', setup: 'const x = f(1);\nx.a; ', expression: 'g(\n  3)', expected: '[1, 2]' },
    ]);
  });

  it('matches to the written digits, tolerances and typed arrays, and refuses a drifted value', () => {
    expect(matches(0.002314, 0.0023)).toBe(true);
    expect(matches(0.0024, 0.0023)).toBe(false);
    expect(matches(0.92236816, 0.9223681599999999)).toBe(false); // 16 written digits: exact only
    expect(matches(new Float64Array([1, 2]), new Float64Array([1, 2]))).toBe(true);
    expect(matches([1, 2], new Float64Array([1, 2]))).toBe(false);
    expect(matches(new Float64Array([1, NaN]), new Float64Array([1, NaN]))).toBe(true);
    expect(typedArrays('{ lrs: Float64Array [1, [2]], m: Uint32Array [3] }')).toBe('{ lrs: new Float64Array([1, [2]]), m: new Uint32Array([3]) }');
    expect(matches({ lr: 0.01, index: 3, extra: 1 }, { lr: 0.01, index: 3 })).toBe(true);
    expect(matches({ lr: 0.01, index: 4 }, { lr: 0.01, index: 3 })).toBe(false);
    expect(matches(3 + 1e-16, 3, 1e-15)).toBe(true);
    expect(expectedValue("'1.2e-3'")).toEqual({ value: '1.2e-3', tolerance: undefined, digits: true });
    expect(expectedValue('{ lr: …, index: 3 }')).toEqual({ skip: 'elided value' });
    expect(expectedValue('10 (an overlay cycles through them)')).toMatchObject({ value: 10 });
  });
});

describe('TSDoc examples of the pure rooms', async () => {
  const claims = ROOMS.flatMap((room) =>
    files(join(SRC, room)).flatMap((file) => exampleBlocks(readFileSync(file, 'utf8')).flatMap((b) => claimsOf(b, relative(SRC, file)))),
  );
  const checked: { claim: Claim; actual: unknown; expected: unknown; ok: boolean }[] = [];
  const notRun: Record<string, number> = {};
  for (const claim of claims) {
    const expected = expectedValue(claim.expected);
    if ('skip' in expected) {
      notRun[expected.skip] = (notRun[expected.skip] ?? 0) + 1;
      continue;
    }
    const module = (await import(join(SRC, claim.where))) as Record<string, unknown>;
    const result = await evaluate(claim, { ...lrfind, ...module });
    if ('unbound' in result) {
      notRun['needs the caller’s data'] = (notRun['needs the caller’s data'] ?? 0) + 1;
      continue;
    }
    if ('error' in result) checked.push({ claim, actual: `threw ${String(result.error)}`, expected: expected.value, ok: false });
    else checked.push({ claim, actual: result.value, expected: expected.value, ok: matches(result.value, expected.value, expected.tolerance, expected.digits) });
  }

  it(`runs at least 290 of the ${claims.length} claims (${checked.length} run; not run: ${JSON.stringify(notRun)})`, () => {
    expect(checked.length).toBeGreaterThanOrEqual(290);
  });

  it('every claim run returns what its example says', () => {
    const wrong = checked
      .filter((c) => !c.ok)
      .map((c) => `${c.claim.where}: ${c.claim.expression} // => ${c.claim.expected} (got ${JSON.stringify(c.actual, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))})`);
    expect(wrong).toEqual([]);
  });
});
