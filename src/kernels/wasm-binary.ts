// WebAssembly binary encoding: the numbers, sections and opcodes the generated kernels are written in.

/** Bytes of a module under construction, each 0–255. */
export type Bytes = number[];

/** Value types (WebAssembly core spec §5.3.1, SIMD proposal). */
export const i32 = 0x7f;
export const f64 = 0x7c;
export const v128 = 0x7b;

/** An unsigned integer as LEB128. */
function unsignedLeb(value: number): Bytes {
  const out: Bytes = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

/** A signed 32-bit integer as LEB128: the immediate of i32.const. */
function signedLeb(value: number): Bytes {
  const out: Bytes = [];
  value |= 0;
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const vector = (items: readonly Bytes[]): Bytes => [...unsignedLeb(items.length), ...items.flat()];
const text = (s: string): Bytes => vector([...new TextEncoder().encode(s)].map((byte) => [byte]));
const section = (id: number, body: Bytes): Bytes => [id, ...unsignedLeb(body.length), ...body];
const simd = (opcode: number, ...immediates: Bytes): Bytes => [0xfd, ...unsignedLeb(opcode), ...immediates];
/** Memory immediates: log2 of the alignment hint, then the constant byte offset added to the address. */
const memarg = (alignLog2: number, offset: number): Bytes => [alignLog2, ...unsignedLeb(offset)];

/** The instructions the kernels use, each a function returning its encoding. */
export const op = {
  localGet: (index: number): Bytes => [0x20, ...unsignedLeb(index)],
  localSet: (index: number): Bytes => [0x21, ...unsignedLeb(index)],
  localTee: (index: number): Bytes => [0x22, ...unsignedLeb(index)],
  i32Const: (value: number): Bytes => [0x41, ...signedLeb(value)],
  i32Add: (): Bytes => [0x6a],
  i32Sub: (): Bytes => [0x6b],
  i32Mul: (): Bytes => [0x6c],
  i32And: (): Bytes => [0x71],
  i32LtU: (): Bytes => [0x49],
  i32GeU: (): Bytes => [0x4f],
  select: (): Bytes => [0x1b],
  call: (func: number): Bytes => [0x10, ...unsignedLeb(func)],
  /** Opens a block, loop or if with no parameters and no results. */
  block: (): Bytes => [0x02, 0x40],
  loop: (): Bytes => [0x03, 0x40],
  if: (): Bytes => [0x04, 0x40],
  end: (): Bytes => [0x0b],
  br: (depth: number): Bytes => [0x0c, ...unsignedLeb(depth)],
  brIf: (depth: number): Bytes => [0x0d, ...unsignedLeb(depth)],
  f64Load: (offset: number): Bytes => [0x2b, ...memarg(3, offset)],
  f64Store: (offset: number): Bytes => [0x39, ...memarg(3, offset)],
  f64Add: (): Bytes => [0xa0],
  f64Sub: (): Bytes => [0xa1],
  f64Mul: (): Bytes => [0xa2],
  /** memory.fill (bulk memory): [address, byte, length] → []. */
  memoryFill: (): Bytes => [0xfc, ...unsignedLeb(11), 0x00],
  v128Load: (offset: number): Bytes => simd(0x00, ...memarg(4, offset)),
  v128Store: (offset: number): Bytes => simd(0x0b, ...memarg(4, offset)),
  v128Zero: (): Bytes => simd(0x0c, ...new Array<number>(16).fill(0)),
  f64x2Splat: (): Bytes => simd(0x14),
  f64x2ExtractLane: (lane: number): Bytes => simd(0x21, lane),
  f64x2Add: (): Bytes => simd(0xf0),
  f64x2Mul: (): Bytes => simd(0xf2),
};

/** One function of a module: its signature, extra locals (indices follow the parameters) and body. */
export interface WasmFunction {
  params: readonly number[];
  results: readonly number[];
  locals: readonly number[];
  body: Bytes;
  /** Exported under this name when given. */
  exportName?: string;
}

/**
 * Encodes a module that imports its memory as `env.memory` (shared when the kernel runs on several threads;
 * a shared memory must declare a maximum, 65536 pages = 4 GiB) and defines `functions`, called by index in
 * the order given.
 *
 * @example
 * const bytes = encodeModule(false, [{ params: [], results: [i32], locals: [], body: op.i32Const(7), exportName: 'seven' }]);
 * new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: new WebAssembly.Memory({ initial: 1 }) } });
 */
export function encodeModule(shared: boolean, functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [
    0x60,
    ...vector(f.params.map((t) => [t])),
    ...vector(f.results.map((t) => [t])),
  ]);
  const memoryLimits = shared ? [0x03, ...unsignedLeb(1), ...unsignedLeb(65536)] : [0x00, ...unsignedLeb(1)];
  const bodies = functions.map((f) => {
    const body = [...vector(f.locals.map((t) => [1, t])), ...f.body, ...op.end()];
    return [...unsignedLeb(body.length), ...body];
  });
  const exports = functions.flatMap((f, index) =>
    f.exportName === undefined ? [] : [[...text(f.exportName), 0x00, ...unsignedLeb(index)]],
  );
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(2, vector([[...text('env'), ...text('memory'), 0x02, ...memoryLimits]])),
    ...section(3, vector(functions.map((_, index) => unsignedLeb(index)))),
    ...section(7, vector(exports)),
    ...section(10, vector(bodies)),
  ]);
}
