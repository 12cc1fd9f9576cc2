// enclosure: an expression tree evaluated over a box of intervals, bounding every value it takes there.

import { constantValue, type ExprNode, type FunctionName } from '../expr/node.js';
import * as iv from './interval.js';

/** One interval per variable, in the order of a function's `variables`. */
export type Box = readonly iv.Interval[];

const FUNCTIONS: Readonly<Record<FunctionName, (x: iv.Interval) => iv.Interval>> = {
  sin: iv.sin,
  cos: iv.cos,
  tan: iv.tan,
  exp: iv.exp,
  log: iv.log,
  sqrt: iv.sqrt,
  abs: iv.abs,
  tanh: iv.tanh,
  sigmoid: iv.sigmoid,
};

/** The value of a tree without variables as the compiled function computes it, or null when it has variables. */
function constantOf(node: ExprNode): number | null {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'constant':
      return constantValue(node.name);
    case 'variable':
      return null;
    case 'negate': {
      const v = constantOf(node.arg);
      return v === null ? null : -v;
    }
    case 'call': {
      const v = constantOf(node.arg);
      if (v === null) return null;
      return node.fn === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : Math[node.fn](v);
    }
    case 'binary': {
      const a = constantOf(node.left);
      const b = constantOf(node.right);
      if (a === null || b === null) return null;
      switch (node.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return a / b;
        case '^':
          return a ** b;
      }
    }
  }
}

/**
 * Compiles a tree into a function from a box to an interval that contains the tree's value at every
 * point of the box (naive interval arithmetic, rounded outward). Where the tree is undefined on part
 * of the box (log of a negative, a division by an interval holding 0, a pole of tan) the enclosure is
 * unbounded. A power whose exponent has no variables is an integer or real power of the base; any other
 * power is exp(exponent · log(base)) for a positive base, unbounded otherwise.
 *
 * @example
 * const bound = encloser(parseExpression('12 * x^2'), ['x']);
 * bound([{ lo: -1, hi: 2 }]); // { lo: 0, hi: ≈48 }
 */
export function encloser(node: ExprNode, variables: readonly string[]): (box: Box) => iv.Interval {
  const compile = (n: ExprNode): ((box: Box) => iv.Interval) => {
    switch (n.kind) {
      case 'number': {
        const value = iv.point(n.value);
        return () => value;
      }
      case 'constant': {
        // π and e are known to the nearest double, so they get an ulp each side.
        const value = iv.nearest(constantValue(n.name));
        return () => value;
      }
      case 'variable': {
        const index = variables.indexOf(n.name);
        if (index < 0) throw new Error(`encloser: variable "${n.name}" is not among ${variables.join(', ')}`);
        return (box) => box[index]!;
      }
      case 'negate': {
        const arg = compile(n.arg);
        return (box) => iv.negate(arg(box));
      }
      case 'call': {
        const arg = compile(n.arg);
        const fn = FUNCTIONS[n.fn];
        return (box) => fn(arg(box));
      }
      case 'binary': {
        const left = compile(n.left);
        if (n.op === '^') {
          const p = constantOf(n.right);
          if (p !== null && Number.isInteger(p)) return (box) => iv.integerPower(left(box), p);
          if (p !== null) return (box) => iv.realPower(left(box), p);
          const right = compile(n.right);
          return (box) => {
            const base = left(box);
            return base.lo > 0 ? iv.exp(iv.multiply(right(box), iv.log(base))) : iv.ENTIRE;
          };
        }
        const right = compile(n.right);
        const op =
          n.op === '+' ? iv.add : n.op === '-' ? iv.subtract : n.op === '*' ? iv.multiply : iv.divide;
        return (box) => op(left(box), right(box));
      }
    }
  };
  return compile(node);
}
