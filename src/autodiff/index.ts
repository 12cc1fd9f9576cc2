// autodiff's public names: tensors, differentiable ops and the grad / hessian transforms.

export { abs, div, dot, matmul, mean, sign, square, sub, sum } from './composite.js';
export { type Differentiable, grad, valueAndGrad } from './grad.js';
export { hessian, hessianVectorProduct } from './hessian.js';
export {
  add,
  broadcastTo,
  cos,
  exp,
  log,
  mul,
  neg,
  pow,
  reciprocal,
  relu,
  reshape,
  sigmoid,
  sin,
  sqrt,
  step,
  sumTo,
  tanh,
  transpose,
} from './primitives.js';
export type { Shape } from './shape.js';
export { type NestedNumbers, ones, Tensor, type TensorLike, tensor, zeros } from './tensor.js';
