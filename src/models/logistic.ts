// logistic: P(class 1) = σ(x·w + b), fitted through the fused logistic-regression kernel.

import { InputError } from '../errors.js';
import { createLinearKernel, minKernelCells } from '../kernels/create-linear-kernel.js';
import type { LinearKernel } from '../kernels/linear-kernel.js';
import { logisticGradient } from '../kernels/logistic-gradient.js';
import { sigmoid } from '../numeric/sigmoid.js';
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

export interface LogisticOptions {
  /** Column names for the reported parameters (default x1, x2, …). */
  featureNames?: readonly string[];
}

/**
 * Logistic regression: one logit z = x·w + b per row, trained with binary cross-entropy (the only
 * loss it takes). Params `{ weight: [cols], bias: [1] }` start at 0. The gradient is the fused
 * kernel's pass Σ(σ(zᵢ) − yᵢ)[xᵢ, 1], over n; newton gets the exact Hessian (1/n)·Σ pᵢ(1 − pᵢ)[xᵢ, 1][xᵢ, 1]ᵀ.
 * `apply` returns logits.
 *
 * @example
 * const model = logistic(2);
 * model.apply({ weight: Float64Array.of(1, -1), bias: Float64Array.of(0) }, Float64Array.of(2, 1)); // → [1]
 */
export function logistic(
  inputs: number,
  { featureNames = defaultFeatureNames(inputs) }: LogisticOptions = {},
): Model {
  checkInterceptFree(featureNames, 'logistic');
  const layout = paramLayout([
    { name: 'weight', shape: [inputs] },
    { name: 'bias', shape: [1] },
  ]);
  return {
    spec: 'logistic',
    task: 'classification',
    inputs,
    outputs: 1,
    layout,
    weightMask: new Uint8Array(inputs + 1).fill(1, 0, inputs),
    layers: [{ name: 'logistic', offset: 0, size: inputs + 1 }],
    init: () => new Float64Array(inputs + 1),
    apply(params, x) {
      const rows = x.length / inputs;
      const out = new Float64Array(rows);
      affineForward(flattenParams(params, layout), x, rows, inputs, new Float64Array(inputs), out);
      return out;
    },
    trainer(loss) {
      if (loss.name !== 'bce')
        throw new InputError(
          (name) => `${name('loss')}: the logistic model is trained with bce, not ${loss.name}`,
          { key: 'loss' },
        );
      const cols = inputs;
      const w = new Float64Array(cols);
      const logits = perRows((rows) => new Float64Array(rows));
      const forward = (params: Float64Array, x: Float64Array, rows: number): Float64Array => {
        const z = logits(rows);
        affineForward(params, x, rows, cols, w, z);
        return z;
      };
      let bound: { x: Float64Array; y: Float64Array; kernel: LinearKernel } | null = null;
      const trainer: Trainer = {
        bind(x, y, threads = 'auto') {
          // As linear's bind: the choice rests on the data's size alone, so a resumed run rounds alike.
          if (y.length * cols < minKernelCells) return () => {};
          const kernel = createLinearKernel(x, y, y.length, cols, 'logistic', { threads });
          const binding = { x, y, kernel };
          bound = binding;
          return () => {
            binding.kernel.close();
            if (bound === binding) bound = null;
          };
        },
        valueAndGradient(params, x, y, grad) {
          const rows = y.length;
          const sum =
            bound !== null && x === bound.x && y === bound.y
              ? bound.kernel.gradient(params, grad)
              : logisticGradient(x, y, rows, cols, params, grad);
          for (let j = 0; j <= cols; j++) grad[j] = grad[j]! / rows;
          return sum / rows;
        },
        value: (params, x, y) => loss.evaluate(forward(params, x, y.length), y),
        outputs: (params, x) => forward(params, x, x.length / cols),
        hessian(params, x, y, out) {
          const z = forward(params, x, y.length);
          affineHessian(
            x,
            y.length,
            cols,
            (i) => {
              const p = sigmoid(z[i]!);
              return p * (1 - p);
            },
            out,
          );
        },
      };
      return trainer;
    },
    report: (params, scaling) => affineReport(params, featureNames, scaling),
  };
}
