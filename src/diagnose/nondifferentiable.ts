// Where on a box f has no ordinary gradient: the zeros of the arguments of abs, sqrt and fractional powers, checked.

import { compileTree } from '../expr/closures.js';
import { differentiabilityAt } from '../expr/differentiability.js';
import type { Expression } from '../expr/expression.js';
import type { ExprNode } from '../expr/node.js';
import { FUNCTION_RULES } from '../expr/rules.js';
import type { Differentiability } from '../record/differentiability.js';
import type { Box } from './enclosure.js';
import { samplePoints } from './sample-points.js';

/** Grid points along one variable, where each site's argument is searched for sign changes and touches of 0. */
const GRID = 2001;
/** Samples of a box of several variables, the smallest |argument| of which start a projection onto its zero set. */
const SAMPLES = 2048;
const STARTS = 4;
/** Sites examined (rules that may be singular), and points reported, at most. */
const MAX_SITES = 16;
const MAX_POINTS = 12;
/** Points this close to a reported one, as a fraction of the box's width along every axis, are the same. */
const SAME = 1e-3;

/** A node whose rule may lose its slope when `arg` is 0: abs (a kink), sqrt (an unbounded slope), u^c with 0 < c < 1. */
interface Site {
  readonly node: ExprNode;
  readonly arg: ExprNode;
}

function hasVariable(node: ExprNode): boolean {
  switch (node.kind) {
    case 'variable':
      return true;
    case 'negate':
    case 'call':
      return hasVariable(node.arg);
    case 'binary':
      return hasVariable(node.left) || hasVariable(node.right);
    default:
      return false;
  }
}

/**
 * The calls and powers of a tree whose rule is singular where their argument is 0, read off the rule
 * table: a kink, or a first derivative that is not finite at 0 while the value is (sqrt). A power
 * u^c is singular at u = 0 for a constant 0 < c < 1, or for an exponent that varies (∂/∂c = u^c·log u).
 */
function singularSites(tree: ExprNode): Site[] {
  const sites: Site[] = [];
  const visit = (node: ExprNode): void => {
    if (node.kind === 'call') {
      const rule = FUNCTION_RULES[node.fn];
      const r = rule.value(0);
      if (
        hasVariable(node.arg) &&
        (rule.kink === 0 || (Number.isFinite(r) && !Number.isFinite(rule.first(0, r))))
      ) {
        sites.push({ node, arg: node.arg });
      }
      visit(node.arg);
    } else if (node.kind === 'negate') {
      visit(node.arg);
    } else if (node.kind === 'binary') {
      if (node.op === '^' && hasVariable(node.left)) {
        const c = hasVariable(node.right) ? null : compileTree(node.right, '', []).value(new Float64Array(0));
        if ((c !== null && c > 0 && c < 1) || (c === null && hasVariable(node.right))) {
          sites.push({ node, arg: node.left });
        }
      }
      visit(node.left);
      visit(node.right);
    }
  };
  visit(tree);
  return sites;
}

/** The zeros of u on a one-variable interval: sign changes bisected to adjacent doubles, and touches of 0 minimized onto. */
function zerosOnLine(u: (x: number) => number, lo: number, hi: number): number[] {
  const width = hi - lo;
  const xs = Array.from({ length: GRID }, (_, i) => (i === GRID - 1 ? hi : lo + (width * i) / (GRID - 1)));
  const us = xs.map(u);
  const scale = Math.max(1, ...us.filter(Number.isFinite).map(Math.abs));
  const zeros: number[] = [];
  for (let i = 0; i < GRID && zeros.length < MAX_POINTS; i++) {
    const a = us[i]!;
    if (a === 0) {
      zeros.push(xs[i]!);
      continue;
    }
    const b = us[i + 1];
    if (b !== undefined && b !== 0 && Number.isFinite(a) && Number.isFinite(b) && a < 0 !== b < 0) {
      zeros.push(bisect(u, xs[i]!, xs[i + 1]!, width));
    } else if (i > 0 && b !== undefined && Math.abs(a) <= Math.abs(us[i - 1]!) && Math.abs(a) < Math.abs(b)) {
      // A touch of 0 without a crossing, as (x − 0.3)²: golden-section search on |u| between the neighbours.
      const x = goldenMinimum((t) => Math.abs(u(t)), xs[i - 1]!, xs[i + 1]!);
      if (Math.abs(u(x)) <= 1e-12 * scale) zeros.push(snap(u, x, width));
    }
  }
  return zeros;
}

function bisect(u: (x: number) => number, a0: number, b0: number, width: number): number {
  let a = a0;
  let b = b0;
  const negativeAtA = u(a) < 0;
  for (let k = 0; k < 200; k++) {
    const mid = a + (b - a) / 2;
    if (mid === a || mid === b) break;
    const v = u(mid);
    if (v === 0) return snap(u, mid, width);
    if (v < 0 === negativeAtA) a = mid;
    else b = mid;
  }
  return snap(u, Math.abs(u(a)) <= Math.abs(u(b)) ? a : b, width);
}

function goldenMinimum(g: (x: number) => number, a0: number, b0: number): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = a0;
  let b = b0;
  for (let k = 0; k < 200 && b - a > Number.EPSILON * Math.max(1, Math.abs(a)); k++) {
    const c = b - ratio * (b - a);
    const d = a + ratio * (b - a);
    if (g(c) <= g(d)) b = d;
    else a = c;
  }
  return (a + b) / 2;
}

/** x rounded to a round number within 1e-12 of the width (0 rather than 3e-17) when |u| is no larger there. */
function snap(u: (x: number) => number, x: number, width: number): number {
  const step = 10 ** Math.floor(Math.log10(1e-12 * width));
  const rounded = Number((Math.round(x / step) * step).toPrecision(12)) + 0;
  return Math.abs(u(rounded)) <= Math.abs(u(x)) ? rounded : x;
}

/**
 * Points of u = 0 in a box of several variables: from the samples with the smallest |u|, Newton's
 * projection x ← x − u·∇u/‖∇u‖² (which also creeps onto a double zero, halving the distance each step),
 * kept inside the box; each coordinate then snapped to a round number where |u| is no larger.
 */
function zerosInBox(
  u: { value(x: Float64Array): number; valueAndGradient(x: Float64Array, g: Float64Array): number },
  box: Box,
): Float64Array[] {
  const n = box.length;
  const samples = samplePoints(box, SAMPLES);
  const scored = samples
    .map((p) => ({ p, v: Math.abs(u.value(p)) }))
    .filter((s) => Number.isFinite(s.v))
    .sort((a, b) => a.v - b.v);
  const scale = Math.max(1, scored.at(-1)?.v ?? 1);
  const g = new Float64Array(n);
  const zeros: Float64Array[] = [];
  // The centre first: the zero set's point nearest it makes the roundest example.
  const centre = Float64Array.from(box, (b) => (b.lo + b.hi) / 2);
  for (const p of [centre, ...scored.slice(0, STARTS).map((s) => s.p)]) {
    const x = Float64Array.from(p);
    for (let k = 0; k < 200; k++) {
      const v = u.valueAndGradient(x, g);
      if (v === 0 || !Number.isFinite(v)) break;
      let gg = 0;
      for (let i = 0; i < n; i++) gg += g[i]! * g[i]!;
      if (!(gg > 0) || !Number.isFinite(gg)) break;
      for (let i = 0; i < n; i++) {
        const { lo, hi } = box[i]!;
        x[i] = Math.min(hi, Math.max(lo, x[i]! - (v * g[i]!) / gg));
      }
    }
    if (!(Math.abs(u.value(x)) <= 1e-12 * scale)) continue;
    for (let i = 0; i < n; i++) {
      const along = (t: number): number => {
        const y = Float64Array.from(x);
        y[i] = t;
        return u.value(y);
      };
      x[i] = snap(along, x[i]!, box[i]!.hi - box[i]!.lo);
    }
    zeros.push(x);
  }
  return zeros;
}

/**
 * Where u = 0 on a box: with one variable every crossing and touch of 0 on a fine grid (at most 12),
 * with several the points of the zero set Newton's projection reaches from the box's centre and from
 * the samples with the smallest |u|.
 *
 * @example
 * argumentZeros(compileExpression('x^2 - 1'), [{ lo: -5, hi: 5 }]); // → [Float64Array [-1], Float64Array [1]]
 */
export function argumentZeros(
  u: { value(x: Float64Array): number; valueAndGradient(x: Float64Array, g: Float64Array): number },
  box: Box,
): Float64Array[] {
  return box.length === 1
    ? zerosOnLine((t) => u.value(Float64Array.of(t)), box[0]!.lo, box[0]!.hi).map((t) => Float64Array.of(t))
    : zerosInBox(u, box);
}

/**
 * The points of a box where f has no ordinary gradient, each with its reason (see differentiabilityAt):
 * for every abs, sqrt and fractional power of the tree, the zeros of its argument on the box — with one
 * variable every crossing and touch of 0 on a fine grid, with several one point of the zero set (the
 * one Newton's projection reaches from the box's centre, else from the samples nearest it) — each kept
 * only where one-sided slopes confirm a kink, a cusp or a domain edge (abs(x²) has none).
 * At most 12 points, in the order of their coordinates.
 *
 * @example
 * nondifferentiablePoints(compileExpression('abs(x - 1) + abs(x + 2)'), [{ lo: -5, hi: 5 }]).map((d) => d.point);
 * // → [{ x: -2 }, { x: 1 }]
 */
export function nondifferentiablePoints(f: Expression, box: Box): Differentiability[] {
  const n = f.variables.length;
  if (n === 0) return [];
  const found: Differentiability[] = [];
  const points: Float64Array[] = [];
  const width = box.map((b) => b.hi - b.lo);
  const known = (x: Float64Array): boolean =>
    points.some((p) => p.every((v, i) => Math.abs(v - x[i]!) <= SAME * width[i]!));
  for (const site of singularSites(f.tree).slice(0, MAX_SITES)) {
    const candidates = argumentZeros(compileTree(site.arg, f.source, f.variables), box);
    let kept = 0;
    for (const x of candidates) {
      // With several variables the zero set is a curve or a surface: one confirmed point stands for it.
      if (n > 1 && kept > 0) break;
      if (found.length >= MAX_POINTS) return found.sort(byPosition);
      if (known(x)) continue;
      const why = differentiabilityAt(f, x, site.node);
      if (why === null || why.kind === 'undefined' || why.kind === 'overflow') continue;
      found.push(why);
      points.push(x);
      kept++;
    }
  }
  return found.sort(byPosition);
}

/** Points in the order of their coordinates, the first variable first. */
function byPosition(a: Differentiability, b: Differentiability): number {
  const pa = Object.values(a.point);
  const pb = Object.values(b.point);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/**
 * Whether f at x is no higher than at small steps in every direction tried, wherever f is defined
 * and the step stays in the box: each axis, the diagonals of each pair of axes, and 32 spread
 * directions, at 10⁻³ and 10⁻⁶ of the box's width. How analyze tells a kink at the bottom of a
 * valley (abs(x) at 0, the cone sqrt(x² + y²) at its tip) from one on a slope, where Newton's
 * method, which needs a gradient, cannot.
 *
 * @example
 * risesAround(compileExpression('sqrt(x^2 + y^2)'), Float64Array.of(0, 0), [{ lo: -1, hi: 1 }, { lo: -1, hi: 1 }]); // → true
 * risesAround(compileExpression('abs(x) - x*y'), Float64Array.of(0, 0), [{ lo: -1, hi: 1 }, { lo: -1, hi: 1 }]); // → false
 */
export function risesAround(f: Pick<Expression, 'value'>, x: Float64Array, box: Box): boolean {
  const n = x.length;
  const f0 = f.value(x);
  if (!Number.isFinite(f0)) return false;
  const directions: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const axis = new Float64Array(n);
    axis[i] = 1;
    directions.push(axis);
    for (let j = i + 1; j < n && n <= 8; j++) {
      for (const sign of [1, -1]) {
        const diagonal = new Float64Array(n);
        diagonal[i] = Math.SQRT1_2;
        diagonal[j] = sign * Math.SQRT1_2;
        directions.push(diagonal);
      }
    }
  }
  if (n > 1) {
    for (const p of samplePoints(
      box.map(() => ({ lo: -1, hi: 1 })),
      32,
    )) {
      const length = Math.hypot(...p);
      if (length > 0) directions.push(p.map((v) => v / length));
    }
  }
  const tolerance = 1e-12 * (1 + Math.abs(f0));
  const y = new Float64Array(n);
  for (const v of directions) {
    for (const scale of [1e-3, 1e-6]) {
      for (const sign of [1, -1]) {
        let inside = true;
        for (let i = 0; i < n; i++) {
          const { lo, hi } = box[i]!;
          y[i] = x[i]! + sign * scale * (hi - lo) * v[i]!;
          if (y[i]! < lo || y[i]! > hi) inside = false;
        }
        if (!inside) continue;
        const value = f.value(y);
        if (Number.isFinite(value) && value < f0 - tolerance) return false;
      }
    }
  }
  return true;
}
