// The reference DenseKernel in plain TypeScript on the blocked matmul loops: the fallback and the yardstick of the others.

import type { DenseKernel, DenseShape } from './dense.js';
import { denseLayout } from './dense.js';
import { matmul, matmulTransA, matmulTransB } from './matmul.js';

const apply = {
  relu: (z: number) => Math.max(z, 0),
  tanh: Math.tanh,
  sigmoid: (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
};
/** f'(z) from the activation a = f(z) alone: relu' is taken as 0 at 0, as PyTorch does. */
const derivative = {
  relu: (a: number) => (a > 0 ? 1 : 0),
  tanh: (a: number) => 1 - a * a,
  sigmoid: (a: number) => a * (1 - a),
};

/**
 * Layer by layer: z = a·Wᵀ (matmulTransB) then bias and activation; back: ∂W = ∂zᵀ·a (matmulTransA), ∂b the
 * column sums of ∂z, ∂a = ∂z·W (matmul) times f'(a).
 *
 * @example
 * const kernel = createJsDenseKernel({ widths: [2, 3, 1], activation: 'tanh' }, 64);
 */
export function createJsDenseKernel(shape: DenseShape, maxRows: number): DenseKernel {
  const { layers, size } = denseLayout(shape.widths);
  const f = apply[shape.activation];
  const df = derivative[shape.activation];
  const depth = layers.length;
  const weights = layers.map((layer) => new Float64Array(layer.fanOut * layer.fanIn));
  const a = layers.map((layer) => new Float64Array(maxRows * layer.fanOut));
  const dz = layers.map((layer) => new Float64Array(maxRows * layer.fanOut));
  const dw = layers.map((layer) => new Float64Array(layer.fanOut * layer.fanIn));
  const grad = new Float64Array(size);
  let params: Float64Array = new Float64Array(size);
  let input: Float64Array = new Float64Array(0);
  let rows = 0;
  return {
    backend: 'reference',
    maxRows,
    threads: 1,
    load(p) {
      params = p;
      layers.forEach((layer, l) => {
        weights[l]!.set(p.subarray(layer.weight, layer.bias));
      });
    },
    forward(x, start, count) {
      rows = count;
      input = x.subarray(start * shape.widths[0]!, (start + count) * shape.widths[0]!);
      let below = input;
      for (let l = 0; l < depth; l++) {
        const layer = layers[l]!;
        const out = a[l]!;
        matmulTransB(below, weights[l]!, out, rows, layer.fanIn, layer.fanOut);
        const last = l === depth - 1;
        for (let i = 0; i < rows; i++) {
          for (let c = 0; c < layer.fanOut; c++) {
            const k = i * layer.fanOut + c;
            const v = out[k]! + params[layer.bias + c]!;
            out[k] = last ? v : f(v);
          }
        }
        below = out;
      }
      return a[depth - 1]!.subarray(0, rows * layers[depth - 1]!.fanOut);
    },
    outputGrad: () => dz[depth - 1]!.subarray(0, rows * layers[depth - 1]!.fanOut),
    backward(first) {
      for (let l = depth - 1; l >= 0; l--) {
        const layer = layers[l]!;
        const d = dz[l]!;
        const below = l === 0 ? input : a[l - 1]!;
        const w = dw[l]!;
        matmulTransA(d, below, w, layer.fanOut, rows, layer.fanIn);
        for (let k = 0; k < w.length; k++)
          grad[layer.weight + k] = (first ? 0 : grad[layer.weight + k]!) + w[k]!;
        if (first) grad.fill(0, layer.bias, layer.bias + layer.fanOut);
        for (let i = 0; i < rows; i++) {
          for (let c = 0; c < layer.fanOut; c++) {
            grad[layer.bias + c] = grad[layer.bias + c]! + d[i * layer.fanOut + c]!;
          }
        }
        if (l === 0) break;
        // ∂a of the layer below lands in its ∂z buffer, then the activation's derivative turns it into ∂z.
        const next = dz[l - 1]!;
        matmul(d, weights[l]!, next, rows, layer.fanOut, layer.fanIn);
        const act = a[l - 1]!;
        for (let k = 0; k < rows * layer.fanIn; k++) next[k] = next[k]! * df(act[k]!);
      }
    },
    gradient(out) {
      out.set(grad);
    },
    // Plain arrays, released with the kernel: nothing to end.
    close() {},
  };
}
