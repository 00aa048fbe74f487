/**
 * The `lrfind` command-line program: parses arguments (commander), calls the library, prints.
 *
 * @module
 */
import { Command, CommanderError } from 'commander';
import { registerAnalyze } from './commands/analyze.js';
import { registerCompare } from './commands/compare.js';
import { registerConvert } from './commands/convert.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { EXIT, reportError, UsageError, type CliIo } from './io.js';
import { VERSION } from '../version.js';

/**
 * Build the program with every command registered, writing to `io`.
 *
 * @example
 * const program = buildProgram({ stdout: console.log, stderr: console.error });
 * program.commands.map((c) => c.name()); // => ['analyze', 'compare', 'convert', 'report', 'run']
 * program.version();                     // => '0.1.0'
 */
export function buildProgram(io: CliIo): Command {
  const program = new Command();
  program
    .name('lrfind')
    .description('The learning-rate range test (Smith 2015; fastai lr_find): record, analyze, plot.')
    .version(VERSION, '-v, --version')
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      // one line, as every other error: commander's message and the pointer to --help together
      outputError: (s, write) => write(`${s.replace(/^error: /, 'lrfind: ').trimEnd().replace(/\s*\n\s*/g, ' ')} (run with --help for usage)\n`),
    })
    .exitOverride();
  registerAnalyze(program, io);
  registerCompare(program, io);
  registerConvert(program, io);
  registerReport(program, io);
  registerRun(program, io);
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 internal failure, 2 bad input or usage.\nDocs: docs/cli.md\n',
  );
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput());
  return program;
}

/**
 * Run the CLI with `argv` (without `node` and the script path); resolves to the exit code.
 *
 * @example
 * const code = await runCli(['analyze', 'run.json', '--json'], { stdout: console.log, stderr: console.error });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') {
        return EXIT.ok;
      }
      // commander already printed its message; an invalid-argument error from our parsers carries ours
      return EXIT.usage;
    }
    if (error instanceof UsageError) return reportError(error, io);
    return reportError(error, io);
  }
}
