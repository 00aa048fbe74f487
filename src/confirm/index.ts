/**
 * `lrfind/confirm`: the confirm trials, framework-free — which lrs to try (`confirmCandidates`), the successive-halving
 * plan (`confirmPlan`), and the trials themselves with the pick (`confirmLr`), given the caller's trial function. The
 * tfjs trial function lives in `lrfind/tfjs`; the trials' result as data (`Confirmation`) lives with the run.
 *
 * @module
 */
export { confirmCandidates, type ConfirmCandidatesOptions } from './candidates.js';
export { confirmPlan, DEFAULT_ETA } from './plan.js';
export { confirmLr, type ConfirmLrOptions } from './confirm.js';
export type { TrialFunction, TrialOutcome, TrialInfo } from './trial.js';
export type { Confirmation, ConfirmTrial, ConfirmCandidate, ConfirmBasis } from '../runs/confirmation.js';
