// Where the WebAssembly linear kernel keeps its data in linear memory, and how values go in and come out.

import { align16, type KernelExports, MAX_PAGES, PAGE_BYTES } from './wasm-kernels.js';

/** What the fused pass computes per row: linear regression's squared error or logistic regression's cross-entropy. */
export type LinearLoss = 'squared' | 'logistic';

/** Byte addresses of each region; everything is 16-byte aligned for the vector loads. */
export interface LinearMemoryLayout {
  rows: number;
  cols: number;
  /** Row length in float64, cols padded to an even number with a zero column. */
  stride: number;
  rowBytes: number;
  /** [w (stride) | b | unused] */
  params: number;
  /** Four Int32 words the threads synchronize on. */
  control: number;
  /** One [gradient (stride) | Σr | Σ loss | BLOCK_ROWS float64 of scratch] slot per thread. */
  slots: number;
  slotBytes: number;
  y: number;
  /** The rows in tiles of TILE_ROWS (see writeRowData), the last tile padded with zero rows. */
  x: number;
  pages: number;
}

/**
 * Rows of a tile of x and rows of the kernels' blocks, as in src/kernels/assembly/linear.ts (a test checks that
 * the module exports the same).
 */
export const TILE_ROWS = 4;
export const BLOCK_ROWS = 32;

/** Rows rounded up to whole tiles. */
export const tiledRows = (rows: number): number => Math.ceil(rows / TILE_ROWS) * TILE_ROWS;

/** About a megabyte of rows per call of linearRows, so that V8's optimized code takes over within the first epoch. */
const CHUNK_BYTES = 1 << 20;

/**
 * The layout for `rows` × `cols` data and `threads` gradient slots from byte `base` on (past the module's static
 * data). Throws a RangeError when it does not fit in the 4 GiB a WebAssembly memory can address.
 *
 * @example
 * linearMemoryLayout(1_000_000, 100, 2, 8192).pages; // 12 390
 */
export function linearMemoryLayout(
  rows: number,
  cols: number,
  threads: number,
  base: number,
): LinearMemoryLayout {
  const stride = cols + (cols % 2);
  const rowBytes = stride * 8;
  const slotBytes = rowBytes + 16 + BLOCK_ROWS * 8;
  const params = align16(base);
  const control = params + rowBytes + 16;
  const slots = control + 16;
  const y = slots + threads * slotBytes;
  const x = y + tiledRows(rows) * 8;
  const pages = Math.max(1, Math.ceil((x + tiledRows(rows) * rowBytes) / PAGE_BYTES));
  if (pages > MAX_PAGES) {
    throw new RangeError(`${rows} × ${cols} float64 values do not fit in a WebAssembly memory (4 GiB)`);
  }
  return { rows, cols, stride, rowBytes, params, control, slots, slotBytes, y, x, pages };
}

/** Where a kernel's memory holds its rows: what writeRowData needs of a linear or a softmax layout. */
export type RowRegions = Pick<LinearMemoryLayout, 'rows' | 'cols' | 'stride' | 'x' | 'y'>;

/**
 * Copies row-major x (rows × cols) into tiles and y (targets or class indices) into their regions: tile t holds
 * rows 4t to 4t + 3 interleaved by pairs of columns, [row 0 cols 0–1 | row 1 cols 0–1 | row 2 | row 3 | row 0
 * cols 2–3 | …], a zero column after an odd last one. The memory is fresh, so padding stays zero.
 */
export function writeRowData(heap: Float64Array, layout: RowRegions, x: Float64Array, y: Float64Array): void {
  const { rows, cols, stride } = layout;
  heap.set(y.subarray(0, rows), layout.y / 8);
  const even = cols & ~1;
  for (let i = 0; i < rows; i++) {
    // Row i's first pair, then every next pair TILE_ROWS pairs (8 values) on.
    let to = layout.x / 8 + (i - (i % TILE_ROWS)) * stride + (i % TILE_ROWS) * 2;
    let from = i * cols;
    for (let j = 0; j < even; j += 2, to += 2 * TILE_ROWS, from += 2) {
      heap[to] = x[from]!;
      heap[to + 1] = x[from + 1]!;
    }
    if (even < cols) heap[to] = x[from]!;
  }
}

/** Writes w and b where the module reads them; the padding column of w stays 0. */
export function writeParams(heap: Float64Array, layout: LinearMemoryLayout, params: Float64Array): void {
  const at = layout.params / 8;
  heap.set(params.subarray(0, layout.cols), at);
  heap[at + layout.stride] = params[layout.cols]!;
}

/** Sums the first `threads` slots into grad (cols + 1 values, the bias last) and returns their Σr². */
export function readSlots(
  heap: Float64Array,
  layout: LinearMemoryLayout,
  threads: number,
  grad: Float64Array,
): number {
  const { cols, stride } = layout;
  let sse = 0;
  for (let t = 0; t < threads; t++) {
    const at = (layout.slots + t * layout.slotBytes) / 8;
    for (let j = 0; j < cols; j++) grad[j] = (t === 0 ? 0 : grad[j]!) + heap[at + j]!;
    grad[cols] = (t === 0 ? 0 : grad[cols]!) + heap[at + stride]!;
    sse += heap[at + stride + 1]!;
  }
  return sse;
}

/** The arguments of one linearRows call: x, y, rows, stride, p, g, loss. */
export type LinearRowsCall = [number, number, number, number, number, number, number];

/**
 * The linearRows calls that add rows [start, start + rows) of the layout's data into the slot at byte `slot`,
 * a megabyte of rows per call (whole tiles, so every call but the last starts and ends at a tile's edge).
 */
export function linearRowsCalls(
  layout: LinearMemoryLayout,
  start: number,
  rows: number,
  slot: number,
  loss: number,
): LinearRowsCall[] {
  const chunk = Math.max(TILE_ROWS, TILE_ROWS * Math.floor(CHUNK_BYTES / layout.rowBytes / TILE_ROWS));
  const calls: LinearRowsCall[] = [];
  for (let i = start; i < start + rows; i += chunk) {
    const count = Math.min(chunk, start + rows - i);
    calls.push([
      layout.x + i * layout.rowBytes,
      layout.y + i * 8,
      count,
      layout.stride,
      layout.params,
      slot,
      loss,
    ]);
  }
  return calls;
}

/** Clears the slot at byte `slot` and runs `calls` (from linearRowsCalls) into it. */
export function runLinearRows(
  kernels: Pick<KernelExports, 'linearRows'>,
  heap: Float64Array,
  layout: LinearMemoryLayout,
  slot: number,
  calls: readonly LinearRowsCall[],
): void {
  heap.fill(0, slot / 8, slot / 8 + layout.stride + 2);
  for (const call of calls) kernels.linearRows(...call);
}
