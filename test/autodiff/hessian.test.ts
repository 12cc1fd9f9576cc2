// Hessian-vector products and Hessians, against exact Hessians and finite differences of the gradient.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  dot,
  grad,
  hessian,
  hessianVectorProduct,
  log,
  matmul,
  mul,
  reshape,
  sigmoid,
  square,
  sub,
  sum,
  Tensor,
  tanh,
  tensor,
} from '../../src/autodiff/index.js';
import { arbTensor, expectClose } from './finite-differences.js';

// Rosenbrock (1 − x)² + 100(y − x²)², on a vector [x, y].
function rosenbrock(p: Tensor): Tensor {
  const x = dot(p, tensor([1, 0]));
  const y = dot(p, tensor([0, 1]));
  return add(square(sub(1, x)), mul(100, square(sub(y, square(x)))));
}
const rosenbrockHessian = (x: number, y: number): number[] => [
  1200 * x * x - 400 * y + 2,
  -400 * x,
  -400 * x,
  200,
];

// A small network-shaped function of a [2, 3] weight matrix: matmul, a broadcast bias, tanh, sigmoid, log.
const inputs = tensor([
  [0.5, -1],
  [1.5, 0.3],
  [-0.7, 2],
]);
const bias = tensor([0.1, -0.2, 0.3]);
function network(w: Tensor): Tensor {
  const hidden = tanh(add(matmul(inputs, w), bias));
  return add(sum(log(add(1, square(hidden)))), mul(0.1, sum(sigmoid(w))));
}

/** (∇f(x + hv) − ∇f(x − hv)) / 2h, the reference for H·v. */
function gradientDifference(f: (x: Tensor) => Tensor, x: Tensor, v: Tensor, h = 1e-5): Float64Array {
  const at = (s: number): Float64Array =>
    grad(f)(
      new Tensor(
        x.data.map((xi, i) => xi + s * v.data[i]!),
        x.shape,
      ),
    ).data;
  const [plus, minus] = [at(h), at(-h)];
  return plus.map((p, i) => (p - minus[i]!) / (2 * h));
}

describe('hessianVectorProduct', () => {
  it('equals the exact Rosenbrock Hessian times v', () => {
    fc.assert(
      fc.property(arbTensor([2], -2, 2), arbTensor([2]), (p, v) => {
        const [x, y] = p.data as unknown as [number, number];
        const h = rosenbrockHessian(x, y);
        const [v0, v1] = v.data as unknown as [number, number];
        const exact = [h[0]! * v0 + h[1]! * v1, h[2]! * v0 + h[3]! * v1];
        expectClose(hessianVectorProduct(rosenbrock, p, v).data, exact, 1e-12);
      }),
      { numRuns: 50 },
    );
  });

  it('matches finite differences of the gradient through matmul, broadcasting, tanh, sigmoid and log', () => {
    fc.assert(
      fc.property(arbTensor([2, 3], -1, 1), arbTensor([2, 3]), (w, v) => {
        const hv = hessianVectorProduct(network, w, v);
        expect(hv.shape).toEqual([2, 3]);
        expectClose(hv.data, gradientDifference(network, w, v), 1e-6);
      }),
      { numRuns: 20 },
    );
  });

  it('rejects v of another shape, naming both', () => {
    expect(() => hessianVectorProduct(rosenbrock, tensor([1, 2]), tensor([1, 2, 3]))).toThrow(/\[2\].*\[3\]/);
  });
});

describe('hessian', () => {
  it('is [[1200x² − 400y + 2, −400x], [−400x, 200]] for Rosenbrock', () => {
    for (const [x, y] of [
      [1, 1],
      [-1.2, 1],
      [0.3, -0.8],
    ] as const) {
      const h = hessian(rosenbrock, tensor([x, y]));
      expect(h.shape).toEqual([2, 2]);
      expectClose(h.data, rosenbrockHessian(x, y), 1e-12);
    }
    // At the minimum (1, 1), by hand: [[802, −400], [−400, 200]].
    expect(hessian(rosenbrock, tensor([1, 1])).toArray()).toEqual([
      [802, -400],
      [-400, 200],
    ]);
  });

  it('of ½xᵀAx is (A + Aᵀ)/2', () => {
    const a = tensor([
      [2, 1, 0],
      [3, 4, -1],
      [0, 5, 6],
    ]);
    const f = (x: Tensor): Tensor => mul(0.5, dot(x, matmul(a, x)));
    expect(hessian(f, tensor([0.3, -1, 2])).toArray()).toEqual([
      [2, 2, 0],
      [2, 4, 2],
      [0, 2, 6],
    ]);
  });

  it('is symmetric and flattens a matrix argument row-major', () => {
    const w = tensor([
      [0.2, -0.4, 0.6],
      [0.1, 0.5, -0.3],
    ]);
    const h = hessian(network, w);
    expect(h.shape).toEqual([6, 6]);
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < i; j++) expect(h.data[i * 6 + j]).toBeCloseTo(h.data[j * 6 + i]!, 12);
    }
    const v = tensor([1, 0, 0, 0, 2, 0]);
    expectClose(matmul(h, v).data, hessianVectorProduct(network, w, reshape(v, [2, 3])).data, 1e-12);
  });
});
