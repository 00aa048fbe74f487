/**
 * Telling a file's container (JSON, JSON Lines, CSV) and its tool apart: text checks, the container sniff, the
 * lr-schedule test that tells pytorch-lr-finder from Lightning, and the detection itself.
 *
 * @module
 */
import { stripBom } from '../../io/readText.js';
import { ambiguousLrLoss, fileEmpty, notText } from '../messages.js';
import { parseJsonText } from './json.js';
import { JsonNumbers } from './jsonStream.js';
import { RUN_FORMAT } from '../run.js';
import type { ImportFormat } from './formats.js';

/** What {@link detectFormat} found. */
export interface DetectedFormat {
  readonly format: ImportFormat;
  readonly container: 'json' | 'jsonl' | 'csv';
  /** Why, in a few words: the evidence the detection rests on. */
  readonly reason: string;
}

/**
 * Reject text that is not a text file: NUL bytes, invalid UTF-8 (decoded as U+FFFD), other C0 control bytes.
 *
 * @example
 * assertText('lr,loss\n0.001,2.3\n', 'run.csv'); // passes
 * assertText('lr,loss\n0.001,2\0.3\n', 'run.csv');
 * // throws LrfindError E_PARSE "run.csv: not a text run file (byte 0x00 at line 2; binary data?)"
 * assertText('  \n', 'run.csv'); // throws LrfindError E_EMPTY "run.csv: the file is empty"
 */
export function assertText(text: string, file: string): void {
  let at = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || c === 0xfffd) {
      at = i;
      break;
    }
  }
  if (at !== -1) {
    const code = text.charCodeAt(at);
    const line = text.slice(0, at).split('\n').length;
    const what = code === 0xfffd ? 'bytes that are not UTF-8 text' : `byte 0x${code.toString(16).padStart(2, '0')}`;
    throw notText(file, what, line);
  }
  if (text.trim() === '') throw fileEmpty(file);
}

/**
 * The container of a file: from its extension, else from its first characters.
 *
 * @example
 * sniffContainer('lr,loss\n0.001,2.3\n', 'run.txt');           // => 'csv'
 * sniffContainer('{"lr": [0.001], "loss": [2.3]}', 'h.json');    // => 'json'
 * sniffContainer('{"lr": 0.001}\n{"lr": 0.01}\n', 'run.json'); // => 'jsonl' (one object per line)
 */
export function sniffContainer(text: string, file: string): 'json' | 'jsonl' | 'csv' {
  const lower = file.toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  // the first two non-blank lines, without splitting a 40 MB file
  const head = text.trimStart().slice(0, 1 << 16);
  const lines = head.split(/\r\n?|\n/, 64).map((l) => l.trim()).filter((l) => l !== '');
  // one complete object per line is JSON Lines, whatever the extension says (it is not valid JSON anyway)
  if (lines.length >= 2 && lines[0].startsWith('{') && lines[0].endsWith('}') && lines[1].startsWith('{')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(csv|tsv)$/.test(lower)) return 'csv';
  const first = lines[0]?.[0];
  return first === '[' || first === '{' ? 'json' : 'csv';
}

const close = (a: number, b: number, tol: number): boolean => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

/**
 * Which lr schedule a series of learning rates follows: evenly stepped (`start·q^i` or `start + i·d`, as
 * pytorch-lr-finder and fastai step), Lightning's (`lr[0] = start`, then `start·q^((i+1)/N)`: the first step is
 * twice the others), or neither. Steps are compared to 1e-4 relative, so float32-rounded lrs still match.
 *
 * @param lrs - the learning rates, in run order (at least 4 are needed to tell).
 * @returns `shape` and, unless `'other'`, whether the steps are in log lr (`'exp'`) or in lr (`'linear'`).
 * @example
 * lrScheduleKind([1e-4, 1e-3, 1e-2, 1e-1]);    // => { shape: 'uniform', schedule: 'exp' }
 * lrScheduleKind([1e-8, 1e-6, 1e-5, 1e-4]);    // => { shape: 'lightning', schedule: 'exp' }
 * lrScheduleKind([1e-3, 2e-3, 7e-3, 1e-2]);    // => { shape: 'other' }
 */
export function lrScheduleKind(lrs: ArrayLike<number>): { shape: 'uniform' | 'lightning' | 'other'; schedule?: 'exp' | 'linear' } {
  const n = lrs.length;
  if (n < 4) return { shape: 'other' };
  for (const schedule of ['exp', 'linear'] as const) {
    const step = (i: number): number => (schedule === 'exp' ? Math.log(lrs[i + 1] / lrs[i]) : lrs[i + 1] - lrs[i]);
    const d1 = step(1);
    if (!(d1 > 0)) continue;
    let rest = true;
    for (let i = 2; i < n - 1 && rest; i++) rest = close(step(i), d1, 1e-4);
    if (!rest) continue;
    const d0 = step(0);
    if (close(d0, d1, 1e-4)) return { shape: 'uniform', schedule };
    if (close(d0, 2 * d1, 1e-4)) return { shape: 'lightning', schedule };
  }
  return { shape: 'other' };
}

/**
 * Detect the format of a run file from its name and content, where that is unambiguous:
 * - JSON with `"format": "lrfind-run"`, or with `lrs` and `losses` arrays → `lrfind` (raw losses; a fastai
 *   recorder saved under those keys needs `--format fastai`);
 * - JSON `{"lr": [...], "loss": [...]}` (what `json.dump(lr_finder.history)` and `json.dump(lr_finder.results)`
 *   write) → `lightning` when the lrs follow Lightning's schedule (its first step is twice the others),
 *   `torch-lr-finder` when they follow pytorch-lr-finder's (even steps, exponential or linear); otherwise the
 *   file is ambiguous and `format` must be given;
 * - `Wall time,Step,Value` CSV, or a JSON array of `[wall, step, value]` → `tensorboard`;
 * - JSON Lines → `jsonl`; any other JSON → `json`; any other text → `csv` (raw losses).
 *
 * @throws {LrfindError} `E_PARSE` / `E_EMPTY` for text that is not a run file; `E_FORMAT` when ambiguous.
 * @example
 * detectFormat('{"lr": [1e-7, 2e-7, 4e-7, 8e-7], "loss": [2.3, 2.3, 2.2, 2.2]}', 'h.json').format; // => 'torch-lr-finder'
 * detectFormat('Wall time,Step,Value\n1.7e9,0,2.3\n', 'loss.csv').format; // => 'tensorboard'
 */
export function detectFormat(text: string, file = '<input>'): DetectedFormat {
  const bare = stripBom(text);
  assertText(bare, file);
  return detectParsed(bare, file, sniffContainer(bare, file)).detected;
}

/**
 * Detection on parsed content (the JSON value is parsed once and reused by the importer).
 *
 * @example
 * detectParsed('Wall time,Step,Value\n1.7e9,0,2.3\n', 'loss.csv', 'csv').detected.format; // => 'tensorboard'
 * const { detected, json } = detectParsed('{"lrs": [0.001], "losses": [2.3]}', 'run.json', 'json');
 * detected.format; // => 'lrfind'
 * json;            // => { lrs: [0.001], losses: [2.3] }
 */
export function detectParsed(text: string, file: string, container: 'json' | 'jsonl' | 'csv'): { detected: DetectedFormat; json?: unknown } {
  if (container === 'jsonl') return { detected: { format: 'jsonl', container, reason: 'JSON Lines' } };
  if (container === 'csv') {
    const header = (text.trimStart().split(/\r\n?|\n/, 1)[0] ?? '').toLowerCase().split(/[,\t;]/).map((h) => h.trim());
    if (header.length === 3 && header[0] === 'wall time' && header[1] === 'step' && header[2] === 'value') {
      return { detected: { format: 'tensorboard', container, reason: 'a TensorBoard scalar export (Wall time,Step,Value)' } };
    }
    if (['step', 'tag', 'value'].every((c) => header.includes(c))) {
      return { detected: { format: 'tensorboard', container, reason: 'a long-format scalar table (step, tag, value), as tbparse writes' } };
    }
    return { detected: { format: 'csv', container, reason: 'CSV with a header row' } };
  }
  return detectJsonValue(parseJsonText(text, { file }), container, file);
}

/**
 * {@link detectParsed} of a JSON container once parsed (by `parseJsonText`, or streamed by `readJsonStream`, whose
 * top-level arrays of numbers are {@link JsonNumbers}).
 *
 * @example
 * detectJsonValue({ lrs: [0.001], losses: [2.3] }, 'json').detected.format; // => 'lrfind'
 */
export function detectJsonValue(json: unknown, container: 'json' | 'jsonl' | 'csv', file = '<input>'): { detected: DetectedFormat; json?: unknown } {
  if (Array.isArray(json) && json.length > 0 && json.every((r) => Array.isArray(r) && r.length === 3)) {
    return { json, detected: { format: 'tensorboard', container, reason: 'a TensorBoard scalar export ([wall time, step, value] triples)' } };
  }
  if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
    const obj = json as Record<string, unknown>;
    if (obj.format === RUN_FORMAT) return { json, detected: { format: 'lrfind', container, reason: `"format": "${RUN_FORMAT}"` } };
    if ('lrs' in obj && 'losses' in obj) {
      return { json, detected: { format: 'lrfind', container, reason: '"lrs" and "losses" keys (an lrfind run; raw losses)' } };
    }
    const column = (v: unknown): boolean => Array.isArray(v) || v instanceof JsonNumbers;
    const lr = obj.lr as readonly unknown[] | JsonNumbers;
    const usable =
      column(obj.lr) &&
      column(obj.loss) &&
      lr.length === (obj.loss as { length: number }).length &&
      (lr instanceof JsonNumbers
        ? lr.text.size === 0 && lr.values.every((v) => v > 0 && Number.isFinite(v))
        : lr.every((v) => typeof v === 'number' && v > 0 && Number.isFinite(v)));
    // a file with a broken lr or length falls through to the plain reader, which names the bad cell
    if (usable) {
      const { shape } = lrScheduleKind(lr instanceof JsonNumbers ? lr.values : (lr as number[]));
      if (shape === 'lightning') {
        return { json, detected: { format: 'lightning', container, reason: "Lightning's lr_finder.results (its lr schedule's first step is twice the others)" } };
      }
      if (shape === 'uniform') {
        return { json, detected: { format: 'torch-lr-finder', container, reason: "pytorch-lr-finder's lr_finder.history (evenly stepped lrs)" } };
      }
      throw ambiguousLrLoss(file);
    }
  }
  return { json, detected: { format: 'json', container, reason: 'JSON' } };
}
