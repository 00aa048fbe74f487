/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own process, one after the other (so they do not compete
 * for the 2 cores), and prints their markdown tables. `npm run bench -- analysis` runs only the matching ones.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filter = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const file of files) {
  process.stdout.write(`\n## ${file}\n\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${file} failed (exit ${result.status})\n`);
  }
}
process.exitCode = failed ? 1 : 0;
