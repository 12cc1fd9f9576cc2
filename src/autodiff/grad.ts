// grad and valueAndGrad: JAX-style transforms that turn f into a function returning its gradient.

import { backward } from './backward.js';
import { variable, withoutGraph } from './graph.js';
import { formatShape } from './shape.js';
import { Tensor } from './tensor.js';

/**
 * A function of one or more tensors returning a scalar tensor.
 *
 * @example
 * const { grad, mul, tensor } = autodiff;
 * const product: autodiff.Differentiable<[autodiff.Tensor, autodiff.Tensor]> = (x, y) => mul(x, y);
 * grad(product, [0, 1])(tensor(2), tensor(3)).map((g) => g.item()); // → [3, 2]
 */
export type Differentiable<A extends Tensor[]> = (...args: A) => Tensor;

// How many grads are running on the stack; above 1 a gradient may itself be differentiated later.
let depth = 0;

function differentiate<A extends Tensor[]>(
  f: Differentiable<A>,
  args: A,
  argnums: readonly number[],
): [value: Tensor, grads: Tensor[]] {
  for (const i of argnums) {
    if (!Number.isInteger(i) || i < 0 || i >= args.length) {
      throw new Error(`argnum ${i} does not name one of the ${args.length} argument(s)`);
    }
  }
  depth++;
  try {
    const inputs = args.map((a, i) => (argnums.includes(i) ? variable(a) : a)) as A;
    const value = f(...inputs);
    if (value.size !== 1) {
      throw new Error(`grad needs f to return a single number, got shape ${formatShape(value.shape)}`);
    }
    const targets = argnums.map((i) => inputs[i]!);
    if (depth > 1) return [value, backward(value, targets)];
    // The outermost grad: nothing will differentiate its results, so record no graph and keep none.
    return [new Tensor(value.data, value.shape), withoutGraph(() => backward(value, targets))];
  } finally {
    depth--;
  }
}

/**
 * Turns a scalar function into one returning its gradient with respect to argument `argnums`
 * (default 0), shaped like that argument, or to each argument listed, as an array. Gradients nest:
 * `grad(grad(f))` is the second derivative.
 *
 * @example
 * const { grad, mul, sin, tensor } = autodiff;
 * grad((x) => sin(x))(tensor(0)).item(); // → 1
 * grad(grad((x) => sin(x)))(tensor(0)).item(); // → 0
 * grad((x, y) => mul(x, y), [0, 1])(tensor(2), tensor(3)).map((g) => g.item()); // → [3, 2]
 */
export function grad<A extends Tensor[]>(f: Differentiable<A>, argnums?: number): (...args: A) => Tensor;
export function grad<A extends Tensor[]>(
  f: Differentiable<A>,
  argnums: readonly number[],
): (...args: A) => Tensor[];
export function grad<A extends Tensor[]>(
  f: Differentiable<A>,
  argnums: number | readonly number[] = 0,
): (...args: A) => Tensor | Tensor[] {
  return (...args) => {
    const [, grads] = differentiate(f, args, typeof argnums === 'number' ? [argnums] : argnums);
    return typeof argnums === 'number' ? grads[0]! : grads;
  };
}

/**
 * Like grad, but the function returns `[value, gradient]` from one evaluation of f.
 *
 * @example
 * const { square, tensor, valueAndGrad } = autodiff;
 * const [value, gradient] = valueAndGrad((x) => square(x))(tensor(3));
 * [value.item(), gradient.item()]; // → [9, 6]
 */
export function valueAndGrad<A extends Tensor[]>(
  f: Differentiable<A>,
  argnums?: number,
): (...args: A) => [value: Tensor, grad: Tensor];
export function valueAndGrad<A extends Tensor[]>(
  f: Differentiable<A>,
  argnums: readonly number[],
): (...args: A) => [value: Tensor, grads: Tensor[]];
export function valueAndGrad<A extends Tensor[]>(
  f: Differentiable<A>,
  argnums: number | readonly number[] = 0,
): (...args: A) => [value: Tensor, grad: Tensor | Tensor[]] {
  return (...args) => {
    const [value, grads] = differentiate(f, args, typeof argnums === 'number' ? [argnums] : argnums);
    return [value, typeof argnums === 'number' ? grads[0]! : grads];
  };
}
