/**
 * The flags every command that reads runs shares: `--format`, `--lr-column`, `--loss-column`, `--lr-file`.
 *
 * @module
 */
import type { Command } from 'commander';
import type { LoadRunFileOptions } from '../node/analyzed.js';
import { IMPORT_FORMAT_NAMES, isImportFormat, type ImportFormat } from '../runs/import/importRun.js';
import * as msg from './messages.js';

/** The import flags as commander hands them over. */
export interface ImportCliOptions {
  format?: ImportFormat;
  lrColumn?: string;
  lossColumn?: string;
  lrFile?: string;
  /** `false` with `--no-header`. */
  header?: boolean;
}

/**
 * Parse `--format`.
 *
 * @example
 * parseFormatOption('fastai'); // => 'fastai'
 * parseFormatOption('excel');
 * // throws UsageError "--format must be one of lrfind, fastai, fastai1, torch-lr-finder, lightning, keras,
 * // tensorboard, csv, json, jsonl (got "excel")"
 */
export function parseFormatOption(value: string): ImportFormat {
  if (!isImportFormat(value)) {
    throw msg.flagMustBeOneOf('--format', IMPORT_FORMAT_NAMES, value);
  }
  return value;
}

function nonEmpty(flag: string): (value: string) => string {
  return (value: string) => {
    if (value.trim() === '') throw msg.emptyColumn(flag);
    return value;
  };
}

/**
 * Add the import flags to a command.
 *
 * @example
 * addImportOptions(new Command('convert')).options.map((o) => o.long);
 * // => ['--format', '--lr-column', '--loss-column', '--no-header', '--lr-file']
 * addImportOptions(new Command('compare'), { lrFile: false }).options.map((o) => o.long);
 * // => ['--format', '--lr-column', '--loss-column', '--no-header']
 */
export function addImportOptions(command: Command, { lrFile = true } = {}): Command {
  command
    .option(
      '-f, --format <name>',
      `what wrote the file: ${IMPORT_FORMAT_NAMES.join(', ')}; default: detected (fastai needs it)`,
      parseFormatOption,
    )
    .option('--lr-column <name>', 'name of the learning-rate column or key (default: lr, lrs, learning_rate)', nonEmpty('--lr-column'))
    .option('--loss-column <name>', 'name of the loss column or key (default: loss, losses)', nonEmpty('--loss-column'))
    .option('--no-header', 'the CSV has no header row: two columns, lr then loss');
  if (lrFile) command.option('--lr-file <file>', "TensorBoard: the learning-rate tag's export (RUN is the loss tag's)");
  return command;
}

/**
 * The loader options from the parsed flags; `warn` hears what the loader recognised on its own (stderr).
 *
 * @example
 * importOptionsOf({ format: 'fastai', lossColumn: 'train_loss' });
 * // => { format: 'fastai', lrColumn: undefined, lossColumn: 'train_loss', lrFile: undefined, header: undefined,
 * //      onWarning: undefined }
 */
export function importOptionsOf(options: ImportCliOptions, warn?: (message: string) => void): LoadRunFileOptions {
  return {
    format: options.format,
    lrColumn: options.lrColumn,
    lossColumn: options.lossColumn,
    lrFile: options.lrFile,
    header: options.header,
    onWarning: warn,
  };
}
