// Second order: Hessian-vector products by reverse-over-reverse, and small Hessians built from them.

import { dot } from './composite.js';
import { grad } from './grad.js';
import { formatShape, sameShape } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * H(x)·v, the Hessian of the scalar function f at x times v, without forming H: the gradient of
 * ⟨∇f(x), v⟩ (reverse-over-reverse, as in JAX's autodiff cookbook). Costs a few gradient evaluations.
 *
 * @example
 * const { hessianVectorProduct, mul, sum, tensor } = autodiff;
 * const f = (x: autodiff.Tensor) => sum(mul(mul(x, x), x)); // Σ xᵢ³, H = diag(6xᵢ)
 * hessianVectorProduct(f, tensor([1, 2]), tensor([1, 1])).toArray(); // → [6, 12]
 */
export function hessianVectorProduct(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor): Tensor {
  if (!sameShape(x.shape, v.shape)) {
    throw new Error(
      `hessianVectorProduct needs v shaped like x: x is ${formatShape(x.shape)}, v is ${formatShape(v.shape)}`,
    );
  }
  const gradient = grad(f);
  return grad((y: Tensor) => dot(gradient(y), v))(x);
}

/**
 * The full Hessian of f at x as an [n, n] matrix, n = x.size (x flattened row-major), one
 * Hessian-vector product per row, so meant for small n. Its numbers are not differentiable further.
 *
 * @example
 * const { hessian, mul, sum, tensor } = autodiff;
 * hessian((x) => sum(mul(x, x)), tensor([1, 2])).toArray(); // → [[2, 0], [0, 2]]
 */
export function hessian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const n = x.size;
  const out = new Float64Array(n * n);
  const unit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    unit.fill(0);
    unit[i] = 1;
    out.set(hessianVectorProduct(f, x, new Tensor(unit.slice(), x.shape)).data, i * n);
  }
  return new Tensor(out, [n, n]);
}
