// convexByForm: convexity read off an expression's form by composition rules (|u|^p with p ≥ 1, sums, exp), kinks included.

import { compileTree } from '../expr/closures.js';
import { type ExprNode, variablesOf } from '../expr/node.js';

/** What the rules know of a subexpression: its curvature on all of ℝⁿ, and its sign where known. */
interface Shape {
  readonly curvature: 'constant' | 'affine' | 'convex' | 'concave' | 'unknown';
  readonly nonnegative: boolean;
  readonly nonpositive: boolean;
}

const UNKNOWN: Shape = { curvature: 'unknown', nonnegative: false, nonpositive: false };

const convexLike = (s: Shape): boolean =>
  s.curvature === 'constant' || s.curvature === 'affine' || s.curvature === 'convex';
const concaveLike = (s: Shape): boolean =>
  s.curvature === 'constant' || s.curvature === 'affine' || s.curvature === 'concave';

function flip(s: Shape): Shape {
  const curvature = s.curvature === 'convex' ? 'concave' : s.curvature === 'concave' ? 'convex' : s.curvature;
  return { curvature, nonnegative: s.nonpositive, nonpositive: s.nonnegative };
}

function scaled(s: Shape, c: number): Shape {
  if (c === 0) return { curvature: 'constant', nonnegative: true, nonpositive: true };
  return c > 0 ? s : flip(s);
}

function sum(a: Shape, b: Shape): Shape {
  const nonnegative = a.nonnegative && b.nonnegative;
  const nonpositive = a.nonpositive && b.nonpositive;
  if (a.curvature === 'constant') return { ...b, nonnegative, nonpositive };
  if (b.curvature === 'constant') return { ...a, nonnegative, nonpositive };
  if (a.curvature === 'affine' && b.curvature === 'affine')
    return { curvature: 'affine', nonnegative, nonpositive };
  if (convexLike(a) && convexLike(b)) return { curvature: 'convex', nonnegative, nonpositive };
  if (concaveLike(a) && concaveLike(b)) return { curvature: 'concave', nonnegative, nonpositive };
  return UNKNOWN;
}

const CONVEX_NONNEGATIVE: Shape = { curvature: 'convex', nonnegative: true, nonpositive: false };

/**
 * The rules, each sound on all of ℝⁿ, where every function it accepts is defined: a constant, a
 * variable and their sums are affine; c·g and g/c scale (a negative c turns convex into concave);
 * a sum of convex terms is convex; |u| is convex for an affine u, and equals u for u ≥ 0 (−u for
 * u ≤ 0); u^p is convex and ≥ 0 for an affine u and an even whole p, and for a convex u ≥ 0 and any
 * p ≥ 1 (t^p is convex and non-decreasing on t ≥ 0); exp(u) is convex for a convex u (exp is convex
 * and increasing); sqrt(Σ cᵢ·uᵢ² + c₀) with cᵢ > 0, c₀ ≥ 0 and affine uᵢ is a Euclidean norm, convex.
 * Anything else is unknown.
 */
function shapeOf(node: ExprNode, rules: Set<string>): Shape {
  if (variablesOf(node).length === 0) {
    const c = constantOf(node);
    if (!Number.isFinite(c)) return UNKNOWN;
    return { curvature: 'constant', nonnegative: c >= 0, nonpositive: c <= 0 };
  }
  switch (node.kind) {
    case 'variable':
      return { curvature: 'affine', nonnegative: false, nonpositive: false };
    case 'negate':
      return flip(shapeOf(node.arg, rules));
    case 'call': {
      const u = shapeOf(node.arg, rules);
      if (node.fn === 'abs') {
        if (u.curvature === 'affine') {
          rules.add('|u| is convex for affine u');
          return CONVEX_NONNEGATIVE;
        }
        if (convexLike(u) && u.nonnegative) return u;
        if (concaveLike(u) && u.nonpositive) return flip(u);
        return UNKNOWN;
      }
      if (node.fn === 'sqrt' && sumOfSquares(node.arg)) {
        rules.add(
          'sqrt of a sum of squares of affine terms (and a constant ≥ 0) is a Euclidean norm, convex',
        );
        return CONVEX_NONNEGATIVE;
      }
      if (node.fn === 'exp' && convexLike(u)) {
        rules.add('exp(u) is convex for convex u');
        return CONVEX_NONNEGATIVE;
      }
      return UNKNOWN;
    }
    case 'binary': {
      const { op, left, right } = node;
      if (op === '+' || op === '-') {
        const a = shapeOf(left, rules);
        const b = shapeOf(right, rules);
        const total = sum(a, op === '+' ? b : flip(b));
        if (total.curvature === 'convex' && a.curvature !== 'constant' && b.curvature !== 'constant') {
          rules.add('a sum of convex terms is convex');
        }
        return total;
      }
      if (op === '*') {
        if (variablesOf(left).length === 0) return scaled(shapeOf(right, rules), constantOf(left));
        if (variablesOf(right).length === 0) return scaled(shapeOf(left, rules), constantOf(right));
        return UNKNOWN;
      }
      if (op === '/') {
        if (variablesOf(right).length > 0) return UNKNOWN;
        const c = constantOf(right);
        return c === 0 || !Number.isFinite(c) ? UNKNOWN : scaled(shapeOf(left, rules), 1 / c);
      }
      if (variablesOf(right).length > 0) return UNKNOWN;
      const p = constantOf(right);
      const base = shapeOf(left, rules);
      if (p === 1) return base;
      if (base.curvature === 'affine' && Number.isInteger(p) && p > 0 && p % 2 === 0) {
        rules.add('u^p is convex for affine u and even p');
        return CONVEX_NONNEGATIVE;
      }
      if (convexLike(base) && base.nonnegative && p >= 1) {
        rules.add('u^p is convex for convex u ≥ 0 and p ≥ 1');
        return CONVEX_NONNEGATIVE;
      }
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

/**
 * Whether a node is a sum of terms c·u² (c > 0, u affine) and constants ≥ 0 — the square of the
 * Euclidean norm of an affine map (√c·u, …, √constant), so its square root is that norm: convex.
 */
function sumOfSquares(node: ExprNode): boolean {
  const terms: ExprNode[] = [];
  const collect = (n: ExprNode): void => {
    if (n.kind === 'binary' && n.op === '+') {
      collect(n.left);
      collect(n.right);
    } else terms.push(n);
  };
  collect(node);
  const square = (n: ExprNode): boolean =>
    n.kind === 'binary' &&
    n.op === '^' &&
    variablesOf(n.right).length === 0 &&
    constantOf(n.right) === 2 &&
    shapeOf(n.left, new Set()).curvature === 'affine';
  const ok = terms.every((t) => {
    if (variablesOf(t).length === 0) return constantOf(t) >= 0;
    if (square(t)) return true;
    if (t.kind === 'binary' && t.op === '*') {
      if (variablesOf(t.left).length === 0) return constantOf(t.left) > 0 && square(t.right);
      if (variablesOf(t.right).length === 0) return constantOf(t.right) > 0 && square(t.left);
    }
    return false;
  });
  return ok && terms.some((t) => variablesOf(t).length > 0);
}

function constantOf(node: ExprNode): number {
  return compileTree(node, '', []).value(new Float64Array(0));
}

/**
 * The composition rules that prove the expression convex on all of ℝⁿ (so on every box), or null
 * where they do not: a proof that holds through kinks, which no Hessian sees (|x|, |x|^1.5,
 * |x − 1| + (x + y)²). Sound and cheap (a walk of the tree, each node's variables and constants found afresh: fine for typed formulas), not complete: sqrt(x⁴ + 1) is convex
 * but not by these rules, which leave it to the interval proof.
 *
 * @example
 * convexByForm(parseExpression('abs(x)^1.5')); // → ['|u| is convex for affine u', 'u^p is convex for convex u ≥ 0 and p ≥ 1']
 * convexByForm(parseExpression('-abs(x)')); // → null
 */
export function convexByForm(tree: ExprNode): string[] | null {
  const rules = new Set<string>();
  const shape = shapeOf(tree, rules);
  return shape.curvature === 'convex' || shape.curvature === 'affine' ? [...rules] : null;
}
