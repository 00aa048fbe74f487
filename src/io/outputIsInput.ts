/**
 * The one check that an output file is not one of the inputs, for every command that writes.
 *
 * @module
 */
import { fstatSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { outputIsInput } from './messages.js';

/**
 * Refuse to write over an input: compares the files themselves (device and inode), so a symlink, a hard link or
 * another spelling of the same path is caught too; a path that does not exist yet is compared by its resolved
 * spelling. `-`, standard input, is caught when it is redirected from the output file (`< run.json`).
 *
 * @throws {LrfindError} `E_OUTPUT_IS_INPUT` naming the output and the input.
 * @example
 * await assertNotAnInput('report.svg', ['run.json']); // passes
 */
export async function assertNotAnInput(output: string, inputs: readonly string[]): Promise<void> {
  const out = await stat(output).catch(() => undefined);
  for (const input of inputs) {
    if (input === '-') {
      // standard input redirected from the output file (`convert - -o run.json < run.json`): the same file
      const info = out === undefined ? undefined : stdinFile();
      if (info !== undefined && out !== undefined && info.dev === out.dev && info.ino === out.ino) throw outputIsInput(output, '<stdin>');
      continue;
    }
    const info = out === undefined ? undefined : await stat(input).catch(() => undefined);
    const same = info !== undefined && out !== undefined ? info.dev === out.dev && info.ino === out.ino : resolve(input) === resolve(output);
    if (same) {
      throw outputIsInput(output, input);
    }
  }
}

/** Standard input's file, when it is a regular file (a `<` redirection); pipes and terminals are never an output. */
function stdinFile(): Stats | undefined {
  try {
    const info = fstatSync(0);
    return info.isFile() ? info : undefined;
  } catch {
    return undefined;
  }
}
