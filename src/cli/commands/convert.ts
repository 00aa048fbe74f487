/**
 * `lrfind convert IN -o OUT`: from any format lrfind reads to lrfind's run file (.json) or an `lr,loss` CSV.
 *
 * @module
 */
import { extname } from 'node:path';
import type { Command } from 'commander';
import { writeFileAtomic } from '../../io/atomic.js';
import { assertNotAnInput } from '../../io/outputIsInput.js';
import { loadRunFile } from '../../node/analyzed.js';
import { runToCsvChunks } from '../../runs/import/importRun.js';
import type { Run } from '../../runs/run.js';
import { serializeRunChunks } from '../../runs/runFile.js';
import { runSource } from '../../runs/source.js';
import { addImportOptions, importOptionsOf, type ImportCliOptions } from '../importOptions.js';
import type { CliIo } from '../io.js';
import * as msg from '../messages.js';

/** Options of `lrfind convert`. */
export interface ConvertCommandOptions extends ImportCliOptions {
  output?: string;
  to?: 'json' | 'csv';
}

/**
 * The output format from the extension of `-o`.
 *
 * @example
 * outputFormat('run.json');    // => 'json'
 * outputFormat('out/Run.CSV'); // => 'csv'
 * outputFormat('run.txt');
 * // throws UsageError '-o must end in .json (lrfind run file) or .csv (lr,loss[,smoothed_loss]) (got "run.txt")'
 */
export function outputFormat(path: string): 'json' | 'csv' {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  throw msg.badConvertOutput(path);
}


/**
 * Run `lrfind convert IN -o OUT`.
 *
 * @example
 * const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s) };
 * // lr_find.json: a fastai save (test/fixtures/imports/fastai-v2.json)
 * const run = await runConvert('lr_find.json', { format: 'fastai', output: 'run-fastai.json' }, io);
 * // stdout: 'run-fastai.json: 98 steps from lr_find.json (fastai, raw losses recovered from the EMA (β = 0.98))\n'
 * run.lrs.length; // => 98
 * await runConvert('run.json', { output: 'run.json' }, io);
 * // throws LrfindError E_OUTPUT_IS_INPUT
 * // "run.json: the output would overwrite the input run.json; write it to another file"
 */
export async function runConvert(input: string, options: ConvertCommandOptions, io: CliIo): Promise<Run> {
  const output = options.output;
  if (output === undefined) throw msg.convertNeedsOutput();
  const toStdout = output === '-';
  const format = toStdout ? (options.to ?? 'json') : outputFormat(output);
  if (!toStdout && options.to !== undefined && options.to !== format) throw msg.toMismatch(options.to, output);
  const inputs = options.lrFile === undefined ? [input] : [input, options.lrFile];
  if (!toStdout) await assertNotAnInput(output, inputs);
  const run = await loadRunFile(input, importOptionsOf(options, (m) => io.stderr(`lrfind: ${m}\n`)));
  // chunks, never one string: a 10M-row CSV is longer than V8's longest string
  const data = format === 'json' ? serializeRunChunks(run) : runToCsvChunks(run);
  if (toStdout) {
    for (const chunk of data) io.stdout(chunk);
    return run;
  }
  await writeFileAtomic(output, data);
  io.stdout(`${output}: ${run.lrs.length} steps from ${input} (${runSource(run).description})\n`);
  return run;
}

/**
 * Register `convert` on the program.
 *
 * @example
 * const program = new Command();
 * registerConvert(program, { stdout: console.log, stderr: console.error });
 * program.commands[0].name(); // => 'convert'
 * await program.parseAsync(['convert', 'history.json', '-o', 'history-raw.csv'], { from: 'user' });
 */
export function registerConvert(program: Command, io: CliIo): void {
  const command = program
    .command('convert')
    .description("convert a saved run from any format lrfind reads to lrfind's run file (.json) or an lr,loss CSV")
    .argument('<in>', 'the run file to read (any format analyze reads)');
  addImportOptions(command)
    .requiredOption('-o, --output <file>', 'output file: .json (lrfind run file, keeps metadata) or .csv (lr,loss[,smoothed_loss]); - for standard output')
    .option('--to <format>', 'the format with -o -: json (default) or csv', (v: string) => {
      if (v !== 'json' && v !== 'csv') throw msg.flagMustBe('--to', 'json or csv', v);
      return v;
    })
    .addHelpText(
      'after',
      '\nThe output is written atomically and may not be one of the inputs.\n\nExamples:\n  $ lrfind convert lr_find.json --format fastai -o run.json\n  $ lrfind convert history.json -o history-raw.csv\n  $ lrfind convert loss.csv --lr-file lr.csv -o run.json\n  $ lrfind convert history.json -o - --to csv\n',
    )
    .action(async (input: string, opts: ConvertCommandOptions) => {
      await runConvert(input, opts, io);
    });
}
