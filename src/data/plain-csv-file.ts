// scanPlainCsv: a plain numeric CSV file read block by block at the speed of its bytes, or null to leave it to the exact reader.

import { open } from 'node:fs/promises';
import { type CsvOptions, CsvTable, looksNumeric } from './csv-table.js';
import {
  NotPlainNumeric,
  NumericCsvScanner,
  type RowBlock,
  SKIPPED_FIELD,
  TARGET_FIELD,
} from './numeric-csv.js';

/**
 * What reads a plain file's data lines, chunk by chunk: the chunk the file is read into and where its rows go.
 * `jsLines` is NumericCsvScanner into RowBlocks; WasmCsvLines is the WebAssembly scanner over its own memory.
 */
export interface LineScanner {
  /** Data rows read so far. */
  readonly rows: number;
  /** Labels in the order they first appeared (a label target only). */
  readonly labels: ReadonlyMap<string, number>;
  /** The chunk the file is read into, with one spare byte at the end; scan() and grow() may replace it. */
  readonly bytes: Uint8Array;
  /** Doubles the chunk, keeping its contents, for a line longer than it (or throws NotPlainNumeric). */
  grow(): void;
  /** NumericCsvScanner.scan's contract on `bytes`. */
  scan(start: number, end: number, last: boolean): number;
  /** Called once after the last line. */
  finish(): void;
}

/** Sets up the LineScanner of a file: its roles (see NumericCsvScanner), feature count, label target and expected rows. */
export type LineSetup = (
  roles: Int32Array,
  width: number,
  labelTarget: boolean,
  expectedRows: number,
) => LineScanner;

/**
 * The JavaScript scanner writing into the RowBlocks that `block(width, expectedRows)` makes.
 *
 * @example
 * const shape = await scanPlainCsv('big.csv', { target: 'y' }, jsLines(growingBlock));
 */
export function jsLines(block: (width: number, expectedRows: number) => RowBlock): LineSetup {
  return (roles, width, labelTarget, expectedRows) => {
    const scanner = new NumericCsvScanner(roles, width, labelTarget);
    const rows = block(width, expectedRows);
    let bytes = new Uint8Array(CHUNK + 1);
    return {
      get rows() {
        return scanner.rows;
      },
      labels: scanner.labels,
      get bytes() {
        return bytes;
      },
      grow() {
        const larger = new Uint8Array(bytes.length * 2 - 1);
        larger.set(bytes);
        bytes = larger;
      },
      scan: (start, end, last) => scanner.scan(bytes, start, end, last, rows),
      finish: () => rows.flush(),
    };
  };
}

/** The shape of a plain file: its chosen columns by name, how many rows it held and its labels as first seen. */
export interface PlainCsv {
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly rows: number;
  /** Labels in the order they first appeared (the target holds these indices), or null for a numeric target. */
  readonly labels: readonly string[] | null;
}

/** The bytes read from the file at a time (plus one spare). */
export const CHUNK = 1 << 22;
const [LF, CR, QUOTE] = [10, 13, 34];

/**
 * Reads a CSV file whose data lines are plain numbers (see NumericCsvScanner) through the LineScanner
 * `setup` makes, chunk by chunk, so memory stays at one chunk plus the rows. Returns null —
 * having read nothing the caller should keep — when anything about the file (a quote, a blank line, a
 * ragged row, text in a numeric column, an unreadable file, a header the exact reader would refuse)
 * needs the exact reader, which then gives the same result or the message naming the line and column.
 *
 * @example
 * const shape = await scanPlainCsv('big.csv', { target: 'y' }, jsLines(growingBlock));
 */
export async function scanPlainCsv(
  path: string,
  options: CsvOptions,
  setup: LineSetup,
): Promise<PlainCsv | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const bytes = new Uint8Array(CHUNK + 1);
    let filled = await fill(handle, bytes, 0);
    let eof = filled < bytes.length - 1;
    const header = headerLine(bytes, filled);
    if (header === null) return null;
    const table = new CsvTable(path, 'plain', options);
    try {
      table.add(header.fields, 1);
    } catch {
      return null;
    }
    const columns = table.columns!;
    const roles = new Int32Array(columns.header.length).fill(SKIPPED_FIELD);
    columns.features.forEach((column, slot) => {
      roles[column] = slot;
    });
    roles[columns.target] = TARGET_FIELD;
    let kind = columns.kind;
    if (kind === 'auto') {
      const first = firstTarget(bytes, header.end, filled, eof, columns.target);
      if (first === null) return null;
      kind = looksNumeric(first) ? 'numeric' : 'categorical';
    }
    const width = columns.features.length;
    // The lines read so far tell the row count to expect from the file's length.
    const sample = Math.min(filled, header.end + (1 << 16));
    const lineBytes = Math.max(1, (sample - header.end) / Math.max(1, countLines(bytes, header.end, sample)));
    const expected = ((await handle.stat()).size - header.end) / lineBytes;
    const lines = setup(roles, width, kind === 'categorical', expected);
    lines.bytes.set(bytes.subarray(0, filled));
    let pos = header.end;
    for (;;) {
      const stop = lines.scan(pos, filled, eof);
      if (eof) break;
      // Keep the incomplete last line, and make room when one line outgrows the chunk.
      lines.bytes.copyWithin(0, stop, filled);
      filled -= stop;
      pos = 0;
      if (filled === lines.bytes.length - 1) lines.grow();
      const before = filled;
      filled = await fill(handle, lines.bytes, filled);
      eof = filled < lines.bytes.length - 1 || filled === before;
    }
    if (lines.rows === 0) return null;
    lines.finish();
    return {
      featureNames: columns.features.map((c) => columns.header[c]!),
      targetName: columns.header[columns.target]!,
      rows: lines.rows,
      labels: kind === 'categorical' ? [...lines.labels.keys()] : null,
    };
  } catch (error) {
    if (error instanceof NotPlainNumeric || (error as NodeJS.ErrnoException).syscall !== undefined)
      return null;
    throw error;
  } finally {
    await handle.close();
  }
}

function countLines(bytes: Uint8Array, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) if (bytes[i] === LF) lines++;
  return lines;
}

/** Reads into bytes from `from` until all but its spare last byte is filled or the file ends; returns how far. */
async function fill(
  handle: Awaited<ReturnType<typeof open>>,
  bytes: Uint8Array,
  from: number,
): Promise<number> {
  let filled = from;
  const room = bytes.length - 1;
  while (filled < room) {
    const { bytesRead } = await handle.read(bytes, filled, room - filled, null);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}

/** The header's names (BOM dropped, trimmed) and where the first data line starts, or null when it is not plain. */
function headerLine(bytes: Uint8Array, filled: number): { fields: string[]; end: number } | null {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const lf = bytes.subarray(0, filled).indexOf(LF, start);
  if (lf < 0) return null;
  const stop = lf > start && bytes[lf - 1] === CR ? lf - 1 : lf;
  const line = bytes.subarray(start, stop);
  // A NUL byte is binary data: the csv-parse path refuses it with its line.
  if (line.includes(QUOTE) || line.includes(CR) || line.includes(0) || line.length === 0) return null;
  const fields = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
    .decode(line)
    .split(',')
    .map((name) => name.replace(/^[ \t]+|[ \t]+$/g, ''));
  return { fields, end: lf + 1 };
}

/** The target's text on the first data line, or null when that line is not plain. */
function firstTarget(
  bytes: Uint8Array,
  from: number,
  filled: number,
  eof: boolean,
  column: number,
): string | null {
  let lf = bytes.subarray(0, filled).indexOf(LF, from);
  if (lf < 0 && eof) lf = filled;
  if (lf < 0) return null;
  const line = new TextDecoder().decode(bytes.subarray(from, lf));
  if (line.includes('"') || line.includes('\0')) return null;
  const field = line.replace(/\r$/, '').split(',')[column];
  return field === undefined ? null : field.replace(/^[ \t]+|[ \t]+$/g, '');
}

/**
 * A RowBlock that grows to hold every row: sized from the file's length and its first lines, then
 * enlarged by half when full. `rows` counts every row written; read the arrays up to it at the end.
 *
 * @example
 * const rows = growingBlock(20, 300_000);
 */
export function growingBlock(width: number, expectedRows: number): RowBlock {
  const capacity = Math.max(1024, Math.ceil(expectedRows));
  const block: RowBlock = {
    features: new Float64Array(capacity * width),
    target: new Float64Array(capacity),
    capacity,
    rows: 0,
    flush() {
      if (block.rows < block.capacity) return;
      const next = Math.ceil(block.capacity * 1.5);
      const features = new Float64Array(next * width);
      features.set(block.features);
      const target = new Float64Array(next);
      target.set(block.target);
      Object.assign(block, { features, target, capacity: next });
    },
  };
  return block;
}
