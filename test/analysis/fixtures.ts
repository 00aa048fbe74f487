/**
 * Loading of the recorded runs (test/fixtures/runs) and of the numpy/scipy references
 * (test/fixtures/reference, written by scripts/reference/anchors.py) for the analysis tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRun } from '../../src/runs/import/importRun.js';
import { parseJsonLenient } from '../../src/runs/runFile.js';
import type { Run } from '../../src/runs/run.js';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures');
export const RUNS_DIR = join(FIXTURES, 'runs');

/** Every run file name in test/fixtures/runs, sorted like Python's `sorted(os.listdir())`. */
export function runFileNames(): string[] {
  return readdirSync(RUNS_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const runCache = new Map<string, Run>();

/** A fixture run, parsed by lrfind's own reader (bare NaN/Infinity tokens and null losses accepted). */
export function loadFixtureRun(name: string): Run {
  let run = runCache.get(name);
  if (run === undefined) {
    const file = join(RUNS_DIR, name);
    run = parseRun(readFileSync(file, 'utf8'), { file });
    runCache.set(name, run);
  }
  return run;
}

/** A reference JSON file (may contain NaN / Infinity tokens). */
export function loadReference<T>(name: string): T {
  const file = join(FIXTURES, 'reference', name);
  return parseJsonLenient(readFileSync(file, 'utf8'), file) as T;
}

export interface RefPoint {
  index: number;
  lr: number;
}
export interface RefRange {
  indices: [number, number];
  range: [number, number];
}
export interface RefPreset {
  recording: { points: number; stopIndex: number | null; stopReason: string; smoothed: number[] };
  suggestions: Record<string, RefPoint | RefRange | null>;
  candidates?: { loss: RefPoint[]; gradient: RefPoint[] };
}
export interface PresetsReference {
  header: Record<string, string>;
  runs: Record<string, { numIt: number; points: number; presets: Record<string, RefPreset> }>;
}

/**
 * True when `actual` equals `expected` to `rel` relative error, with NaN matching NaN and ±Infinity matching
 * itself. `scale` is an absolute floor for the comparison (for values that cancel to ~0).
 */
export function closeTo(actual: number, expected: number, rel = 1e-12, scale = 0): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (!Number.isFinite(actual)) return false;
  return Math.abs(actual - expected) <= rel * Math.max(Math.abs(actual), Math.abs(expected), scale);
}

/** Indices where two series differ beyond {@link closeTo}; empty when they match (lengths must be equal). */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, rel = 1e-12, scale = 0): string[] {
  const out: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} != ${expected.length}`];
  for (let i = 0; i < expected.length; i++) {
    if (!closeTo(actual[i], expected[i], rel, scale)) out.push(`[${i}] ${actual[i]} != ${expected[i]}`);
    if (out.length >= 5) break;
  }
  return out;
}
