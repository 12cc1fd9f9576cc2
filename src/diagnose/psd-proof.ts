// provePositiveSemidefinite: branch and bound over a box, proving a symbolic Hessian PSD on all of it.

import type { ExprNode } from '../expr/node.js';
import { type Box, encloser } from './enclosure.js';
import * as iv from './interval.js';

export interface PsdProofOptions {
  /** Boxes examined at most before giving up (default 4096). */
  budget?: number;
  /** Trees whose sign change is a kink the Hessian cannot see (the arguments of `abs`). */
  kinks?: readonly ExprNode[];
}

export interface PsdProof {
  readonly proven: boolean;
  /** Boxes examined. */
  readonly boxes: number;
  /** When not proven: the centre of a box where the test failed, the place to look for a counter-example. */
  readonly failedAt: Float64Array | null;
}

/** Boxes narrower than this fraction of the domain are not split: the bounds will not tighten enough. */
const MIN_WIDTH = 1e-7;

/**
 * Tries to prove that the Hessian whose entries are `hessian` (symbolic, symmetric, in the order of
 * `variables`) is positive semidefinite at every point of `domain`. Each box gets interval enclosures of
 * the entries (see encloser) and a sufficient test — passing it proves PSD on the box; failing it proves
 * nothing, because interval bounds are loose:
 * - 1×1: the lower bound of f'' is ≥ 0;
 * - 2×2: Sylvester's criterion for semidefiniteness on the bounds: a ≥ 0, c ≥ 0 and ac − b² ≥ 0;
 * - any size: Gershgorin's theorem — each diagonal lower bound is at least the sum of that row's
 *   off-diagonal magnitudes, so every eigenvalue is ≥ 0.
 * A box that fails is bisected along its widest side (relative to the domain) until `budget` boxes have
 * been examined or a box becomes too narrow to split; a box where a diagonal entry is certainly negative
 * stops the search at once (it has a negative eigenvalue everywhere). A kink (an `abs` argument that
 * changes sign inside a box) fails the box, since a Hessian says nothing about convexity across a kink.
 *
 * @example
 * provePositiveSemidefinite([[parseExpression('12 * x^2')]], ['x'], [{ lo: -5, hi: 5 }]).proven; // true
 */
export function provePositiveSemidefinite(
  hessian: readonly (readonly ExprNode[])[],
  variables: readonly string[],
  domain: Box,
  { budget = 4096, kinks = [] }: PsdProofOptions = {},
): PsdProof {
  const n = variables.length;
  const entries = hessian.map((row, i) =>
    row.map((entry, j) => (j >= i ? encloser(entry, variables) : null)),
  );
  const kinkBounds = kinks.map((k) => encloser(k, variables));
  const widths = domain.map((b) => b.hi - b.lo);
  const centre = (box: Box): Float64Array => Float64Array.from(box, (b) => (b.lo + b.hi) / 2);

  const stack: Box[] = [domain];
  let boxes = 0;
  while (stack.length > 0) {
    if (boxes >= budget) return { proven: false, boxes, failedAt: centre(stack.at(-1)!) };
    const box = stack.pop()!;
    boxes++;
    if (kinkBounds.every((k) => !straddlesZero(k(box)))) {
      const h = entries.map((row) => row.map((entry) => (entry === null ? null : entry(box))));
      const at = (i: number, j: number): iv.Interval => (i <= j ? h[i]![j]! : h[j]![i]!);
      if (passes(at, n)) continue;
      for (let i = 0; i < n; i++) if (at(i, i).hi < 0) return { proven: false, boxes, failedAt: centre(box) };
    }
    let widest = 0;
    for (let d = 1; d < n; d++) {
      if (relativeWidth(box, widths, d) > relativeWidth(box, widths, widest)) widest = d;
    }
    if (relativeWidth(box, widths, widest) < MIN_WIDTH)
      return { proven: false, boxes, failedAt: centre(box) };
    const { lo, hi } = box[widest]!;
    const mid = lo + (hi - lo) / 2;
    stack.push(
      box.map((b, d) => (d === widest ? { lo: mid, hi } : b)),
      box.map((b, d) => (d === widest ? { lo, hi: mid } : b)),
    );
  }
  return { proven: true, boxes, failedAt: null };
}

function straddlesZero(x: iv.Interval): boolean {
  return x.lo < 0 && x.hi > 0;
}

function relativeWidth(box: Box, widths: readonly number[], d: number): number {
  const full = widths[d]!;
  return full > 0 ? (box[d]!.hi - box[d]!.lo) / full : 0;
}

/** The sufficient PSD tests on an interval matrix, given by its entry function. */
function passes(at: (i: number, j: number) => iv.Interval, n: number): boolean {
  if (n === 1) return at(0, 0).lo >= 0;
  if (n === 2) {
    const a = at(0, 0);
    const c = at(1, 1);
    const determinant = iv.subtract(iv.multiply(a, c), iv.integerPower(at(0, 1), 2));
    if (a.lo >= 0 && c.lo >= 0 && determinant.lo >= 0) return true;
  }
  for (let i = 0; i < n; i++) {
    let radius: iv.Interval = iv.point(0);
    for (let j = 0; j < n; j++) {
      if (j !== i) radius = iv.add(radius, iv.abs(at(i, j)));
    }
    if (at(i, i).lo < radius.hi) return false;
  }
  return true;
}
