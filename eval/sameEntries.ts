/**
 * Compares re-recorded entries (`generate.ts --out dir`) with the stored ones, byte for byte after masking what no
 * re-recording can repeat — the wall clock (`run.times`, `run.meta.startedAt`, `generationSeconds`) — and naming
 * any `run.meta` field that differs (fields the driver has recorded since, such as `trainExamples`).
 *
 *   npx tsx eval/sameEntries.ts <stored dir> <re-recorded dir>
 *
 * Exit 1 when an entry differs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = Record<string, unknown> & { run: { meta: Record<string, unknown> } };

/**
 * Whether a re-recorded entry equals the stored one apart from the wall clock, and the meta fields that differ.
 *
 * @example
 * sameEntry(stored, fresh); // => { same: true, meta: ['trainExamples: undefined → 2000'] }
 */
export function sameEntry(storedText: string, freshText: string): { same: boolean; meta: string[] } {
  const a = JSON.parse(storedText) as Json;
  const b = JSON.parse(freshText) as Json;
  const meta: string[] = [];
  for (const e of [a, b]) {
    delete e.generationSeconds;
    delete (e.run as Record<string, unknown>).times;
    delete e.run.meta.startedAt;
  }
  for (const k of new Set([...Object.keys(a.run.meta), ...Object.keys(b.run.meta)])) {
    if (JSON.stringify(a.run.meta[k]) !== JSON.stringify(b.run.meta[k])) {
      meta.push(`${k}: ${JSON.stringify(a.run.meta[k])} → ${JSON.stringify(b.run.meta[k])}`);
      delete a.run.meta[k];
      delete b.run.meta[k];
    }
  }
  return { same: JSON.stringify(a) === JSON.stringify(b), meta };
}

function main(): void {
  const [stored, fresh] = process.argv.slice(2);
  let bad = 0;
  for (const f of readdirSync(fresh).filter((name) => name.endsWith('.json') && name !== 'index.json').sort()) {
    const { same, meta } = sameEntry(readFileSync(join(stored, f), 'utf8'), readFileSync(join(fresh, f), 'utf8'));
    if (!same) bad++;
    console.log(`${f}: ${same ? 'identical' : 'DIFFERENT'}${meta.length > 0 ? ` (meta differs: ${meta.join('; ')})` : ''}`);
  }
  process.exitCode = bad > 0 ? 1 : 0;
}

if (process.argv[1]?.endsWith('sameEntries.ts')) main();
