/**
 * Discriminative learning rates for an unfrozen fine-tune (fastai's `slice(lo, hi)`): each layer group trains at its
 * own lr, geometric across the groups, with any tfjs optimizer.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { sliceLrs } from '../../schedules/sliceLrs.js';
import * as msg from './messages.js';

/** A layer group: layers, or their names, trained at one lr. */
export type LayerGroup = readonly (tf.layers.Layer | string)[];

/** Options of {@link discriminativeLrs}. */
export interface DiscriminativeLrOptions {
  /**
   * The layer groups, body first, head last: arrays of layers or layer names — together every layer with trainable
   * weights, each once — or a number `n` to split those layers, in model order, into `n` contiguous groups of
   * (nearly) equal size. Required.
   */
  readonly groups: number | readonly LayerGroup[];
  /**
   * fastai's `slice(lo, hi)`: the lrs of the first and last group (geometric in between, {@link sliceLrs}); `lo`
   * `undefined` is `slice(hi)` (every group but the head at `hi / 10`). The optimizer's lr should be `hi` (the head
   * trains at the optimizer's lr; a schedule peaking at `hi` scales every group alike). Give this or `multipliers`.
   */
  readonly slice?: readonly [number | undefined, number];
  /** Each group's lr as a multiple of the optimizer's (the head's usually 1). Give this or `slice`. */
  readonly multipliers?: readonly number[];
}

interface Group {
  readonly weights: tf.LayerVariable[];
  readonly multiplier: number;
}

/** The layers with trainable weights, in model order. */
function trainableLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((l) => l.trainable && l.trainableWeights.length > 0);
}

function resolveGroups(fn: string, model: tf.LayersModel, groups: number | readonly LayerGroup[]): tf.layers.Layer[][] {
  const layers = trainableLayers(model);
  if (typeof groups === 'number') {
    if (!Number.isSafeInteger(groups) || groups < 1 || groups > layers.length) {
      throw msg.mustBeIn(fn, 'groups', `an integer in [1, ${layers.length}] (the layers with trainable weights)`, groups);
    }
    // contiguous, sizes differing by at most one, the larger ones first (the body)
    const out: tf.layers.Layer[][] = [];
    let start = 0;
    for (let g = 0; g < groups; g++) {
      const size = Math.floor(layers.length / groups) + (g < layers.length % groups ? 1 : 0);
      out.push(layers.slice(start, start + size));
      start += size;
    }
    return out;
  }
  if (!Array.isArray(groups) || groups.length === 0) {
    throw msg.mustBeType(fn, 'groups', 'a number or a non-empty array of layer groups', groups);
  }
  const seen = new Map<tf.layers.Layer, number>();
  const out = groups.map((group, g) => {
    if (!Array.isArray(group) || group.length === 0) throw msg.mustBeType(fn, `groups[${g}]`, 'a non-empty array of layers or layer names', group);
    return group.map((item) => {
      const layer = typeof item === 'string' ? model.layers.find((l) => l.name === item) : model.layers.includes(item) ? item : undefined;
      if (layer === undefined) throw msg.unknownLayer(fn, g, typeof item === 'string' ? item : item?.name);
      if (seen.has(layer)) throw msg.layerInTwoGroups(fn, layer.name, seen.get(layer), g);
      seen.set(layer, g);
      return layer;
    });
  });
  const missing = layers.filter((l) => !seen.has(l)).map((l) => l.name);
  if (missing.length > 0) throw msg.layersMissing(fn, missing);
  return out;
}

/**
 * A tfjs callback giving each layer group its own learning rate during `model.fit` / `fitDataset` — fastai's
 * discriminative lrs (`fit_one_cycle(n, slice(lo, hi))` after `unfreeze()`).
 *
 * tfjs optimizers have one lr, so the optimizer steps with its own lr (the head's) and the callback then scales
 * each other group's update: `w ← w₀ + m_g · (w − w₀)`, where `w₀` is the weight before the batch and `m_g` the
 * group's multiplier (`slice` → `sliceLrs(lo, hi, n)[g] / hi`). For sgd, momentum, adam, adamax, adagrad and adadelta
 * the update is proportional to the lr and their state does not depend on it, so this is exactly training the
 * group at `m_g · lr`; for rmsprop with momentum it is exact while the multipliers stay constant (its momentum
 * buffer holds lr-scaled steps). Combine it with `scheduleCallback`: the schedule sets the head's lr, every group
 * follows it in proportion, as in fastai.
 *
 * Cost per batch: the scaled groups' weights are kept from before the step (one extra copy of their weights in
 * memory during the step — `clone()` shares data, and the optimizer's `assign` leaves the old data to the copy) and
 * three element-wise ops per weight (sub, mul, add) after it; groups with multiplier 1 cost nothing. On the demo's
 * MNIST MLP (two groups) it was below the run-to-run noise of `fit` (docs/guide-schedules.md).
 *
 * @example
 * const disc = new DiscriminativeLrCallback({ groups: [['conv1', 'conv2'], ['dense1'], ['head']], slice: [1e-5, 1e-3] });
 * model.optimizer.learningRate = 1e-3; // hi
 * await model.fit(x, y, { epochs: 3, callbacks: [disc] });
 * disc.lrMultipliers; // => [0.01, 0.1, 1]
 */
export class DiscriminativeLrCallback extends tf.Callback {
  /** Each group's lr as a multiple of the optimizer's, body first. */
  readonly lrMultipliers: readonly number[];
  private readonly options: DiscriminativeLrOptions;
  private groups: Group[] = [];
  private before: tf.Tensor[][] | null = null;

  constructor(options: DiscriminativeLrOptions) {
    super();
    const fn = 'discriminativeLrs';
    if (typeof options !== 'object' || options === null) throw msg.mustBeType(fn, 'options', 'an object { groups, slice | multipliers }', options);
    const { groups, slice, multipliers } = options;
    const n = typeof groups === 'number' ? groups : Array.isArray(groups) ? groups.length : NaN;
    if (!(n >= 1)) throw msg.mustBeType(fn, 'groups', 'a number >= 1 or a non-empty array of layer groups', groups);
    if ((slice === undefined) === (multipliers === undefined)) {
      throw msg.sliceXorMultipliers(fn);
    }
    if (slice !== undefined) {
      if (!Array.isArray(slice) || slice.length !== 2) throw msg.mustBeType(fn, 'slice', '[lo, hi]', slice);
      const hi = slice[1];
      this.lrMultipliers = Array.from(sliceLrs(slice[0], hi, n), (lr) => lr / hi);
    } else {
      if (!Array.isArray(multipliers) || multipliers.length !== n) {
        throw msg.multipliersPerGroup(fn, n, multipliers);
      }
      multipliers.forEach((m, i) => {
        if (typeof m !== 'number' || !Number.isFinite(m) || m < 0) throw msg.mustBeIn(fn, `multipliers[${i}]`, 'a finite number >= 0', m);
      });
      this.lrMultipliers = [...multipliers];
    }
    this.options = options;
  }

  override async onTrainBegin(): Promise<void> {
    const layerGroups = resolveGroups('discriminativeLrs', this.model, this.options.groups);
    this.groups = layerGroups.map((layers, g) => ({
      weights: layers.flatMap((l) => l.trainableWeights),
      multiplier: this.lrMultipliers[g],
    }));
  }

  override async onBatchBegin(): Promise<void> {
    this.release();
    this.before = this.groups.map((g) => (g.multiplier === 1 ? [] : g.weights.map((w) => tf.keep(w.read().clone()))));
  }

  override async onBatchEnd(): Promise<void> {
    const before = this.before;
    if (before === null) return;
    tf.tidy(() => {
      this.groups.forEach((g, i) => {
        if (g.multiplier === 1) return;
        g.weights.forEach((w, k) => {
          const w0 = before[i][k];
          w.write(tf.add(w0, tf.mul(tf.sub(w.read(), w0), g.multiplier)));
        });
      });
    });
    this.release();
  }

  override async onTrainEnd(): Promise<void> {
    this.release();
  }

  private release(): void {
    if (this.before !== null) {
      for (const ts of this.before) tf.dispose(ts);
      this.before = null;
    }
  }
}

/**
 * A callback that trains each layer group at its own lr (see {@link DiscriminativeLrCallback}).
 *
 * @param options - `groups` (layer groups or a count) and `slice: [lo, hi]` (fastai's `slice`) or `multipliers`.
 * @returns the callback.
 * @throws {TypeError} / {RangeError} for bad options; at `fit`'s start, for groups that do not cover the model's
 * trainable layers exactly once.
 * @example
 * const { range } = analysis.choice.suggestion; // an unfrozen model's slice, e.g. [1.2e-4, 3.8e-3]
 * model.optimizer.learningRate = range[1];
 * await model.fit(x, y, { epochs: 3, callbacks: [discriminativeLrs({ groups: 3, slice: range })] });
 */
export function discriminativeLrs(options: DiscriminativeLrOptions): DiscriminativeLrCallback {
  return new DiscriminativeLrCallback(options);
}
