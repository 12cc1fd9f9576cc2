// Unbounded curvature on a box: the points near which a Hessian eigenvalue grows without bound while f and its gradient stay finite.

import { compileTree } from '../expr/closures.js';
import { unboundedCurvature as unboundedPower } from '../expr/curvature.js';
import type { Expression } from '../expr/expression.js';
import type { CompiledFunction } from '../expr/function.js';
import { type ExprNode, variablesOf } from '../expr/node.js';
import { formatNumber } from '../numeric/format.js';
import { describePoint, pointRecord } from './describe-point.js';
import { hessianEigenvalues } from './eigen.js';
import type { Box } from './enclosure.js';
import { argumentZeros } from './nondifferentiable.js';

/**
 * A point near which the curvature grows without bound, and which way.
 *
 * @example
 * const [u]: UnboundedCurvature[] = analyze('abs(x)^1.5').curvature.unbounded;
 * u?.point; // → { x: 0 }
 * u?.side; // → 'above'
 */
export interface UnboundedCurvature {
  readonly point: Readonly<Record<string, number>>;
  /** `above`: the largest eigenvalue grows to +∞ there (no fixed learning rate is stable near it); `below`: the smallest falls to −∞. */
  readonly side: 'above' | 'below';
  /** Why, with the eigenvalue at shrinking distances from the point as evidence. */
  readonly reason: string;
  /** Present where the point is a pole of f (1/x at 0), where f itself is unbounded too. */
  readonly pole?: true;
}

/** What unboundedCurvaturePoints finds, and which points are next to it. */
export interface UnboundedCurvatureSearch {
  /** At most eight, each side once a point. */
  readonly points: UnboundedCurvature[];
  /**
   * Whether x lies within 1% of the box's smallest width of the zero set of an argument that gave
   * one of the points (by the Newton distance |u|/‖∇u‖): what a curvature search leaves out.
   */
  near(x: Float64Array): boolean;
}

/** Distances from a candidate point, as a fraction of the box's width rounded down to a power of ten. */
const STEPS = [1e-3, 1e-5, 1e-7, 1e-9] as const;
/** Each step closer must raise the eigenvalue by at least this factor: |x|^1.99's 0.0199·|x|^−0.01 rises 1.047× a step. */
const GROWTH = 1.01;
/** The part of the box's width next to an unbounded point that `near` covers. */
const MARGIN = 0.01;
/** Candidate sites examined and points reported, at most. */
const MAX_SITES = 16;
const MAX_POINTS = 8;

/**
 * The nodes whose argument's zeros may be poles of f″ while f and f′ are finite there: the arguments
 * of sqrt, abs and log, and the bases of powers whose exponent is not a whole number (|x|^1.5,
 * (x²)^0.75, sqrt(x³)).
 */
function candidateArguments(tree: ExprNode): ExprNode[] {
  const found: ExprNode[] = [];
  const visit = (node: ExprNode): void => {
    if (node.kind === 'call') {
      if (node.fn === 'sqrt' || node.fn === 'abs' || node.fn === 'log') found.push(node.arg);
      visit(node.arg);
    } else if (node.kind === 'negate') {
      visit(node.arg);
    } else if (node.kind === 'binary') {
      if (node.op === '^' && !(node.right.kind === 'number' && Number.isInteger(node.right.value))) {
        found.push(node.left);
      }
      visit(node.left);
      visit(node.right);
    }
  };
  visit(tree);
  return found;
}

/**
 * The points of a box near which f's curvature is unbounded though f is finite and smooth enough to
 * have a gradient: |x|^1.5 at 0 (f″ = 0.75·|x|^−0.5), x·sqrt(|x|) at 0 (+∞ on one side, −∞ on the
 * other). Candidates are the zeros on the box (see argumentZeros) of the arguments of sqrt, abs, log
 * and fractional powers; a candidate is kept when, along some axis, the largest eigenvalue rises (or
 * the smallest falls) by at least 1% at each of four steps closer — 10⁻³, 10⁻⁵, 10⁻⁷ and 10⁻⁹ of the
 * box's width (a smooth Hessian changes by about the step there, far less). A candidate where f itself is
 * undefined counts when f stays bounded on the way in (x²·log|x| at 0: f → 0, f″ = 2·log|x| + 3 → −∞;
 * x·log|x|: f → 0, f″ = 1/x), so a pole's curvature (log|x| at 0, where |f| grows) is not taken for a
 * finite f's. Points `excluded` are skipped — analyze passes the kinks, cusps and domain edges it
 * already reports (see nondifferentiablePoints); poles are not passed, that test rejects them — and so
 * is the rest of a zero set that gave a point.
 *
 * @example
 * unboundedCurvaturePoints(compileExpression('abs(x)^1.5'), [{ lo: -5, hi: 5 }]).points[0]?.point; // → { x: 0 }
 * unboundedCurvaturePoints(compileExpression('abs(x)^3'), [{ lo: -5, hi: 5 }]).points; // → []
 * unboundedCurvaturePoints(compileExpression('x^2*log(abs(x))'), [{ lo: -5, hi: 5 }]).points[0]?.side; // → 'below'
 */
export function unboundedCurvaturePoints(
  f: Expression,
  box: Box,
  { excluded = () => false }: { excluded?: (x: Float64Array) => boolean } = {},
): UnboundedCurvatureSearch {
  const { variables } = f;
  const n = variables.length;
  const points: UnboundedCurvature[] = [];
  const zeroSets: CompiledFunction[] = [];
  const width = box.map((b) => b.hi - b.lo);
  const reach = MARGIN * Math.min(...width);
  const grad = new Float64Array(n);
  // Within reach of a zero set, by the Newton distance |u| / ‖∇u‖.
  const near = (x: Float64Array): boolean =>
    zeroSets.some((u) => {
      const v = Math.abs(u.valueAndGradient(x, grad));
      return v <= reach * Math.hypot(...grad);
    });
  for (const arg of candidateArguments(f.tree).slice(0, MAX_SITES)) {
    if (variablesOf(arg).length === 0) continue;
    const u = compileTree(arg, f.source, variables);
    for (const x of argumentZeros(u, box)) {
      if (points.length >= MAX_POINTS) break;
      if (excluded(x) || near(x)) continue;
      // f may be undefined at the point itself and finite all around it (x²·log|x| at 0 is 0·−∞):
      // then only a value that stays bounded on the way in makes it f's curvature, not a pole's (log|x|).
      const removable = !Number.isFinite(f.value(x));
      const sides = growthAt(f, x, box, excluded, removable);
      for (const side of ['above', 'below'] as const) {
        const growth = sides[side];
        if (growth !== null)
          points.push({ point: pointRecord(variables, x), side, reason: reasonFor(f, x, side, growth) });
      }
      // With several variables the zero set is a curve or a surface: one point stands for it.
      if (sides.above !== null || sides.below !== null) {
        zeroSets.push(u);
        if (n > 1) break;
      }
    }
  }
  return { points, near };
}

/** The eigenvalues at the steps closer to the point along one axis, and the distances. */
interface Growth {
  readonly axis: number;
  readonly distances: readonly number[];
  readonly values: readonly number[];
}

function growthAt(
  f: Expression,
  x: Float64Array,
  box: Box,
  excluded: (x: Float64Array) => boolean,
  removable: boolean,
): { above: Growth | null; below: Growth | null } {
  const n = x.length;
  let above: Growth | null = null;
  let below: Growth | null = null;
  const y = new Float64Array(n);
  for (let axis = 0; axis < n && (above === null || below === null); axis++) {
    const { lo, hi } = box[axis]!;
    const unit = 10 ** Math.floor(Math.log10(hi - lo));
    const distances = STEPS.map((s) => s * unit);
    for (const sign of [1, -1]) {
      const largest: number[] = [];
      const smallest: number[] = [];
      const levels: number[] = [];
      for (const d of distances) {
        y.set(x);
        y[axis] = x[axis]! + sign * d;
        const level = f.value(y);
        if (y[axis]! < lo || y[axis]! > hi || excluded(y) || !Number.isFinite(level)) break;
        const values = hessianEigenvalues(f, y);
        if (!values.every(Number.isFinite)) break;
        smallest.push(values[0]!);
        largest.push(values[n - 1]!);
        levels.push(Math.abs(level));
      }
      if (largest.length < STEPS.length) continue;
      if (removable && !(levels.at(-1)! <= 2 * Math.max(levels[0]!, 1))) continue;
      const signed = distances.map((d) => sign * d);
      if (above === null && rises(largest)) above = { axis, distances: signed, values: largest };
      if (below === null && rises(smallest.map((v) => -v)))
        below = { axis, distances: signed, values: smallest };
    }
  }
  return { above, below };
}

/** Positive from the second step on, and at least GROWTH times larger at each step. */
function rises(values: readonly number[]): boolean {
  for (let k = 1; k < values.length; k++) {
    if (!(values[k]! > 0 && values[k]! >= GROWTH * Math.max(values[k - 1]!, 0))) return false;
  }
  return true;
}

function reasonFor(f: Expression, x: Float64Array, side: 'above' | 'below', growth: Growth): string {
  const where = describePoint(f.variables, x);
  const power = side === 'above' ? unboundedPower(f.tree, f.variables, x, growth.axis, growth.axis) : null;
  const grows = side === 'above' ? 'grows without bound' : 'falls without bound';
  return `${power ?? `the curvature ${grows} toward ${where}`}; ${evidenceFor(f, x, side, growth)}`;
}

/** The eigenvalue at the first three steps in: "∂²f/∂x² is 7.5 at x = 0.01, 75 at x = 0.0001, …". */
function evidenceFor(f: Expression, x: Float64Array, side: 'above' | 'below', growth: Growth): string {
  const { variables } = f;
  const n = variables.length;
  const v = variables[growth.axis]!;
  const what =
    n === 1
      ? `∂²f/∂${v}²`
      : side === 'above'
        ? 'the largest Hessian eigenvalue'
        : 'the smallest Hessian eigenvalue';
  const at = (d: number): string => {
    // Enough digits to tell the step from the point: 1.000001, not 1.
    const digits = Math.min(
      17,
      Math.max(6, Math.ceil(Math.log10(Math.abs(x[growth.axis]!) / Math.abs(d))) + 2),
    );
    return formatNumber(x[growth.axis]! + d, digits);
  };
  const evidence = growth.values
    .slice(0, 3)
    .map((value, k) => `${formatNumber(value)} at ${v} = ${at(growth.distances[k]!)}`)
    .join(', ');
  return `${what} is ${evidence}`;
}

/** What poleCurvature finds next to a pole: the evidence for each side the curvature is unbounded on, and f's fall. */
export interface PoleCurvature {
  /** The largest eigenvalue at the steps in, in words, where it grows without bound; else null. */
  readonly above: string | null;
  /** The smallest, where it falls without bound; else null. */
  readonly below: string | null;
  /** Whether f falls without bound toward the pole along some axis. */
  readonly falls: boolean;
  /** f at the last step in, where it falls: "f = -1e8 at 1e-8 left of x = 0". */
  readonly fallsTo: string | null;
}

/**
 * What the curvature and f do next to a pole of f (1/x at 0), on each side along the axis: whether
 * f″'s largest eigenvalue grows without bound (`above`: 1/x from the right, f″ = 2/x³), the smallest
 * falls without bound (`below`: 1/x from the left), and whether f itself falls without bound toward
 * it (`falls`: 1/x from the left, −1/x² from both sides) — then f has no minimum near the pole, and
 * gradient descent that comes near it is drawn in. Read at 10⁻³, 10⁻⁵, 10⁻⁷ and 10⁻⁹ of the box's
 * width, as unboundedCurvaturePoints reads a point; the evidence gives the first three, in words.
 *
 * @example
 * const near = poleCurvature(compileExpression('1/x'), Float64Array.of(0), [{ lo: -5, hi: 5 }]);
 * near.above; // → '∂²f/∂x² is 2e6 at x = 0.01, 2e12 at x = 0.0001, 2e18 at x = 1e-6'
 * near.falls; // → true
 */
export function poleCurvature(f: Expression, pole: Float64Array, box: Box): PoleCurvature {
  const { above, below } = growthAt(f, pole, box, () => false, false);
  let falls = false;
  let fallsTo: string | null = null;
  const y = new Float64Array(pole.length);
  for (let axis = 0; axis < pole.length && !falls; axis++) {
    const { lo, hi } = box[axis]!;
    const unit = 10 ** Math.floor(Math.log10(hi - lo));
    for (const sign of [1, -1]) {
      const levels: number[] = [];
      for (const step of STEPS) {
        y.set(pole);
        y[axis] = pole[axis]! + sign * step * unit;
        if (y[axis]! < lo || y[axis]! > hi) break;
        levels.push(f.value(y));
      }
      if (levels.length < STEPS.length || !levels.every(Number.isFinite)) continue;
      if (
        levels.every((v, k) => k === 0 || v < levels[k - 1]!) &&
        levels.at(-1)! < -1e3 * Math.max(1, Math.abs(levels[0]!))
      ) {
        falls = true;
        const side =
          pole.length === 1
            ? `${sign > 0 ? 'right' : 'left'} of`
            : `along ${sign > 0 ? '+' : '−'}${f.variables[axis]} from`;
        fallsTo = `f = ${formatNumber(levels.at(-1)!)} at ${formatNumber(STEPS.at(-1)! * unit)} ${side} ${describePoint(f.variables, pole)}`;
        break;
      }
    }
  }
  return {
    above: above === null ? null : evidenceFor(f, pole, 'above', above),
    below: below === null ? null : evidenceFor(f, pole, 'below', below),
    falls,
    fallsTo,
  };
}
