// DenseKernel: a feed-forward network's forward and backward passes over chunks of rows — what every backend provides, and the layout they share.

export type DenseActivation = 'relu' | 'tanh' | 'sigmoid';

/**
 * The shape of a network in PyTorch's `nn.Linear` layout: layer l maps widths[l] inputs to widths[l+1]
 * outputs with weight [out, in] then bias [out] in the flat params, the activation on every layer but the last.
 */
export interface DenseShape {
  readonly widths: readonly number[];
  readonly activation: DenseActivation;
}

/**
 * Forward and backward passes on at most `maxRows` rows at a time. A caller loads the params, runs `forward`
 * on a chunk, writes ∂loss/∂outputs into `outputGrad()`, runs `backward`, and after its last chunk reads the
 * gradient summed over the chunks' backward passes.
 */
export interface DenseKernel {
  /** Which loops run: WebAssembly SIMD, or the TypeScript reference. */
  readonly backend: 'wasm' | 'reference';
  readonly maxRows: number;
  /** Threads sharing each pass, the caller's included. */
  readonly threads: number;
  /** Takes the flat params for the passes that follow. */
  load(params: Float64Array): void;
  /**
   * The outputs (rows × outputs, last layer without activation) of rows [start, start + rows) of row-major x;
   * a view valid until the next forward.
   */
  forward(x: Float64Array, start: number, rows: number): Float64Array;
  /** Where the caller writes ∂loss/∂outputs of the last forward (rows × outputs). */
  outputGrad(): Float64Array;
  /** Backpropagates outputGrad through the last forward, adding to the gradient (or replacing it when `first`). */
  backward(first: boolean): void;
  /** Copies the gradient (flat, the params' layout) into `grad`. */
  gradient(grad: Float64Array): void;
  /** Ends the kernel's worker threads, if it has any, and lets its memory go; the passes throw afterwards. */
  close(): void;
}

/** Rows per chunk: a few hundred rows keep every layer's activations in L2 while a large set streams through. */
export const DENSE_CHUNK_ROWS = 256;

/** Offsets of each layer's weight and bias in the flat params, and the params' length. */
export function denseLayout(widths: readonly number[]): {
  layers: { fanIn: number; fanOut: number; weight: number; bias: number }[];
  size: number;
} {
  const layers: { fanIn: number; fanOut: number; weight: number; bias: number }[] = [];
  let offset = 0;
  for (let l = 1; l < widths.length; l++) {
    const fanIn = widths[l - 1]!;
    const fanOut = widths[l]!;
    layers.push({ fanIn, fanOut, weight: offset, bias: offset + fanIn * fanOut });
    offset += fanOut * (fanIn + 1);
  }
  return { layers, size: offset };
}
