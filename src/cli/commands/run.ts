import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { RangeTestProgress } from '../../recorder/loop.js';
import { saveRun } from '../../runs/runFile.js';
import type { ScheduleKind } from '../../recorder/schedule.js';
import type { BackendPreference } from '../../backends/tfjs/backend.js';
import type * as DemoModule from '../../backends/tfjs/demo/mnistDemo.js';
import type { MnistDemoResult } from '../../backends/tfjs/demo/mnistDemo.js';
import { formatLr } from '../format.js';
import type { CliIo } from '../io.js';
import { parseIntegerOption, parsePositiveNumber } from '../options.js';
import { analysisToJson } from '../../analysis/answer.js';
import { runSource } from '../../runs/source.js';
import { confirmationToJson } from '../confirmText.js';
import { analysisToText } from './analyze.js';
import * as msg from '../messages.js';

/** Options of `lrfind run`. */
export interface RunCommandOptions {
  demo?: boolean;
  numIt?: number;
  startLr?: number;
  endLr?: number;
  schedule?: ScheduleKind;
  batchSize?: number;
  seed?: number;
  backend?: BackendPreference;
  out?: string;
  json?: boolean;
  progress?: boolean;
  report?: boolean;
  confirm?: boolean;
  all?: boolean;
}

const BACKENDS: readonly BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

function parseBackend(value: string): BackendPreference {
  if (!BACKENDS.includes(value as BackendPreference)) {
    throw msg.flagMustBeOneOf('--backend', BACKENDS, value);
  }
  return value as BackendPreference;
}

function parseSchedule(value: string): ScheduleKind {
  if (value !== 'exp' && value !== 'linear') throw msg.flagMustBe('--schedule', 'exp or linear', value);
  return value;
}

/** Load the tfjs side lazily: `lrfind analyze` must not pay for it, and a missing peer dependency is one clear line. */
async function loadDemo(): Promise<typeof DemoModule> {
  try {
    return await import('../../backends/tfjs/demo/mnistDemo.js');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && /@tensorflow\/tfjs/.test(String((error as Error).message))) {
      throw msg.tfjsMissing(error);
    }
    throw error;
  }
}

/** Shows the steps of a range test as they happen. */
interface ProgressDisplay {
  update(p: RangeTestProgress): void;
  stop(): void;
}

/**
 * A progress display on stderr: a cli-progress bar when stderr is a terminal, else a plain line at the first step
 * and every 10% (logs and CI stay readable).
 */
async function progressDisplay(io: CliIo, enabled: boolean): Promise<ProgressDisplay> {
  if (!enabled) return { update: () => {}, stop: () => {} };
  if (process.stderr.isTTY) {
    const { default: cliProgress } = await import('cli-progress');
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: '{phase} [{bar}] {value}/{total} steps | lr {lr} | loss {loss}',
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started: RangeTestProgress['phase'] | null = null;
    return {
      update(p) {
        const phase = p.phase ?? 'range-test';
        if (started !== phase) {
          if (started !== null) bar.stop();
          bar.start(p.numIt, 0, { phase: phase === 'trial' ? 'trials    ' : 'range test', lr: '-', loss: '-' });
          started = phase;
        }
        bar.update(p.step, { lr: formatLr(p.lr), loss: Number.isFinite(p.loss) ? p.loss.toFixed(4) : String(p.loss) });
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let next = 0.1;
  let phase: RangeTestProgress['phase'] = 'range-test';
  return {
    update(p) {
      if ((p.phase ?? 'range-test') !== phase) {
        phase = p.phase ?? 'range-test';
        next = 0.1;
      }
      const fraction = p.step / p.numIt;
      if (p.step === 1 || fraction + 1e-9 >= next) {
        const loss = Number.isFinite(p.loss) ? p.loss.toFixed(4) : String(p.loss);
        io.stderr(`${phase === 'trial' ? 'confirm trials' : 'range test'}: step ${p.step}/${p.numIt}, lr ${formatLr(p.lr)}, loss ${loss}\n`);
        while (next <= fraction + 1e-9) next += 0.1;
      }
    },
    stop: () => {},
  };
}

/** The human summary `lrfind run --demo` prints after the suggestions table. */
function summary(result: MnistDemoResult, runFile: string, report: string | null): string {
  const c = result.confirmation;
  const trials = c ? ` + ${c.steps} trial steps` : '';
  const lines = [
    `MNIST demo: ${result.examples} digits, MLP 784-128-10 (Adam) on ${result.backend}, ${result.seconds.toFixed(1)} s (range test${trials})`,
    `wrote ${runFile}${report ? `, ${report}` : ''}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Run `lrfind run --demo`: the range test on the bundled MNIST digits; prints the table, writes the run file and
 * the report.
 *
 * @throws {UsageError} without `--demo`; {LrfindError} when tfjs or mnist is missing or a file cannot be written.
 * @example
 * await runRun({ demo: true, numIt: 50, out: 'out' }, io); // => { run, analysis, backend: 'wasm', … }
 */
export async function runRun(options: RunCommandOptions, io: CliIo): Promise<MnistDemoResult> {
  if (!options.demo) {
    throw msg.runNeedsDemo();
  }
  const { runMnistDemo } = await loadDemo();
  const out = options.out ?? 'out';
  const display = await progressDisplay(io, options.progress !== false);
  let result: MnistDemoResult;
  try {
    result = await runMnistDemo({
      numIt: options.numIt,
      startLr: options.startLr,
      endLr: options.endLr,
      schedule: options.schedule,
      batchSize: options.batchSize,
      seed: options.seed,
      backend: options.backend ?? 'auto',
      onProgress: (p) => display.update(p),
      onNotice: (m) => io.stderr(`${m}\n`),
      confirm: options.confirm !== false,
    });
  } finally {
    display.stop();
  }
  try {
    await mkdir(out, { recursive: true });
  } catch (error) {
    throw msg.cannotCreateDir(out, (error as NodeJS.ErrnoException).code ?? String(error), error);
  }
  const runFile = join(out, 'demo-run.json');
  await saveRun(result.run, runFile);
  let report: string | null = null;
  if (options.report !== false) {
    report = join(out, 'demo-report.svg');
    const { writeReport } = await import('../../plot/renderReport.js');
    await writeReport(report, [{ name: 'MNIST demo', run: result.run, analysis: result.analysis }], {
      title: `Learning-rate range test: MLP on ${result.examples} MNIST digits (Adam)`,
    });
  }
  if (options.json) {
    const c = result.confirmation;
    io.stdout(
      `${JSON.stringify({
        ...analysisToJson(result.analysis, { ...result.run, source: runSource(result.run) }),
        runFile,
        report,
        backend: result.backend,
        seconds: result.seconds,
        runStopReason: result.run.stopReason,
        ...(c ? { confirmation: confirmationToJson(c) } : {}),
      })}\n`,
    );
  } else {
    io.stdout(analysisToText('MNIST demo', result.run, result.analysis, { all: options.all === true }));
    io.stdout(`\n${summary(result, runFile, report)}`);
  }
  return result;
}

/**
 * Register `run` on the program.
 *
 * @example
 * registerRun(program, io); // => `lrfind run --demo` is available
 */
export function registerRun(program: Command, io: CliIo): void {
  program
    .command('run')
    .description('run a learning-rate range test: --demo trains a small MLP on the 10,000 MNIST digits of the mnist package')
    .option('--demo', 'the built-in demo: MNIST digits (no download), MLP 784-128-10 with Adam')
    .option('--num-it <n>', 'steps of the test', parseIntegerOption('--num-it', 2, 100_000), 100)
    .option('--start-lr <lr>', 'learning rate of the first step', parsePositiveNumber('--start-lr'), 1e-7)
    .option('--end-lr <lr>', 'learning rate of the last step', parsePositiveNumber('--end-lr'), 10)
    .option('--schedule <kind>', 'lr growth: exp (geometric) or linear', parseSchedule, 'exp')
    .option('--batch-size <n>', 'examples per step', parseIntegerOption('--batch-size', 1, 10_000), 64)
    .option('--seed <n>', 'seed of the data shuffle and the weight initialisation', parseIntegerOption('--seed', 0), 0)
    .option('--backend <name>', 'tfjs backend: auto (tfjs-node, else wasm, else cpu), tensorflow, wasm, cpu', parseBackend, 'auto')
    .option('--out <dir>', 'directory for demo-run.json and demo-report.svg', 'out')
    .option('--confirm', 'train short trials at the best candidate lrs after the test and answer with the measured best (the default)')
    .option('--no-confirm', 'no trials: answer with the range-test estimate (the trials cost about 3× the test\'s steps)')
    .option('-a, --all', 'also print every tool\'s suggestion and the confirm trials\' table')
    .option('--no-report', 'do not draw the SVG report')
    .option('--no-progress', 'no progress display on stderr')
    .option('--json', 'print one JSON object (files written, analysis) instead of the table')
    .addHelpText(
      'after',
      '\nNeeds @tensorflow/tfjs (and @tensorflow/tfjs-backend-wasm for speed) and, for --demo, the mnist package.\n' +
        '\nExamples:\n  $ lrfind run --demo\n  $ lrfind run --demo --no-confirm --all\n  $ lrfind run --demo --num-it 200 --end-lr 1 --out runs\n',
    )
    .action(async (opts: RunCommandOptions) => {
      if (opts.startLr !== undefined && opts.endLr !== undefined && opts.startLr >= opts.endLr) {
        throw msg.startNotBelowEnd(opts.startLr, opts.endLr);
      }
      await runRun(opts, io);
    });
}
