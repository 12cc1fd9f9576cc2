// workerHalf: the second half of a large plain numeric CSV file scanned on a worker thread, into a shared WasmCsvLines.

import { Worker } from 'node:worker_threads';
import type { HalfSetup } from './plain-csv-file.js';

/**
 * Files from this size on are read on two threads (where a core is free). A worker's start costs 25–110 ms here
 * and joining the halves about 0.1 ms a megabyte. Measured near idle (load 0–1.6, 2 cores), one thread against
 * two: 10 MB 41 vs 52 ms, 20 MB 80 vs 74 ms, 40 MB 151 vs 115 ms, so the second thread pays from about 16 MB on
 * (the csv-fit bench times a 200 MB file).
 */
export const MIN_SPLIT_BYTES = 16 << 20;

/** Bytes handed to one csvRows call, as WasmCsvLines. */
const STEP = 1 << 20;

/**
 * The worker's whole life, fixed code run as a CommonJS script: instantiate the module on the scanner's shared
 * memory, read the bytes [from, to) of the file a chunk at a time into the scanner's chunk, and scan them as
 * WasmCsvLines.scan does (the numbers left to it by Number() on their text), then post 'done'. It posts 'not
 * plain' where a line is not plain numeric, 'again' where its rows or a line outgrow the room it was given (the
 * caller reads those lines itself), or the failure's text.
 */
const WORKER_SOURCE = `
const { workerData: d, parentPort } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const NOT_PLAIN = 'not plain';
const AGAIN = 'again';
let fd = -1;
try {
  const k = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  const r = d.regions;
  const c = d.csv;
  const heap = new Uint8Array(d.memory.buffer);
  const words = new Int32Array(d.memory.buffer);
  const floats = new Float64Array(d.memory.buffer);
  const word = (name) => r.state / 4 + c[name];
  const fixups = () => {
    const count = words[word('FIXUPS')];
    const at = r.fixups / 4;
    for (let i = 0; i < count; i++) {
      const to = words[at + 3 * i] >>> 0;
      const text = String.fromCharCode.apply(null, heap.subarray(words[at + 3 * i + 1] >>> 0, words[at + 3 * i + 2] >>> 0));
      const value = Number(text);
      if (!Number.isFinite(value)) throw NOT_PLAIN;
      floats[to / 8] = Object.is(floats[to / 8], -0) ? -value : value;
    }
    words[word('FIXUPS')] = 0;
  };
  const scan = (end, last) => {
    const stop = r.chunk + end;
    let pos = r.chunk;
    let to = Math.min(stop, pos + ${STEP});
    for (;;) {
      const final = to === stop;
      const next = k.csvRows(pos, to, final && last ? 1 : 0, r.roles, d.fields, r.x, d.width, r.y, r.state, r.fixups);
      const status = words[word('STATUS')];
      if (status === c.NOT_PLAIN) throw NOT_PLAIN;
      if (status === c.FULL) throw AGAIN;
      if (status === c.FIXUPS_FULL) fixups();
      else if (final) {
        pos = next;
        break;
      } else if (next === pos) to = stop;
      else to = Math.min(stop, next + ${STEP});
      pos = next;
    }
    fixups();
    return pos - r.chunk;
  };
  fd = openSync(d.path, 'r');
  for (let position = d.from, filled = 0; ; ) {
    const want = Math.min(d.chunkBytes - filled, d.to - position);
    let got = 0;
    for (let n = 1; got < want && n > 0; got += n) n = readSync(fd, heap, r.chunk + filled + got, want - got, position + got);
    position += got;
    filled += got;
    const last = position >= d.to || got < want;
    const stop = scan(filled, last);
    if (last) break;
    heap.copyWithin(r.chunk, r.chunk + stop, r.chunk + filled);
    filled -= stop;
    if (filled === d.chunkBytes) throw AGAIN;
  }
  parentPort.postMessage('done');
} catch (error) {
  parentPort.postMessage(error === NOT_PLAIN || error === AGAIN ? error : String((error && error.stack) || error));
} finally {
  if (fd >= 0) closeSync(fd);
}
`;

/**
 * scanPlainCsv's `half.setup` for Node: a worker thread scans the bytes [from, to) of the file into the second
 * part of `lines` (a WasmCsvLines set up with second-part rows, on a shared memory). Null where `lines` has no
 * second part or the host no worker threads. A failure of the worker other than its three outcomes is thrown by
 * `outcome`.
 *
 * @example
 * const shape = await scanPlainCsv('big.csv', { target: 'y' }, setup, { setup: workerHalf, minSplitBytes: MIN_SPLIT_BYTES });
 */
export const workerHalf: HalfSetup = (path, from, to, lines) => {
  const task = lines.secondPart?.();
  if (task == null) return null;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    execArgv: [],
    workerData: { ...(task as object), path, from, to },
  });
  const outcome = new Promise<'done' | 'not plain' | 'again'>((resolve, reject) => {
    worker.once('message', (message: string) => {
      if (message === 'done' || message === 'not plain' || message === 'again') resolve(message);
      else reject(new Error(`the CSV reader's second thread failed: ${message}`));
    });
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error("the CSV reader's second thread stopped")));
  });
  // A cancelled scan's outcome is never awaited.
  outcome.catch(() => {});
  return {
    outcome,
    cancel() {
      void worker.terminate();
    },
  };
};
