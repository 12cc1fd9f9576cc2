// The spill file: rows of a file too large for memory, parsed once into a temporary float64 file that is then read a window at a time.

import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { InputError } from '../errors.js';
import { type CsvOptions, sortLabels } from './csv-table.js';
import type { RowBlock } from './numeric-csv.js';
import { jsLines, scanPlainCsv } from './plain-csv-file.js';
import type { RowWindows } from './row-windows.js';

/**
 * Streamed windows over a spilled file; `close` deletes the temporary file.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('big.csv', 'x,y\n1,3\n2,5\n3,7\n');
 * const windows: SpilledWindows = await spillCsv('big.csv', { target: 'y' }, () => 2);
 * try {
 *   const features = new Float64Array(2);
 *   const target = new Float64Array(2);
 *   windows.read(1, features, target); // → 1
 *   target[0]; // → 7
 *   windows.spillBytes; // → 48
 * } finally {
 *   windows.close();
 * }
 */
export interface SpilledWindows extends RowWindows {
  /** Bytes of the temporary file (rows × (features + 1) × 8). */
  readonly spillBytes: number;
  close(): void;
}

/** What a reader found once every row was spilled: the chosen columns, the row count and the labels as first seen. */
export interface SpillShape {
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly rows: number;
  /** Labels in the order they first appeared (the spilled target holds these indices), or null for a numeric target. */
  readonly labels: readonly string[] | null;
}

/** A temporary float64 file a reader appends rows to through blocks, then reads back as windows. */
export interface Spill {
  /** A block of rows of `width` features whose `flush` appends its rows to the file and empties it. */
  block(width: number): RowBlock;
  /** Windows of `windowRows(width)` rows over what was written; closing them deletes the file. */
  windows(source: string, shape: SpillShape, windowRows: (width: number) => number): SpilledWindows;
  /** Deletes the file (for a reader that failed before `windows`). */
  release(): void;
}

const BLOCK_ROWS = 8192;

/**
 * A new, empty spill file in the system's temporary folder.
 *
 * @example
 * const spill = openSpill();
 * const block = spill.block(1);
 * block.features[0] = 2;
 * block.target[0] = 5;
 * block.rows = 1;
 * block.flush();
 * const windows = spill.windows('big.parquet', { featureNames: ['x'], targetName: 'y', rows: 1, labels: null }, () => 1);
 * windows.spillBytes; // → 16
 * windows.close();
 */
export function openSpill(): Spill {
  const folder = mkdtempSync(join(tmpdir(), 'downhill-spill-'));
  const fd = openSync(join(folder, 'rows.f64'), 'w+');
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    closeSync(fd);
    rmSync(folder, { recursive: true, force: true });
  };
  let width = 0;
  let position = 0;
  return {
    block(columns) {
      width = columns;
      const stride = columns + 1;
      const rows = new Float64Array(BLOCK_ROWS * stride);
      const block: RowBlock = {
        features: new Float64Array(BLOCK_ROWS * columns),
        target: new Float64Array(BLOCK_ROWS),
        capacity: BLOCK_ROWS,
        rows: 0,
        flush() {
          const { features, target } = block;
          for (let i = 0; i < block.rows; i++) {
            rows.set(features.subarray(i * columns, (i + 1) * columns), i * stride);
            rows[i * stride + columns] = target[i]!;
          }
          const bytes = new Uint8Array(rows.buffer, 0, block.rows * stride * 8);
          let written = 0;
          while (written < bytes.length)
            written += writeSync(fd, bytes, written, bytes.length - written, position + written);
          position += bytes.length;
          block.rows = 0;
        },
      };
      return block;
    },
    windows(path, shape, windowRows) {
      const stride = width + 1;
      const window = Math.max(1, Math.min(shape.rows, windowRows(width)));
      const raw = new Float64Array(window * stride);
      const rawBytes = new Uint8Array(raw.buffer);
      const classes = shape.labels === null ? null : sortLabels(shape.labels);
      const final = classes === null ? null : new Map(classes.map((label, i) => [label, i]));
      const renumber =
        shape.labels === null ? null : Float64Array.from(shape.labels, (label) => final!.get(label)!);
      return {
        name: basename(path, extname(path)),
        featureNames: shape.featureNames,
        targetName: shape.targetName,
        classes,
        rows: shape.rows,
        window,
        spillBytes: position,
        read(index, features, target) {
          const from = index * window;
          const rows = Math.min(window, shape.rows - from);
          const length = rows * stride * 8;
          let done = 0;
          while (done < length) {
            const got = readSync(fd, rawBytes, done, length - done, from * stride * 8 + done);
            if (got === 0) throw new Error(`the spill file of ${path} ended early`);
            done += got;
          }
          for (let i = 0; i < rows; i++) {
            features.set(raw.subarray(i * stride, i * stride + width), i * width);
            const y = raw[i * stride + width]!;
            target[i] = renumber === null ? y : renumber[y]!;
          }
          return rows;
        },
        close: release,
      };
    },
    release,
  };
}

/**
 * Reads a plain numeric CSV file (see scanPlainCsv) once, writing each row's features and target as
 * float64 to a temporary file, and returns windows of `windowRows(width)` rows read back from it —
 * so memory holds one window and one parse chunk however large the file, and each epoch costs a
 * sequential read instead of a parse. Labels are numbered in their sorted order, as every reader does.
 * A file that is not plain (quoted fields, blank lines, problems) is bad input naming the file; the
 * exact reader's message for it comes from reading it without a memory limit.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('big.csv', 'x,y\n1,3\n2,5\n3,7\n');
 * // Windows of 2 rows read back from a temporary float64 file, however large the CSV
 * const windows = await spillCsv('big.csv', { target: 'y' }, () => 2);
 * try {
 *   [windows.rows, windows.window]; // → [3, 2]
 *   const features = new Float64Array(2);
 *   const target = new Float64Array(2);
 *   windows.read(0, features, target); // → 2
 *   [...features]; // → [1, 2]
 * } finally {
 *   windows.close();
 * }
 */
export async function spillCsv(
  path: string,
  options: CsvOptions,
  windowRows: (width: number) => number,
): Promise<SpilledWindows> {
  const spill = openSpill();
  try {
    const shape = await scanPlainCsv(
      path,
      options,
      jsLines((columns) => spill.block(columns)),
    );
    if (shape === null) {
      throw new InputError(
        `${path}: streaming reads plain numeric CSV (unquoted numbers, one row a line); this file needs the exact reader — read it without a memory limit to see where`,
      );
    }
    return spill.windows(path, shape, windowRows);
  } catch (error) {
    spill.release();
    throw error;
  }
}
