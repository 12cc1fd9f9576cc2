// scanPlainCsv: a plain numeric CSV file read block by block at the speed of its bytes, or null to leave it to the exact reader.

import { open } from 'node:fs/promises';
import { type CsvOptions, CsvTable, looksNumeric } from './csv-table.js';
import {
  NotPlainNumeric,
  NumericCsvScanner,
  PartsOverflow,
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
  /**
   * A scanner set up with second-part rows (WasmCsvLines): what another thread needs to scan the lines after
   * this one's into it, then to join its rows after these or to drop it (this one reads those lines instead).
   */
  secondPart?(): unknown;
  joinSecond?(): void;
  dropSecond?(): void;
}

/**
 * The lines from byte `from` to `to` (the end of the file; `from` the start of a line) scanned elsewhere — on a
 * worker thread — into the second part of a scanner, while this thread reads the lines before them.
 */
export interface SecondHalf {
  /** 'not plain' sends the file to the exact reader; 'again' (rows or a line it had no room for) has this thread read them. */
  readonly outcome: Promise<'done' | 'not plain' | 'again'>;
  /** Stops the scan (after a failure on this side); the outcome then does not matter. */
  cancel(): void;
}

/** Starts scanning the second half into `lines`' second part (see SecondHalf), or gives null where it cannot. */
export type HalfSetup = (path: string, from: number, to: number, lines: LineScanner) => SecondHalf | null;

/**
 * Sets up the LineScanner of a file: its roles (see NumericCsvScanner), feature count, label target and expected
 * rows, and the rows of a second part that another thread reads (see SecondHalf; a setup may ignore it).
 */
export type LineSetup = (
  roles: Int32Array,
  width: number,
  labelTarget: boolean,
  expectedRows: number,
  secondRows?: number,
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
 * With `half`, a file of `minSplitBytes` or more with a numeric target is read in two: the lines from the first
 * line break past its middle on go to `half` (a worker thread) while this thread reads those before; then the
 * second half's rows are appended to the first's, in order.
 *
 * @example
 * const shape = await scanPlainCsv('big.csv', { target: 'y' }, jsLines(growingBlock));
 */
export async function scanPlainCsv(
  path: string,
  options: CsvOptions,
  setup: LineSetup,
  half?: { setup: HalfSetup; minSplitBytes: number },
): Promise<PlainCsv | null> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  let second: SecondHalf | null = null;
  let overflowed = false;
  try {
    const bytes = new Uint8Array(CHUNK + 1);
    let filled = await fill(handle, bytes, 0, 0);
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
    const size = (await handle.stat()).size;
    const expected = (size - header.end) / lineBytes;
    let split: number | null = null;
    if (half !== undefined && kind === 'numeric' && size >= half.minSplitBytes) {
      split = await lineStartAfter(handle, header.end + Math.floor((size - header.end) / 2), size);
    }
    // Each part's rows estimated from its bytes, a fifth more for lines shorter than the first ones.
    const share = split === null ? 0 : (size - split) / (size - header.end);
    const lines = setup(
      roles,
      width,
      kind === 'categorical',
      expected * (split === null ? 1 : 1.2 * (1 - share)),
      expected * 1.2 * share,
    );
    // Where this thread stops reading: the end of the file, or of the first half when a second half is read.
    let limit = Number.POSITIVE_INFINITY;
    if (split !== null && lines.secondPart?.() != null) second = half!.setup(path, split, size, lines);
    if (second !== null) {
      limit = split!;
      filled = Math.min(filled, limit);
      eof = filled === limit;
    } else {
      lines.dropSecond?.();
    }
    lines.bytes.set(bytes.subarray(0, filled));
    let pos = header.end;
    let read = filled;
    for (;;) {
      const stop = lines.scan(pos, filled, eof);
      if (eof && second !== null && limit < size) {
        const outcome = await second.outcome;
        if (outcome === 'not plain') return null;
        if (outcome === 'done') {
          lines.joinSecond!();
          break;
        }
        // The second half's lines are read here after all, from where this thread stopped.
        lines.dropSecond!();
        limit = size;
        eof = false;
      }
      if (eof) break;
      // Keep the incomplete last line, and make room when one line outgrows the chunk.
      lines.bytes.copyWithin(0, stop, filled);
      filled -= stop;
      pos = 0;
      if (filled === lines.bytes.length - 1) lines.grow();
      const before = filled;
      filled = await fill(handle, lines.bytes, filled, read, limit - read);
      read += filled - before;
      eof = filled < lines.bytes.length - 1 || filled === before || read >= limit;
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
    if (error instanceof PartsOverflow) overflowed = true;
    else if (error instanceof NotPlainNumeric || (error as NodeJS.ErrnoException).syscall !== undefined)
      return null;
    else throw error;
  } finally {
    second?.cancel();
    await handle.close();
  }
  // The first half had more rows than its room, which the second half's rows follow: read it all on one thread.
  return overflowed ? scanPlainCsv(path, options, setup) : null;
}

/**
 * The start of the first line that begins at or after byte `at` of the file (just past a line feed), or null when
 * none does before `size`.
 */
async function lineStartAfter(
  handle: Awaited<ReturnType<typeof open>>,
  at: number,
  size: number,
): Promise<number | null> {
  const window = new Uint8Array(1 << 16);
  for (let from = at - 1; from < size; from += window.length) {
    const { bytesRead } = await handle.read(window, 0, window.length, from);
    const lf = window.subarray(0, bytesRead).indexOf(LF);
    if (lf >= 0) return from + lf + 1 < size ? from + lf + 1 : null;
    if (bytesRead === 0) break;
  }
  return null;
}

function countLines(bytes: Uint8Array, from: number, to: number): number {
  let lines = 0;
  for (let i = from; i < to; i++) if (bytes[i] === LF) lines++;
  return lines;
}

/**
 * Reads the file from byte `position` into bytes from `from` on until all but its spare last byte is filled, `most`
 * bytes are read or the file ends; returns how far.
 */
async function fill(
  handle: Awaited<ReturnType<typeof open>>,
  bytes: Uint8Array,
  from: number,
  position: number,
  most = Number.POSITIVE_INFINITY,
): Promise<number> {
  let filled = from;
  const room = Math.min(bytes.length - 1, from + most);
  while (filled < room) {
    const { bytesRead } = await handle.read(bytes, filled, room - filled, position + filled - from);
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
  // Bytes that are not UTF-8 (a binary file) are not plain either: the exact reader names the line.
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(line);
  } catch {
    return null;
  }
  const fields = text.split(',').map((name) => name.replace(/^[ \t]+|[ \t]+$/g, ''));
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
