// softmax: multinomial logistic regression, k logits z = x·Wᵀ + b trained with cross-entropy.

import { InputError } from '../errors.js';
import { minKernelCells } from '../kernels/create-linear-kernel.js';
import { createSoftmaxKernel } from '../kernels/create-softmax-kernel.js';
import type { SoftmaxKernel } from '../kernels/softmax-kernel.js';
import { activation } from './activation.js';
import { countsRows, type Model, type Trainer } from './model.js';
import { denseNetwork } from './network.js';

/**
 * Softmax regression over `classes` classes: params `{ weight: [k, inputs], bias: [k] }`, starting
 * at 0 (the loss is convex), trained with ce; `apply` returns the k logits per row.
 *
 * @example
 * const model = softmax(2, 3);
 * const params = unflattenParams(model.init(Math.random), model.layout);
 * [...model.apply(params, Float64Array.of(1, 2))]; // → [0, 0, 0]
 */
export function softmax(inputs: number, classes: number): Model {
  if (classes < 2)
    throw new InputError(
      (name) => `${name('model')} softmax needs at least 2 classes in the target, found ${classes}`,
      { key: 'model' },
    );
  const network = denseNetwork({
    spec: 'softmax',
    task: 'classification',
    widths: [inputs, classes],
    activation: activation('relu'),
    init: null,
    layerName: () => ({ name: 'softmax', prefix: '' }),
  });
  return {
    ...network,
    trainer(loss) {
      const dense = network.trainer(loss);
      if (loss.name !== 'ce') return dense;
      let bound: { x: Float64Array; y: Float64Array; kernel: SoftmaxKernel } | null = null;
      let scratch: Float64Array | null = null;
      return {
        ...dense,
        bind(x, y, threads = 'auto') {
          // Full-batch steps read every row once through the fused kernel; as linear's bind, the choice rests
          // on the data's size alone, so a resumed run rounds alike.
          if (y.length * inputs < minKernelCells) return () => {};
          const kernel = createSoftmaxKernel(x, y, y.length, inputs, classes, { threads });
          const binding = { x, y, kernel };
          bound = binding;
          return () => {
            binding.kernel.close();
            if (bound === binding) bound = null;
          };
        },
        // The bound kernel has threads of its own: the dense kernel's would sit idle.
        parallel: (threads, batchRows) =>
          (bound === null ? dense.parallel?.(threads, batchRows) : undefined) ?? (() => {}),
        valueAndGradient(params, x, y, grad) {
          if (bound === null || x !== bound.x || y !== bound.y)
            return dense.valueAndGradient(params, x, y, grad);
          const rows = y.length;
          const sum = bound.kernel.gradient(params, grad);
          for (let j = 0; j < grad.length; j++) grad[j] = grad[j]! / rows;
          return sum / rows;
        },
        boundScore(params, x, y) {
          const kernel = bound !== null && x === bound.x && y === bound.y ? bound.kernel : null;
          if (kernel === null || !countsRows(kernel)) return null;
          scratch ??= new Float64Array(params.length);
          const sum = kernel.gradient(params, scratch);
          return { loss: sum / y.length, correct: kernel.correct() };
        },
      } satisfies Trainer;
    },
  };
}
