// Local minima in a domain: Newton runs from a spread of starts, kept when they are real minima.

import type { CompiledFunction } from '../expr/function.js';
import { allFinite } from '../numeric/vector.js';
import { createMethod } from '../optim/create-method.js';
import type { Objective } from '../optim/method.js';
import { reuseLastEvaluation } from '../optim/reuse-last-evaluation.js';
import { pointRecord } from './describe-point.js';
import { hessianEigenvalues } from './eigen.js';
import type { Box } from './enclosure.js';
import { samplePoints } from './sample-points.js';

/**
 * A local minimum: where it is, by variable name, and the value there.
 *
 * @example
 * const [m]: Minimum[] = localMinima(compileExpression('(x - 1)^2 + 3'), [{ lo: -5, hi: 5 }]);
 * m?.point; // → { x: 1 }
 * m?.value; // → 3
 */
export interface Minimum {
  readonly point: Readonly<Record<string, number>>;
  readonly value: number;
  /** Present (false) when this minimum stands for a valley: other minima joined to it by a flat line. */
  readonly isolated?: false;
  /** Present (false) at a kink or a cusp, where f has no gradient (abs(x) at 0): found by analyze, not by Newton. */
  readonly differentiable?: false;
  /** Present (true) on an edge of f's domain whose slope is finite (x^1.5 at 0): found by analyze. */
  readonly edge?: true;
}

export interface MinimaOptions {
  /** Report at most this many, lowest first (default 10). */
  limit?: number;
  /** Starting points (default 16 for one variable, 64 for more). */
  starts?: number;
}

/** Coordinates and values this close to an integer (relative to their size, at least 1) are reported as it. */
const SNAP = 1e-9;
/** Two minima closer than this fraction of the domain's width along every axis are one. */
const SAME = 1e-6;

/**
 * The local minima of f inside a box, lowest first. Newton's method with an Armijo line search (the
 * `newton` optimizer: exact Hessian, shifted where it is not positive definite) runs from grid and
 * Halton starts (see samplePoints) for up to 100 iterations. An end point counts when it is finite, in
 * the box, has a gradient norm ≤ 1e-6·max(1, |f|) and a positive semidefinite Hessian; where the
 * Hessian is singular (x⁴ at 0, but also x³ at 0) it must also not be beaten by f at small steps
 * along the axes and diagonals. Ends within 1e-6 of the box's width of each other are one minimum.
 * A minimum only on the boundary (where the gradient does not vanish) is not reported.
 *
 * Reporting: coordinates and values within 1e-9·max(1, |v|) of an integer are snapped to it — the
 * rounding noise of the last Newton step — so x² − 4x + 1 reports x = 2, value −3 rather than
 * 2.0000000000000004 and −2.9999999999999996; anything else is reported as found.
 *
 * @example
 * localMinima(compileExpression('x^2 - 4*x + 1'), [{ lo: -5, hi: 5 }]); // → [{ point: { x: 2 }, value: -3 }]
 */
export function localMinima(
  f: CompiledFunction,
  domain: Box,
  { limit = 10, starts }: MinimaOptions = {},
): Minimum[] {
  const n = domain.length;
  if (n === 0) return [{ point: {}, value: f.value(new Float64Array(0)) }];
  const widths = domain.map((b) => b.hi - b.lo);
  const found: { x: Float64Array; value: number }[] = [];
  for (const start of samplePoints(domain, starts ?? (n === 1 ? 16 : 64))) {
    const run = descend(f, start);
    const x = run.point;
    if (!Number.isFinite(run.value) || !inside(x, domain, widths)) continue;
    for (let d = 0; d < n; d++) x[d] = Math.min(domain[d]!.hi, Math.max(domain[d]!.lo, x[d]!));
    const value = f.value(x);
    if (isMinimum(f, x, value, domain, widths)) found.push({ x, value });
  }

  found.sort((a, b) => a.value - b.value);
  const distinct: { x: Float64Array; value: number; isolated: boolean }[] = [];
  for (const candidate of found) {
    const same = distinct.some((kept) =>
      kept.x.every((v, d) => Math.abs(v - candidate.x[d]!) <= SAME * widths[d]!),
    );
    if (same) continue;
    const valley = distinct.find((kept) => flatBetween(f, kept, candidate));
    if (valley === undefined) distinct.push({ ...candidate, isolated: true });
    else valley.isolated = false;
  }
  return distinct
    .map(({ x, value, isolated }) => ({ x: Array.from(x, snap), value: snap(value), isolated }))
    .sort((a, b) => a.value - b.value || compareLexically(a.x, b.x))
    .slice(0, limit)
    .map(({ x, value, isolated }) => ({
      point: pointRecord(f.variables, x),
      value,
      ...(!isolated && { isolated: false as const }),
    }));
}

/**
 * Newton steps from `start`, at most 100, until one no longer moves x in floating point or the
 * iterate, value or gradient leaves the finite numbers: minimize()'s loop with its tolerance off,
 * without the run record and verdict a diagnosis has no use for.
 */
function descend(f: CompiledFunction, start: Float64Array): { point: Float64Array; value: number } {
  const n = start.length;
  const objective: Objective = reuseLastEvaluation({
    dimension: n,
    value: (x) => f.value(x),
    valueAndGradient: (x, grad) => f.valueAndGradient(x, grad),
    hessian: (x, out) => f.hessian(x, out),
  });
  const method = createMethod('newton');
  const x = Float64Array.from(start);
  const g = new Float64Array(n);
  let value = objective.valueAndGradient(x, g);
  let state = method.init(x, objective);
  for (let iteration = 0; iteration < 100; iteration++) {
    if (!Number.isFinite(value) || !allFinite(x) || !allFinite(g)) break;
    const [step, next] = method.step(x, value, g, state, objective);
    state = next;
    let moved = false;
    for (let d = 0; d < n; d++) {
      const moving = x[d]! + step[d]!;
      if (moving !== x[d]) moved = true;
      x[d] = moving;
    }
    value = objective.valueAndGradient(x, g);
    if (!moved) break;
  }
  return { point: x, value };
}

/**
 * Whether f stays at the same value along the segment between two minima: then they lie in one
 * valley of minima ((x − y)² has a whole line of them) and are reported once.
 */
function flatBetween(
  f: CompiledFunction,
  a: { x: Float64Array; value: number },
  b: { x: Float64Array; value: number },
): boolean {
  const tolerance = 1e-10 * Math.max(1, Math.abs(a.value));
  if (Math.abs(a.value - b.value) > tolerance) return false;
  const between = new Float64Array(a.x.length);
  for (const t of [0.25, 0.5, 0.75]) {
    for (let d = 0; d < between.length; d++) between[d] = a.x[d]! + t * (b.x[d]! - a.x[d]!);
    if (!(Math.abs(f.value(between) - a.value) <= tolerance)) return false;
  }
  return true;
}

function snap(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - r) <= SNAP * Math.max(1, Math.abs(v)) ? r + 0 : v;
}

function compareLexically(a: readonly number[], b: readonly number[]): number {
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return a[d]! - b[d]!;
  return 0;
}

function inside(x: Float64Array, domain: Box, widths: readonly number[]): boolean {
  return domain.every((b, d) => x[d]! >= b.lo - 1e-9 * widths[d]! && x[d]! <= b.hi + 1e-9 * widths[d]!);
}

function isMinimum(
  f: CompiledFunction,
  x: Float64Array,
  value: number,
  domain: Box,
  widths: readonly number[],
): boolean {
  const n = x.length;
  const g = new Float64Array(n);
  f.valueAndGradient(x, g);
  let norm = 0;
  for (let d = 0; d < n; d++) norm += g[d]! * g[d]!;
  if (!(Math.sqrt(norm) <= 1e-6 * Math.max(1, Math.abs(value)))) return false;
  const eigenvalues = hessianEigenvalues(f, x);
  // An unbounded curvature (|x|^1.5 at 0) leaves the question to f's values nearby, as a singular Hessian does.
  if (!eigenvalues.every(Number.isFinite)) return notBeatenNearby(f, x, value, domain, widths);
  const scale = Math.max(1, Math.abs(eigenvalues[n - 1]!));
  if (eigenvalues[0]! < -1e-8 * scale) return false;
  if (eigenvalues[0]! > 1e-8 * scale) return true;
  return notBeatenNearby(f, x, value, domain, widths);
}

/**
 * A singular Hessian leaves the question to higher derivatives: compare f at steps of 1e-4 and 1e-3 of
 * the width along ± each axis and each diagonal pair; any clearly lower value means no minimum.
 */
function notBeatenNearby(
  f: CompiledFunction,
  x: Float64Array,
  value: number,
  domain: Box,
  widths: readonly number[],
): boolean {
  const n = x.length;
  const directions: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const axis = new Float64Array(n);
    axis[i] = 1;
    directions.push(axis);
    for (let j = i + 1; j < n; j++) {
      for (const sign of [1, -1]) {
        const diagonal = new Float64Array(n);
        diagonal[i] = 1;
        diagonal[j] = sign;
        directions.push(diagonal);
      }
    }
  }
  const tolerance = 1e-12 * Math.max(1, Math.abs(value));
  const trial = new Float64Array(n);
  for (const radius of [1e-4, 1e-3]) {
    for (const direction of directions) {
      for (const sign of [1, -1]) {
        for (let d = 0; d < n; d++) trial[d] = x[d]! + sign * radius * widths[d]! * direction[d]!;
        if (!inside(trial, domain, widths)) continue;
        if (f.value(trial) < value - tolerance) return false;
      }
    }
  }
  return true;
}
