// hessianIssues: why each Hessian entry that is not a finite number at a point is not, entry by entry.

import { unboundedCurvature } from '../expr/curvature.js';
import type { Expression } from '../expr/expression.js';
import { compileExpression } from '../expr/expression.js';
import { formatNumber } from '../numeric/format.js';

/** One Hessian entry that is not finite at a point, and why. */
export interface HessianIssue {
  /** The entry ∂²f/∂row∂column, by variable name. */
  readonly row: string;
  readonly column: string;
  /** Its value in words: `not a number`, `∞` or `-∞`. */
  readonly value: string;
  readonly reason: string;
}

/**
 * For each Hessian entry at x that is NaN or ±∞ (h row-major, variables in f's order), the reason:
 * a power u^c with 1 < c < 2 at u = 0, whose curvature is unbounded while its slope is 0 (|x|^1.5 at
 * 0, see unboundedCurvature), else the reason found by the same walk that explains a gradient (differentiabilityAt) run on the first derivative
 * ∂f/∂row: the rule of that derivative that meets a value where it has no finite slope (sqrt′ at 0
 * in x/sqrt(x² + y²), |u|′ at its kink), or where ∂f/∂row itself is not defined. An entry whose row
 * derivative the walk finds smooth is explained by its column's (the Hessian is symmetric), else as
 * rounding in the second-derivative rules (0·∞, ∞ − ∞). Entries below the diagonal repeat those
 * above it and are not listed again.
 *
 * @example
 * const f = compileExpression('sqrt(x^2 + y^2)');
 * const h = new Float64Array(4);
 * f.hessian(Float64Array.of(0, 0), h);
 * hessianIssues(f, Float64Array.of(0, 0), h)[0]?.reason;
 * // → "∂f/∂x = x / sqrt(x ^ 2 + y ^ 2) is not defined at (x = 0, y = 0): …"
 */
export function hessianIssues(f: Expression, x: Float64Array, h: Float64Array): HessianIssue[] {
  const { variables } = f;
  const n = variables.length;
  const texts = f.gradientText();
  const why = new Map<number, string | null>();
  const explain = (i: number): string | null => {
    if (!why.has(i)) why.set(i, derivativeReason(variables, variables[i]!, texts[variables[i]!] ?? null, x));
    return why.get(i)!;
  };
  const issues: HessianIssue[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = h[i * n + j]!;
      if (Number.isFinite(v)) continue;
      const reason =
        unboundedCurvature(f.tree, variables, x, i, j) ??
        explain(i) ??
        explain(j) ??
        `the second-derivative rules meet 0·∞ or ∞ − ∞ at ${pointWords(variables, x)} although ∂f/∂${variables[i]} and ∂f/∂${variables[j]} have finite slopes there`;
      issues.push({ row: variables[i]!, column: variables[j]!, value: formatNumber(v), reason });
    }
  }
  return issues;
}

/** Why ∂f/∂v, written out as `text`, has no finite slope at x, or null where it has. */
function derivativeReason(
  variables: readonly string[],
  v: string,
  text: string | null,
  x: Float64Array,
): string | null {
  if (text === null) return null;
  const derivative = compileExpression(text);
  const point = Float64Array.from(derivative.variables, (name) => x[variables.indexOf(name)]!);
  const found = derivative.differentiability(point);
  if (found === null) return null;
  const state = found.kind === 'undefined' ? 'is not defined' : 'has no finite slope';
  // The walk's words are about the function it was given, here ∂f/∂v.
  const cause = found.cause.replaceAll(/\bf is\b/g, `∂f/∂${v} is`);
  return `∂f/∂${v} = ${text} ${state} at ${pointWords(variables, x)}: ${cause}`;
}

function pointWords(variables: readonly string[], x: Float64Array): string {
  const parts = variables.map((name, i) => `${name} = ${formatNumber(x[i]!)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
}
