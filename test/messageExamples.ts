import { readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Checks every `@example` of a messages module: each example is one call ending in `.message` or `.code`, followed
 * (on the same line or the next) by `// => <JS literal>`; the call is evaluated against the module's exports and
 * compared with the literal, so the documented text cannot drift from the builder. Returns how many were checked.
 */
export function checkMessageExamples(file: string, mod: Record<string, unknown>): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const names = Object.keys(mod);
  let checked = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].includes('@example')) continue;
    let call = lines[i + 1].replace(/^\s*\*\s?/, '');
    let expected: string;
    const same = call.indexOf('; // => ');
    if (same >= 0) {
      expected = call.slice(same + '; // => '.length);
      call = call.slice(0, same);
    } else {
      expected = lines[i + 2].replace(/^\s*\*\s?\/\/ => /, '');
      call = call.replace(/;$/, '');
    }
    const actual = new Function(...names, `return ${call};`)(...names.map((n) => mod[n]));
    expect(actual, `${file}: ${call}`).toBe(new Function(`return ${expected};`)());
    checked++;
  }
  return checked;
}
