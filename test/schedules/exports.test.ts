import { expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as schedules from '../../src/schedules/index.js';

// The public surface of lrfind/schedules (runtime exports; types are checked by tsc), also on the root entry.
it('src/schedules/index.ts exports exactly these names, and the root entry has them', () => {
  const names = [
    'SCHEDULE_KINDS',
    'cyclicFromAnalysis',
    'cyclicSchedule',
    'fitOneCycleFromAnalysis',
    'fitOneCycleSchedule',
    'oneCycleFromAnalysis',
    'oneCycleSchedule',
    'scheduleFromAnalysis',
    'scheduleValues',
    'sliceLrs',
  ];
  expect(Object.keys(schedules).sort()).toEqual(names);
  for (const name of names) expect(root).toHaveProperty(name);
});
