// Differentiability: why a function has no ordinary gradient at a point — plain data a run result carries.

/**
 * What is wrong with the gradient at a point:
 * - `kink`: the slopes on the two sides of the point differ (abs at 0);
 * - `unbounded`: a slope grows without bound towards the point (sqrt at 0, x^(1/3) at 0);
 * - `edge`: f is defined on one side of the point only, so there is no two-sided slope;
 * - `undefined`: f itself is not a finite number there (log at 0, 1/x at 0, or x² at 1e155, whose value overflows);
 * - `overflow`: f is differentiable there, but its slope is beyond float64's range.
 *
 * @example
 * const kind: DifferentiabilityKind | undefined = compileExpression('x^(1/3)').differentiability(Float64Array.of(0))?.kind;
 * kind; // → 'unbounded'
 */
export type DifferentiabilityKind = 'kink' | 'unbounded' | 'edge' | 'undefined' | 'overflow';

/**
 * Why f has no ordinary gradient at a point, found from the syntax tree: the sub-expression whose
 * derivative rule met an undefined or unbounded value (or whose slope overflowed), and what the
 * one-sided slopes around the point show.
 *
 * @example
 * const why: Differentiability | null = compileExpression('abs(x) + y^2').differentiability(Float64Array.of(0, 1));
 * why?.kind; // → 'kink'
 * why?.reason; // → 'f is not differentiable at (x = 0, y = 1): abs has a kink where x = 0 — along x its slope is -1 to the left and 1 to the right'
 */
export interface Differentiability {
  /** False except where only float64's range failed: `overflow`, and an `undefined` value that overflowed (x² at 1e155). */
  readonly differentiable: boolean;
  readonly kind: DifferentiabilityKind;
  /** The point, by variable. */
  readonly point: Readonly<Record<string, number>>;
  /** The sub-expression whose rule failed, in the expression syntax (`sqrt(x)`, `x ^ (1 / 3)`). */
  readonly at: string;
  /** That sub-expression's function (`sqrt`) or operator (`^`); `variable` where no rule is to blame (a sum of slopes overflowed). */
  readonly rule: string;
  /**
   * Whether f rises (or stays level) on both sides of the point along each variable, wherever it is
   * defined: a kink or a cusp that is the bottom of a valley, as abs(x) at 0. Null for `undefined`.
   */
  readonly risesAlongEachVariable: boolean | null;
  /** The whole finding in words, starting "f is not differentiable at …" (or "f is not defined at …"). */
  readonly reason: string;
  /** The rule's part of `reason`, without the point: "sqrt'(0) is unbounded". */
  readonly cause: string;
}
