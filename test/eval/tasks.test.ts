import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { FAMILIES, GROUPS, HOLDOUT_C_GROUPS, HOLDOUT_GROUPS, taskByName, trainingData, weightChecksum, disposeBuilt } from '../../eval/tasks/index.js';
import { streamSeed } from '../../eval/tasks/kit/task.js';

const DIR = 'eval/tasks';

describe('eval/tasks: one file per task family, one registry', () => {
  it('every family file in eval/tasks/ is registered in index.ts', () => {
    const index = readFileSync(join(DIR, 'index.ts'), 'utf8');
    const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(index, f).toContain(`from './${f.replace(/\.ts$/, '.js')}'`);
  });

  it('family names are unique, every group names its own family, every family has a group', () => {
    const names = FAMILIES.map((f) => f.task.name);
    expect(new Set(names).size).toBe(names.length);
    for (const f of FAMILIES) {
      expect(f.groups.length, f.task.name).toBeGreaterThan(0);
      for (const g of f.groups) expect(g.family).toBe(f.task.name);
    }
    const planned = new Set([...GROUPS, ...HOLDOUT_GROUPS, ...HOLDOUT_C_GROUPS].map((g) => g.family));
    expect([...planned].sort()).toEqual([...names].sort());
    expect(taskByName('iris').budgetSteps).toBe(200);
    expect(() => taskByName('nope')).toThrow(RangeError);
  });
});

describe('eval/tasks: the stream task trains on fresh examples every batch', () => {
  it('streamSeed differs per batch and per order, and repeats', () => {
    expect(streamSeed(1, 0)).toBe(streamSeed(1, 0));
    expect(new Set([streamSeed(1, 0), streamSeed(1, 1), streamSeed(2, 0), streamSeed(1001, 0)]).size).toBe(4);
  });

  it('stream-teacher: no fixed training set; batches differ from step to step and repeat for the same order', async () => {
    const built = await taskByName('stream-teacher').build(1, 'sgd');
    try {
      expect(built.train).toBeNull();
      const take = async (order: number): Promise<number[][]> => {
        const it = await (trainingData(built, 4, order) as tf.data.Dataset<{ xs: tf.Tensor; ys: tf.Tensor }>).iterator();
        const out: number[][] = [];
        for (let k = 0; k < 3; k++) {
          const { value } = await it.next();
          out.push(Array.from(value.xs.dataSync()));
          tf.dispose([value.xs, value.ys]);
        }
        return out;
      };
      const a = await take(1);
      expect(a[0]).not.toEqual(a[1]);
      expect(await take(1)).toEqual(a);
      expect((await take(1001))[0]).not.toEqual(a[0]);
      const again = await taskByName('stream-teacher').build(1, 'sgd');
      expect(weightChecksum(again.model)).toBe(weightChecksum(built.model));
      expect(Array.from(again.val.x.dataSync())).toEqual(Array.from(built.val.x.dataSync()));
      disposeBuilt(again);
    } finally {
      disposeBuilt(built);
    }
  });
});
