/**
 * `lrfind convert IN -o OUT`: from any format lrfind reads to lrfind's run file (.json) or an `lr,loss` CSV.
 *
 * @module
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic.js';
import { assertNotAnInput } from '../../io/outputIsInput.js';
import { loadImportedRun, runToCsv } from '../../recorder/import.js';
import type { Run } from '../../recorder/run.js';
import { serializeRun } from '../../recorder/runFile.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import { UsageError, type CliIo } from '../io.js';

/** Options of `lrfind convert`. */
export interface ConvertCommandOptions extends ImportCliOptions {
  output?: string;
}

/** The output format from the extension of `-o`. */
export function outputFormat(path: string): 'json' | 'csv' {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  throw new UsageError(`-o must end in .json (lrfind run file) or .csv (lr,loss[,smoothed_loss]) (got "${path}")`);
}

/** A short description of where the losses came from, for the one-line summary. */
function provenance(run: Run): string {
  const source = run.meta.source;
  if (source === undefined) return 'lrfind run';
  const { kind, beta } = source.smoothing;
  if (kind === 'none' || kind === 'unknown') return `${source.tool} (raw losses)`;
  const how = kind === 'running-mean' ? 'the per-epoch running mean' : `the EMA (β = ${beta})`;
  return `${source.tool}, raw losses recovered from ${how}`;
}

/** Run `lrfind convert IN -o OUT`. */
export async function runConvert(input: string, options: ConvertCommandOptions, io: CliIo): Promise<Run> {
  const output = options.output;
  if (output === undefined) throw new UsageError('convert needs an output file: -o OUT.json or -o OUT.csv');
  const format = outputFormat(output);
  const inputs = options.lrFile === undefined ? [input] : [input, options.lrFile];
  await assertNotAnInput(output, inputs);
  const run = await loadImportedRun(input, importOptionsOf(options));
  await writeFileAtomic(output, format === 'json' ? serializeRun(run) : runToCsv(run));
  io.stdout(`${output}: ${run.lrs.length} points from ${input} (${provenance(run)})\n`);
  return run;
}

/** Register `convert` on the program. */
export function registerConvert(program: Command, io: CliIo): void {
  const command = program
    .command('convert')
    .description("convert a saved run from any format lrfind reads to lrfind's run file (.json) or an lr,loss CSV")
    .argument('<in>', 'the run file to read (any format analyze reads)');
  addImportOptions(command)
    .requiredOption('-o, --output <file>', 'output file: .json (lrfind run file, keeps metadata) or .csv (lr,loss[,smoothed_loss])')
    .addHelpText(
      'after',
      '\nThe output is written atomically and may not be one of the inputs.\n\nExamples:\n  $ lrfind convert lr_find.json --format fastai -o run.json\n  $ lrfind convert history.json -o history-raw.csv\n  $ lrfind convert loss.csv --lr-file lr.csv -o run.json\n',
    )
    .action(async (input: string, opts: ConvertCommandOptions) => {
      await runConvert(input, opts, io);
    });
}
