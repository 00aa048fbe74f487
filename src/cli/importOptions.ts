/**
 * The flags every command that reads runs shares: `--format`, `--lr-column`, `--loss-column`, `--lr-file`.
 *
 * @module
 */
import type { Command } from 'commander';
import type { LoadRunFileOptions } from '../node/analyzed.js';
import { IMPORT_FORMAT_NAMES, isImportFormat, type ImportFormat } from '../recorder/import.js';
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

/** Parse `--format`. */
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

/** Add the import flags to a command. */
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

/** The loader options from the parsed flags; `warn` hears what the loader recognised on its own (stderr). */
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
