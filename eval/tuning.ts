/**
 * lrfind's own tuned parameters under leave-one-family-out: for each family, the tuning (`aboveMidpoint`,
 * `edgeMargin`; see src/analysis/presets/lrfind.ts) that minimises the mean regret on the OTHER families is
 * applied to the held-out one. The held-out figures are the honest ones; the shipped tuning is the in-sample pick.
 */
import { analyzeLrfind, LRFIND_TUNING, type LrfindTuning } from '../src/analysis/presets/lrfind.js';
import { leaveOneFamilyOut, suggestionLr, type Entry, type LofoResult } from './score.js';

/** The tunings searched: 9 × 4 = 36 (the rest of the method is fixed by design, see docs/methods.md). */
export const TUNINGS: readonly LrfindTuning[] = [-0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6].flatMap((aboveMidpoint) =>
  [0, 0.1, 0.15, 0.3].map((edgeMargin) => ({ ...LRFIND_TUNING, aboveMidpoint, edgeMargin })),
);

/** Leave-one-family-out over {@link TUNINGS}. */
export function lrfindLofo(corpus: readonly Entry[]): LofoResult<LrfindTuning> {
  const cache = new Map<string, number | null>();
  return leaveOneFamilyOut(corpus, {
    name: 'lrfind (tuning chosen on the other families)',
    params: TUNINGS,
    pick: (e, p) => {
      const key = `${e.id} ${p.aboveMidpoint} ${p.edgeMargin}`;
      if (!cache.has(key)) cache.set(key, suggestionLr(analyzeLrfind(e.run, 3, p, { numIt: e.run.meta.numIt, fullBatch: e.run.meta.batchesPerEpoch === 1 }).suggestions.recommended));
      return cache.get(key) ?? null;
    },
  });
}

/** The markdown section of {@link lrfindLofo}. */
export function tuningTable(corpus: readonly Entry[]): string {
  const r = lrfindLofo(corpus);
  const name = (p: LrfindTuning) => `(${p.aboveMidpoint}, ${p.edgeMargin})`;
  const shipped = name(LRFIND_TUNING);
  return [
    "## lrfind's tuning, leave one family out",
    '',
    `(aboveMidpoint, edgeMargin) searched over ${TUNINGS.length} pairs; shipped: ${shipped}; in-sample best: ${name(r.inSample.param)} (mean ${r.inSample.mean.toFixed(3)}).`,
    '',
    `Held-out: mean ${r.mean.toFixed(3)}, median ${r.median.toFixed(3)}, worst ${r.worst.toFixed(2)}.`,
    '',
    '| held-out family | tuning picked on the others | mean | worst |',
    '|---|---|---:|---:|',
    ...r.folds.map((x) => `| ${x.family} | ${name(x.param)} | ${x.mean.toFixed(3)} | ${x.worst.toFixed(2)} |`),
    '',
  ].join('\n');
}

if (process.argv[1] === (await import('node:url')).fileURLToPath(import.meta.url)) {
  const { loadCorpus } = await import('./score.js');
  process.stdout.write(tuningTable(loadCorpus()));
}
