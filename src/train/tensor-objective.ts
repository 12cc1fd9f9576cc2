// tensorObjective: a function written with autodiff tensors as something minimize() can descend.

import { valueAndGrad } from '../autodiff/grad.js';
import { hessian } from '../autodiff/hessian.js';
import { formatShape } from '../autodiff/shape.js';
import { Tensor } from '../autodiff/tensor.js';
import type { Minimizable } from './minimizable.js';

/**
 * A scalar function of one vector tensor, written with autodiff ops.
 *
 * @example
 * const { dot, square, sub, tensor } = autodiff;
 * const bowl: TensorFunction = (v) => dot(square(sub(v, tensor([1, 2]))), tensor([1, 10])); // (x−1)² + 10(y−2)²
 * minimize(bowl, { start: Float64Array.of(0, 0), method: createMethod('newton') }).point; // → [1, 2]
 */
export type TensorFunction = (x: Tensor) => Tensor;

/**
 * Wraps f(x) — x a vector tensor of n numbers, f built from autodiff ops — as a Minimizable: the
 * gradient by reverse mode (valueAndGrad), the Hessian for newton by differentiating the gradient
 * again (reverse over reverse, one Hessian-vector product per row).
 *
 * @example
 * const { sum, square, sub, tensor } = autodiff;
 * const f = tensorObjective((v) => sum(square(sub(v, tensor([3, -1])))), 2);
 * const grad = new Float64Array(2);
 * f.valueAndGradient(Float64Array.of(0, 0), grad); // → 10
 * [...grad]; // → [-6, 2]
 */
export function tensorObjective(f: TensorFunction, n: number, variables?: readonly string[]): Minimizable {
  const gradient = valueAndGrad(f);
  const check = (value: Tensor): number => {
    if (value.size !== 1)
      throw new Error(`minimize needs f to return one number, got shape ${formatShape(value.shape)}`);
    return value.data[0]!;
  };
  return {
    dimension: n,
    ...(variables !== undefined && { variables }),
    value: (x) => check(f(new Tensor(Float64Array.from(x), [n]))),
    valueAndGradient(x, grad) {
      const [value, g] = gradient(new Tensor(Float64Array.from(x), [n]));
      grad.set(g.data);
      return check(value);
    },
    hessian(x, out) {
      out.set(hessian(f, new Tensor(Float64Array.from(x), [n])).data);
    },
  };
}
