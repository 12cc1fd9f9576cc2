// Smart constructors for checked trees: each builds a node, folding the constants and identities
// (0·a, 1·a, a + 0, −−a) that symbolic differentiation produces in bulk.

import type { ExprNode, FunctionName } from './node.js';

/**
 * A number node; a negative value becomes a `negate` (tree numbers are never negative).
 *
 * @example
 * num(-4); // { kind: 'negate', arg: { kind: 'number', value: 4 } }
 */
export function num(value: number): ExprNode {
  const magnitude: ExprNode = { kind: 'number', value: Math.abs(value) };
  return value < 0 ? { kind: 'negate', arg: magnitude } : magnitude;
}

/** The value of a number or a negated number; null for anything else. */
function numeric(node: ExprNode): number | null {
  if (node.kind === 'number') return node.value;
  if (node.kind === 'negate' && node.arg.kind === 'number') return -node.arg.value;
  return null;
}

/** A folded number, or null when folding would print worse than the operation (1/3, 2^0.5) or overflow. */
function folded(value: number): ExprNode | null {
  return Number.isFinite(value) && Number.isInteger(value) ? num(value) : null;
}

/**
 * −a.
 *
 * @example
 * neg(neg(x)); // x
 */
export function neg(a: ExprNode): ExprNode {
  const va = numeric(a);
  if (va !== null) return num(-va);
  return a.kind === 'negate' ? a.arg : { kind: 'negate', arg: a };
}

/**
 * a + b.
 *
 * @example
 * add(x, num(0)); // x
 */
export function add(a: ExprNode, b: ExprNode): ExprNode {
  const va = numeric(a);
  const vb = numeric(b);
  if (va === 0) return b;
  if (vb === 0) return a;
  if (va !== null && vb !== null) return folded(va + vb) ?? { kind: 'binary', op: '+', left: a, right: b };
  if (b.kind === 'negate') return sub(a, b.arg);
  if (a.kind === 'negate') return sub(b, a.arg);
  return { kind: 'binary', op: '+', left: a, right: b };
}

/**
 * a − b.
 *
 * @example
 * sub(num(0), x); // −x
 */
export function sub(a: ExprNode, b: ExprNode): ExprNode {
  const va = numeric(a);
  const vb = numeric(b);
  if (vb === 0) return a;
  if (va === 0) return neg(b);
  if (va !== null && vb !== null) return folded(va - vb) ?? { kind: 'binary', op: '-', left: a, right: b };
  if (b.kind === 'negate') return add(a, b.arg);
  return { kind: 'binary', op: '-', left: a, right: b };
}

/**
 * a · b, with a number factor moved to the front.
 *
 * @example
 * mul(x, num(2)); // 2 * x
 */
export function mul(a: ExprNode, b: ExprNode): ExprNode {
  const va = numeric(a);
  const vb = numeric(b);
  if (va === 0 || vb === 0) return num(0);
  if (va === 1) return b;
  if (vb === 1) return a;
  if (va === -1) return neg(b);
  if (vb === -1) return neg(a);
  if (a.kind === 'negate') return neg(mul(a.arg, b));
  if (b.kind === 'negate') return neg(mul(a, b.arg));
  if (va !== null && vb !== null) return folded(va * vb) ?? { kind: 'binary', op: '*', left: a, right: b };
  if (vb !== null) return mul(b, a);
  if (va !== null && b.kind === 'binary' && b.op === '*') {
    const vc = numeric(b.left);
    const product = vc === null ? null : folded(va * vc);
    if (product !== null) return mul(product, b.right);
  }
  return { kind: 'binary', op: '*', left: a, right: b };
}

/**
 * a / b.
 *
 * @example
 * div(x, num(1)); // x
 */
export function div(a: ExprNode, b: ExprNode): ExprNode {
  const va = numeric(a);
  const vb = numeric(b);
  if (va === 0 && vb !== 0) return num(0);
  if (vb === 1) return a;
  if (a.kind === 'negate') return neg(div(a.arg, b));
  if (b.kind === 'negate') return neg(div(a, b.arg));
  if (va !== null && vb !== null) return folded(va / vb) ?? { kind: 'binary', op: '/', left: a, right: b };
  return { kind: 'binary', op: '/', left: a, right: b };
}

/**
 * a ^ b.
 *
 * @example
 * pow(x, num(1)); // x
 */
export function pow(a: ExprNode, b: ExprNode): ExprNode {
  const va = numeric(a);
  const vb = numeric(b);
  if (vb === 0 || va === 1) return num(1);
  if (vb === 1) return a;
  if (va !== null && vb !== null) return folded(va ** vb) ?? { kind: 'binary', op: '^', left: a, right: b };
  return { kind: 'binary', op: '^', left: a, right: b };
}

/**
 * fn(a).
 *
 * @example
 * call('cos', x); // cos(x)
 */
export function call(fn: FunctionName, a: ExprNode): ExprNode {
  return { kind: 'call', fn, arg: a };
}
