// The compiled AssemblyScript kernels (src/kernels/assembly/): whether this host runs them, and their typed exports.

import {
  kernelsWasm,
  kernelsWasmRelaxed,
  kernelsWasmShared,
  kernelsWasmSharedRelaxed,
} from './generated/kernels-wasm.js';
import { type WasmMemory, type WasmModule, wasm } from './wasm-api.js';

/** The exports of src/kernels/assembly/index.ts; every pointer is a byte address in the instance's memory. */
export interface KernelExports {
  heapBase(): number;
  gemmScratchBytes(): number;
  /** See gemm.ts: C = A·B (+ C) with element strides, then bias and an epilogue. Booleans are 0 or 1. */
  gemm(
    a: number,
    ars: number,
    acs: number,
    b: number,
    brs: number,
    bcs: number,
    c: number,
    crs: number,
    m: number,
    n: number,
    k: number,
    accumulate: number,
    bias: number,
    mode: number,
    aux: number,
    auxrs: number,
    scratch: number,
  ): void;
  columnSums(x: number, rows: number, cols: number, stride: number, out: number, accumulate: number): void;
  /** See dense.ts: thread t's rows of a network's forward pass, the network described by the words at `net`. */
  denseForward(net: number, t: number, rows: number): void;
  /** See dense.ts: thread t's share of backward stage `layer`, once that layer's ∂z is complete. */
  denseBackward(net: number, t: number, rows: number, layer: number, accumulate: number): void;
  /** See linear.ts: adds rows of x (stride float64 a row) into the slot g = [Σ r x | Σ r | Σ loss]. */
  linearRows(x: number, y: number, rows: number, stride: number, p: number, g: number, loss: number): void;
  /** See linear.ts: copies row-major rows at src into tiles at dst. */
  tileRows(src: number, dst: number, rows: number, cols: number, stride: number): void;
  /** See softmax.ts: adds rows of x with class indices y into g = [k rows of Σ r_c x | Σ r_c | Σ loss]. */
  softmaxRows(
    x: number,
    y: number,
    rows: number,
    stride: number,
    k: number,
    p: number,
    g: number,
    z: number,
  ): void;
  /** See csv.ts: reads plain numeric CSV lines in the bytes [start, end) into rows of x and y; returns where it stopped. */
  csvRows(
    start: number,
    end: number,
    last: number,
    roles: number,
    fields: number,
    x: number,
    stride: number,
    y: number,
    state: number,
    fixups: number,
  ): number;
  /** csvRows' field roles, state words and stop reasons. */
  readonly csv: Readonly<Record<CsvWord, number>>;
  /** The gemm epilogue codes, read from the module so that they are written down once. */
  readonly epilogue: Readonly<Record<EpilogueName, number>>;
  /** The codes of linearRows' losses. */
  readonly loss: Readonly<Record<'squared' | 'logistic', number>>;
  /** Which word of a network's description (dense.ts) holds what. */
  readonly net: Readonly<Record<NetWord, number>>;
}

export type NetWord =
  | 'DEPTH'
  | 'THREADS'
  | 'PARAMS'
  | 'GRAD'
  | 'X'
  | 'SCRATCH'
  | 'SCRATCH_BYTES'
  | 'FORWARD_MODE'
  | 'BACKWARD_MODE'
  | 'WIDTHS';

export type CsvWord =
  | 'TARGET'
  | 'SKIPPED'
  | 'ROWS'
  | 'CAPACITY'
  | 'STATUS'
  | 'FIXUPS'
  | 'FIXUP_CAPACITY'
  | 'DONE'
  | 'FULL'
  | 'FIXUPS_FULL'
  | 'NOT_PLAIN';

export type EpilogueName = 'NONE' | 'RELU' | 'TANH' | 'SIGMOID' | 'RELU_GRAD' | 'TANH_GRAD' | 'SIGMOID_GRAD';

/** Which kernels fit and the models use: the fastest the host offers, or always the plain TypeScript reference. */
export type KernelBackend = 'auto' | 'reference';

let backend: KernelBackend = 'auto';

/**
 * Chooses the kernels for models and kernels created from now on: 'reference' forces the plain TypeScript
 * loops (the fallback where WebAssembly SIMD is missing), 'auto' (the default) takes WebAssembly SIMD where
 * the host has it. Returns the previous choice.
 *
 * @example
 * const before = setKernelBackend('reference');
 * try { fit(data, options); } finally { setKernelBackend(before); }
 */
export function setKernelBackend(next: KernelBackend): KernelBackend {
  if (next !== 'auto' && next !== 'reference')
    throw new RangeError(`kernel backend must be 'auto' or 'reference', got ${String(next)}`);
  const before = backend;
  backend = next;
  return before;
}

/** A generated build's bytes from its base64 text (src/kernels/generated/kernels-wasm.ts). */
export const decodeWasm = (base64: string): Uint8Array =>
  Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

const compiled = new Map<boolean, WasmModule | null>();

/**
 * The compiled module for an unshared or a shared memory — the fused multiply-add build where the host
 * validates relaxed SIMD (current browsers; Node once kernels/node.js has switched it on), else the plain SIMD
 * build — or null where the host cannot run either (no WebAssembly, no SIMD, or no threads for the shared
 * one) or the reference backend is chosen.
 *
 * @example
 * kernelModule(false) !== null; // true on Node 20 and current browsers
 */
export function kernelModule(shared: boolean): WasmModule | null {
  if (backend === 'reference' || wasm === undefined) return null;
  let module = compiled.get(shared);
  if (module === undefined) {
    const host = wasm;
    const candidates = shared
      ? [kernelsWasmSharedRelaxed, kernelsWasmShared]
      : [kernelsWasmRelaxed, kernelsWasm];
    const bytes = candidates.map(decodeWasm).find((b) => host.validate(b));
    module = bytes === undefined ? null : new host.Module(bytes);
    compiled.set(shared, module);
  }
  return module;
}

/** Instantiates `module` (from kernelModule) on `memory`, whose sharing must match the module's. */
export function instantiateKernels(module: WasmModule, memory: WasmMemory): KernelExports {
  if (wasm === undefined) throw new Error('this host has no WebAssembly');
  const exports = new wasm.Instance(module, { env: { memory } }).exports as Record<string, unknown>;
  const global = (name: string): number => (exports[name] as { value: number }).value;
  const code = (name: EpilogueName): number => global(`EPILOGUE_${name}`);
  const netWords: readonly NetWord[] = [
    'DEPTH',
    'THREADS',
    'PARAMS',
    'GRAD',
    'X',
    'SCRATCH',
    'SCRATCH_BYTES',
    'FORWARD_MODE',
    'BACKWARD_MODE',
    'WIDTHS',
  ];
  const csvWords: readonly CsvWord[] = [
    'TARGET',
    'SKIPPED',
    'ROWS',
    'CAPACITY',
    'STATUS',
    'FIXUPS',
    'FIXUP_CAPACITY',
    'DONE',
    'FULL',
    'FIXUPS_FULL',
    'NOT_PLAIN',
  ];
  return {
    ...(exports as unknown as Omit<KernelExports, 'epilogue' | 'loss' | 'net' | 'csv'>),
    csv: Object.fromEntries(csvWords.map((w) => [w, global(`CSV_${w}`)])) as Record<CsvWord, number>,
    net: Object.fromEntries(netWords.map((w) => [w, global(`NET_${w}`)])) as Record<NetWord, number>,
    loss: { squared: global('LOSS_SQUARED'), logistic: global('LOSS_LOGISTIC') },
    epilogue: {
      NONE: code('NONE'),
      RELU: code('RELU'),
      TANH: code('TANH'),
      SIGMOID: code('SIGMOID'),
      RELU_GRAD: code('RELU_GRAD'),
      TANH_GRAD: code('TANH_GRAD'),
      SIGMOID_GRAD: code('SIGMOID_GRAD'),
    },
  };
}

const facts = new Map<WasmModule, { heapBase: number; gemmScratchBytes: number }>();

/**
 * Where `module`'s own static data ends (16-byte aligned: callers lay their arrays out from here) and the
 * scratch its gemm needs, asked of a throwaway one-page instance once per module.
 */
export function kernelFacts(module: WasmModule): { heapBase: number; gemmScratchBytes: number } {
  let known = facts.get(module);
  if (known === undefined) {
    if (wasm === undefined) throw new Error('this host has no WebAssembly');
    const shared = compiled.get(true) === module;
    const memory = new wasm.Memory(shared ? { initial: 1, maximum: MAX_PAGES, shared } : { initial: 1 });
    const probe = instantiateKernels(module, memory);
    known = { heapBase: align16(probe.heapBase()), gemmScratchBytes: probe.gemmScratchBytes() };
    facts.set(module, known);
  }
  return known;
}

/** Bytes rounded up to a multiple of 16, the alignment every region gets for the vector loads. */
export const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

export const PAGE_BYTES = 65536;
/** WebAssembly's 32-bit address space, in pages. */
export const MAX_PAGES = 65536;
