/**
 * The formats lrfind imports, and what each means: who wrote it, how its losses are smoothed, where its columns are.
 *
 * @module
 */
import type { EmaOptions } from '../../analysis/ema.js';
import type { SmoothingInfo } from '../run.js';

/** The formats {@link importRun} reads. Tools name the smoothing; the container (JSON, CSV, JSONL) is sniffed. */
export type ImportFormat =
  | 'lrfind'
  | 'fastai'
  | 'fastai1'
  | 'torch-lr-finder'
  | 'lightning'
  | 'keras'
  | 'tensorboard'
  | 'csv'
  | 'json'
  | 'jsonl';

/** What each format means: who wrote it, how its losses are smoothed, and where its columns usually are. */
export interface FormatSpec {
  readonly description: string;
  readonly smoothing: SmoothingInfo;
  /** The forward filter to invert, when the losses are smoothed. */
  readonly ema?: EmaOptions;
  /** Candidate names of the lr and loss columns, in order of preference (case-insensitive). */
  readonly lr: readonly string[];
  readonly loss: readonly string[];
}

const PLAIN_LR = ['lr', 'lrs', 'learning_rate', 'learning rate'] as const;
const PLAIN_LOSS = ['loss', 'losses'] as const;

/**
 * Every format, with its smoothing; the table in docs/importing.md is this one.
 * @example
 * IMPORT_FORMATS.fastai.smoothing; // => { kind: 'ema-debiased', beta: 0.98 }
 */
export const IMPORT_FORMATS: Readonly<Record<ImportFormat, FormatSpec>> = Object.freeze({
  lrfind: {
    description: "lrfind's run file (JSON, or CSV lr,loss[,smoothed_loss]); raw losses",
    smoothing: { kind: 'none' },
    lr: ['lr', 'lrs'],
    loss: ['loss', 'losses'],
  },
  fastai: {
    description: 'fastai v2 learn.recorder.lrs / .losses (debiased EMA β = 0.98, float32)',
    smoothing: { kind: 'ema-debiased', beta: 0.98 },
    ema: { beta: 0.98, debias: true },
    lr: ['lrs', 'lr'],
    loss: ['losses', 'loss'],
  },
  fastai1: {
    description: 'fastai v1 learn.recorder.lrs / .losses (debiased EMA β = 0.98, float32)',
    smoothing: { kind: 'ema-debiased', beta: 0.98 },
    ema: { beta: 0.98, debias: true },
    lr: ['lrs', 'lr'],
    loss: ['losses', 'loss'],
  },
  'torch-lr-finder': {
    description: "pytorch-lr-finder lr_finder.history (seeded EMA smooth_f = 0.05)",
    smoothing: { kind: 'ema-seeded', beta: 0.95 },
    ema: { beta: 0.95, init: 'first' },
    lr: ['lr'],
    loss: ['loss'],
  },
  lightning: {
    description: "Lightning lr_finder.results (EMA β = 0.98, debiased as shipped: 1 − β^(k+2))",
    smoothing: { kind: 'ema-lightning', beta: 0.98 },
    ema: { beta: 0.98, debias: true, debiasOffset: 1 },
    lr: ['lr'],
    loss: ['loss'],
  },
  keras: {
    description: 'a Keras LR-finder callback\'s per-batch CSV: lr and logs["loss"], the running mean of the epoch (TF >= 2.2, Keras 3)',
    smoothing: { kind: 'running-mean' },
    lr: [...PLAIN_LR],
    loss: [...PLAIN_LOSS],
  },
  tensorboard: {
    description: 'TensorBoard scalar exports (Wall time,Step,Value), a loss tag paired by step with an lr tag',
    smoothing: { kind: 'none' },
    lr: ['value'],
    loss: ['value'],
  },
  csv: { description: 'plain CSV with lr and loss columns; raw losses', smoothing: { kind: 'none' }, lr: [...PLAIN_LR], loss: [...PLAIN_LOSS] },
  json: { description: 'plain JSON with lr and loss arrays or records; raw losses', smoothing: { kind: 'none' }, lr: [...PLAIN_LR], loss: [...PLAIN_LOSS] },
  jsonl: { description: 'JSON Lines, one {"lr", "loss"} object a line; raw losses', smoothing: { kind: 'none' }, lr: [...PLAIN_LR], loss: [...PLAIN_LOSS] },
});

/**
 * The format names, in display order.
 * @example
 * IMPORT_FORMAT_NAMES.includes('torch-lr-finder'); // => true
 */
export const IMPORT_FORMAT_NAMES = Object.freeze(Object.keys(IMPORT_FORMATS) as ImportFormat[]);

/**
 * True when `name` is an {@link ImportFormat}.
 *
 * @example
 * isImportFormat('fastai'); // => true
 * isImportFormat('pickle'); // => false
 */
export function isImportFormat(name: unknown): name is ImportFormat {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(IMPORT_FORMATS, name);
}
