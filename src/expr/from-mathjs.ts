// fromMathNode: reads a mathjs tree back into the checked tree, or gives null for anything outside the grammar.

import {
  isConstantNode,
  isFunctionNode,
  isOperatorNode,
  isParenthesisNode,
  isSymbolNode,
  type MathNode,
} from 'mathjs';
import { type BinaryOp, type ExprNode, isFunctionName } from './node.js';

const BINARY: Readonly<Record<string, BinaryOp>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
};

/**
 * A checked tree for a mathjs tree built only of numbers, symbols, `+ - * / ^`, unary signs,
 * parentheses and the allowed one-argument functions; null for anything else. `symbol` decides what a
 * name is (a variable, a constant, or nothing). Negative numbers become a `negate`.
 *
 * @example
 * fromMathNode(parse('2 * x'), (name) => ({ kind: 'variable', name }));
 */
export function fromMathNode(node: MathNode, symbol: (name: string) => ExprNode | null): ExprNode | null {
  const read = (n: MathNode): ExprNode | null => {
    if (isParenthesisNode(n)) return read(n.content);
    if (isSymbolNode(n)) return symbol(n.name);
    if (isConstantNode(n)) {
      const value: unknown = n.value;
      if (typeof value !== 'number' || !Number.isFinite(value)) return null;
      const magnitude: ExprNode = { kind: 'number', value: Math.abs(value) };
      return value < 0 ? { kind: 'negate', arg: magnitude } : magnitude;
    }
    if (isFunctionNode(n)) {
      const fn = isSymbolNode(n.fn) ? n.fn.name : '';
      if (!isFunctionName(fn) || n.args.length !== 1) return null;
      const arg = read(n.args[0]!);
      return arg === null ? null : { kind: 'call', fn, arg };
    }
    if (isOperatorNode(n)) {
      const args: ExprNode[] = [];
      for (const a of n.args) {
        const arg = read(a);
        if (arg === null) return null;
        args.push(arg);
      }
      const fn: string = n.fn;
      if (args.length === 1 && fn === 'unaryMinus') return { kind: 'negate', arg: args[0]! };
      if (args.length === 1 && fn === 'unaryPlus') return args[0]!;
      const op = Object.hasOwn(BINARY, fn) ? BINARY[fn] : undefined;
      if (op === undefined || args.length < 2) return null;
      // simplify may hand back n-ary sums and products; they associate to the left.
      if (args.length > 2 && op !== '+' && op !== '*') return null;
      return args.slice(1).reduce((left, right) => ({ kind: 'binary', op, left, right }), args[0]!);
    }
    return null;
  };
  return read(node);
}
