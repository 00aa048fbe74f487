import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rule of eslint.config.js must hold at every depth: a wrong import two folders down fails too.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layering rule holds at every depth', () => {
  it.each([
    ['src/analysis/x.ts', "import type { Run } from '../recorder/run.js';"],
    ['src/analysis/presets/x.ts', "import type { Run } from '../../recorder/run.js';"],
    ['src/analysis/presets/x.ts', "import { readRunText } from '../../io/readText.js';"],
    ['src/analysis/presets/x.ts', "import { readFile } from 'node:fs/promises';"],
    ['src/recorder/x.ts', "import { finderSpec } from '../plot/finderSpec.js';"],
    ['src/recorder/deep/x.ts', "import { finderSpec } from '../../plot/finderSpec.js';"],
    ['src/recorder/deep/x.ts', "import { lrFind } from '../../backends/tfjs/lrFind.js';"],
    ['src/io/x.ts', "import { analyze } from '../analysis/analyze.js';"],
    ['src/schedules/deep/x.ts', "import type { Run } from '../../recorder/run.js';"],
    ['src/plot/deep/x.ts', "import { main } from '../../cli/main.js';"],
    ['src/backends/tfjs/x.ts', "import { finderSpec } from '../../plot/finderSpec.js';"],
    ['src/analysis/x.ts', "import type { Run } from '../runs/run.js';"],
    ['src/analysis/presets/x.ts', "import { confirmLr } from '../../confirm/confirm.js';"],
    ['src/runs/x.ts', "import { confirmLr } from '../confirm/confirm.js';"],
    ['src/runs/import/x.ts', "import { lrFindLoop } from '../../recorder/loop.js';"],
    ['src/runs/import/x.ts', "import { finderSpec } from '../../plot/finderSpec.js';"],
    ['src/runs/import/deep/x.ts', "import { LrRecorder } from '../../../recorder/recorder.js';"],
    ['src/confirm/x.ts', "import { lrFindLoop } from '../recorder/loop.js';"],
    ['src/confirm/x.ts', "import { readRunText } from '../io/readText.js';"],
    ['src/confirm/deep/x.ts', "import { lrFind } from '../../backends/tfjs/lrFind.js';"],
    ['src/plot/x.ts', "import { lrFindLoop } from '../recorder/loop.js';"],
    ['src/plot/deep/x.ts', "import { confirmLr } from '../../confirm/confirm.js';"],
    ['src/node/x.ts', "import { main } from '../cli/main.js';"],
    ['src/node/x.ts', "import { lrFind } from '../backends/tfjs/lrFind.js';"],
  ])('%s: %s is refused', async (file, code) => {
    expect((await messages(file, `${code}\nexport const x = 1;\n`)).length).toBe(1);
  });

  it.each([
    ['src/analysis/presets/x.ts', "import { LrfindError } from '../../errors.js';"],
    ['src/recorder/x.ts', "import { ema } from '../analysis/ema.js';"],
    ['src/recorder/x.ts', "import { readRunText } from '../io/readText.js';"],
    ['src/cli/commands/x.ts', "import { finderSpec } from '../../plot/finderSpec.js';"],
    ['src/runs/import/x.ts', "import { readRunText } from '../../io/readText.js';"],
    ['src/runs/import/x.ts', "import { invertEma } from '../../analysis/unsmooth.js';"],
    ['src/confirm/x.ts', "import type { Confirmation } from '../runs/confirmation.js';"],
    ['src/recorder/x.ts', "import { confirmLr } from '../confirm/confirm.js';"],
    ['src/plot/x.ts', "import type { Run } from '../runs/run.js';"],
    ['src/backends/tfjs/x.ts', "import { confirmLr } from '../../confirm/confirm.js';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await messages(file, `${code}\nexport const x = 1;\n`)).toEqual([]);
  });
});
