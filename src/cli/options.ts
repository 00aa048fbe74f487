/**
 * Option parsers shared by the CLI commands: they throw {@link UsageError} (exit 2) with the flag and the value.
 *
 * @module
 */
import { isPresetName, PRESET_NAMES } from '../analysis/analyze.js';
import type { PresetName } from '../analysis/presets/types.js';
import { UsageError } from './io.js';

/** Parse `--preset`. */
export function parsePresetOption(value: string): PresetName {
  if (!isPresetName(value)) {
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')} (got "${value}")`);
  }
  return value;
}

/** A parser for an integer flag ≥ `min`. */
export function parseIntegerOption(flag: string, min: number, max = Infinity): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      const range = max === Infinity ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
      throw new UsageError(`${flag} must be ${range} (got "${value}")`);
    }
    return n;
  };
}

/** A parser for a positive finite number flag. */
export function parsePositiveNumber(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
      throw new UsageError(`${flag} must be a number > 0 (got "${value}")`);
    }
    return n;
  };
}
