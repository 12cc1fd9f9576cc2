// The recorded graph: which op made a tensor from which inputs, and how a gradient flows back to each.

import type { Shape } from './shape.js';
import { type Rule, Tensor } from './tensor.js';

// While positive, ops make constants: set by the outermost reverse walk, whose results nobody differentiates.
let paused = 0;

/** The output of an op: tracked (with its node) when any input is tracked and recording is on. */
export function record(
  data: Float64Array,
  shape: Shape,
  inputs: readonly Tensor[],
  backward: readonly Rule[],
): Tensor {
  const tracked = paused === 0 && inputs.some((t) => t.node !== null);
  return new Tensor(data, shape, tracked ? { inputs, backward } : null);
}

/** Runs `fn` with recording off, so the ops inside build no graph. */
export function withoutGraph<T>(fn: () => T): T {
  paused++;
  try {
    return fn();
  } finally {
    paused--;
  }
}

/**
 * A fresh tracked copy of `x` to differentiate with respect to. It is an identity op on `x`, so a
 * derivative taken inside another stays differentiable in the outer variable, yet the inner reverse
 * walk, which stops at tensors that do not lead to its own variable, never confuses the two.
 */
export function variable(x: Tensor): Tensor {
  return new Tensor(x.data, x.shape, { inputs: [x], backward: [(g) => g] });
}
