/**
 * Freeing what a training step that threw left behind. tfjs-core's `engine.gradients` keeps a clone of every tensor
 * the backward pass will need (`saveTensorsForBackwardMode`) on the active tape and disposes them after the backward
 * pass; when the forward pass throws, the backward pass never runs and the next step's tape replaces the old one:
 * those clones (one per kernel input, 5–6 for a small MLP) leak. This module disposes them right after the throw.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';

interface EngineTape {
  state?: { gradientDepth?: number; activeTape?: { saved?: tf.Tensor[] }[] | null };
}

/**
 * Dispose the tensors a failed gradient computation left on tfjs' tape. Only when no gradient computation is in
 * progress (depth 0): a tape then is the leftover of a forward pass that threw — a finished one sets it to `null`.
 * A no-op otherwise, and where the engine has no such state (another tfjs version).
 *
 * @returns how many tensors it disposed.
 * @example
 * try { await model.trainOnBatch(x, y); } catch (e) { releaseFailedTape(); throw e; } // => 6 (a dense layer's saved inputs)
 */
export function releaseFailedTape(): number {
  const state = (tf.engine() as unknown as EngineTape).state;
  if (!state || state.gradientDepth !== 0 || !Array.isArray(state.activeTape)) return 0;
  let disposed = 0;
  for (const node of state.activeTape) {
    for (const tensor of node.saved ?? []) {
      if (!tensor.isDisposed) {
        tensor.dispose();
        disposed++;
      }
    }
  }
  state.activeTape = null;
  return disposed;
}

/**
 * Run a training step; if it throws, free what its gradient computation left on the tape, then rethrow.
 *
 * @example
 * const loss = await guardStep(() => model.trainOnBatch(x, y)); // => 0.69, or rethrows leaking nothing
 */
export async function guardStep<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    releaseFailedTape();
    throw error;
  }
}
