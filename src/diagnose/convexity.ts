// Convexity on a domain: proven from the symbolic Hessian, refuted by a point with a negative eigenvalue, or unknown.

import { compileTree } from '../expr/closures.js';
import { differentiate } from '../expr/derivative.js';
import type { Expression } from '../expr/expression.js';
import type { CompiledFunction } from '../expr/function.js';
import { type ExprNode, treeExtent } from '../expr/node.js';
import { formatExpression } from '../expr/print.js';
import { formatNumber } from '../numeric/format.js';
import { symmetricEigenvalues } from '../numeric/symmetric-eigen.js';
import { constantHessian } from './constant-hessian.js';
import { convexByForm } from './convex-form.js';
import { curvatureOnDomain } from './curvature.js';
import { describePoint, pointRecord } from './describe-point.js';
import type { Box } from './enclosure.js';
import { kinksOn } from './kinks.js';
import { argumentZeros } from './nondifferentiable.js';
import { provePositiveSemidefinite } from './psd-proof.js';

export type ConvexityVerdict = 'convex' | 'not-convex' | 'unknown';

/**
 * A convexity verdict with its reason and, for `not-convex`, where the Hessian has a negative eigenvalue.
 *
 * @example
 * const c: Convexity = analyze('x^3').convexity;
 * c.verdict; // → 'not-convex'
 * c.point !== undefined && c.eigenvalue !== undefined && c.eigenvalue < 0; // → true
 */
export interface Convexity {
  readonly verdict: ConvexityVerdict;
  readonly reason: string;
  /** With `not-convex`: a point of the domain where the Hessian has a negative eigenvalue… */
  readonly point?: Readonly<Record<string, number>>;
  /** …and that eigenvalue (absent at a concave kink, where the negative curvature is all at the point). */
  readonly eigenvalue?: number;
  /**
   * With `not-convex` at a concave kink: the two points whose chord f's value at `point`, their
   * midpoint, lies above (abs(abs(x) − 1) at 0: f(−0.01) = f(0.01) = 0.99 < f(0) = 1).
   */
  readonly chord?: readonly [Readonly<Record<string, number>>, Readonly<Record<string, number>>];
}

/** A function as convexity needs it: compiled for numbers, and as trees for proofs. */
export interface SymbolicFunction {
  readonly f: CompiledFunction;
  /** The expression's tree. */
  readonly tree: ExprNode;
  /**
   * ∂²f/∂xᵢ∂xⱼ as trees, in the order of `f.variables`; null when the symbolic derivatives are too
   * large to work with (long quotient or product chains), and then only sampling decides.
   */
  readonly hessian: readonly (readonly ExprNode[])[] | null;
}

/**
 * An expression with its symbolic Hessian, as convexity needs it. The entries are the raw output of
 * differentiate, not the simplified text: they are exactly the derivative, where simplification (for
 * display) might cancel a factor and with it a point where the function is undefined.
 *
 * @example
 * symbolicFunction(compileExpression('x^4')).hessian; // [[12 * x ^ 2]] as trees
 */
export function symbolicFunction(f: Expression): SymbolicFunction {
  const workable = (tree: ExprNode): boolean => {
    const extent = treeExtent(tree, MAX_SYMBOLIC_SIZE);
    return extent !== null && extent.depth <= MAX_SYMBOLIC_DEPTH;
  };
  const hessian: ExprNode[][] = [];
  for (const a of f.variables) {
    const row = differentiate(f.tree, a);
    if (!workable(row)) return { f, tree: f.tree, hessian: null };
    const entries = f.variables.map((b) => differentiate(row, b));
    if (!entries.every(workable)) return { f, tree: f.tree, hessian: null };
    hessian.push(entries);
  }
  return { f, tree: f.tree, hessian };
}

/**
 * Symbolic derivatives larger than this (nodes written out) or deeper are not used: interval bounds on
 * them would cost more than sampling, and recursive walks of them would near the stack limit.
 */
const MAX_SYMBOLIC_SIZE = 20_000;
const MAX_SYMBOLIC_DEPTH = 1500;

export interface ConvexityOptions {
  /** Boxes the interval proof may examine (default 4096). */
  budget?: number;
  /** Points sampled in the search for a negative eigenvalue (default 1024). */
  samples?: number;
  /** Points the search leaves out: next to a pole (see domainIssues). */
  excluded?: (x: Float64Array) => boolean;
}

/**
 * Decides whether f is convex on a box, honestly: `convex` only when proven, `not-convex` only with
 * a point of the box where the Hessian has a negative eigenvalue (reported with it), `unknown`
 * otherwise. In order:
 * 1. A Hessian whose entries have no variables is decided exactly by its eigenvalues (values within
 *    1e-12·‖H‖ of 0 count as 0, the rounding of the eigen-solver).
 * 2. Otherwise interval arithmetic over the symbolic Hessian, with branch and bound (see
 *    provePositiveSemidefinite): a sufficient test, so failing it proves nothing.
 * 3. Then composition rules on the expression's form (see convexByForm), which see through kinks —
 *    before step 2 when the box holds a kink, which every box of the proof around it would fail on.
 * 4. Then a search for the smallest eigenvalue (see curvatureOnDomain), seeded where the proof failed.
 *    An eigenvalue below −1e-8 × the largest |eigenvalue| met counts as negative; smaller ones may be
 *    rounding error in the Hessian, as for (x − 1)² near x = 1.
 * 5. Then a chord at each kink (see concaveKink): f above the chord there refutes convexity.
 * A kink (`abs` of something that changes sign on the box) is invisible to a Hessian, so it blocks
 * step 1 and every box of step 2 that holds it; step 3 handles the kinks of |affine| and its powers ≥ 1,
 * and step 5 finds the kinks that bend down (−abs(x), abs(abs(x) − 1) at 0).
 *
 * @example
 * convexity(symbolicFunction(compileExpression('x^2 - 4*x + 1')), [{ lo: -5, hi: 5 }]);
 * // { verdict: 'convex', reason: 'the second derivative is 2 > 0 everywhere' }
 */
export function convexity(input: SymbolicFunction, domain: Box, options: ConvexityOptions = {}): Convexity {
  const { f, tree, hessian } = input;
  const variables = f.variables;
  const n = variables.length;
  if (n === 0) return { verdict: 'convex', reason: 'the function is constant' };
  const centre = Float64Array.from(domain, (b) => (b.lo + b.hi) / 2);
  const constant = hessian === null ? null : constantHessian(f, tree, hessian, domain);
  if (constant !== null) return constantVerdict(constant, variables, centre);

  const kinks = kinksOn(tree, variables, domain);
  // With a kink on the box the interval proof cannot pass the boxes that hold it: the form, which sees
  // through kinks, is asked first and spares a proof that would spend its whole budget failing.
  const byForm = (): Convexity | null => {
    const form = convexByForm(tree);
    return form === null
      ? null
      : {
          verdict: 'convex',
          reason: `by its form, on every domain (composition rules, which hold at kinks too): ${form.join('; ')}`,
        };
  };
  if (kinks.length > 0) {
    const verdict = byForm();
    if (verdict !== null) return verdict;
  }
  const proof =
    hessian === null
      ? { proven: false, boxes: 0, failedAt: null }
      : provePositiveSemidefinite(hessian, variables, domain, {
          kinks,
          ...(options.budget !== undefined && { budget: options.budget }),
        });
  if (proof.proven) {
    const what = n === 1 ? 'the second derivative is ≥ 0' : 'the Hessian is positive semidefinite';
    const boxes = `${proof.boxes} box${proof.boxes === 1 ? '' : 'es'}`;
    return {
      verdict: 'convex',
      reason: `${what} on the whole domain (proven by interval arithmetic on ${boxes})`,
    };
  }

  const form = kinks.length > 0 ? null : byForm();
  if (form !== null) return form;

  const search = curvatureOnDomain(f, domain, {
    ...(options.samples !== undefined && { samples: options.samples }),
    ...(options.excluded !== undefined && { excluded: options.excluded }),
    extraPoints: proof.failedAt === null ? [] : [proof.failedAt],
  });
  const min = search.min;
  if (min !== null && min.value < -1e-8 * search.scale) {
    const where = describePoint(variables, min.at);
    const reason =
      n === 1
        ? `the second derivative is ${formatNumber(min.value)} < 0 at ${where}`
        : `the Hessian has the negative eigenvalue ${formatNumber(min.value)} at ${where}`;
    return { verdict: 'not-convex', reason, point: pointRecord(variables, min.at), eigenvalue: min.value };
  }
  const concave = concaveKink(f, kinks, domain, options.excluded);
  if (concave !== null) return concave;
  const stuck = proof.failedAt === null ? '' : ` near ${describePoint(variables, proof.failedAt)}`;
  const notes = [
    ...kinks.map((k) => `abs(${formatExpression(k)}) may have a kink, which second derivatives cannot see`),
    ...(search.nonFiniteAt === null
      ? []
      : [`f or its Hessian is not finite at ${describePoint(variables, search.nonFiniteAt)}`]),
  ];
  return {
    verdict: 'unknown',
    reason: `interval bounds could not prove convexity${stuck} (${proof.boxes} boxes), and no point with a negative eigenvalue was found${notes.map((note) => `; ${note}`).join('')}`,
  };
}

/**
 * A kink where f bends down, which no Hessian shows: at a zero p of an abs argument, a step h along
 * an axis each way (10⁻³ of the box's width, then 10⁻²) with f(p) above the mean of f(p − h) and
 * f(p + h) by more than rounding (1e-9 of the values) — the midpoint inequality a convex f obeys
 * fails, which proves f not convex. abs(abs(x) − 1) at 0: f(0) = 1 > (0.99 + 0.99)/2. Its slope
 * falls from 1 to −1 there, a negative curvature of −2 concentrated at the point.
 */
function concaveKink(
  f: CompiledFunction,
  kinks: readonly ExprNode[],
  domain: Box,
  excluded: ((x: Float64Array) => boolean) | undefined,
): Convexity | null {
  const { variables } = f;
  const n = variables.length;
  for (const argument of kinks) {
    const u = compileTree(argument, f.source, variables);
    for (const p of argumentZeros(u, domain)) {
      const mid = f.value(p);
      if (!Number.isFinite(mid) || excluded?.(p)) continue;
      for (let axis = 0; axis < n; axis++) {
        const { lo, hi } = domain[axis]!;
        for (const share of [1e-3, 1e-2]) {
          const h = share * (hi - lo);
          const a = Float64Array.from(p);
          const b = Float64Array.from(p);
          a[axis] = p[axis]! - h;
          b[axis] = p[axis]! + h;
          if (a[axis]! < lo || b[axis]! > hi) continue;
          const fa = f.value(a);
          const fb = f.value(b);
          const gap = mid - (fa + fb) / 2;
          if (!(gap > 1e-9 * Math.max(1, Math.abs(mid), Math.abs(fa), Math.abs(fb)))) continue;
          const args = (x: Float64Array): string => Array.from(x, (v) => formatNumber(v)).join(', ');
          return {
            verdict: 'not-convex',
            reason: `f bends down at the kink at ${describePoint(variables, p)}: f(${args(p)}) = ${formatNumber(mid)} lies above the chord from f(${args(a)}) = ${formatNumber(fa)} to f(${args(b)}) = ${formatNumber(fb)}, so f is not convex (a kink's negative curvature sits at the point, where no Hessian sees it)`,
            point: pointRecord(variables, p),
            chord: [pointRecord(variables, a), pointRecord(variables, b)],
          };
        }
      }
    }
  }
  return null;
}

/** The verdict for a Hessian that is the same everywhere, in the words of the seed for one variable. */
function constantVerdict(h: Float64Array, variables: readonly string[], centre: Float64Array): Convexity {
  const n = variables.length;
  if (n === 1) {
    const v = h[0]!;
    const text = formatNumber(v);
    if (v > 0) return { verdict: 'convex', reason: `the second derivative is ${text} > 0 everywhere` };
    if (v === 0)
      return { verdict: 'convex', reason: 'the second derivative is 0 everywhere (the function is linear)' };
    return {
      verdict: 'not-convex',
      reason: `the second derivative is ${text} < 0 everywhere, as at ${describePoint(variables, centre)}`,
      point: pointRecord(variables, centre),
      eigenvalue: v,
    };
  }
  const values = symmetricEigenvalues(h, n);
  let size = 0;
  for (const v of values) size = Math.max(size, Math.abs(v));
  const snapped = values.map((v) => (Math.abs(v) <= 1e-12 * size ? 0 : v));
  const list = listOf(Array.from(snapped, (v) => formatNumber(v)));
  const lowest = snapped[0]!;
  if (lowest >= 0) {
    return {
      verdict: 'convex',
      reason: `the Hessian is the same everywhere, with eigenvalues ${list}, all ${lowest > 0 ? '> 0' : '≥ 0'}`,
    };
  }
  return {
    verdict: 'not-convex',
    reason: `the Hessian is the same everywhere, with eigenvalues ${list}: the negative eigenvalue ${formatNumber(lowest)} holds at every point, as at ${describePoint(variables, centre)}`,
    point: pointRecord(variables, centre),
    eigenvalue: lowest,
  };
}

function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
