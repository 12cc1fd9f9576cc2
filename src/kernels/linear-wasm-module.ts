// The linear-regression gradient as a WebAssembly SIMD module, generated for one row length.

import { type Bytes, encodeModule, f64, i32, op, v128, type WasmFunction } from './wasm-binary.js';

/**
 * Rows handled by one pass over w and over the gradient. Measured on 1e6 × 100 (Node 20, V8 11.3, x86-64),
 * one thread: one row a pass 61 ms, two rows 48 ms (about memory speed), four rows 120 ms; V8's code for
 * the wider pass is slower even though it loads w and the gradient half as often.
 */
const ROWS_PER_PASS = 2;
/** About a megabyte of rows per inner call, so V8 swaps in the optimized inner function after the first few calls instead of after the first epoch. */
const CHUNK_BYTES = 1 << 20;

/**
 * Accumulates `rowsPerPass` rows at a time over x[x..end) (row-major, `rowBytes` per row, the row length
 * padded to an even number of float64 with zeros) into the slot at g = [gradient (rowBytes) | Σr | Σr²],
 * reading w from p (padded alike) and b at p + rowBytes. Returns the address of the next y.
 */
function rowsFunction(rowBytes: number, rowsPerPass: number): WasmFunction {
  const [x, y, end, p, g, j, b, sse, sumR, r, w] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const acc = Array.from({ length: rowsPerPass }, (_, k) => 11 + k);
  const residual = Array.from({ length: rowsPerPass }, (_, k) => 11 + rowsPerPass + k);
  const rowOffsets = acc.map((_, k) => k * rowBytes);
  const next = (local: number): Bytes => [
    ...op.localGet(local),
    ...op.i32Const(16),
    ...op.i32Add(),
    ...op.localTee(local),
    ...op.i32Const(rowBytes),
    ...op.i32LtU(),
    ...op.brIf(0),
  ];
  const body: Bytes = [
    ...[...op.localGet(p), ...op.f64Load(rowBytes), ...op.localSet(b)],
    ...[...op.localGet(g), ...op.f64Load(rowBytes), ...op.localSet(sumR)],
    ...[...op.localGet(g), ...op.f64Load(rowBytes + 8), ...op.localSet(sse)],
    ...op.loop(),
    // Dot products: one pass over w serves every row of the pass, two columns per instruction.
    ...acc.flatMap((a) => [...op.v128Zero(), ...op.localSet(a)]),
    ...[...op.i32Const(0), ...op.localSet(j)],
    ...op.loop(),
    ...[...op.localGet(p), ...op.localGet(j), ...op.i32Add(), ...op.v128Load(0), ...op.localSet(w)],
    ...acc.flatMap((a, k) => [
      ...op.localGet(a),
      ...[...op.localGet(x), ...op.localGet(j), ...op.i32Add(), ...op.v128Load(rowOffsets[k]!)],
      ...[...op.localGet(w), ...op.f64x2Mul(), ...op.f64x2Add(), ...op.localSet(a)],
    ]),
    ...next(j),
    ...op.end(),
    // Residuals r = x·w + b − y, their sum (the bias gradient) and their squares.
    ...acc.flatMap((a, k) => [
      ...[
        ...op.localGet(a),
        ...op.f64x2ExtractLane(0),
        ...op.localGet(a),
        ...op.f64x2ExtractLane(1),
        ...op.f64Add(),
      ],
      ...[
        ...op.localGet(b),
        ...op.f64Add(),
        ...op.localGet(y),
        ...op.f64Load(8 * k),
        ...op.f64Sub(),
        ...op.localTee(r),
      ],
      ...[...op.f64x2Splat(), ...op.localSet(residual[k]!)],
      ...[...op.localGet(sumR), ...op.localGet(r), ...op.f64Add(), ...op.localSet(sumR)],
      ...[
        ...op.localGet(sse),
        ...op.localGet(r),
        ...op.localGet(r),
        ...op.f64Mul(),
        ...op.f64Add(),
        ...op.localSet(sse),
      ],
    ]),
    // Gradient: the same rows again, now from L1, one load and store of the gradient for all of them.
    ...[...op.i32Const(0), ...op.localSet(j)],
    ...op.loop(),
    ...[...op.localGet(g), ...op.localGet(j), ...op.i32Add()],
    ...[...op.localGet(g), ...op.localGet(j), ...op.i32Add(), ...op.v128Load(0)],
    ...residual.flatMap((rv, k) => [
      ...[...op.localGet(x), ...op.localGet(j), ...op.i32Add(), ...op.v128Load(rowOffsets[k]!)],
      ...[...op.localGet(rv), ...op.f64x2Mul(), ...op.f64x2Add()],
    ]),
    ...op.v128Store(0),
    ...next(j),
    ...op.end(),
    ...[...op.localGet(y), ...op.i32Const(8 * rowsPerPass), ...op.i32Add(), ...op.localSet(y)],
    ...[...op.localGet(x), ...op.i32Const(rowsPerPass * rowBytes), ...op.i32Add(), ...op.localTee(x)],
    ...[...op.localGet(end), ...op.i32LtU(), ...op.brIf(0)],
    ...op.end(),
    ...[...op.localGet(g), ...op.localGet(sumR), ...op.f64Store(rowBytes)],
    ...[...op.localGet(g), ...op.localGet(sse), ...op.f64Store(rowBytes + 8)],
    ...op.localGet(y),
  ];
  return {
    params: [i32, i32, i32, i32, i32],
    results: [i32],
    locals: [i32, f64, f64, f64, f64, v128, ...acc.map(() => v128), ...residual.map(() => v128)],
    body,
  };
}

/**
 * `gradient(x, y, rows, p, g)`: clears the slot g, then accumulates `rows` rows starting at x (and their
 * targets at y) in chunks of whole passes, the rows left over one at a time. ROWS_PER_PASS must be a power of 2.
 */
function gradientFunction(rowBytes: number, passFunction: number, singleRowFunction: number): WasmFunction {
  const [x, y, rows, p, g, last, step] = [0, 1, 2, 3, 4, 5, 6];
  const chunkBytes =
    Math.max(1, Math.floor(CHUNK_BYTES / (ROWS_PER_PASS * rowBytes))) * ROWS_PER_PASS * rowBytes;
  const call = (func: number, end: Bytes): Bytes => [
    ...[...op.localGet(x), ...op.localGet(y), ...end, ...op.localGet(p), ...op.localGet(g)],
    ...[...op.call(func), ...op.localSet(y)],
  ];
  const body: Bytes = [
    ...[...op.localGet(g), ...op.i32Const(0), ...op.i32Const(rowBytes + 16), ...op.memoryFill()],
    // last = x + (rows rounded down to whole passes) · rowBytes
    ...[...op.localGet(x), ...op.localGet(rows), ...op.i32Const(-ROWS_PER_PASS), ...op.i32And()],
    ...[...op.i32Const(rowBytes), ...op.i32Mul(), ...op.i32Add(), ...op.localSet(last)],
    ...op.block(),
    ...op.loop(),
    ...[...op.localGet(x), ...op.localGet(last), ...op.i32GeU(), ...op.brIf(1)],
    // step = min(chunk, last − x), compared as a length so that no address can wrap around
    ...[
      ...op.i32Const(chunkBytes),
      ...op.localGet(last),
      ...op.localGet(x),
      ...op.i32Sub(),
      ...op.localTee(step),
    ],
    ...[
      ...op.i32Const(chunkBytes),
      ...op.localGet(step),
      ...op.i32LtU(),
      ...op.select(),
      ...op.localSet(step),
    ],
    ...call(passFunction, [...op.localGet(x), ...op.localGet(step), ...op.i32Add()]),
    ...[...op.localGet(x), ...op.localGet(step), ...op.i32Add(), ...op.localSet(x)],
    ...op.br(0),
    ...op.end(),
    ...op.end(),
    // The rows left over, fewer than a pass, one at a time.
    ...[
      ...op.localGet(rows),
      ...op.i32Const(ROWS_PER_PASS - 1),
      ...op.i32And(),
      ...op.localTee(step),
      ...op.if(),
    ],
    ...call(singleRowFunction, [
      ...[...op.localGet(x), ...op.localGet(step), ...op.i32Const(rowBytes), ...op.i32Mul(), ...op.i32Add()],
    ]),
    ...op.end(),
  ];
  return { params: [i32, i32, i32, i32, i32], results: [], locals: [i32, i32], body, exportName: 'gradient' };
}

/**
 * Encoded modules by row length and sharing. Encoding takes 0.5–2 ms, about 100× compiling the bytes, and a
 * fit creates a kernel per run (twice over: `wasmLinearKernelAvailable` validates the same bytes first).
 */
const encoded = new Map<string, Uint8Array>();

/**
 * The module for rows of `rowBytes` bytes (a multiple of 16: the row length padded to an even number of
 * float64). It imports `env.memory` and exports `gradient(x, y, rows, p, g)`, all arguments byte addresses
 * but rows: it writes Σ r_i x_i to g[0..rowBytes), Σ r_i at g + rowBytes and Σ r_i² at g + rowBytes + 8, where
 * r_i = x_i·w + b − y_i with w at p and b at p + rowBytes. The bytes are shared between calls: read, never write.
 *
 * @example
 * const module = new WebAssembly.Module(linearWasmModule(800, false));
 */
export function linearWasmModule(rowBytes: number, shared: boolean): Uint8Array {
  const key = `${rowBytes}${shared ? 's' : ''}`;
  let bytes = encoded.get(key);
  if (bytes === undefined) {
    bytes = encodeModule(shared, [
      rowsFunction(rowBytes, ROWS_PER_PASS),
      rowsFunction(rowBytes, 1),
      gradientFunction(rowBytes, 0, 1),
    ]);
    encoded.set(key, bytes);
  }
  return bytes;
}
