// denseNetwork: layers z = a·Wᵀ + b with an activation between them, on the dense kernels (WebAssembly SIMD or TypeScript).

import { InputError } from '../errors.js';
import { createDenseKernel } from '../kernels/create-dense-kernel.js';
import { DENSE_CHUNK_ROWS, type DenseKernel } from '../kernels/dense.js';
import { denseOutputs } from '../kernels/dense-outputs.js';
import { createThreadedDenseKernel, defaultDenseThreads } from '../kernels/dense-threads.js';
import { fasterKernel } from '../kernels/faster-kernel.js';
import type { Loss } from '../losses/loss.js';
import type { Activation } from './activation.js';
import { unstandardizeLinear } from './affine.js';
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

  const shape = { widths, activation: act.name };

  /**
   * The passes of one trainer on its own kernel, chunk by chunk so that a whole data set goes through the
   * same few hundred rows of buffers: a chunk's mean loss and ∂loss/∂outputs are weighted by its share of
   * the rows, which makes the sums those of the whole batch. `parallel` brings in a kernel shared by several
   * threads for a while; it sums every entry as the one-thread kernel does, so the numbers do not change.
   * Asked for a count, the batches run on it; left to choose, the trainer times both kernels on the batches
   * themselves and runs the faster (fasterKernel), since a busy machine can make the threads a loss.
   */
  const makePasses = () => {
    const single = createDenseKernel(shape, DENSE_CHUNK_ROWS);
    let choice: {
      next(): DenseKernel;
      current(): DenseKernel;
      report(ms: number, rows: number): void;
    } | null = null;
    const outputsFor = perRows((rows) => new Float64Array(rows * outputs));
    const chunks = (
      kernel: DenseKernel,
      rows: number,
      each: (start: number, count: number) => void,
    ): void => {
      for (let start = 0; start < rows; start += kernel.maxRows)
        each(start, Math.min(kernel.maxRows, rows - start));
    };
    return {
      parallel(threads: number | undefined, batchRows: number): () => void {
        if (choice !== null) throw new Error('this trainer already runs on several threads');
        const count = threads ?? defaultDenseThreads(shape, Math.min(batchRows, DENSE_CHUNK_ROWS));
        const threaded =
          single.backend === 'wasm' ? createThreadedDenseKernel(shape, DENSE_CHUNK_ROWS, count, true) : null;
        if (threaded === null) return () => {};
        choice =
          threads === undefined
            ? fasterKernel<DenseKernel>(single, threaded)
            : { next: () => threaded, current: () => threaded, report() {} };
        return () => {
          choice = null;
          threaded.close();
        };
      },
      outputs(params: Float64Array, x: Float64Array, rows: number): Float64Array {
        const kernel = choice?.current() ?? single;
        kernel.load(params);
        const out = outputsFor(rows);
        chunks(kernel, rows, (start, count) => out.set(kernel.forward(x, start, count), start * outputs));
        return out;
      },
      value(params: Float64Array, x: Float64Array, y: Float64Array, loss: Loss): number {
        const kernel = choice?.current() ?? single;
        kernel.load(params);
        let value = 0;
        chunks(kernel, y.length, (start, count) => {
          const pred = kernel.forward(x, start, count);
          value += loss.evaluate(pred, y.subarray(start, start + count)) * (count / y.length);
        });
        return value;
      },
      valueAndGradient(
        params: Float64Array,
        x: Float64Array,
        y: Float64Array,
        grad: Float64Array,
        loss: Loss,
      ) {
        const kernel = choice?.next() ?? single;
        const started = performance.now();
        kernel.load(params);
        let value = 0;
        chunks(kernel, y.length, (start, count) => {
          const pred = kernel.forward(x, start, count);
          const dOut = kernel.outputGrad();
          const share = count / y.length;
          value += loss.evaluate(pred, y.subarray(start, start + count), dOut) * share;
          if (share !== 1) for (let k = 0; k < dOut.length; k++) dOut[k] = dOut[k]! * share;
          kernel.backward(start === 0);
        });
        kernel.gradient(grad);
        choice?.report(performance.now() - started, y.length);
        return value;
      },
    };
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
      return denseOutputs(shape, flattenParams(params, layout), x, x.length / widths[0]!);
    },
    trainer(loss) {
      checkLoss(options, outputs, loss);
      const passes = makePasses();
      return {
        valueAndGradient: (params, x, y, grad) => passes.valueAndGradient(params, x, y, grad, loss),
        value: (params, x, y) => passes.value(params, x, y, loss),
        outputs: (params, x) => passes.outputs(params, x, x.length / widths[0]!),
        parallel: (threads, batchRows) => passes.parallel(threads, batchRows),
      } satisfies Trainer;
    },
    report(params, scaling) {
      const report: ReportedParams = {};
      layers.forEach((layer, l) => {
        const w = params.slice(layer.weightOffset, layer.biasOffset);
        const bias = params.slice(layer.biasOffset, layer.biasOffset + layer.fanOut);
        if (l === 0 && scaling !== null) {
          // The first layer sees x = (u − mean)/std: each unit is a linear map of it, unscaled as one.
          for (let o = 0; o < layer.fanOut; o++) {
            const row = w.subarray(o * layer.fanIn, (o + 1) * layer.fanIn);
            const unit = unstandardizeLinear({ weights: row, intercept: bias[o]! }, scaling);
            row.set(unit.weights);
            bias[o] = unit.intercept;
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
  throw new InputError(
    (name) => `${name('loss')}: the ${options.spec} model here is trained with ${takes}, not ${loss.name}`,
    { key: 'loss' },
  );
}
