/**
 * The import graph of `src/`: no circles (type imports count — a type that lives in the wrong room pulls the rooms
 * together as surely as a value), and arrows that point one way down the layers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(new URL('../../src', import.meta.url).pathname);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import and re-export of a file (static, dynamic and type-only), as resolved .ts paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
    out.push(resolve(dirname(file), m[1].replace(/\.js$/, '.ts')));
  }
  return out;
}

/** The import circles of the graph (each as the list of files around it), found by depth-first search. */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/**
 * The rooms of src/ from the bottom floor up (docs/architecture.md): a file may import its own room and the floors
 * below; rooms on one floor (plot, backends) do not import each other.
 */
const FLOORS: readonly (readonly string[])[] = [
  ['errors.ts', 'version.ts'],
  ['io'],
  ['analysis'],
  ['schedules'],
  ['runs'],
  ['confirm'],
  ['recorder'],
  ['plot', 'backends'],
  ['node'],
  ['cli'],
  ['index.ts'],
];

/** The room of a path under src/ (its first folder, or the file itself at the top) and its floor. */
function roomOf(path: string): { room: string; floor: number } {
  const room = path.split('/')[0];
  const floor = FLOORS.findIndex((rooms) => rooms.includes(room));
  return { room, floor };
}

/** The imports that go sideways or up, as `from → to` lines. */
function wrongWay(edges: readonly (readonly [string, string])[]): string[] {
  return edges
    .filter(([from, to]) => {
      const a = roomOf(from);
      const b = roomOf(to);
      return a.room !== b.room && (a.floor === -1 || b.floor === -1 || b.floor >= a.floor);
    })
    .map(([from, to]) => `${from} → ${to}`);
}

describe('the import graph of src/', () => {
  const graph = new Map(files(SRC).map((f) => [f, importsOf(f)]));

  it('finds a circle when there is one (the check can fail)', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual([['a', 'b', 'c', 'a']]);
    expect(circles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('has no import circle', () => {
    const found = circles(graph).map((c) => c.map((f) => relative(SRC, f)).join(' → '));
    expect(found).toEqual([]);
  });

  it('src/analysis imports nothing outside itself but the shared errors', () => {
    const out = [...graph]
      .filter(([f]) => relative(SRC, f).startsWith('analysis/'))
      .flatMap(([f, deps]) => deps.filter((d) => !relative(SRC, d).startsWith('analysis/') && relative(SRC, d) !== 'errors.ts').map((d) => `${relative(SRC, f)} → ${relative(SRC, d)}`));
    expect(out).toEqual([]);
  });

  it('points one way down the floors (the check can fail)', () => {
    expect(wrongWay([['runs/run.ts', 'confirm/confirm.ts'], ['plot/a.ts', 'backends/b.ts'], ['runs/a.ts', 'analysis/b.ts']])).toEqual([
      'runs/run.ts → confirm/confirm.ts',
      'plot/a.ts → backends/b.ts',
    ]);
  });

  it('every import goes to its own room or a floor below', () => {
    const edges = [...graph].flatMap(([f, deps]) => deps.map((d) => [relative(SRC, f), relative(SRC, d)] as const));
    expect(edges.length).toBeGreaterThan(100);
    expect(wrongWay(edges)).toEqual([]);
  });

  it('every room of src/ is on a floor', () => {
    const rooms = [...new Set([...graph.keys()].map((f) => relative(SRC, f).split('/')[0]))];
    expect(rooms.filter((r) => roomOf(r).floor === -1)).toEqual([]);
  });
});
