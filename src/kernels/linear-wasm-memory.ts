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
  /** One [gradient (stride) | Σr | Σ loss] slot per part of the rows. */
  slots: number;
  slotBytes: number;
  /** The parts of the rows, [start, count] each (see rowParts). */
  parts: readonly (readonly [number, number])[];
  y: number;
  /** The rows in tiles of TILE_ROWS (see writeRowData), the last tile padded with zero rows. */
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

/** Rows of a tile of x, as in src/kernels/assembly/linear.ts (a test checks that the module exports the same). */
export const TILE_ROWS = 4;

/** Rows rounded up to whole tiles. */
export const tiledRows = (rows: number): number => Math.ceil(rows / TILE_ROWS) * TILE_ROWS;

/** About a megabyte of rows per call of linearRows, so that V8's optimized code takes over within the first epoch. */
const CHUNK_BYTES = 1 << 20;

/** At most this many parts: the threads a kernel can use. */
export const MAX_PARTS = 16;

/**
 * The rows split into parts of whole tiles, [start, count] each, by the data's size alone: one part a megabyte of
 * rows, at most MAX_PARTS. Every part sums into its own slot and the slots are added in order, so the gradient's
 * bits are the same on one thread and on any number (each runs whole parts), and a run rounds alike on every
 * thread count.
 *
 * @example
 * rowParts(1_000_000, 800).length; // → 16
 * rowParts(10, 800); // → [[0, 10]]
 */
export function rowParts(rows: number, rowBytes: number): [number, number][] {
  const count = Math.max(1, Math.min(MAX_PARTS, Math.ceil((rows * rowBytes) / CHUNK_BYTES)));
  const size = TILE_ROWS * Math.ceil(rows / count / TILE_ROWS);
  return Array.from({ length: count }, (_, p) => {
    const start = Math.min(rows, p * size);
    return [start, Math.min(rows, start + size) - start];
  });
}

/**
 * The parts thread `t` of `threads` runs: a contiguous run of them, as even as whole parts allow.
 *
 * @example
 * partsOf(1, 2, 16); // → [8, 16]
 */
export function partsOf(t: number, threads: number, parts: number): [number, number] {
  return [Math.floor((t * parts) / threads), Math.floor(((t + 1) * parts) / threads)];
}

/**
 * The layout for `rows` × `cols` data and a gradient slot per part of the rows (rowParts) from byte `base` on
 * (past the module's static data), with a feed for each thread past the caller's of `threads` that tile their own
 * rows. Throws a RangeError when it does not fit in the 4 GiB a WebAssembly memory can address.
 *
 * @example
 * linearMemoryLayout(1_000_000, 100, 8192).pages; // → 12 346
 */
export function linearMemoryLayout(
  rows: number,
  cols: number,
  base: number,
  threads = 1,
): LinearMemoryLayout {
  const stride = cols + (cols % 2);
  const rowBytes = stride * 8;
  const slotBytes = rowBytes + 16;
  const parts = rowParts(rows, rowBytes);
  const params = align16(base);
  const control = params + rowBytes + 16;
  const slots = control + 16;
  const y = slots + parts.length * slotBytes;
  const x = y + tiledRows(rows) * 8;
  const feeds = Math.min(threads, parts.length) - 1;
  return {
    rows,
    cols,
    stride,
    rowBytes,
    params,
    control,
    slots,
    slotBytes,
    parts,
    y,
    x,
    ...stagingRegion(x + tiledRows(rows) * rowBytes, rows, cols, feeds),
  };
}

/** Bytes of a feed's slot (about): small, so that the caller's copy is still in the cache the worker reads. */
const FEED_SLOT_BYTES = 1 << 18;
/** Slots of a feed: the caller fills some while the worker tiles another. */
export const FEED_SLOTS = 4;
/** A feed's words before its slots: [slots filled | slots tiled], Int32 each, then padding. */
export const FEED_HEADER_BYTES = 64;
const FILLED = 0;
const TILED = 1;

/** Whole tiles of rows of `cols` float64, about `bytes` long (at least one tile, at most every row). */
const chunkRows = (rows: number, cols: number, bytes: number): number =>
  Math.min(tiledRows(rows), TILE_ROWS * Math.max(1, Math.floor(bytes / (cols * 8) / TILE_ROWS)));

/**
 * The staging region from byte `at` on: whole tiles of rows, about a megabyte (at least one tile), then `feeds`
 * feeds (see writeRowData), and the pages of a memory that ends after them. A RangeError where that is more than
 * a WebAssembly memory holds.
 */
export function stagingRegion(
  at: number,
  rows: number,
  cols: number,
  feeds = 0,
): Pick<LinearMemoryLayout, 'staging' | 'stagingRows' | 'feedAt' | 'feedBytes' | 'feedRows' | 'pages'> {
  const stagingRows = chunkRows(rows, cols, CHUNK_BYTES);
  const feedRows = chunkRows(rows, cols, FEED_SLOT_BYTES);
  const feedAt = align16(at + stagingRows * cols * 8);
  const feedBytes = FEED_HEADER_BYTES + align16(FEED_SLOTS * feedRows * cols * 8);
  const pages = Math.max(1, Math.ceil((feedAt + feeds * feedBytes) / PAGE_BYTES));
  if (pages > MAX_PAGES) {
    throw new RangeError(`${rows} × ${cols} float64 values do not fit in a WebAssembly memory (4 GiB)`);
  }
  return { staging: at, stagingRows, feedAt, feedBytes, feedRows, pages };
}

/** Where a kernel's memory holds its rows: what writeRowData needs of a linear or a softmax layout. */
export type RowRegions = Pick<
  LinearMemoryLayout,
  | 'rows'
  | 'cols'
  | 'stride'
  | 'rowBytes'
  | 'x'
  | 'y'
  | 'staging'
  | 'stagingRows'
  | 'feedAt'
  | 'feedBytes'
  | 'feedRows'
>;

/** Rows [start, start + rows) that another thread tiles, through its feed. */
export interface RowFeed {
  start: number;
  rows: number;
}

/**
 * The rows each thread past the caller tiles, one feed each: a contiguous share of the parts (partsOf). The
 * threads claim parts one at a time each epoch (parallel-node.ts), so a thread need not run the parts it tiled.
 *
 * @example
 * rowFeeds(linearMemoryLayout(100_000, 100, 8192, 2).parts, 2); // → [{ start: 50_016, rows: 49_984 }]
 */
export function rowFeeds(parts: readonly (readonly [number, number])[], threads: number): RowFeed[] {
  const count = Math.min(threads, parts.length);
  return Array.from({ length: count - 1 }, (_, i) => {
    const [from, to] = partsOf(i + 1, count, parts.length);
    const start = parts[from]![0];
    const [last, size] = parts[to - 1]!;
    return { start, rows: last + size - start };
  });
}

/**
 * A thread's side of its feed, run by the workers of a parallel kernel (as source text, on their own instance of
 * the module): tiles each slot the caller fills, in order, and counts it tiled. A negative count filled stops it.
 */
export const FEED_WORKER_SOURCE = `function tileFeed(f, tileRows, buffer) {
  const words = new Int32Array(buffer, f.at, 2);
  for (let c = 0, i = f.start; i < f.start + f.rows; c++, i += f.feedRows) {
    let filled;
    while ((filled = Atomics.load(words, ${FILLED})) >= 0 && filled <= c) Atomics.wait(words, ${FILLED}, filled);
    if (filled < 0) return;
    const slot = f.at + ${FEED_HEADER_BYTES} + (c % ${FEED_SLOTS}) * f.feedRows * f.cols * 8;
    tileRows(slot, f.x + i * f.rowBytes, Math.min(f.feedRows, f.start + f.rows - i), f.cols, f.stride);
    Atomics.store(words, ${TILED}, c + 1);
    Atomics.notify(words, ${TILED});
  }
}`;

/** What a worker needs to tile a feed's rows (FEED_WORKER_SOURCE's `f`): byte addresses and counts. */
export interface FeedTask {
  at: number;
  start: number;
  rows: number;
  feedRows: number;
  cols: number;
  stride: number;
  rowBytes: number;
  x: number;
}

/** Feed `index`'s task: the rows of `feed`, through the feed's region of `layout`. */
export function feedTask(layout: RowRegions, feed: RowFeed, index: number): FeedTask {
  const { cols, stride, rowBytes, x, feedRows } = layout;
  const at = layout.feedAt + index * layout.feedBytes;
  return { at, start: feed.start, rows: feed.rows, feedRows, cols, stride, rowBytes, x };
}

/** Stops the workers of the feeds at byte addresses `feeds` that still wait for rows (the caller failed). */
export function stopFeeds(buffer: ArrayBufferLike, feeds: readonly number[]): void {
  const words = new Int32Array(buffer);
  for (const at of feeds) {
    Atomics.store(words, at / 4 + FILLED, -1);
    Atomics.notify(words, at / 4 + FILLED);
  }
}

/**
 * Copies row-major x (rows × cols) into tiles and y (targets or class indices) into their regions: tile t holds
 * rows 4t to 4t + 3 interleaved by pairs of columns, [row 0 cols 0–1 | row 1 cols 0–1 | row 2 | row 3 | row 0
 * cols 2–3 | …], a zero column after an odd last one. The rows go through the staging region a megabyte at a time
 * (a plain copy into the cache), and the module's `tileRows` writes them into place, so the tiles are written
 * once. The rows of each `feeds` entry go to another thread instead (a parallel kernel's worker, running
 * FEED_WORKER_SOURCE on the shared memory): the caller copies them a quarter megabyte at a time into that feed's
 * slots, between its own chunks while a slot is free, and the worker tiles them, so the threads share the
 * writes and the first touch of the fresh pages (which costs about as much as the copy). `stalled(ms since the
 * feed last moved)` is called about every 100 ms while the caller waits for a worker: it throws when the worker
 * failed or never started. The memory is fresh, so padding stays zero.
 */
export function writeRowData(
  heap: Float64Array,
  layout: RowRegions,
  x: Float64Array,
  y: Float64Array,
  tileRows: KernelExports['tileRows'],
  feeds: readonly RowFeed[] = [],
  stalled: (waitedMs: number) => void = () => {},
): void {
  const { rows, cols, rowBytes, stride, staging, stagingRows, feedRows } = layout;
  heap.set(y.subarray(0, rows), layout.y / 8);
  const words = feeds.length === 0 ? null : new Int32Array(heap.buffer);
  const sent = feeds.map(() => 0);
  const wordAt = (f: number, word: number) => (layout.feedAt + f * layout.feedBytes) / 4 + word;
  const free = (f: number) => sent[f]! - Atomics.load(words!, wordAt(f, TILED)) < FEED_SLOTS;
  const send = (f: number): void => {
    const { start, rows: count } = feeds[f]!;
    const c = sent[f]!;
    const from = start + c * feedRows;
    const slot =
      layout.feedAt + f * layout.feedBytes + FEED_HEADER_BYTES + (c % FEED_SLOTS) * feedRows * cols * 8;
    heap.set(x.subarray(from * cols, Math.min(start + count, from + feedRows) * cols), slot / 8);
    sent[f] = c + 1;
    Atomics.store(words!, wordAt(f, FILLED), c + 1);
    Atomics.notify(words!, wordAt(f, FILLED));
  };
  const chunks = feeds.map((feed) => Math.ceil(feed.rows / feedRows));
  const own = feeds.length === 0 ? rows : feeds[0]!.start;
  for (let i = 0; i < own; i += stagingRows) {
    for (let f = 0; f < feeds.length; f++) while (sent[f]! < chunks[f]! && free(f)) send(f);
    const count = Math.min(stagingRows, own - i);
    heap.set(x.subarray(i * cols, (i + count) * cols), staging / 8);
    tileRows(staging, layout.x + i * rowBytes, count, cols, stride);
  }
  for (let f = 0; f < feeds.length; f++) {
    let since = performance.now();
    while (sent[f]! < chunks[f]!) {
      const tiled = Atomics.load(words!, wordAt(f, TILED));
      if (sent[f]! - tiled < FEED_SLOTS) {
        send(f);
        since = performance.now();
      } else if (Atomics.wait(words!, wordAt(f, TILED), tiled, 100) === 'timed-out') {
        stalled(performance.now() - since);
      }
    }
  }
}

/** Writes w and b where the module reads them; the padding column of w stays 0. */
export function writeParams(heap: Float64Array, layout: LinearMemoryLayout, params: Float64Array): void {
  const at = layout.params / 8;
  heap.set(params.subarray(0, layout.cols), at);
  heap[at + layout.stride] = params[layout.cols]!;
}

/** Sums the parts' slots, in order, into grad (cols + 1 values, the bias last) and returns their Σ loss. */
export function readSlots(heap: Float64Array, layout: LinearMemoryLayout, grad: Float64Array): number {
  const { cols, stride } = layout;
  let loss = 0;
  for (let t = 0; t < layout.parts.length; t++) {
    const at = (layout.slots + t * layout.slotBytes) / 8;
    for (let j = 0; j < cols; j++) grad[j] = (t === 0 ? 0 : grad[j]!) + heap[at + j]!;
    grad[cols] = (t === 0 ? 0 : grad[cols]!) + heap[at + stride]!;
    loss += heap[at + stride + 1]!;
  }
  return loss;
}

/** The arguments of one linearRows call: x, y, rows, stride, p, g, loss. */
export type LinearRowsCall = [number, number, number, number, number, number, number];

/**
 * Part `part`'s linearRows calls, into its slot: a megabyte of rows per call (whole tiles, so every call but the
 * last starts and ends at a tile's edge).
 */
export function linearRowsCalls(layout: LinearMemoryLayout, part: number, loss: number): LinearRowsCall[] {
  const [start, rows] = layout.parts[part]!;
  const slot = layout.slots + part * layout.slotBytes;
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

/** What a thread runs of a part: the part's slot (byte address and the float64 values cleared first) and its calls. */
export interface PartRun<Call> {
  slot: number;
  slotValues: number;
  calls: readonly Call[];
}

/** Clears each part's slot and runs its calls of `kernel` into it. */
export function runParts<Call extends readonly number[]>(
  heap: Float64Array,
  runs: readonly PartRun<Call>[],
  kernel: (...call: Call) => void,
): void {
  for (const { slot, slotValues, calls } of runs) {
    heap.fill(0, slot / 8, slot / 8 + slotValues);
    for (const call of calls) kernel(...call);
  }
}

/** Every part's run of a linear layout, in order. */
export function linearPartRuns(layout: LinearMemoryLayout, loss: number): PartRun<LinearRowsCall>[] {
  return layout.parts.map((_, part) => ({
    slot: layout.slots + part * layout.slotBytes,
    slotValues: layout.stride + 2,
    calls: linearRowsCalls(layout, part, loss),
  }));
}
