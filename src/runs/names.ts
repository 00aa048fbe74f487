/**
 * Short, distinct names for runs shown together (tables, overlay legends). Pure.
 *
 * @module
 */

/** Split a path on `/` and `\`. */
function parts(path: string): string[] {
  return path.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
}

/**
 * Names for several run files: each file's base name, with as many parent folders as it takes to tell files with
 * the same base name apart (`seed1/run.json`, `seed2/run.json`); `-` is `<stdin>`.
 *
 * @param paths - the files, as given.
 * @returns one name per path, in order.
 * @example
 * displayNames(['a/x/run.json', 'b/x/run.json', 'c.json']); // => ['a/x/run.json', 'b/x/run.json', 'c.json']
 * displayNames(['out/seed1.json', 'out/seed2.json']);        // => ['seed1.json', 'seed2.json']
 */
export function displayNames(paths: readonly string[]): string[] {
  const split = paths.map((p) => (p === '-' ? ['<stdin>'] : parts(p)));
  const depth = split.map(() => 1);
  for (;;) {
    const names = split.map((s, i) => s.slice(-depth[i]).join('/'));
    let changed = false;
    for (let i = 0; i < names.length; i++) {
      const clash = names.some((n, j) => j !== i && n === names[i]);
      if (clash && depth[i] < split[i].length) {
        depth[i]++;
        changed = true;
      }
    }
    if (!changed) return numberRepeats(names.map((n, i) => (names.some((m, j) => j !== i && m === n) ? paths[i] : n)));
  }
}

/** The same name given twice (one file named twice): the second becomes `name (2)`. */
function numberRepeats(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/**
 * A run name shortened to at most `max` characters for a legend: the middle is replaced by `…` so the start and the
 * distinctive end (a seed, an optimizer) both stay.
 *
 * @example
 * shortName('mnist-mlp-adam-batch64-seed1.json', 20); // => 'mnist-mlp…seed1.json'
 * shortName('run.json', 20);                          // => 'run.json'
 */
export function shortName(name: string, max = 28): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const tail = Math.ceil((max - 1) / 2);
  const head = max - 1 - tail;
  return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}
