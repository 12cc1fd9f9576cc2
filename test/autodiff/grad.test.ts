// The grad / valueAndGrad transforms: argument selection, values, graph hygiene and misuse.

import { describe, expect, it } from 'vitest';
import {
  add,
  exp,
  grad,
  matmul,
  mul,
  square,
  sub,
  sum,
  type Tensor,
  tensor,
  valueAndGrad,
} from '../../src/autodiff/index.js';

// f(x, y) = x²y + 3y; ∂f/∂x = 2xy, ∂f/∂y = x² + 3. At (2, 5): value 35, gradient (20, 7).
const f = (x: Tensor, y: Tensor): Tensor => add(mul(square(x), y), mul(3, y));
const [x0, y0] = [tensor(2), tensor(5)];

describe('grad', () => {
  it('differentiates with respect to the first argument by default, or the one named', () => {
    expect(grad(f)(x0, y0).item()).toBe(20);
    expect(grad(f, 1)(x0, y0).item()).toBe(7);
    expect(grad(f, [0, 1])(x0, y0).map((g) => g.item())).toEqual([20, 7]);
    expect(grad(f, [1, 0])(x0, y0).map((g) => g.item())).toEqual([7, 20]);
  });

  it('keeps two arguments apart even when they are the same tensor', () => {
    const [gx, gy] = grad((a: Tensor, b: Tensor) => mul(a, b), [0, 1])(x0, x0);
    expect([gx!.item(), gy!.item()]).toEqual([2, 2]);
  });

  it('gives gradients shaped like their argument: least squares ∇ = 2Aᵀ(Aw − b)', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const b = tensor([1, 0, 2]);
    const loss = (w: Tensor): Tensor => sum(square(sub(matmul(a, w), b)));
    // w = (1, −1): Aw − b = (−1, −1, −1) − (1, 0, 2) = (−2, −1, −3); 2Aᵀ·that = 2·(−20, −26).
    const g = grad(loss)(tensor([1, -1]));
    expect(g.shape).toEqual([2]);
    expect(g.toArray()).toEqual([-40, -52]);
  });

  it('gives zeros for an argument f ignores', () => {
    expect(grad((_: Tensor, y: Tensor) => exp(y))(tensor([1, 2]), y0).toArray()).toEqual([0, 0]);
  });

  it('returns plain numbers at the outermost level, holding no graph', () => {
    const [value, gradient] = valueAndGrad(f)(x0, y0);
    expect(value.node).toBeNull();
    expect(gradient.node).toBeNull();
  });

  it('walks a graph 20 000 ops deep without overflowing the stack', () => {
    const deep = (x: Tensor): Tensor => {
      let y = x;
      for (let i = 0; i < 20_000; i++) y = add(mul(y, 0.9999), 1e-4);
      return y;
    };
    expect(grad(deep)(tensor(1)).item()).toBeCloseTo(0.9999 ** 20_000, 12);
  });

  it('rejects a non-scalar result and an argnum out of range', () => {
    expect(() => grad((x: Tensor) => mul(x, 2))(tensor([1, 2]))).toThrow(/single number, got shape \[2\]/);
    expect(() => grad(f, 2)(x0, y0)).toThrow(/argnum 2/);
    expect(() => grad(f, [0, -1])(x0, y0)).toThrow(/argnum -1/);
  });
});

describe('valueAndGrad', () => {
  it('returns the value with the gradient', () => {
    const [value, gradient] = valueAndGrad(f)(x0, y0);
    expect([value.item(), gradient.item()]).toEqual([35, 20]);
    const [v, grads] = valueAndGrad(f, [0, 1])(x0, y0);
    expect([v.item(), ...grads.map((g) => g.item())]).toEqual([35, 20, 7]);
  });

  it('nests: the derivative of the gradient it returns is the second derivative', () => {
    // d/dx of ∂f/∂x = 2xy is 2y = 10.
    expect(grad((x: Tensor) => valueAndGrad(f)(x, y0)[1])(x0).item()).toBe(10);
  });
});
