#!/usr/bin/env node
import { writeFailure } from '../io/messages.js';
import { EXIT, reportError } from './io.js';
import { cannotWriteStdout } from './messages.js';
import { runCli } from './program.js';

// standard output that fails: `| head` closing the pipe early is the reader's choice (exit 1, nothing said); a full
// device (`> /dev/full`) gets one line on stderr, exit 1 — never a stack trace
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') {
    reportError(cannotWriteStdout(writeFailure(error), error), { stdout: () => undefined, stderr: (s) => void process.stderr.write(s) });
  }
  process.exit(EXIT.internal);
});
// stderr itself failing leaves nowhere to say so
process.stderr.on('error', () => process.exit(EXIT.internal));

const code = await runCli(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  stdoutBytes: (b) => void process.stdout.write(b),
});
process.exitCode = code;
