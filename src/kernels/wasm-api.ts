// The slice of the WebAssembly JavaScript API the kernels use, typed here because the project's libraries
// (ES2022 and Node's types) do not declare it, and a global declaration would clash with the DOM's in a browser build.

export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/** A compiled module; opaque, and cloneable to a worker thread. */
export type WasmModule = object;

export interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: { env: { memory: WasmMemory } },
  ) => { readonly exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

/** The host's WebAssembly, or undefined where there is none (read through unknown: under the DOM library, as in the playground, the host's type is DOM's own). */
export const wasm: WasmApi | undefined = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
