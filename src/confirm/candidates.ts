/**
 * Which lrs the confirm trials try: lrfind's answer, half a decade either side, the loss minimum's neighbourhood, the
 * ends of lrfind's range, then the anchors' distinct picks — merged when closer than `minSpacing` decades.
 *
 * @module
 */
import type { Analysis } from '../analysis/analyze.js';
import type { Suggestion } from '../analysis/types.js';
import { describeValue } from '../errors.js';
import type { ConfirmCandidate } from '../runs/confirmation.js';

/** Options of {@link confirmCandidates}. */
export interface ConfirmCandidatesOptions {
  /** At most this many candidates (highest priority first). __Default value:__ `8` */
  readonly max?: number;
  /** Candidates closer than this (in decades) to one already taken are merged into it. __Default value:__ `0.2` */
  readonly minSpacing?: number;
}

/** The anchors' picks, in priority order after lrfind's own (the evaluation's better methods first). */
const ANCHOR_ORDER = [
  'fastai.minimum',
  'keras.minLossDiv10',
  'fastai1.minLossDiv10',
  'fastai.valley',
  'torch-lr-finder.steepest',
  'fastai.steep',
  'fastai.slide',
  'fastai1.minGrad',
  'keras.minGrad',
  'lightning.steepest',
  'inflection.frozen',
  'inflection.frozenLowerBound',
  'lrfind.steepest',
  'lrfind.minimumDiv10',
];

const isLr = (s: Suggestion | undefined): s is { lr: number; index: number } =>
  s !== null && s !== undefined && 'lr' in s && Number.isFinite(s.lr) && s.lr > 0;
const isRange = (s: Suggestion | undefined): s is { range: readonly [number, number]; indices: readonly [number, number] } =>
  s !== null && s !== undefined && 'range' in s;

/**
 * The candidate lrs of an analysis, in priority order: lrfind's answer (`choice`), half a decade either side of it,
 * the ends of lrfind's range, then the anchors' distinct picks. Candidates within `minSpacing` decades of one already
 * taken join it (their names are added to its `source`).
 *
 * @example
 * confirmCandidates(analysis).map((c) => c.source);
 * // => ['lrfind.recommended, fastai.valley', '-0.5 decade', '+0.5 decade', 'lrfind.range (low)', 'fastai.minimum', …]
 */
export function confirmCandidates(analysis: Analysis, options: ConfirmCandidatesOptions = {}): ConfirmCandidate[] {
  const { max = 8, minSpacing = 0.2 } = options;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(`confirmCandidates: max must be an integer >= 1 (got ${describeValue(max)})`);
  }
  if (!(minSpacing >= 0) || !Number.isFinite(minSpacing)) {
    throw new RangeError(`confirmCandidates: minSpacing must be a number >= 0 (got ${describeValue(minSpacing)})`);
  }
  const proposals: ConfirmCandidate[] = [];
  const { choice, suggestions } = analysis;
  let centre: number | null = null;
  if (isLr(choice.suggestion)) {
    centre = choice.suggestion.lr;
    proposals.push({ lr: centre, source: choice.name });
  } else if (isRange(choice.suggestion)) {
    // a slice: its top end is the head's lr
    proposals.push({ lr: choice.suggestion.range[1], source: `${choice.name} (high)` });
    proposals.push({ lr: choice.suggestion.range[0], source: `${choice.name} (low)` });
    centre = choice.suggestion.range[1];
  }
  const anchors = ANCHOR_ORDER.map((name) => ({ name, s: suggestions[name] }))
    .concat(Object.keys(suggestions).filter((n) => !ANCHOR_ORDER.includes(n)).map((name) => ({ name, s: suggestions[name] })))
    .filter((a) => isLr(a.s) && a.name !== choice.name);
  if (centre === null && anchors.length > 0) {
    // no answer of lrfind's own: centre on the median of the anchors' picks
    const logs = anchors.map((a) => Math.log10((a.s as { lr: number }).lr)).sort((a, b) => a - b);
    centre = 10 ** logs[Math.floor((logs.length - 1) / 2)];
  }
  // where the loss bottoms out (lrfind's clean curve, else fastai's): constant-lr training at a fixed budget is
  // often best between a tenth of it and it, so that stretch is tried too
  const minDiv10 = [suggestions['lrfind.minimumDiv10'], suggestions['fastai.minimum']].find(isLr);
  const lossMin = minDiv10 ? minDiv10.lr * 10 : null;
  if (lossMin !== null) proposals.push({ lr: lossMin / 10 ** 0.5, source: 'loss minimum / 3.2' });
  if (centre !== null) {
    proposals.push({ lr: centre / 10 ** 0.5, source: '-0.5 decade' });
    proposals.push({ lr: centre * 10 ** 0.5, source: '+0.5 decade' });
  }
  if (lossMin !== null) {
    proposals.push({ lr: lossMin / 10, source: 'loss minimum / 10' });
    proposals.push({ lr: lossMin, source: 'loss minimum' });
  }
  const range = suggestions['lrfind.range'];
  if (isRange(range) && range.range[0] !== range.range[1]) {
    proposals.push({ lr: range.range[0], source: 'lrfind.range (low)' });
    proposals.push({ lr: range.range[1], source: 'lrfind.range (high)' });
  }
  for (const a of anchors) proposals.push({ lr: (a.s as { lr: number }).lr, source: a.name });
  return mergeCandidates(proposals, max, minSpacing);
}

function mergeCandidates(proposals: readonly ConfirmCandidate[], max: number, minSpacing: number): ConfirmCandidate[] {
  const taken: { lr: number; sources: string[] }[] = [];
  for (const p of proposals) {
    if (!(p.lr > 0) || !Number.isFinite(p.lr)) continue;
    const near = taken.find((t) => Math.abs(Math.log10(t.lr / p.lr)) < minSpacing - 1e-12);
    if (near) {
      if (!near.sources.includes(p.source)) near.sources.push(p.source);
    } else if (taken.length < max) {
      taken.push({ lr: p.lr, sources: [p.source] });
    }
  }
  return taken.map((t) => ({ lr: t.lr, source: t.sources.join(', ') }));
}
