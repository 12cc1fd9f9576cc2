// linear: ŷ = x·w + b, fitted through the fused linear-regression kernel.

import { InputError } from '../errors.js';
import { createLinearKernel, minKernelCells } from '../kernels/create-linear-kernel.js';
import { linearGradient } from '../kernels/linear-gradient.js';
import type { LinearKernel } from '../kernels/linear-kernel.js';
import { matmulTransA } from '../kernels/matmul.js';
import type { Loss } from '../losses/loss.js';
import type { LeastSquares } from '../numeric/least-squares.js';
import {
  affineForward,
  affineHessian,
  affineReport,
  checkInterceptFree,
  defaultFeatureNames,
} from './affine.js';
import { perRows } from './buffers.js';
import type { Model, Trainer } from './model.js';
import { flattenParams, paramLayout } from './params.js';

export interface LinearOptions {
  /** Column names for the reported parameters (default x1, x2, …). */
  featureNames?: readonly string[];
}

/**
 * Linear regression ŷ = x·w + b with params `{ weight: [cols], bias: [1] }`, flat [w…, b] as the
 * kernel reads them. It starts from every slope 1 and intercept 0, seed 001's start. With mse the
 * gradient is the fused kernel's single pass, 2/n·Σ rᵢ[xᵢ, 1] — on rows bound by the trainer's `bind`,
 * `createLinearKernel`'s (WebAssembly SIMD where the host has it); mae and huber go through the matmul
 * kernels. Newton gets the exact Hessian (2/n)·Σ[xᵢ, 1][xᵢ, 1]ᵀ with mse.
 *
 * @example
 * const model = linear(1, { featureNames: ['x'] });
 * model.apply({ weight: Float64Array.of(2), bias: Float64Array.of(1) }, Float64Array.of(0, 1)); // → [1, 3]
 */
export function linear(
  inputs: number,
  { featureNames = defaultFeatureNames(inputs) }: LinearOptions = {},
): Model {
  checkInterceptFree(featureNames, 'linear');
  const layout = paramLayout([
    { name: 'weight', shape: [inputs] },
    { name: 'bias', shape: [1] },
  ]);
  const weightMask = new Uint8Array(inputs + 1).fill(1, 0, inputs);
  return {
    spec: 'linear',
    task: 'regression',
    inputs,
    outputs: 1,
    layout,
    weightMask,
    layers: [{ name: 'linear', offset: 0, size: inputs + 1 }],
    init: () => new Float64Array(inputs + 1).fill(1, 0, inputs),
    apply(params, x) {
      const rows = x.length / inputs;
      const out = new Float64Array(rows);
      affineForward(flattenParams(params, layout), x, rows, inputs, new Float64Array(inputs), out);
      return out;
    },
    trainer: (loss) => affineTrainer(inputs, loss, 'linear'),
    report: (params, scaling) => affineReport(params, featureNames, scaling),
  };
}

/**
 * The trainer of x·w + b under a regression loss, for linear and polynomial models; `model` names
 * the model in messages.
 *
 * @example
 * const trainer = affineTrainer(3, mse(), 'linear');
 */
export function affineTrainer(cols: number, loss: Loss, model: string): Trainer {
  if (loss.target !== 'regression') {
    throw new InputError(
      (name) =>
        `${name('loss')}: ${loss.name} is a classification loss; the ${model} model takes mse, mae or huber`,
      { key: 'loss' },
    );
  }
  const w = new Float64Array(cols);
  const gw = new Float64Array(cols);
  const buffers = perRows((rows) => ({ pred: new Float64Array(rows), dpred: new Float64Array(rows) }));
  const forward = (params: Float64Array, x: Float64Array, rows: number): Float64Array => {
    const { pred } = buffers(rows);
    affineForward(params, x, rows, cols, w, pred);
    return pred;
  };
  let bound: { x: Float64Array; y: Float64Array; kernel: LinearKernel } | null = null;
  const trainer: Trainer = {
    valueAndGradient(params, x, y, grad) {
      const rows = y.length;
      if (loss.name === 'mse') {
        const sse =
          bound !== null && x === bound.x && y === bound.y
            ? bound.kernel.gradient(params, grad)
            : linearGradient(x, y, rows, cols, params, grad);
        const scale = 2 / rows;
        for (let j = 0; j <= cols; j++) grad[j] = grad[j]! * scale;
        return sse / rows;
      }
      const { dpred } = buffers(rows);
      const value = loss.evaluate(forward(params, x, rows), y, dpred);
      matmulTransA(x, dpred, gw, cols, rows, 1);
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += dpred[i]!;
      grad.set(gw);
      grad[cols] = sum;
      return value;
    },
    value: (params, x, y) => loss.evaluate(forward(params, x, y.length), y),
    outputs: (params, x) => forward(params, x, x.length / cols),
  };
  if (loss.name === 'mse') {
    trainer.hessian = (_params, x, y, out) => affineHessian(x, y.length, cols, () => 2, out);
    trainer.leastSquares = (x, y) => affineResiduals(x, y, cols);
    trainer.bind = (x, y, threads = 'auto') => {
      // The choice rests on the data's size alone, never on the epochs left, so that a resumed run takes
      // the same kernel (and the same rounding) as the uninterrupted run it continues.
      if (y.length * cols < minKernelCells) return () => {};
      const binding = { x, y, kernel: createLinearKernel(x, y, y.length, cols, 'squared', { threads }) };
      bound = binding;
      return () => {
        binding.kernel.close();
        if (bound === binding) bound = null;
      };
    };
  }
  return trainer;
}

/** The residuals x·w + b − y of fixed rows and their Jacobian [x, 1], for Levenberg–Marquardt. */
function affineResiduals(x: Float64Array, y: Float64Array, cols: number): LeastSquares {
  const m = y.length;
  const w = new Float64Array(cols);
  return {
    residualCount: m,
    dimension: cols + 1,
    residuals(params, out) {
      affineForward(params, x, m, cols, w, out);
      for (let i = 0; i < m; i++) out[i] = out[i]! - y[i]!;
    },
    jacobian(_params, out) {
      for (let j = 0; j < cols; j++) for (let i = 0; i < m; i++) out[i + j * m] = x[i * cols + j]!;
      out.fill(1, cols * m);
    },
  };
}
