/**
 * The evaluation tasks: every task family, one file each in eval/tasks/ (the shared kit in eval/tasks/kit/). A
 * family's `task.build(seed, optimizer)` returns a compiled tfjs model, its training and validation tensors, the
 * backend it trains on and its loss — fully deterministic in `seed` (seeded data, seeded initializers everywhere, a
 * seeded dropout), so a task rebuilt later (issue 9's confirm trials) has bit-identical initial weights and data.
 * Adding a family = adding its file and one line to {@link FAMILIES}. See eval/README.md.
 *
 * @module
 */
import { bnDropout } from './bn-dropout.js';
import { finetune } from './finetune.js';
import { holdoutAutoencoder } from './holdout-autoencoder.js';
import { holdoutCircles } from './holdout-circles.js';
import { holdoutDeepTanh } from './holdout-deep-tanh.js';
import { holdoutEmbedding } from './holdout-embedding.js';
import { holdoutLsq } from './holdout-lsq.js';
import { holdoutLstm } from './holdout-lstm.js';
import { holdoutMae } from './holdout-mae.js';
import { holdoutMultilabel } from './holdout-multilabel.js';
import { holdoutSine } from './holdout-sine.js';
import { holdoutTabularTiny } from './holdout-tabular-tiny.js';
import { irisFamily } from './iris.js';
import type { Family, Group, Task, TaskSet } from './kit/task.js';
import { mnistConv } from './mnist-conv.js';
import { mnistMlp } from './mnist-mlp.js';
import { moons } from './moons.js';
import { overfitSmall } from './overfit-small.js';
import { regression } from './regression.js';
import { seq2seqReverse } from './seq2seq-reverse.js';
import { seqGru } from './seq-gru.js';
import { spirals } from './spirals.js';
import { streamTeacher } from './stream-teacher.js';
import { twoStage } from './two-stage.js';
import { xorFamily } from './xor.js';

export { disposeBuilt, makeOptimizer, trainingData, weightChecksum } from './kit/task.js';
export type { Built, Family, Group, OptimizerName, RangeConfig, Task, TaskSet } from './kit/task.js';

/** Every task family, in generation order: the corpus, then the first two holdouts, then the third. */
export const FAMILIES: readonly Family[] = [
  mnistMlp,
  irisFamily,
  spirals,
  moons,
  xorFamily,
  ...regression,
  seqGru,
  mnistConv,
  bnDropout,
  ...finetune,
  overfitSmall,
  twoStage,
  // session 6 (issue 19 item 4): a recurrent sequence-to-sequence model and a data generator
  seq2seqReverse,
  streamTeacher,
  // the first holdout (session 3) and the second (session 4): defined after every design decision, never tuned on
  holdoutLstm,
  holdoutMae,
  holdoutDeepTanh,
  holdoutCircles,
  holdoutAutoencoder,
  holdoutEmbedding,
  holdoutSine,
  holdoutMultilabel,
  // the third holdout (session 5): recorded before any tuning on it, scored only at the end
  ...holdoutLsq,
  holdoutTabularTiny,
];

const tasksOf = (set: TaskSet): readonly Task[] => FAMILIES.filter((f) => f.set === set).map((f) => f.task);

/**
 * The groups of a set, every family's first group first (in {@link FAMILIES} order), then every second group, …
 *
 * @example
 * groupsOf('holdout-c').map((g) => g.family); // => ['holdout-lsq-k10', 'holdout-lsq-k1000', 'holdout-tabular-tiny']
 */
export function groupsOf(set: TaskSet): readonly Group[] {
  const families = FAMILIES.filter((f) => f.set === set);
  const rounds = Math.max(...families.map((f) => f.groups.length));
  return Array.from({ length: rounds }, (_, k) => families.flatMap((f) => (k < f.groups.length ? [f.groups[k]] : []))).flat();
}

/** The corpus' task families (eval/corpus/). */
export const TASKS = tasksOf('corpus');
/** The holdout families (eval/holdout/, `generate.ts --holdout`): defined after every design decision, never tuned on. */
export const HOLDOUT_TASKS = tasksOf('holdout');
/**
 * The third holdout (eval/holdout-c/, `generate.ts --holdout-c`; session 5): the families issue 19 names as failures
 * of the range-test answer, defined and recorded before any tuning on them and scored only at the end.
 */
export const HOLDOUT_C_TASKS = tasksOf('holdout-c');

/** The corpus plan: every family, 2 seeds of the same config, 2 range tests per seed sharing its grid. */
export const GROUPS = groupsOf('corpus');
/** The holdout plan (`--holdout`). */
export const HOLDOUT_GROUPS = groupsOf('holdout');
/** The third holdout's plan (`--holdout-c`). */
export const HOLDOUT_C_GROUPS = groupsOf('holdout-c');

/**
 * The task of the given family name.
 *
 * @throws {RangeError} for an unknown name.
 * @example
 * taskByName('iris').budgetSteps; // => 200
 */
export function taskByName(name: string): Task {
  const task = FAMILIES.find((f) => f.task.name === name)?.task;
  if (!task) throw new RangeError(`taskByName: unknown task ${JSON.stringify(name)} (expected one of ${FAMILIES.map((f) => f.task.name).join(', ')})`);
  return task;
}
