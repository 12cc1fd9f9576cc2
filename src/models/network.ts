// denseNetwork: layers z = a·Wᵀ + b with an activation between them, on the blocked matmul kernels.

import { InputError } from '../errors.js';
import { matmul, matmulTransA, matmulTransB } from '../kernels/matmul.js';
import type { Loss } from '../losses/loss.js';
import type { Activation } from './activation.js';
import { perRows } from './buffers.js';
import { fillNormal, type InitScheme, initStd } from './init.js';
import type { LayerSlice, Model, ReportedParams, Task, Trainer } from './model.js';
import { flattenParams, nestArray, paramLayout } from './params.js';

export interface NetworkOptions {
  readonly spec: string;
  readonly task: Task;
  /** Widths from input to output: [inputs, hidden…, outputs]. */
  readonly widths: readonly number[];
  readonly activation: Activation;
  /** How weights start; null starts every param at 0 (fine for a single, convex layer). */
  readonly init: InitScheme | null;
  /** Name of layer l (1-based) and the prefix of its params, e.g. `layer1` → `layer1.weight`. */
  readonly layerName: (layer: number) => { name: string; prefix: string };
}

interface Layer {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly weightOffset: number;
  readonly biasOffset: number;
}

/**
 * A feed-forward network, PyTorch's `nn.Linear` layout: layer l has `weight` [out, in] and `bias`
 * [out], computes z = a·Wᵀ + b for a batch a (rows × in), and applies the activation on every layer
 * but the last, whose z are the outputs (predictions or logits). Forward and backward are three
 * matmuls per layer (z = aWᵀ, ∂W = ∂zᵀa, ∂a = ∂z·W). softmax and mlp are built on it.
 *
 * @example
 * const net = denseNetwork({ spec: 'mlp:4', task: 'regression', widths: [2, 4, 1], activation: activation('tanh'),
 *   init: { kind: 'xavier' }, layerName: (l) => ({ name: `layer${l}`, prefix: `layer${l}.` }) });
 */
export function denseNetwork(options: NetworkOptions): Model {
  const { widths, activation: act } = options;
  const depth = widths.length - 1;
  const shapes: { name: string; shape: number[] }[] = [];
  const layerSlices: LayerSlice[] = [];
  const layers: Layer[] = [];
  let offset = 0;
  for (let l = 1; l <= depth; l++) {
    const fanIn = widths[l - 1]!;
    const fanOut = widths[l]!;
    const { name, prefix } = options.layerName(l);
    shapes.push(
      { name: `${prefix}weight`, shape: [fanOut, fanIn] },
      { name: `${prefix}bias`, shape: [fanOut] },
    );
    layers.push({ fanIn, fanOut, weightOffset: offset, biasOffset: offset + fanOut * fanIn });
    layerSlices.push({ name, offset, size: fanOut * (fanIn + 1) });
    offset += fanOut * (fanIn + 1);
  }
  const layout = paramLayout(shapes);
  const weightMask = new Uint8Array(layout.size);
  for (const layer of layers) weightMask.fill(1, layer.weightOffset, layer.biasOffset);
  const outputs = widths[depth]!;

  /** Activations z and a per layer for a batch size, and the weights copied out of the flat params. */
  const makeForward = () => {
    const weights = layers.map((layer) => new Float64Array(layer.fanOut * layer.fanIn));
    const buffers = perRows((rows) => ({
      z: layers.map((layer) => new Float64Array(rows * layer.fanOut)),
      a: layers.map((layer) => new Float64Array(rows * layer.fanOut)),
      dz: layers.map((layer) => new Float64Array(rows * layer.fanOut)),
    }));
    const forward = (params: Float64Array, x: Float64Array, rows: number) => {
      const b = buffers(rows);
      let input = x;
      for (let l = 0; l < depth; l++) {
        const layer = layers[l]!;
        const w = weights[l]!;
        for (let k = 0; k < w.length; k++) w[k] = params[layer.weightOffset + k]!;
        const z = b.z[l]!;
        matmulTransB(input, w, z, rows, layer.fanIn, layer.fanOut);
        const a = b.a[l]!;
        const last = l === depth - 1;
        for (let i = 0; i < rows; i++) {
          for (let c = 0; c < layer.fanOut; c++) {
            const k = i * layer.fanOut + c;
            const v = z[k]! + params[layer.biasOffset + c]!;
            z[k] = v;
            a[k] = last ? v : act.apply(v);
          }
        }
        input = a;
      }
      return b;
    };
    return { weights, forward };
  };

  return {
    spec: options.spec,
    task: options.task,
    inputs: widths[0]!,
    outputs,
    layout,
    weightMask,
    layers: layerSlices,
    init(uniform) {
      const params = new Float64Array(layout.size);
      if (options.init === null) return params;
      for (const layer of layers) {
        const std = initStd(options.init, layer.fanIn, layer.fanOut);
        fillNormal(params.subarray(layer.weightOffset, layer.biasOffset), std, uniform);
      }
      return params;
    },
    apply(params, x) {
      const rows = x.length / widths[0]!;
      const b = makeForward().forward(flattenParams(params, layout), x, rows);
      return Float64Array.from(b.a[depth - 1]!);
    },
    trainer(loss) {
      checkLoss(options, outputs, loss);
      const { weights, forward } = makeForward();
      const gradW = layers.map((layer) => new Float64Array(layer.fanOut * layer.fanIn));
      return {
        valueAndGradient(params, x, y, grad) {
          const rows = y.length;
          const b = forward(params, x, rows);
          const value = loss.evaluate(b.a[depth - 1]!, y, b.dz[depth - 1]!);
          for (let l = depth - 1; l >= 0; l--) {
            const layer = layers[l]!;
            const dz = b.dz[l]!;
            const input = l === 0 ? x : b.a[l - 1]!;
            const dw = gradW[l]!;
            matmulTransA(dz, input, dw, layer.fanOut, rows, layer.fanIn);
            grad.set(dw, layer.weightOffset);
            for (let c = 0; c < layer.fanOut; c++) grad[layer.biasOffset + c] = 0;
            for (let i = 0; i < rows; i++) {
              for (let c = 0; c < layer.fanOut; c++) {
                grad[layer.biasOffset + c] = grad[layer.biasOffset + c]! + dz[i * layer.fanOut + c]!;
              }
            }
            if (l === 0) break;
            // ∂a of the layer below lands in its ∂z buffer, then the activation's derivative turns it into ∂z.
            const below = b.dz[l - 1]!;
            matmul(dz, weights[l]!, below, rows, layer.fanOut, layer.fanIn);
            const z = b.z[l - 1]!;
            const a = b.a[l - 1]!;
            for (let k = 0; k < below.length; k++) below[k] = below[k]! * act.derivative(z[k]!, a[k]!);
          }
          return value;
        },
        value: (params, x, y) => loss.evaluate(forward(params, x, y.length).a[depth - 1]!, y),
        outputs: (params, x) => forward(params, x, x.length / widths[0]!).a[depth - 1]!,
      } satisfies Trainer;
    },
    report(params, scaling) {
      const report: ReportedParams = {};
      layers.forEach((layer, l) => {
        const w = params.slice(layer.weightOffset, layer.biasOffset);
        const bias = params.slice(layer.biasOffset, layer.biasOffset + layer.fanOut);
        if (l === 0 && scaling !== null) {
          // The first layer sees x = (u − mean)/std: fold the scaling into its weights and bias.
          for (let o = 0; o < layer.fanOut; o++) {
            for (let j = 0; j < layer.fanIn; j++) {
              const k = o * layer.fanIn + j;
              w[k] = w[k]! / scaling.std[j]!;
              bias[o] = bias[o]! - w[k]! * scaling.mean[j]!;
            }
          }
        }
        const [weightEntry, biasEntry] = [layout.entries[2 * l]!, layout.entries[2 * l + 1]!];
        report[weightEntry.name] = nestArray(w, weightEntry.shape);
        report[biasEntry.name] = nestArray(bias, biasEntry.shape);
      });
      return report;
    },
  };
}

function checkLoss(options: NetworkOptions, outputs: number, loss: Loss): void {
  const wanted = options.task === 'regression' ? 'regression' : outputs === 1 ? 'binary' : 'multiclass';
  if (loss.target === wanted) return;
  const takes = { regression: 'mse, mae or huber', binary: 'bce', multiclass: 'ce' }[wanted];
  throw new InputError(`--loss: the ${options.spec} model here is trained with ${takes}, not ${loss.name}`);
}
