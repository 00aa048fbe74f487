/**
 * The run: what a range test records, in memory. Its file form is described in docs/run-format.md.
 *
 * @module
 */
import type { Confirmation } from './confirmation.js';

/** Why a range test ended. */
export type RunStopReason = 'completed' | 'diverged' | 'non-finite' | 'aborted' | 'error';

/** How the losses of an imported run were smoothed by the tool that recorded them. */
export interface SmoothingInfo {
  /** `'none'` for raw losses; `'running-mean'` for Keras' per-epoch running mean (TF >= 2.2, Keras 3). */
  readonly kind: 'none' | 'ema-debiased' | 'ema-seeded' | 'ema-lightning' | 'running-mean' | 'unknown';
  /** EMA weight of the previous value (β), when `kind` is an EMA. */
  readonly beta?: number;
}

/** Metadata of a run; every field is optional, unknown fields are kept. */
export interface RunMeta {
  /** lr schedule: `'exp'` (geometric) or `'linear'`. */
  schedule?: 'exp' | 'linear';
  startLr?: number;
  endLr?: number;
  /** Iterations asked for (the run may be shorter if it stopped early). */
  numIt?: number;
  batchSize?: number;
  /**
   * Training examples the driver drew its batches from (tensor data; unknown for a dataset or an imported run).
   */
  trainExamples?: number;
  /**
   * Batches per pass over the training data (tensor data; unknown for a dataset or an imported run). `1` means
   * every step saw the whole training set: full-batch gradient descent, a sweep without batch-to-batch noise.
   */
  batchesPerEpoch?: number;
  optimizer?: string;
  backend?: string;
  seed?: number;
  /** Whether in-memory data was reshuffled (with `seed`) every pass. */
  shuffle?: boolean;
  /** How `smoothedLosses` was computed by lrfind's recorder (`ema-debiased`, β). */
  smoothing?: SmoothingInfo;
  /** Whether the model's body was frozen (only the head trainable) during the test. */
  frozen?: boolean;
  /** Names of the trainable / non-trainable layers during the test. */
  trainableLayers?: string[];
  frozenLayers?: string[];
  /** Version of lrfind that wrote the run. */
  lrfindVersion?: string;
  /** Where the run came from when it was imported: tool name and the smoothing its losses carry. */
  source?: { tool: string; smoothing: SmoothingInfo; file?: string };
  /** Wall-clock start (ISO 8601). */
  startedAt?: string;
  [key: string]: unknown;
}

/** A recorded range test. `losses` are RAW per-step losses; NaN stands for any non-finite loss. */
export interface Run {
  readonly lrs: Float64Array;
  readonly losses: Float64Array;
  /** The smoothed losses as recorded (a tool's EMA), when known. */
  readonly smoothedLosses?: Float64Array;
  /** Validation loss per step, when recorded. */
  readonly valLosses?: Float64Array;
  /** Wall time of each step in milliseconds since the start. */
  readonly times?: Float64Array;
  readonly stopReason?: RunStopReason;
  /** The confirm trials run after the test (`lrFind(…, { confirm })`), when there were any. */
  readonly confirmation?: Confirmation;
  readonly meta: RunMeta;
}

/**
 * The `format` tag of lrfind run files.
 * @example
 * JSON.parse(serializeRun(run)).format; // => 'lrfind-run'
 */
export const RUN_FORMAT = 'lrfind-run';
/**
 * The current run-file version. Readers accept every version up to this one.
 * @example
 * JSON.parse(serializeRun(run)).version; // => 1
 */
export const RUN_VERSION = 1;

/**
 * A `Float64Array` that `JSON.stringify` writes as an array of numbers (non-finite values as `null`, as for any
 * array) instead of an object keyed by index. Runs lrfind returns hold their arrays as these: `JSON.stringify(run)`
 * gives `{"lrs":[…],"losses":[…],…}`.
 *
 * @example
 * JSON.stringify(new JsonFloat64Array([1e-3, NaN])); // => '[0.001,null]'
 */
export class JsonFloat64Array extends Float64Array {
  toJSON(): (number | null)[] {
    return Array.from(this, (v) => (Number.isFinite(v) ? v : null));
  }
}

function jsonView(a: Float64Array): Float64Array;
function jsonView(a: Float64Array | undefined): Float64Array | undefined;
function jsonView(a: Float64Array | undefined): Float64Array | undefined {
  if (a === undefined || a instanceof JsonFloat64Array) return a;
  return new JsonFloat64Array(a.buffer as ArrayBuffer, a.byteOffset, a.length); // a view: no copy
}

/**
 * The run with its arrays as {@link JsonFloat64Array} views of the same memory (no copy): `JSON.stringify` then writes
 * them as arrays. The run's other fields are unchanged.
 *
 * @example
 * JSON.stringify(withJsonArrays({ lrs: Float64Array.of(0.1), losses: Float64Array.of(2), meta: {} }));
 * // => '{"lrs":[0.1],"losses":[2],"meta":{}}'
 */
export function withJsonArrays<R extends Run>(run: R): R {
  const out = { ...run, lrs: jsonView(run.lrs), losses: jsonView(run.losses) } as unknown as Record<string, unknown>;
  for (const key of ['smoothedLosses', 'valLosses', 'times'] as const) {
    if (run[key] !== undefined) out[key] = jsonView(run[key]);
  }
  return out as R;
}
