// Writing results: JSON that never holds NaN or Infinity, and files that appear whole or not at all.

import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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

/** One file a command writes, and the flag that named it. */
export interface OutputFile {
  path: string;
  data: string | Uint8Array;
  flag: string;
}

/**
 * Writes files all or none: each goes to a temporary file beside it, and only when every one is
 * written are they renamed into place, so a failing command leaves no output behind.
 */
export function writeFilesAtomic(files: readonly OutputFile[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const other = seen.get(file.path);
    if (other !== undefined) throw new InputError(`${file.flag}: "${file.path}" is also the ${other} file`);
    seen.set(file.path, file.flag);
  }
  const written: string[] = [];
  const temporary = (path: string): string => `${path}.${process.pid}.tmp`;
  const cannot = (file: OutputFile, error: unknown): InputError => {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return new InputError(`${file.flag}: cannot write "${file.path}" (${reason})`);
  };
  try {
    for (const file of files) {
      if (statSync(file.path, { throwIfNoEntry: false })?.isDirectory()) {
        throw new InputError(`${file.flag}: "${file.path}" is a directory`);
      }
      try {
        writeFileSync(temporary(file.path), file.data);
      } catch (error) {
        throw cannot(file, error);
      }
      written.push(temporary(file.path));
    }
    for (const file of files) {
      try {
        renameSync(temporary(file.path), file.path);
      } catch (error) {
        throw cannot(file, error);
      }
    }
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    throw error;
  }
}

/** Writes one file atomically: a temporary file beside it, then a rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array, flag: string): void {
  writeFilesAtomic([{ path, data, flag }]);
}

/** A number for people: up to `digits` significant digits, no trailing zeros. */
export function formatNumber(value: number, digits = 10): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e12) return String(Number(value.toPrecision(digits)));
  return value.toExponential(Math.min(digits, 6) - 1).replace(/\.?0+e/, 'e');
}

/**
 * Text columns as wide as their widest cell: left-aligned with two spaces between, or right-aligned
 * (numbers) with three. Returns one string per row.
 *
 * @example
 * columns([['name', 'rows'], ['@line', '50']]); // ['name   rows', '@line  50']
 */
export function columns(rows: readonly (readonly string[])[], align: 'left' | 'right' = 'left'): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (let c = 0; c < row.length; c++) widths[c] = Math.max(widths[c] ?? 0, row[c]!.length);
  }
  return rows.map((row) =>
    align === 'left'
      ? row
          .map((cell, c) => cell.padEnd(widths[c]!))
          .join('  ')
          .trimEnd()
      : row.map((cell, c) => cell.padStart(widths[c]!)).join('   '),
  );
}
