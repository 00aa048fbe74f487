/**
 * Snapshot and exact restore of everything a range test changes: the model's weights (trainable and not — a
 * BatchNormalization's moving statistics move in training), the states of its stateful RNN layers, the optimizer's slots (momentum, Adam moments, …), its
 * scalar state variables (Adam's β powers, Adamax's iteration) and its plain fields (iteration count, learning
 * rate).
 *
 * Snapshots are zero-copy: `tensor.clone()` shares the data, and `Variable.assign` rebinds the variable to new
 * data instead of writing into the old, so a clone keeps the bytes the variable had. Restoring assigns them back:
 * bit-identical by construction, and tested byte for byte.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import * as msg from './messages.js';

/** A tfjs-core optimizer slot: `{ originalName, variable }`. */
interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

function isVariable(value: unknown): value is tf.Variable {
  return value instanceof tf.Variable ||
    (typeof value === 'object' && value !== null && typeof (value as tf.Variable).assign === 'function' &&
      typeof (value as tf.Variable).trainable === 'boolean' && 'dataId' in value);
}

function isSlotArray(value: unknown): value is OptimizerVariable[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && isVariable((v as OptimizerVariable).variable));
}

/** An optimizer's own state, by kind: plain fields, variables and slot arrays (`{ originalName, variable }[]`). */
interface OptimizerParts {
  readonly fields: { key: string; value: unknown }[];
  readonly variables: { key: string; variable: tf.Variable }[];
  readonly slotArrays: { key: string; array: OptimizerVariable[] }[];
}

/** Sort an optimizer's own fields into the kinds {@link snapshotTraining} and {@link captureTraining} save. */
function optimizerParts(optimizer: Record<string, unknown> | undefined): OptimizerParts {
  const parts: OptimizerParts = { fields: [], variables: [], slotArrays: [] };
  if (!optimizer) return parts;
  for (const key of Object.keys(optimizer)) {
    const value = optimizer[key];
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string' || value === undefined || value === null) {
      parts.fields.push({ key, value });
    } else if (isVariable(value)) {
      parts.variables.push({ key, variable: value });
    } else if (isSlotArray(value)) {
      parts.slotArrays.push({ key, array: value });
    }
  }
  return parts;
}

/** Put saved plain fields back; SGD and momentum keep −lr as a scalar tensor `c`, rebuilt by setLearningRate. */
function restoreFields(optimizer: Record<string, unknown>, fields: readonly { key: string; value: unknown }[]): void {
  for (const { key, value } of fields) optimizer[key] = value;
  const lr = fields.find((f) => f.key === 'learningRate');
  if (lr && typeof lr.value === 'number' && typeof optimizer.setLearningRate === 'function') {
    (optimizer.setLearningRate as (lr: number) => void).call(optimizer, lr.value);
  }
}

/** A stateful recurrent layer's fields (tfjs-layers `RNN`): its current states and the old ones kept for BPTT. */
interface StatefulRnn {
  stateful: boolean;
  states_: tf.Tensor[] | null;
  keptStates?: tf.Tensor[][];
}

/** Every stateful recurrent layer of `model`, nested models included. */
function statefulLayers(model: { layers?: unknown }): StatefulRnn[] {
  const out: StatefulRnn[] = [];
  const visit = (layers: unknown): void => {
    if (!Array.isArray(layers)) return;
    for (const layer of layers as Record<string, unknown>[]) {
      if (layer.stateful === true && 'states_' in layer) out.push(layer as unknown as StatefulRnn);
      visit(layer.layers);
    }
  };
  visit(model.layers);
  return out;
}

/**
 * A snapshot of the states of a model's stateful RNN layers (`stateful: true` keeps its last states from batch to
 * batch): `restore()` frees the states the test made (current ones, and the old ones tfjs keeps for BPTT) and puts
 * fresh copies of the saved ones back, so they are bit-identical and the tensor count is unchanged.
 */
function snapshotRnnStates(model: tf.LayersModel): { restore(): void; dispose(): void } {
  const saved = statefulLayers(model).map((layer) => {
    const original = layer.states_ ?? null;
    const keptLength = layer.keptStates?.length ?? 0;
    return {
      layer,
      original,
      keptLength,
      // tensors the layer held at the snapshot and still owns after the restore (older kept states)
      keep: new Set((layer.keptStates ?? []).slice(0, keptLength).flat()),
      values: original === null ? null : original.map((t) => tf.keep(t.clone())),
    };
  });
  return {
    restore() {
      for (const { layer, original, keptLength, keep, values } of saved) {
        const drop = new Set<tf.Tensor>([...(layer.states_ ?? []), ...(original ?? []), ...(layer.keptStates ?? []).slice(keptLength).flat()]);
        for (const t of drop) if (!keep.has(t) && !t.isDisposed) t.dispose();
        if (layer.keptStates) layer.keptStates.length = keptLength;
        layer.states_ = values === null ? null : values.map((t) => tf.keep(t.clone()));
      }
    },
    dispose() {
      for (const { values } of saved) if (values) tf.dispose(values);
    },
  };
}

/** The saved state of {@link snapshotTraining}: `restore()` puts it back (any number of times), `dispose()` frees it. */
export interface TrainingState {
  /** Put the model and optimizer back exactly as they were when the snapshot was taken. */
  restore(): void;
  /** Free the snapshot's tensors. */
  dispose(): void;
}

/**
 * Take a snapshot of a compiled model's weights, the states of its stateful RNN layers (`stateful: true`) and its
 * optimizer's whole state.
 *
 * Works for every tfjs-core optimizer (sgd, momentum, adam, adamax, adagrad, adadelta, rmsprop) and any optimizer
 * that keeps its state in own fields of those kinds (numbers, `tf.Variable`s, arrays of `{ originalName,
 * variable }` slots). Slots created during the test (a fresh optimizer creates them at its first step) are
 * disposed on restore, so `tf.memory().numTensors` ends where it started.
 *
 * @example
 * const state = snapshotTraining(model);
 * try { await model.trainOnBatch(x, y); } finally { state.restore(); state.dispose(); }
 */
export function snapshotTraining(model: tf.LayersModel): TrainingState {
  const weights = model.weights.map((w) => ({ w, value: tf.keep(w.read().clone()) }));
  const optimizer = model.optimizer as unknown as Record<string, unknown> | undefined;
  const parts = optimizerParts(optimizer);
  const fields = parts.fields;
  const variables: { v: tf.Variable; value: tf.Tensor }[] = [];
  const slotArrays = parts.slotArrays.map(({ key, array }) => ({ key, array, entries: [...array] }));
  const snapshotOf = new Map<tf.Variable, tf.Tensor>();
  const save = (v: tf.Variable): void => {
    if (!snapshotOf.has(v)) {
      const value = tf.keep(v.clone());
      snapshotOf.set(v, value);
      variables.push({ v, value });
    }
  };
  for (const { variable } of parts.variables) save(variable);
  for (const { array } of parts.slotArrays) for (const slot of array) save(slot.variable);
  const originalKeys = new Set(optimizer ? Object.keys(optimizer) : []);
  const rnn = snapshotRnnStates(model);
  let disposed = false;
  return {
    restore() {
      if (disposed) throw msg.usedAfterDispose('snapshotTraining', 'restore');
      // every part is put back even when one fails (a weight disposed by the caller, say); the first error is thrown
      const errors: unknown[] = [];
      const attempt = (f: () => void): void => {
        try {
          f();
        } catch (error) {
          errors.push(error);
        }
      };
      // write the variable directly: LayerVariable.write would re-apply a weight constraint and could move bits
      for (const { w, value } of weights) attempt(() => (w.read() as tf.Variable).assign(value));
      attempt(() => rnn.restore());
      if (optimizer) restoreOptimizer(optimizer, attempt);
      if (errors.length > 0) throw errors[0];
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const { value } of weights) value.dispose();
      for (const { value } of variables) value.dispose();
      rnn.dispose();
    },
  };

  function restoreOptimizer(optimizer: Record<string, unknown>, attempt: (f: () => void) => void): void {
    const dropSlots = (slots: OptimizerVariable[], keep: ReadonlySet<OptimizerVariable>): void => {
      for (const slot of slots) if (!keep.has(slot) && !slot.variable.isDisposed) slot.variable.dispose();
    };
    // slots created since the snapshot belong to the test: dispose them, then put the original arrays back
    for (const { key, array, entries } of slotArrays) {
      const keep = new Set(entries);
      dropSlots(array, keep);
      const current = optimizer[key];
      if (current !== array && isSlotArray(current)) dropSlots(current, keep);
      array.length = 0;
      array.push(...entries);
      optimizer[key] = array;
    }
    // state the optimizer created lazily during the test (its iteration count, say) did not exist before
    for (const key of Object.keys(optimizer)) {
      if (originalKeys.has(key)) continue;
      const value = optimizer[key];
      if (isVariable(value) && !value.isDisposed) value.dispose();
      else if (isSlotArray(value)) dropSlots(value, new Set());
      delete optimizer[key];
    }
    for (const { v, value } of variables) attempt(() => v.assign(value));
    attempt(() => restoreFields(optimizer, fields));
  }
}

/** A copy of a model's training state that owns its data (see {@link captureTraining}). */
export interface CapturedTraining {
  /**
   * Put the captured state on the model and its optimizer. Call it right after the base snapshot's `restore()` (the
   * snapshot taken before any of this training): the optimizer then has the snapshot's structure, and this adds
   * back the slots and fields the captured training had created — as new variables, which the snapshot's next
   * `restore()` disposes.
   */
  apply(): void;
  /** Free the copy's tensors. */
  dispose(): void;
}

/**
 * Capture the training state of a model as copies it owns: every weight, and the optimizer's own fields, variables
 * and slot arrays as they are now (slots created since the base snapshot included). Unlike
 * {@link snapshotTraining}, it survives the base snapshot's `restore()` (which disposes slots created after it), so a
 * trial can be resumed later: `base.restore(); captured.apply();` and train on, bit-identical to never having stopped.
 *
 * @example
 * const base = snapshotTraining(model);
 * await trainSteps(model, 10);
 * const at10 = captureTraining(model);
 * base.restore();                // back to the start: another trial
 * base.restore(); at10.apply();  // and back to step 10 of the first, to go on
 * at10.dispose();
 */
export function captureTraining(model: tf.LayersModel): CapturedTraining {
  const weights = model.weights.map((w) => ({ w, value: tf.keep(w.read().clone()) }));
  const optimizer = model.optimizer as unknown as Record<string, unknown> | undefined;
  const parts = optimizerParts(optimizer);
  const fields = parts.fields;
  const variables = parts.variables.map(({ key, variable }) => ({ key, value: tf.keep(variable.clone()), trainable: variable.trainable }));
  const slots = parts.slotArrays.map(({ key, array }) => ({
    key,
    entries: array.map((slot) => ({ originalName: slot.originalName, value: tf.keep(slot.variable.clone()) })),
  }));
  const rnn = statefulLayers(model).map((layer) => ({ layer, values: layer.states_?.map((t) => tf.keep(t.clone())) ?? null }));
  let disposed = false;
  return {
    apply() {
      if (disposed) throw msg.usedAfterDispose('captureTraining', 'apply');
      for (const { w, value } of weights) (w.read() as tf.Variable).assign(value);
      // the states the base restore() just put back are replaced (it frees these copies at its next call)
      for (const { layer, values } of rnn) {
        for (const t of layer.states_ ?? []) if (!t.isDisposed) t.dispose();
        layer.states_ = values === null ? null : values.map((t) => tf.keep(t.clone()));
      }
      if (!optimizer) return;
      for (const { key, value, trainable } of variables) {
        const current = optimizer[key];
        // an existing variable takes the value; one created lazily during the captured training is created again
        if (isVariable(current) && !current.isDisposed) current.assign(value);
        else optimizer[key] = tf.variable(value, trainable);
      }
      for (const { key, entries } of slots) {
        const current = optimizer[key];
        const array = isSlotArray(current) ? current : [];
        // a new array of new variables: the base snapshot's restore() puts its own array back and disposes these
        optimizer[key] = entries.map((e, i) => ({
          originalName: e.originalName,
          variable: tf.variable(e.value, array[i]?.variable.trainable ?? false),
        }));
      }
      restoreFields(optimizer, fields);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const { value } of weights) value.dispose();
      for (const { value } of variables) value.dispose();
      for (const { entries } of slots) for (const e of entries) e.value.dispose();
      for (const { values } of rnn) if (values) tf.dispose(values);
    },
  };
}
