// Where a function is undefined or unbounded on a box: the parts analysis must leave out, and say it left out.

import { compileTree } from '../expr/closures.js';
import type { Expression } from '../expr/expression.js';
import type { CompiledFunction } from '../expr/function.js';
import { type ExprNode, variablesOf } from '../expr/node.js';
import { formatNumber as formatValue } from '../numeric/format.js';
import { pointRecord } from './describe-point.js';
import { type Box, encloser } from './enclosure.js';
import { argumentZeros } from './nondifferentiable.js';
import { samplePoints } from './sample-points.js';

/** One part of the box where f is not a finite number, or grows without bound. */
export interface DomainIssue {
  /** `undefined`: f is not a finite number there (log of a negative, 0/0); `pole`: |f| grows without bound towards a point. */
  readonly kind: 'undefined' | 'pole';
  /** With one variable: the interval it covers (a pole, or a single undefined point, has lo = hi). */
  readonly where?: Readonly<Record<string, [number, number]>>;
  /** With several variables: the share of sampled points where f is not finite, and one of them. */
  readonly fraction?: number;
  readonly example?: Readonly<Record<string, number>>;
  /** The issue in words. */
  readonly reason: string;
}

export interface DomainReport {
  readonly issues: DomainIssue[];
  /** Points left out of the curvature search: within `margin` of an issue's ends (one variable only). */
  readonly excluded: (x: Float64Array) => boolean;
  /** How far from an issue points are left out (one variable), as a distance; 0 when nothing is. */
  readonly margin: number;
}

/** Grid points along one variable; cells between them are checked for poles by interval bounds. */
const GRID = 2001;
/** Samples of a box of several variables. */
const SAMPLES = 4096;
/** Points this close to an issue, as a fraction of the width, are left out of the curvature search. */
const MARGIN = 0.01;

/**
 * The parts of a box where f is undefined or unbounded. With one variable it is exact to rounding: a
 * grid of 2,001 points finds where f is not finite, bisection pins each boundary to the last double,
 * and interval bounds over each cell between finite points find poles the grid steps over (bisected
 * down to a point, pinned to the last double by refinePole, and kept only where |f| really grows,
 * 10⁶-fold from 10⁻² to 10⁻⁹ of the width away).
 * With several variables it samples (grid and Halton points) and reports the share where f is not
 * finite, with an example. Curvature search leaves out points within 1% of the width of each issue:
 * next to a pole the curvature is unbounded, and no learning rate follows from it.
 *
 * @example
 * domainIssues(compileExpression('log(x)'), [{ lo: -5, hi: 5 }]).issues[0]?.reason;
 * // 'f is undefined for x in [-5, 0]'
 */
export function domainIssues(f: Expression, box: Box): DomainReport {
  const nothing: DomainReport = { issues: [], excluded: () => false, margin: 0 };
  const n = f.variables.length;
  if (n === 0) return nothing;
  if (n > 1) return sampled(f, box);
  const name = f.variables[0]!;
  const { lo, hi } = box[0]!;
  const width = hi - lo;
  const point = new Float64Array(1);
  const at = (x: number): number => {
    point[0] = x;
    return f.value(point);
  };
  const finite = (x: number): boolean => Number.isFinite(at(x));
  const xs = Array.from({ length: GRID }, (_, i) => (i === GRID - 1 ? hi : lo + (width * i) / (GRID - 1)));
  const ok = xs.map(finite);

  const issues: DomainIssue[] = [];
  const ends: number[] = [];
  // Runs of non-finite grid points, each widened to its true boundaries.
  for (let i = 0; i < GRID; i++) {
    if (ok[i]) continue;
    let j = i;
    while (j + 1 < GRID && !ok[j + 1]) j++;
    const from = i === 0 ? lo : boundary(finite, xs[i - 1]!, xs[i]!, width);
    const to = j === GRID - 1 ? hi : boundary(finite, xs[j + 1]!, xs[j]!, width);
    const pole = from === to && grows(at, from, width);
    // A bracket is open where the boundary itself is finite: sqrt is undefined on [-5, 0), not at 0.
    const open = (x: number, side: '[' | ']'): string => (finite(x) ? (side === '[' ? '(' : ')') : side);
    issues.push({
      kind: pole ? 'pole' : 'undefined',
      where: { [name]: [from, to] },
      reason: pole
        ? `f has a pole at ${name} = ${formatValue(from)}`
        : from === to
          ? `f is undefined at ${name} = ${formatValue(from)}`
          : `f is undefined for ${name} in ${open(from, '[')}${formatValue(from)}, ${formatValue(to)}${open(to, ']')}`,
    });
    ends.push(from, to);
    i = j;
  }
  // Poles between finite grid points, which the grid stepped over.
  const bound = encloser(f.tree, f.variables);
  for (let i = 0; i + 1 < GRID; i++) {
    if (!ok[i] || !ok[i + 1]) continue;
    let cell = { lo: xs[i]!, hi: xs[i + 1]! };
    if (!unbounded(bound, cell)) continue;
    for (let k = 0; k < 60 && cell.hi - cell.lo > Number.EPSILON * Math.max(1, Math.abs(cell.lo)); k++) {
      const mid = cell.lo + (cell.hi - cell.lo) / 2;
      const left = { lo: cell.lo, hi: mid };
      cell = unbounded(bound, left) ? left : { lo: mid, hi: cell.hi };
    }
    if (!unbounded(bound, cell)) continue;
    const c = refinePole(f, cell.lo + (cell.hi - cell.lo) / 2, width);
    if (!grows(at, c, width)) continue;
    issues.push({
      kind: 'pole',
      where: { [name]: [c, c] },
      reason: `f has a pole at ${name} = ${formatValue(c)}`,
    });
    ends.push(c);
  }
  if (issues.length === 0) return nothing;
  const margin = MARGIN * width;
  return {
    issues,
    margin,
    excluded: (x) => ends.some((e) => Math.abs(x[0]! - e) < margin),
  };
}

/**
 * Where f stops being finite between `good` and `bad` (bisection to adjacent doubles), snapped to a
 * round number within 1e-12 of the width (0 rather than −3e-63).
 */
function boundary(finite: (x: number) => boolean, good: number, bad: number, width: number): number {
  let a = good;
  let b = bad;
  for (let k = 0; k < 200; k++) {
    const mid = a + (b - a) / 2;
    if (mid === a || mid === b) break;
    if (finite(mid)) a = mid;
    else b = mid;
  }
  const step = 10 ** Math.floor(Math.log10(1e-12 * width));
  const rounded = Math.round(b / step) * step;
  const clean = Number(rounded.toPrecision(12)) + 0;
  return Math.abs(clean - b) <= 1e-12 * width ? clean : b;
}

/**
 * The pole near c to the last double. The interval bound's cell can sit beside it (tan's leans 1.6e-9
 * below π/2, as the enclosure of cos is widened by ulps of values near 0): across the pole either f
 * changes sign (tan, 1/x) or, where it keeps its sign (1/x²), its slope does, so bisect on that sign
 * within 10⁻⁶ of the width of c. c is kept where neither changes sign.
 */
function refinePole(f: Expression, c: number, width: number): number {
  const x = new Float64Array(1);
  const g = new Float64Array(1);
  const value = (t: number): number => {
    x[0] = t;
    return f.value(x);
  };
  const slope = (t: number): number => {
    x[0] = t;
    f.valueAndGradient(x, g);
    return g[0]!;
  };
  const d = 1e-6 * width;
  let a = c - d;
  let b = c + d;
  const signs = [value, slope].find((h) => {
    const ha = h(a);
    const hb = h(b);
    return Number.isFinite(ha) && Number.isFinite(hb) && Math.sign(ha) * Math.sign(hb) < 0;
  });
  if (signs === undefined) return c;
  const left = Math.sign(signs(a));
  for (let k = 0; k < 200; k++) {
    const mid = a + (b - a) / 2;
    if (mid === a || mid === b) break;
    // Landing on the pole itself (1/x at 0) ends the search.
    if (!Number.isFinite(value(mid))) return mid;
    if (Math.sign(signs(mid)) === left) a = mid;
    else b = mid;
  }
  return Math.abs(value(a)) >= Math.abs(value(b)) ? a : b;
}

function unbounded(
  bound: (box: Box) => { lo: number; hi: number },
  cell: { lo: number; hi: number },
): boolean {
  const v = bound([cell]);
  return (
    !Number.isFinite(v.lo) ||
    !Number.isFinite(v.hi) ||
    Math.abs(v.lo) >= Number.MAX_VALUE ||
    Math.abs(v.hi) >= Number.MAX_VALUE
  );
}

/** Whether |f| grows at least 10⁶-fold from 10⁻² to 10⁻⁹ of the width away from c, on either side. */
function grows(at: (x: number) => number, c: number, width: number): boolean {
  return [1, -1].some((side) => {
    const near = Math.abs(at(c + side * 1e-9 * width));
    const far = Math.abs(at(c + side * 1e-2 * width));
    return Number.isFinite(far) && near >= 1e6 * Math.max(far, 1e-300);
  });
}

function sampled(f: Expression, box: Box): DomainReport {
  let bad = 0;
  let example: Float64Array | null = null;
  for (const p of samplePoints(box, SAMPLES)) {
    if (!Number.isFinite(f.value(p))) {
      bad++;
      example ??= p;
    }
  }
  if (example === null) return { issues: [], excluded: () => false, margin: 0 };
  const record = pointRecord(f.variables, example);
  const share = bad / SAMPLES;
  const where = f.variables.map((v, d) => `${v} = ${formatValue(example![d]!)}`).join(', ');
  return {
    issues: [
      {
        kind: 'undefined',
        fraction: share,
        example: record,
        reason: `f is undefined or infinite on about ${formatValue(Number((share * 100).toPrecision(2)))}% of the domain (as at ${where})`,
      },
    ],
    excluded: () => false,
    margin: 0,
  };
}

/** Pole sets found, at most: each stands for a curve or surface of poles. */
const MAX_POLE_SETS = 8;

/** The denominators of a tree: the right side of each division, the base of each negative power, and cos(u) of tan(u). */
function denominators(tree: ExprNode): ExprNode[] {
  const found: ExprNode[] = [];
  const visit = (node: ExprNode): void => {
    if (node.kind === 'call' && node.fn === 'tan') found.push({ kind: 'call', fn: 'cos', arg: node.arg });
    if (node.kind === 'call' || node.kind === 'negate') visit(node.arg);
    else if (node.kind === 'binary') {
      if (node.op === '/') found.push(node.right);
      if (node.op === '^' && node.right.kind === 'negate') found.push(node.left);
      visit(node.left);
      visit(node.right);
    }
  };
  visit(tree);
  return found;
}

/**
 * The poles of f in several variables, where sampling only sees f undefined somewhere: one point on
 * the zero set of each denominator (see argumentZeros) next to which |f| grows 10⁶-fold from 10⁻² to
 * 10⁻⁹ of the width along some axis (1/x + y² along x = 0, but not x/x). `near` covers 1% of the box's smallest
 * width around each such zero set, by the Newton distance |u|/‖∇u‖, as domainIssues' margin does in
 * one variable.
 *
 * @example
 * poleSets(compileExpression('1/x + y^2'), [{ lo: -5, hi: 5 }, { lo: -5, hi: 5 }]).points; // → [Float64Array [0, 0]]
 */
export function poleSets(
  f: Expression,
  box: Box,
): { points: Float64Array[]; near: (x: Float64Array) => boolean } {
  const { variables } = f;
  const points: Float64Array[] = [];
  const sets: CompiledFunction[] = [];
  const reach = MARGIN * Math.min(...box.map((b) => b.hi - b.lo));
  const grad = new Float64Array(variables.length);
  const near = (x: Float64Array): boolean =>
    sets.some((u) => Math.abs(u.valueAndGradient(x, grad)) <= reach * Math.hypot(...grad));
  for (const arg of denominators(f.tree)) {
    if (points.length >= MAX_POLE_SETS) break;
    if (variablesOf(arg).length === 0) continue;
    const u = compileTree(arg, f.source, variables);
    for (const x of argumentZeros(u, box)) {
      if (near(x)) break;
      if (!growsAlongAxis(f, x, box)) continue;
      points.push(x);
      sets.push(u);
      break;
    }
  }
  return { points, near };
}

/** Whether |f| grows 10⁶-fold from 10⁻² to 10⁻⁹ of the width away from x along some axis, on some side. */
function growsAlongAxis(f: Expression, x: Float64Array, box: Box): boolean {
  const y = new Float64Array(x.length);
  return box.some(({ lo, hi }, i) => {
    const at = (t: number): number => {
      y.set(x);
      y[i] = t;
      return f.value(y);
    };
    return grows(at, x[i]!, hi - lo);
  });
}
