// WasmCsvLines: plain numeric CSV lines read by the WebAssembly scanner (kernels/assembly/csv.ts) into rows in its own memory.

import { type WasmMemory, type WasmModule, wasm } from '../kernels/wasm-api.js';
import {
  align16,
  instantiateKernels,
  type KernelExports,
  kernelFacts,
  kernelModule,
  MAX_PAGES,
  PAGE_BYTES,
} from '../kernels/wasm-kernels.js';
import { NotPlainNumeric, PartsOverflow } from './numeric-csv.js';
import { CHUNK, type LineScanner } from './plain-csv-file.js';

/** Bytes handed to one csvRows call: small enough that V8's optimized code takes over within the first megabytes. */
const STEP = 1 << 20;
/** Numbers the scanner leaves to Number() before it stops for them: 12 bytes each. */
const FIXUPS = 1 << 14;
const STATE_BYTES = 64;

/**
 * Memory regions: [module data | state | roles | fixups | chunk | y (capacity) | x (capacity × width)]; with a
 * second part, [… | chunk | the second part's state, roles, fixups and chunk | y | x], and the second part's rows
 * after the first's room in y and in x.
 */
export interface Regions {
  state: number;
  roles: number;
  fixups: number;
  chunk: number;
  y: number;
  x: number;
}

/** Another thread's part of a WasmCsvLines (see `secondPart`): where it scans, with the same module on the same memory. */
export interface CsvPartTask {
  module: WasmModule;
  memory: WasmMemory;
  regions: Regions;
  fields: number;
  width: number;
  /** Bytes of the part's chunk (one spare byte after it). */
  chunkBytes: number;
  /** csvRows' state words and stop reasons, by name. */
  csv: Readonly<Record<string, number>>;
}

/** The state, roles, fixups and chunk of one part from byte `from` on; `end` is where the next region may start. */
function partRegions(from: number, fields: number): Omit<Regions, 'y' | 'x'> & { end: number } {
  const roles = align16(from + STATE_BYTES);
  const fixups = align16(roles + fields * 4);
  const chunk = align16(fixups + FIXUPS * 12);
  return { state: from, roles, fixups, chunk, end: align16(chunk + CHUNK + 1) };
}

/**
 * Reads a plain file's lines (numbers only: a label target stays with the JavaScript scanner) with the WebAssembly
 * scanner, the same doubles as NumericCsvScanner bit for bit: Clinger's exact fast path in WebAssembly, and Number()
 * on the text for the numbers it leaves (more than 2^53 or a power beyond 10^±22), about 2.5× faster on a
 * six-decimal file. The rows stay in the scanner's memory, where `features()` and `target()` view them. With
 * `secondRows`, the memory is shared and holds a second part, for the lines after this one's, which another thread
 * scans (`secondPart`) while this one reads its own; `joinSecond` then moves its rows after these, in order.
 *
 * @example
 * const lines = WasmCsvLines.available() ? new WasmCsvLines(Int32Array.of(0, -1), 1, 1000) : null;
 */
export class WasmCsvLines implements LineScanner {
  readonly labels: ReadonlyMap<string, number> = new Map();
  readonly memory: WasmMemory & { grow(pages: number): number };
  private readonly kernels: KernelExports;
  private readonly regions: Regions;
  private readonly fields: number;
  private readonly module: WasmModule;
  private capacity: number;
  /** Rows' worth of memory the parts wrote, once joined (see `room`). */
  private written: number | null = null;
  /** The second part's regions and room for rows, until joinSecond. */
  private second: { regions: Regions; capacity: number } | null = null;
  private heap: Uint8Array;
  private words: Int32Array;
  private floats: Float64Array;

  /** Whether this host runs the WebAssembly scanner (on a shared memory, with `shared`). */
  static available(shared = false): boolean {
    return kernelModule(shared) !== null;
  }

  /**
   * @param roles what each field of a line holds (see NumericCsvScanner)
   * @param width the number of feature slots
   * @param expectedRows the rows to make room for at first
   * @param secondRows the rows of a second part to make room for (0: none)
   */
  constructor(
    roles: Int32Array,
    private readonly width: number,
    expectedRows: number,
    secondRows = 0,
  ) {
    const shared = secondRows > 0;
    const module = kernelModule(shared);
    if (module === null || wasm === undefined) throw new Error('this host has no WebAssembly SIMD');
    this.module = module;
    this.capacity = Math.max(1024, Math.ceil(expectedRows));
    this.fields = roles.length;
    const first = partRegions(kernelFacts(module).heapBase, roles.length);
    const second = shared ? partRegions(first.end, roles.length) : null;
    const room = shared ? Math.max(1024, Math.ceil(secondRows)) : 0;
    const y = second?.end ?? first.end;
    const x = align16(y + (this.capacity + room) * 8);
    this.regions = { ...first, y, x };
    const initial = this.pagesFor(this.capacity + room);
    if (initial > MAX_PAGES) throw new NotPlainNumeric();
    this.memory = new wasm.Memory(
      shared ? { initial, maximum: MAX_PAGES, shared } : { initial },
    ) as WasmCsvLines['memory'];
    this.kernels = instantiateKernels(module, this.memory);
    this.heap = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
    this.floats = new Float64Array(this.memory.buffer);
    const codes = roles.map((role) =>
      role === -1 ? this.kernels.csv.TARGET : role === -2 ? this.kernels.csv.SKIPPED : role,
    );
    this.words.set(codes, first.roles / 4);
    this.word('CAPACITY', this.capacity);
    this.word('FIXUP_CAPACITY', FIXUPS);
    if (second !== null) {
      const regions = { ...second, y: y + this.capacity * 8, x: x + this.capacity * width * 8 };
      this.second = { regions, capacity: room };
      this.words.set(codes, second.roles / 4);
      this.words[second.state / 4 + this.kernels.csv.CAPACITY] = room;
      this.words[second.state / 4 + this.kernels.csv.FIXUP_CAPACITY] = FIXUPS;
    }
  }

  get rows(): number {
    return this.words[this.regions.state / 4 + this.kernels.csv.ROWS]!;
  }

  get bytes(): Uint8Array {
    return this.heap.subarray(this.regions.chunk, this.regions.chunk + CHUNK + 1);
  }

  grow(): void {
    throw new NotPlainNumeric();
  }

  scan(start: number, end: number, last: boolean): number {
    const { chunk, roles, y, state, fixups } = this.regions;
    const { csv } = this.kernels;
    const stop = chunk + end;
    let pos = chunk + start;
    let to = Math.min(stop, pos + STEP);
    for (;;) {
      const final = to === stop;
      const next = this.kernels.csvRows(
        pos,
        to,
        final && last ? 1 : 0,
        roles,
        this.fields,
        this.regions.x,
        this.width,
        y,
        state,
        fixups,
      );
      const status = this.word('STATUS');
      if (status === csv.NOT_PLAIN) throw new NotPlainNumeric();
      if (status === csv.FIXUPS_FULL) this.applyFixups();
      else if (status === csv.FULL) this.enlarge();
      else if (final) {
        pos = next;
        break;
      } else if (next === pos) {
        // A line longer than a step: read it with the rest of the chunk.
        to = stop;
      } else {
        to = Math.min(stop, next + STEP);
      }
      pos = next;
    }
    this.applyFixups();
    return pos - chunk;
  }

  finish(): void {}

  /** What another thread needs to scan the second part (the lines after this one's), or null with none. */
  secondPart(): CsvPartTask | null {
    if (this.second === null) return null;
    return {
      module: this.module,
      memory: this.memory,
      regions: { ...this.second.regions },
      fields: this.fields,
      width: this.width,
      chunkBytes: CHUNK,
      csv: this.kernels.csv,
    };
  }

  /**
   * Moves the rows the second part holds (its thread done) right after this part's, so that the rows are the
   * file's in order, and counts them; the memory pages under them are mostly written already, so this costs
   * about a copy within the cache's reach of half the rows.
   */
  joinSecond(): void {
    const part = this.second;
    if (part === null) return;
    const { csv } = this.kernels;
    const rows = this.rows;
    const more = this.words[part.regions.state / 4 + csv.ROWS]!;
    this.floats.copyWithin(this.regions.y / 8 + rows, part.regions.y / 8, part.regions.y / 8 + more);
    const { x } = part.regions;
    this.floats.copyWithin(this.regions.x / 8 + rows * this.width, x / 8, x / 8 + more * this.width);
    this.written = (part.regions.y - this.regions.y) / 8 + more;
    this.capacity += part.capacity;
    this.second = null;
    this.word('ROWS', rows + more);
    this.word('CAPACITY', this.capacity);
  }

  /** Forgets the second part (its thread done; its lines are read by this part instead), whose room this part takes. */
  dropSecond(): void {
    if (this.second === null) return;
    this.capacity += this.second.capacity;
    this.second = null;
    this.word('CAPACITY', this.capacity);
  }

  /** Row-major rows × width features of the rows read, a view of the scanner's memory. */
  features(): Float64Array {
    return this.floats.subarray(this.regions.x / 8, this.regions.x / 8 + this.rows * this.width);
  }

  /** The targets of the rows read, a view of the scanner's memory. */
  target(): Float64Array {
    return this.floats.subarray(this.regions.y / 8, this.regions.y / 8 + this.rows);
  }

  /**
   * Rows the memory has room for; after joinSecond, the rows' worth of it the two parts wrote (the first part's
   * room it left empty lies past the joined rows now, the rest of the second part's room was never touched, so it
   * holds no pages of memory).
   */
  get room(): number {
    return this.written ?? this.capacity;
  }

  private word(name: 'ROWS' | 'STATUS' | 'CAPACITY' | 'FIXUP_CAPACITY' | 'FIXUPS', value?: number): number {
    const at = this.regions.state / 4 + this.kernels.csv[name];
    if (value !== undefined) this.words[at] = value;
    return this.words[at]!;
  }

  private pagesFor(capacity: number): number {
    return Math.ceil((align16(this.regions.y + capacity * 8) + capacity * this.width * 8) / PAGE_BYTES);
  }

  /** Writes ±Number(text) where the scanner left a number to it. */
  private applyFixups(): void {
    const count = this.word('FIXUPS');
    const at = this.regions.fixups / 4;
    for (let i = 0; i < count; i++) {
      const to = this.words[at + 3 * i]! >>> 0;
      const from = this.words[at + 3 * i + 1]! >>> 0;
      const end = this.words[at + 3 * i + 2]! >>> 0;
      const value = Number(
        String.fromCharCode.apply(null, this.heap.subarray(from, end) as unknown as number[]),
      );
      if (!Number.isFinite(value)) throw new NotPlainNumeric();
      this.floats[to / 8] = Object.is(this.floats[to / 8], -0) ? -value : value;
    }
    this.word('FIXUPS', 0);
  }

  /** Half as many rows again: the memory grows, and x moves up past y's new room (after the fixups, which point into it). */
  private enlarge(): void {
    // The second part's rows lie where this part's would grow: the caller reads the file again on one thread.
    if (this.second !== null) throw new PartsOverflow();
    this.applyFixups();
    const next = Math.ceil(this.capacity * 1.5);
    const rows = this.rows;
    const have = this.memory.buffer.byteLength / PAGE_BYTES;
    this.memory.grow(Math.max(0, this.pagesFor(next) - have));
    this.heap = new Uint8Array(this.memory.buffer);
    this.words = new Int32Array(this.memory.buffer);
    this.floats = new Float64Array(this.memory.buffer);
    const x = align16(this.regions.y + next * 8);
    this.heap.copyWithin(x, this.regions.x, this.regions.x + rows * this.width * 8);
    this.regions.x = x;
    this.capacity = next;
    this.word('CAPACITY', next);
  }
}
