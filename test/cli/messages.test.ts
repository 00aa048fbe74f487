import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import * as msg from '../../src/cli/messages.js';
import { UsageError } from '../../src/cli/io.js';
import { parseIntegerOption, parsePresetOption } from '../../src/cli/options.js';
import { parseFormatOption } from '../../src/cli/importOptions.js';
import { LrfindError } from '../../src/errors.js';
import { checkMessageExamples } from '../messageExamples.js';

const BIN = new URL('../../dist/cli/main.js', import.meta.url).pathname;

describe('src/cli/messages', () => {
  it('every builder has an @example whose text is what it builds', () => {
    expect(checkMessageExamples('src/cli/messages.ts', msg)).toBe(Object.keys(msg).length);
  });

  it('builders return the right class, code and text', () => {
    const a = msg.flagMustBeOneOf('--backend', ['auto', 'cpu'], 'gpu');
    expect(a).toBeInstanceOf(UsageError);
    expect(a.message).toBe('--backend must be one of auto, cpu (got "gpu")');
    const b = msg.cannotCreateDir('out', 'EACCES', 'c');
    expect(b).toBeInstanceOf(LrfindError);
    expect(b.code).toBe('E_FILE_WRITE');
    expect(b.file).toBe('out');
    expect(msg.tfjsMissing('c').code).toBe('E_OPTION');
    expect(msg.notTogether('--all', '--suggest')).toBeInstanceOf(UsageError);
  });

  it('the option parsers still throw the exact texts', () => {
    expect(() => parsePresetOption('nope')).toThrow(/^--preset must be one of lrfind, fastai.* \(got "nope"\)$/);
    expect(() => parseIntegerOption('--num-it', 2)('1')).toThrow(new UsageError('--num-it must be an integer >= 2 (got "1")'));
    expect(() => parseFormatOption('xls')).toThrow(/^--format must be one of .* \(got "xls"\)$/);
  });

  it('the CLI prints the exact text on one stderr line, exit 2', () => {
    const r = spawnSync(process.execPath, [BIN, 'compare', 'a.json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('compare needs at least two runs (got 1)');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
