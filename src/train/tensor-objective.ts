// tensorObjective: a function written with autodiff tensors as something minimize() can descend.

import { valueAndGrad } from '../autodiff/grad.js';
import { hessian } from '../autodiff/hessian.js';
import { formatShape } from '../autodiff/shape.js';
import { Tensor } from '../autodiff/tensor.js';
import { InputError } from '../errors.js';
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
  // From JavaScript f may return a plain number, which has no gradient to take: said before autodiff meets it.
  const tensorOut: TensorFunction = (x) => {
    const value: unknown = f(x);
    if (!(value instanceof Tensor))
      throw new InputError(
        `minimize needs f to return a Tensor of one number, written with the autodiff ops, got ${typeof value === 'number' ? 'a plain number' : typeof value}`,
      );
    return value;
  };
  const gradient = valueAndGrad(tensorOut);
  const check = (value: Tensor): number => {
    if (value.size !== 1)
      throw new InputError(`minimize needs f to return one number, got shape ${formatShape(value.shape)}`);
    return value.data[0]!;
  };
  return {
    dimension: n,
    ...(variables !== undefined && { variables }),
    value: (x) => check(tensorOut(new Tensor(Float64Array.from(x), [n]))),
    valueAndGradient(x, grad) {
      const [value, g] = gradient(new Tensor(Float64Array.from(x), [n]));
      grad.set(g.data);
      return check(value);
    },
    hessian(x, out) {
      out.set(hessian(tensorOut, new Tensor(Float64Array.from(x), [n])).data);
    },
  };
}
