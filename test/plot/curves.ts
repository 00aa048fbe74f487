/**
 * Synthetic range-test curves for the plot tests (seeded, so every run of the suite draws the same pictures):
 * a plateau, a descent around lr = 1e-3, a minimum, then divergence — the shape every lr finder sees.
 */

/** A seeded uniform generator in [0, 1) (Park–Miller). */
export function lcg(seed: number): () => number {
  let s = seed % 2147483647;
  if (s <= 0) s += 2147483646;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** A classic lr-finder curve of `n` steps from 1e-7 to 10, with uniform noise of amplitude `noise`. */
export function classicRun(n: number, options: { seed?: number; noise?: number; centre?: number } = {}) {
  const rnd = lcg(options.seed ?? 1);
  const noise = options.noise ?? 0.1;
  const centre = options.centre ?? -3;
  const lrs = Float64Array.from({ length: n }, (_, i) => 1e-7 * 10 ** ((8 * i) / (n - 1)));
  const losses = Float64Array.from(lrs, (lr) => {
    const x = Math.log10(lr);
    const descent = 2.3 - 1.5 / (1 + Math.exp(-(x - centre) * 2));
    const blowup = x > -0.5 ? 2 * Math.expm1(2 * (x + 0.5)) : 0;
    return descent + blowup + noise * (rnd() - 0.5);
  });
  return { lrs, losses, meta: { numIt: n, seed: options.seed ?? 1, optimizer: 'sgd' } };
}
