/**
 * Synthetic range-test curves shared by the analysis tests: a plateau, a tanh descent centred at 10^centre, a
 * minimum, then a gradual blow-up, with seeded uniform noise (an LCG, so the tests need no dependency).
 */
export interface ClassicOptions {
  /** log10 of the lr at the middle of the descent. __Default value:__ `-3` */
  readonly centre?: number;
  /** Amplitude of the uniform noise (±noise/2). __Default value:__ `0.02` */
  readonly noise?: number;
  /** Seed of the noise. __Default value:__ `1` */
  readonly seed?: number;
  /** log10 of the first lr (the sweep ends at 10). __Default value:__ `-7` */
  readonly start?: number;
  /** A step whose loss is raised by 50 (a wild batch), or -1 for none. __Default value:__ `-1` */
  readonly spikeAt?: number;
  /** Decades from the middle of the descent to the start of the blow-up (the flat bottom's reach). __Default value:__ `2` */
  readonly bottom?: number;
}

/**
 * An `n`-point exponential sweep from 10^start to 10.
 * @example
 * classic(100).losses[0]; // => ≈ 2.3
 */
export function classic(n: number, { centre = -3, noise = 0.02, seed = 1, start = -7, spikeAt = -1, bottom = 2 }: ClassicOptions = {}): {
  lrs: Float64Array;
  losses: Float64Array;
} {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5;
  const lrs = new Float64Array(n);
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = start + ((1 - start) * i) / (n - 1);
    lrs[i] = 10 ** x;
    const blowUp = x > centre + bottom ? Math.expm1(3 * (x - centre - bottom)) : 0;
    losses[i] = 2.3 - 0.9 * (1 + Math.tanh(1.5 * (x - centre))) + blowUp + noise * rnd() + (i === spikeAt ? 50 : 0);
  }
  return { lrs, losses };
}
