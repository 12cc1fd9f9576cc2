// Curvature on a domain: the largest and smallest Hessian eigenvalue found there, and where.

import type { CompiledFunction } from '../expr/function.js';
import { symmetricEigenvalues } from '../numeric/symmetric-eigen.js';
import { compassSearch } from './compass-search.js';
import { hessianEigenvalues } from './eigen.js';
import type { Box } from './enclosure.js';
import { samplePoints } from './sample-points.js';

/** An extreme eigenvalue and a point of the domain where the Hessian has it. */
export interface Extreme {
  readonly value: number;
  readonly at: Float64Array;
}

export interface CurvatureSearch {
  /** The largest eigenvalue found, or null when the Hessian was nowhere finite. */
  readonly max: Extreme | null;
  /** The smallest eigenvalue found, or null when the Hessian was nowhere finite. */
  readonly min: Extreme | null;
  /** True when a constant Hessian decided both exactly. */
  readonly exact: boolean;
  /** A sampled point where the value or the Hessian is not finite, if any (f is undefined or singular there). */
  readonly nonFiniteAt: Float64Array | null;
  /** The largest |eigenvalue| met: the scale that decides what counts as a negative eigenvalue. */
  readonly scale: number;
}

export interface CurvatureOptions {
  /** The Hessian when it is the same everywhere (its entries have no variables): then no search. */
  constantHessian?: Float64Array | null;
  /** Points sampled (default 1024). */
  samples?: number;
  /** Further points worth a look (say, where a convexity proof failed). */
  extraPoints?: readonly Float64Array[];
  /** Points to leave out: next to a pole, where the curvature is unbounded (see domainIssues). */
  excluded?: (x: Float64Array) => boolean;
}

const REFINED = 3;

/**
 * The largest and smallest Hessian eigenvalues of f on a box. A constant Hessian gives them exactly.
 * Otherwise it samples the box (grid and Halton points, see samplePoints), then refines the three best
 * samples of each extreme by compass search — a lower bound on the true maximum (and an upper bound on
 * the minimum), not a proof. Points where the value or the Hessian is not finite are skipped. A refined
 * point is reported with its coordinates rounded to the decimal place of 1e-6 of the box's width when the rounded point is
 * at least as extreme (checked, not assumed): x = 0 reads better than x = −1.4e-8.
 *
 * @example
 * const { max, min } = curvatureOnDomain(compileExpression('x^4'), [{ lo: -5, hi: 5 }]);
 * max?.value; // 300 (at x = ±5), min?.value; // 0 (at x = 0)
 */
export function curvatureOnDomain(
  f: Pick<CompiledFunction, 'value' | 'hessian'>,
  box: Box,
  { constantHessian = null, samples = 1024, extraPoints = [], excluded = () => false }: CurvatureOptions = {},
): CurvatureSearch {
  const n = box.length;
  if (constantHessian !== null) {
    const values = symmetricEigenvalues(constantHessian, n);
    const centre = Float64Array.from(box, (b) => (b.lo + b.hi) / 2);
    const finite = values.every(Number.isFinite);
    return {
      max: finite ? { value: values[n - 1]!, at: centre } : null,
      min: finite ? { value: values[0]!, at: centre } : null,
      exact: true,
      nonFiniteAt: finite ? null : centre,
      scale: finite ? Math.max(Math.abs(values[0]!), Math.abs(values[n - 1]!)) : 0,
    };
  }
  const lows: Extreme[] = [];
  const highs: Extreme[] = [];
  let nonFiniteAt: Float64Array | null = null;
  // Where f itself is undefined its Hessian means nothing, even when finite (−1/x² for log x at x < 0).
  const eigenvalues = (x: Float64Array): Float64Array =>
    !excluded(x) && Number.isFinite(f.value(x))
      ? hessianEigenvalues(f, x)
      : new Float64Array(n).fill(Number.NaN);
  for (const p of [...samplePoints(box, samples), ...extraPoints]) {
    if (excluded(p)) continue;
    const values = eigenvalues(p);
    if (!values.every(Number.isFinite)) {
      nonFiniteAt ??= p;
      continue;
    }
    lows.push({ value: values[0]!, at: p });
    highs.push({ value: values[n - 1]!, at: p });
  }
  if (lows.length === 0) return { max: null, min: null, exact: false, nonFiniteAt, scale: 0 };

  const smallest = (x: Float64Array): number => eigenvalues(x)[0]!;
  const negatedLargest = (x: Float64Array): number => -eigenvalues(x)[n - 1]!;
  const min = refine(
    lows.sort((a, b) => a.value - b.value),
    smallest,
    box,
  );
  const negatedMax = refine(
    highs.sort((a, b) => b.value - a.value).map((e) => ({ value: -e.value, at: e.at })),
    negatedLargest,
    box,
  );
  const max = { value: -negatedMax.value, at: negatedMax.at };
  return { max, min, exact: false, nonFiniteAt, scale: Math.max(Math.abs(min.value), Math.abs(max.value)) };
}

/** The best of compass searches from the first few candidates (sorted best first). */
function refine(candidates: readonly Extreme[], objective: (x: Float64Array) => number, box: Box): Extreme {
  let best = candidates[0]!;
  for (const start of candidates.slice(0, REFINED)) {
    const { point, value } = compassSearch(objective, start.at, box);
    if (value < best.value) best = { value, at: point };
  }
  const rounded = best.at.map((v, d) => {
    const { lo, hi } = box[d]!;
    const decimals = Math.min(100, Math.max(0, Math.ceil(-Math.log10(1e-6 * (hi - lo)))));
    return Math.min(hi, Math.max(lo, Number(v.toFixed(decimals)) + 0));
  });
  const value = objective(rounded);
  return value <= best.value ? { value, at: rounded } : best;
}
