// Writing results: JSON that never holds NaN or Infinity, and files that appear whole or not at all.

import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors.js';

/** JSON with typed arrays as arrays and every non-finite number as null (CONTRACT). */
export function toJson(value: unknown, indent = 2): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number') return Number.isFinite(v) ? v : null;
      if (v instanceof Float64Array || v instanceof Float32Array)
        return Array.from(v, (x) => (Number.isFinite(x) ? x : null));
      return v;
    },
    indent,
  );
}

/** Writes a file atomically: a temporary file beside it, then a rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array, flag: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`${flag}: cannot write "${path}" (${reason})`);
  }
}

/** A number for people: up to `digits` significant digits, no trailing zeros. */
export function formatNumber(value: number, digits = 10): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e12) return String(Number(value.toPrecision(digits)));
  return value.toExponential(Math.min(digits, 6) - 1).replace(/\.?0+e/, 'e');
}
