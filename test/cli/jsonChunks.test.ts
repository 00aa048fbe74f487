/** `jsonChunks` writes `JSON.stringify`'s very text, the long arrays of one member a block at a time. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../src/cli/format.js';

describe('jsonChunks(value, key)', () => {
  it('joins to JSON.stringify(value) (property), long arrays included', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.dictionary(fc.string(), fc.array(fc.record({ lr: fc.double(), index: fc.nat() }), { maxLength: 3 })), (rest, inner) => {
        const value = { ...rest, candidates: inner };
        expect([...jsonChunks(value, 'candidates')].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 200, seed: 3 },
    );
    const long = { a: 1, candidates: { loss: Array.from({ length: 20_000 }, (_, i) => ({ lr: i / 7, index: i })), gradient: [] }, z: null };
    const pieces = [...jsonChunks(long, 'candidates')];
    expect(pieces.join('')).toBe(JSON.stringify(long));
    expect(pieces.length).toBeGreaterThan(3);
  });

  it('writes anything else whole', () => {
    for (const value of [{ a: 1 }, { candidates: [1, 2] }, { candidates: null }, { candidates: { toJSON: () => 'x' } }]) {
      expect([...jsonChunks(value, 'candidates')].join('')).toBe(JSON.stringify(value));
    }
  });
});
