/**
 * Every folder of src/ says what it holds: a README.md whose table names each of its .ts files (and no file that is
 * not there), and links the rooms inside it. Adding, moving or removing a file without saying so fails here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(new URL('../../src', import.meta.url).pathname);

function folders(dir: string): string[] {
  return [dir, ...readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? folders(join(dir, n)) : []))];
}

/** What a README says is in its folder: the files of its table and the rooms it links. */
export function namedIn(readme: string): { files: string[]; rooms: string[] } {
  const files = [...readme.matchAll(/^\| `([\w.-]+\.ts)` \|/gm)].map((m) => m[1]);
  const rooms = [...readme.matchAll(/\[`([\w-]+)\/`\]\(\1\/README\.md\)/g)].map((m) => m[1]);
  return { files, rooms };
}

describe('every room of src/ says what it holds', () => {
  it('reads a README table and its room links (the check can fail)', () => {
    expect(namedIn('| `a.ts` | x |\n| `b.ts` | y |\nRooms inside: [`c/`](c/README.md).')).toEqual({ files: ['a.ts', 'b.ts'], rooms: ['c'] });
  });

  for (const dir of folders(SRC)) {
    const name = relative(resolve(SRC, '..'), dir);
    it(`${name}/README.md names exactly its files and rooms`, () => {
      const path = join(dir, 'README.md');
      expect(existsSync(path), `${name} has no README.md`).toBe(true);
      const said = namedIn(readFileSync(path, 'utf8'));
      const entries = readdirSync(dir);
      expect(said.files.sort()).toEqual(entries.filter((n) => n.endsWith('.ts')).sort());
      expect(said.rooms.sort()).toEqual(entries.filter((n) => statSync(join(dir, n)).isDirectory()).sort());
    });
  }
});
