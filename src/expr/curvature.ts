// unboundedCurvature: the power u^c (1 < c < 2) whose curvature is unbounded where u = 0 although its slope is 0 (|x|^1.5 at 0).

import { formatNumber } from '../numeric/format.js';
import { evaluate } from './differentiability.js';
import { type ExprNode, variablesOf } from './node.js';
import { formatExpression } from './print.js';

/** Steps along the row's variable, relative to its size: u vanishing like the step at both is a linear crossing. */
const STEPS = [1e-4, 1e-6] as const;

/**
 * Why ∂²f/∂row∂column is unbounded at x while the gradient is finite, when a power u^c with
 * 1 < c < 2 sits at u = 0 with u crossing 0 linearly along `row` and defined on both sides: its
 * second derivative c(c − 1)·u^(c−2)·(∂u)² grows without bound, while its slope c·u^(c−1)·∂u is 0
 * (|x|^1.5 at 0: 0.75·|x|^−0.5). Null when no such power is under both variables there.
 *
 * @example
 * unboundedCurvature(parseExpression('abs(x)^1.5 + y^2'), ['x', 'y'], Float64Array.of(0, 1), 0, 0);
 * // → 'the curvature of abs(x) ^ 1.5 is unbounded where abs(x) = 0, though its slope is 0 there'
 * unboundedCurvature(parseExpression('abs(x)^3'), ['x'], Float64Array.of(0), 0, 0); // → null
 */
export function unboundedCurvature(
  tree: ExprNode,
  variables: readonly string[],
  x: Float64Array,
  row: number,
  column: number,
): string | null {
  const { values } = evaluate(tree, variables, x);
  const h = Math.max(1, Math.abs(x[row]!));
  const baseAt = (base: ExprNode, step: number): number => {
    const moved = Float64Array.from(x);
    moved[row] = x[row]! + step * h;
    return evaluate(base, variables, moved).values.get(base)!;
  };
  const visit = (node: ExprNode): string | null => {
    if (node.kind === 'negate' || node.kind === 'call') return visit(node.arg);
    if (node.kind !== 'binary') return null;
    const { left: base, right } = node;
    if (node.op === '^' && right.kind === 'number' && right.value > 1 && right.value < 2) {
      const names = variablesOf(base);
      const crosses = (side: 1 | -1): boolean => {
        const [far, close] = STEPS.map((step) => baseAt(base, side * step));
        return close! > 0 && far! / close! < 1e3;
      };
      const defined = (side: 1 | -1): boolean => STEPS.every((step) => baseAt(base, side * step) >= 0);
      if (
        values.get(base) === 0 &&
        names.includes(variables[row]!) &&
        names.includes(variables[column]!) &&
        defined(1) &&
        defined(-1) &&
        (crosses(1) || crosses(-1))
      ) {
        const u = formatExpression(base);
        return `the curvature of ${formatExpression(node)} is unbounded where ${u} = ${formatNumber(0)}, though its slope is 0 there`;
      }
    }
    return visit(node.left) ?? visit(node.right);
  };
  return visit(tree);
}
