// Where the WebAssembly softmax kernel keeps its data in linear memory, and how values go in and come out.

import { type PartRun, rowParts, stagingRegion, TILE_ROWS, tiledRows } from './linear-wasm-memory.js';
import { align16 } from './wasm-kernels.js';

/** Byte addresses of each region; everything is 16-byte aligned for the vector loads. */
export interface SoftmaxMemoryLayout {
  rows: number;
  cols: number;
  k: number;
  /** Row length in float64, cols padded to an even number with a zero column. */
  stride: number;
  rowBytes: number;
  /** [V (k − 1 rows of stride, V_c = W_c − W_{k−1}, interleaved in pairs: see writeSoftmaxParams) | b (k)] */
  params: number;
  /** Four Int32 words the threads synchronize on. */
  control: number;
  /**
   * One [Σ r_c x (k − 1 rows of stride, interleaved in pairs as V's) | Σ r_c (k − 1) | Σ loss | rows classified
   * right] slot, then
   * 8·(k + 1)·SOFTMAX_BLOCK_ROWS bytes of scratch, per part.
   */
  slots: number;
  /** Float64 values of a slot that hold sums (cleared before each gradient). */
  slotValues: number;
  /** Bytes from one part's slot to the next; its scratch starts at slot + scratchOffset. */
  slotBytes: number;
  scratchOffset: number;
  /** The parts of the rows, [start, count] each (see rowParts). */
  parts: readonly (readonly [number, number])[];
  y: number;
  /** The rows in tiles of four (see writeRowData). */
  x: number;
  /** Where writeRowData copies `stagingRows` rows at a time before the module tiles them. */
  staging: number;
  stagingRows: number;
  /** The feeds of the other threads' rows (see writeRowData), `feedBytes` apart, `feedRows` rows a slot. */
  feedAt: number;
  feedBytes: number;
  feedRows: number;
  pages: number;
}

/**
 * At most this many rows a block of softmaxRows (BLOCK_ROWS in assembly/softmax.ts): its scratch holds a block's
 * logits (k a row) and each row's shifted z_y.
 */
export const SOFTMAX_BLOCK_ROWS = 256;

/** About a megabyte of rows per call of softmaxRows, so that V8's optimized code takes over within the first epoch. */
const CHUNK_BYTES = 1 << 20;

/**
 * The layout for `rows` × `cols` data with k classes and a slot per part of the rows (rowParts) from byte `base`
 * on (past the module's static data), with a feed for each thread past the caller's of `threads` that tile
 * their own rows (see writeRowData). Throws a RangeError when it does not fit in the 4 GiB a WebAssembly memory
 * can address.
 *
 * @example
 * softmaxMemoryLayout(1_000_000, 100, 3, 8192).stride; // → 100
 */
export function softmaxMemoryLayout(
  rows: number,
  cols: number,
  k: number,
  base: number,
  threads = 1,
): SoftmaxMemoryLayout {
  const stride = cols + (cols % 2);
  const rowBytes = stride * 8;
  const paramBytes = (k - 1) * rowBytes + align16(k * 8);
  const slotValues = (k - 1) * stride + k + 1;
  const scratchOffset = align16(slotValues * 8);
  const slotBytes = scratchOffset + (k + 1) * 8 * SOFTMAX_BLOCK_ROWS;
  const parts = rowParts(rows, rowBytes);
  const params = align16(base);
  const control = params + paramBytes;
  const slots = control + 16;
  const y = slots + parts.length * slotBytes;
  const x = y + tiledRows(rows) * 8;
  return {
    rows,
    cols,
    k,
    stride,
    rowBytes,
    params,
    control,
    slots,
    slotValues,
    slotBytes,
    scratchOffset,
    parts,
    y,
    x,
    ...stagingRegion(x + tiledRows(rows) * rowBytes, rows, cols, Math.min(threads, parts.length) - 1),
  };
}

/**
 * Where value j of class c's row sits, in float64 from the start of k rows of `stride` laid out as softmaxRows
 * reads them: the first `paired` classes (an even number) interleaved two by two by column pairs ([pair 0 of
 * class 0 | pair 0 of class 1 | pair 1 of class 0 | …]), so that one pointer reads both; the rest one row each.
 */
function interleaved(c: number, j: number, stride: number, paired: number): number {
  if (c >= paired) return c * stride + j;
  return (c - (c & 1)) * stride + (j >> 1) * 4 + (c & 1) * 2 + (j & 1);
}

/** How many classes' rows softmaxRows reads interleaved in pairs, of `n`: all but an odd last one. */
const pairedOf = (n: number): number => n - (n % 2);

/**
 * Writes [V (k − 1 rows) | b (k)] where the module reads them, V_c = W_c − W_{k−1} (softmaxRows takes the logits
 * shifted by −W_{k−1}·x, which changes neither softmax nor the loss) interleaved in pairs (see interleaved); the
 * padding column of each row stays 0.
 */
export function writeSoftmaxParams(
  heap: Float64Array,
  layout: SoftmaxMemoryLayout,
  params: Float64Array,
): void {
  const { cols, k, stride } = layout;
  const at = layout.params / 8;
  const paired = pairedOf(k - 1);
  const last = (k - 1) * cols;
  for (let c = 0; c < k - 1; c++) {
    for (let j = 0; j < cols; j++)
      heap[at + interleaved(c, j, stride, paired)] = params[c * cols + j]! - params[last + j]!;
  }
  heap.set(params.subarray(k * cols, k * cols + k), at + (k - 1) * stride);
}

/**
 * Sums the parts' slots, in order, into grad (the params' layout) and returns their Σ loss. The kernel leaves
 * the last class's gradient out, weights and bias (every row's residuals sum to 0 over the classes): it is minus
 * the sum of the others', which differs from adding its own terms by rounding only. The others' rows are
 * interleaved in pairs as V's are (see interleaved).
 */
export function readSoftmaxSlots(
  heap: Float64Array,
  layout: SoftmaxMemoryLayout,
  grad: Float64Array,
): number {
  const { cols, k, stride } = layout;
  const bias = k * cols;
  const paired = pairedOf(k - 1);
  let loss = 0;
  for (let t = 0; t < layout.parts.length; t++) {
    const at = (layout.slots + t * layout.slotBytes) / 8;
    for (let c = 0; c < k - 1; c++) {
      for (let j = 0; j < cols; j++) {
        const i = c * cols + j;
        grad[i] = (t === 0 ? 0 : grad[i]!) + heap[at + interleaved(c, j, stride, paired)]!;
      }
      grad[bias + c] = (t === 0 ? 0 : grad[bias + c]!) + heap[at + (k - 1) * stride + c]!;
    }
    loss += heap[at + (k - 1) * stride + k - 1]!;
  }
  const last = (k - 1) * cols;
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let c = 0; c < k - 1; c++) sum += grad[c * cols + j]!;
    grad[last + j] = -sum;
  }
  let biasSum = 0;
  for (let c = 0; c < k - 1; c++) biasSum += grad[bias + c]!;
  grad[bias + k - 1] = -biasSum;
  return loss;
}

/**
 * The rows the parts' last pass classified right (the first index of the largest logit is the row's class), summed
 * over the parts: whole numbers, so exact in any order and on any thread count.
 */
export function readSoftmaxCorrect(heap: Float64Array, layout: SoftmaxMemoryLayout): number {
  const { k, stride } = layout;
  let correct = 0;
  for (let t = 0; t < layout.parts.length; t++)
    correct += heap[(layout.slots + t * layout.slotBytes) / 8 + (k - 1) * stride + k]!;
  return correct;
}

/** The arguments of one softmaxRows call: x, y, rows, stride, k, p, g, z. */
export type SoftmaxRowsCall = [number, number, number, number, number, number, number, number];

/** Part `part`'s softmaxRows calls, into its slot (its scratch after it): a megabyte of rows per call, whole tiles. */
export function softmaxRowsCalls(layout: SoftmaxMemoryLayout, part: number): SoftmaxRowsCall[] {
  const [start, rows] = layout.parts[part]!;
  const slot = layout.slots + part * layout.slotBytes;
  const chunk = Math.max(TILE_ROWS, TILE_ROWS * Math.floor(CHUNK_BYTES / layout.rowBytes / TILE_ROWS));
  const calls: SoftmaxRowsCall[] = [];
  for (let i = start; i < start + rows; i += chunk) {
    calls.push([
      layout.x + i * layout.rowBytes,
      layout.y + i * 8,
      Math.min(chunk, start + rows - i),
      layout.stride,
      layout.k,
      layout.params,
      slot,
      slot + layout.scratchOffset,
    ]);
  }
  return calls;
}

/** Every part's run of a softmax layout, in order. */
export function softmaxPartRuns(layout: SoftmaxMemoryLayout): PartRun<SoftmaxRowsCall>[] {
  return layout.parts.map((_, part) => ({
    slot: layout.slots + part * layout.slotBytes,
    slotValues: layout.slotValues,
    calls: softmaxRowsCalls(layout, part),
  }));
}
