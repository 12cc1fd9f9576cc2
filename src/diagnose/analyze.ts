// analyze(): everything downhill can say about a function before running anything on it.

import { InputError } from '../errors.js';
import { compileExpression, type Expression } from '../expr/expression.js';
import { DEFAULT_DOMAIN } from '../expr/point.js';
import { formatNumber } from '../numeric/format.js';
import type { Differentiability } from '../record/differentiability.js';
import { constantHessian } from './constant-hessian.js';
import { type Convexity, convexity, symbolicFunction } from './convexity.js';
import { curvatureOnDomain } from './curvature.js';
import { describePoint, pointRecord } from './describe-point.js';
import { hessianEigenvalues, limitEigenvalues } from './eigen.js';
import type { Box } from './enclosure.js';
import { type HessianIssue, hessianIssues } from './hessian-issues.js';
import { localMinima, type Minimum } from './minima.js';
import { nondifferentiablePoints, risesAround } from './nondifferentiable.js';
import { samplePoints } from './sample-points.js';
import { type DomainIssue, domainIssues, poleSets } from './singularities.js';
import {
  type PoleCurvature,
  poleCurvature,
  type UnboundedCurvature,
  unboundedCurvaturePoints,
} from './unbounded-curvature.js';

/**
 * Where `analyze` looks: the box per variable and, optionally, one point to describe in detail.
 *
 * @example
 * const options: AnalyzeOptions = { domain: [[0, 4]], at: Float64Array.of(1) };
 * const report = analyze('x^2 - 4*x + 1', options);
 * report.domain; // → { x: [0, 4] }
 * report.at?.value; // → -2
 */
export interface AnalyzeOptions {
  /** One [lo, hi] per variable, in `variables` order (default [−5, 5] for each). */
  domain?: readonly (readonly [number, number])[];
  /** A point to describe in detail (value, gradient, Hessian, its eigenvalues, the local stable rate). */
  at?: Float64Array;
}

/** The function at one point, with the learning rate its local curvature allows. */
export interface PointReport {
  point: Record<string, number>;
  value: number;
  gradient: Record<string, number>;
  hessian: number[][];
  /** Ascending; an infinite diagonal entry of the Hessian is an infinite eigenvalue (see limitEigenvalues), NaN where unknown (null in JSON). */
  eigenvalues: number[];
  /** 2 / the largest eigenvalue there; null where that is not positive and finite. */
  stableBelow: number | null;
  /** Present where f has no ordinary gradient at the point (a kink, an unbounded slope, …): why. */
  differentiability?: Differentiability;
  /** Present where a Hessian entry is not a finite number (null in JSON): each such entry on or above the diagonal, and why. */
  hessianIssues?: HessianIssue[];
}

/**
 * CONTRACT's `downhill analyze --json` object, with the domain and (with `at`) a point report added.
 *
 * @example
 * const report: Analysis = analyze('x^2 - 4*x + 1');
 * report.minima; // → [{ point: { x: 2 }, value: -3 }]
 * report.learningRate; // → { stableBelow: 1, fastest: 0.5 }
 */
export interface Analysis {
  variables: string[];
  /** Derivative texts in the expression syntax; null for one too large to show (see compileExpression). */
  derivatives: { gradient: Record<string, string | null>; hessian: (string | null)[][] };
  convexity: Convexity;
  curvature: {
    max: number | null;
    min: number | null;
    /** Where the extremes were found (the centre when the Hessian is constant). */
    maxAt: Record<string, number> | null;
    minAt: Record<string, number> | null;
    /** True when a constant Hessian decided them exactly; otherwise they are the extremes found by search. */
    exact: boolean;
    /**
     * Points near which the curvature grows without bound (see unboundedCurvaturePoints): with one on
     * side `above`, `max` is null and `maxAt` is that point; with one `below`, so for `min`.
     */
    unbounded: UnboundedCurvature[];
  };
  learningRate: {
    stableBelow: number | null;
    fastest: number | null;
    /**
     * Present when `stableBelow` is null — why (no positive curvature, or unbounded curvature) and what to
     * do — or when a minimum is at a kink or a cusp, where no fixed rate converges (abs(x) at 0).
     */
    reason?: string;
    /**
     * With unbounded curvature: the rates the largest curvature allows outside 1% of the box's width
     * around where it is unbounded (absent when no curvature is positive there).
     */
    awayFromUnbounded?: { stableBelow: number; fastest: number };
    /**
     * When the curvature at the lowest minimum is under half the largest (away from unbounded curvature,
     * when there is some): that curvature and the rates it allows once gradient descent is near the
     * minimum (x⁶ − x² on ±5: 8 at ±0.76, against 18748; x⁴: 0 at 0, and no rate).
     */
    atMinimum?: {
      point: Record<string, number>;
      curvature: number;
      /** 2 / curvature; null where the curvature there is 0 (x⁴ at 0), which no rate turns into a fixed factor a step. */
      stableBelow: number | null;
      fastest: number | null;
    };
  };
  minima: Minimum[];
  /** The box analyzed, by variable. */
  domain: Record<string, [number, number]>;
  /**
   * Parts of the box where f is undefined or has a pole (see domainIssues); the rest is what is
   * analyzed, curvature leaving out the points next to each of them.
   */
  domainIssues: DomainIssue[];
  /**
   * Points of the box where f is not differentiable — kinks, unbounded slopes, domain edges — each
   * with its rule and reason (see nondifferentiablePoints; with several variables one point stands for
   * each zero set, as (0, 0) for abs(x)'s line x = 0). Curvature leaves out the points next to them, and
   * those that are the bottom of a valley are among the minima, marked `differentiable: false`.
   */
  nondifferentiable: Differentiability[];
  at?: PointReport;
}

/**
 * Analyzes a function on a box: its derivatives as text, convexity (proven, refuted with a point, or
 * unknown — see convexity), the largest and smallest Hessian eigenvalue on the box (see
 * curvatureOnDomain), the learning rates they allow gradient descent — stable below 2/L and fastest
 * at 1/L for the largest curvature L (on a quadratic with curvature L a step multiplies the distance
 * to the minimum by 1 − lr·L: |1 − lr·L| < 1 ⇔ lr < 2/L, and 0 at lr = 1/L; seed 002) — and the local
 * minima in the box (see localMinima).
 *
 * @example
 * analyze('x^2 - 4*x + 1').learningRate; // → { stableBelow: 1, fastest: 0.5 }
 */
export function analyze(expression: string | Expression, options: AnalyzeOptions = {}): Analysis {
  const f = typeof expression === 'string' ? compileExpression(expression) : expression;
  const variables = [...f.variables];
  const n = variables.length;
  const ranges = options.domain ?? variables.map(() => DEFAULT_DOMAIN);
  if (ranges.length !== n) throw new InputError(`domain: ${ranges.length} ranges for ${n} variables`);
  if (ranges.some(([lo, hi]) => !(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))) {
    throw new InputError('domain: every range needs finite ends with lo < hi');
  }
  if (ranges.some(([lo, hi]) => !Number.isFinite(hi - lo))) {
    throw new InputError(
      (name) => `${name('domain')}: a range is wider than float64 can hold (hi − lo overflows); narrow it`,
      { key: 'domain' },
    );
  }
  const domain: Box = ranges.map(([lo, hi]) => ({ lo, hi }));
  const record = (x: Float64Array): Record<string, number> => pointRecord(variables, x);

  const issues = domainIssues(f, domain);
  const corners = nondifferentiablePoints(f, domain);
  const cornerPoints = corners.map((c) => Float64Array.from(variables, (v) => c.point[v]!));
  // Next to a cusp or a cone's tip the curvature is unbounded: it sets no learning rate.
  const near = (x: Float64Array): boolean =>
    cornerPoints.some((p) =>
      p.every((v, i) => Math.abs(v - x[i]!) < MARGIN * (domain[i]!.hi - domain[i]!.lo)),
    );
  // In several variables sampling sees only that f is undefined somewhere: the poles are found apart.
  const poleSearch = n > 1 ? poleSets(f, domain) : { points: [], near: () => false };
  const excluded = (x: Float64Array): boolean => issues.excluded(x) || poleSearch.near(x) || near(x);
  const { points: unboundedPoints, near: nearUnbounded } = unboundedCurvaturePoints(f, domain, {
    excluded: near,
  });
  const above = unboundedPoints.find((u) => u.side === 'above');
  const below = unboundedPoints.find((u) => u.side === 'below');
  const symbolic = symbolicFunction(f);
  const verdict = convexity(symbolic, domain, {
    excluded: (x) => issues.excluded(x) || poleSearch.near(x),
  });
  // The point that refuted convexity is a place of low curvature already found: the search starts there too.
  const refuted = verdict.point;
  const search = curvatureOnDomain(f, domain, {
    constantHessian: symbolic.hessian === null ? null : constantHessian(f, f.tree, symbolic.hessian, domain),
    extraPoints: refuted === undefined ? [] : [Float64Array.from(variables, (v) => refuted[v]!)],
    excluded: (x) => excluded(x) || nearUnbounded(x),
  });
  // Away from unbounded points (when there are any), the largest curvature found.
  const found = n === 0 ? 0 : (search.max?.value ?? null);
  // Next to a pole (1/x at 0) the curvature is unbounded too, though f is not finite there.
  const poles = (
    n === 1
      ? issues.issues
          .filter((issue) => issue.kind === 'pole')
          .map((issue) => Float64Array.of(issue.where![variables[0]!]![0]))
      : poleSearch.points
  ).map((at) => ({ at, ...poleCurvature(f, at, domain) }));
  const poleAbove = poles.find((p) => p.above !== null);
  const poleBelow = poles.find((p) => p.below !== null);
  const unbounded = [...unboundedPoints, ...poleEntries(variables, poles)];
  const max = above === undefined && poleAbove === undefined ? found : null;
  const min =
    below !== undefined || poleBelow !== undefined ? null : n === 0 ? 0 : (search.min?.value ?? null);
  const stable = max !== null && max > 0;
  const minima = withEdgeMinima(
    withKinkMinima(
      f,
      localMinima(f, domain).filter(
        (m) => !issues.excluded(Float64Array.from(variables, (v) => m.point[v]!)),
      ),
      corners.filter((_, k) => risesAround(f, cornerPoints[k]!, domain)),
      domain,
    ),
    f,
    issues.issues,
    domain,
  );

  const corner = cornerMinimumNote(f, minima, corners, domain);
  const edgeLow = lowerOnEdgeNote(f, domain, minima, excluded);
  // With unbounded curvature somewhere, the minimum's own curvature is set against the largest away from it.
  const largest = stable ? max : found !== null && found > 0 ? found : null;
  const atMinimum = largest === null ? null : curvatureAtMinimum(f, minima, largest);
  const atMinimumField = atMinimum !== null && {
    atMinimum: {
      point: atMinimum.point,
      curvature: atMinimum.curvature,
      stableBelow: atMinimum.curvature > 0 ? 2 / atMinimum.curvature : null,
      fastest: atMinimum.curvature > 0 ? 1 / atMinimum.curvature : null,
    },
  };
  const away = found !== null &&
    found > 0 && { awayFromUnbounded: { stableBelow: 2 / found, fastest: 1 / found } };
  const stableText = stable
    ? `gradient descent is stable for lr below ${formatNumber(2 / max)} from anywhere in the box and fastest near ${formatNumber(1 / max)} there (L = ${formatNumber(max)}${
        search.max === null || search.exact ? '' : ` at ${describePoint(variables, search.max.at)}`
      })`
    : null;
  const learningRate: Analysis['learningRate'] = {
    stableBelow: stable ? 2 / max : null,
    fastest: stable ? 1 / max : null,
    ...(above !== undefined
      ? {
          reason: [unboundedReason(f, above, minima, domain), atMinimum?.note ?? null, edgeLow]
            .filter((part) => part !== null)
            .join('; '),
          ...away,
          ...atMinimumField,
        }
      : poleAbove !== undefined || poles.some((p) => p.falls)
        ? { reason: poleReason(variables, poles, minima.length > 0), ...away }
        : stable && minima.length > 0 && (atMinimum !== null || corner !== null || edgeLow !== null)
          ? {
              // A kink at a minimum (the lowest or not) leaves 2/L only the bound that keeps descent from diverging.
              reason: [
                corner === null
                  ? stableText
                  : `below 2/L = ${formatNumber(2 / max)} gradient descent does not diverge`,
                atMinimum?.note ?? null,
                corner === null ? null : `yet ${corner}`,
                edgeLow,
              ]
                .filter((part) => part !== null)
                .join('; '),
              ...atMinimumField,
            }
          : (!stable || minima.length === 0) && {
              reason: [
                minima.length === 0 ? noMinimumNote(f, domain, stable ? max : null) : null,
                stable
                  ? null
                  : 'no positive curvature was found, so curvature sets no limit on the learning rate',
                corner === null ? null : `yet ${corner}`,
                minima.length === 0 ? null : edgeLow,
              ]
                .filter((part) => part !== null)
                .join('; '),
            }),
  };
  const analysis: Analysis = {
    variables,
    derivatives: { gradient: f.gradientText(), hessian: f.hessianText() },
    convexity: verdict,
    curvature: {
      max,
      min,
      maxAt:
        above !== undefined
          ? above.point
          : poleAbove !== undefined
            ? record(poleAbove.at)
            : search.max === null
              ? null
              : record(search.max.at),
      minAt:
        below !== undefined
          ? below.point
          : poleBelow !== undefined
            ? record(poleBelow.at)
            : search.min === null
              ? null
              : record(search.min.at),
      exact: search.exact || n === 0,
      unbounded,
    },
    learningRate,
    minima,
    domain: Object.fromEntries(variables.map((v, i) => [v, [domain[i]!.lo, domain[i]!.hi]])),
    domainIssues: issues.issues,
    nondifferentiable: corners,
  };
  if (options.at !== undefined) analysis.at = describeAt(f, options.at, record);
  return analysis;
}

/**
 * The curvature next to poles as `unbounded` entries: for each side, the first pole it shows on, with
 * its evidence, and how many others share it (tan on ±5: four poles, each +∞ on its left and −∞ on its right).
 */
function poleEntries(
  variables: readonly string[],
  poles: readonly ({ at: Float64Array } & PoleCurvature)[],
): UnboundedCurvature[] {
  return (['above', 'below'] as const).flatMap((side) => {
    const showing = poles.filter((p) => p[side] !== null);
    const first = showing[0];
    if (first === undefined) return [];
    const others = showing.length - 1;
    const alike =
      others === 0 ? '' : `; so it does next to the other ${others === 1 ? 'pole' : `${others} poles`}`;
    return [
      {
        point: pointRecord(variables, first.at),
        side,
        reason: `the curvature ${side === 'above' ? 'grows' : 'falls'} without bound toward ${variables.length > 1 ? 'the poles through' : 'the pole at'} ${describePoint(variables, first.at)}; ${first[side]}${alike}`,
        pole: true as const,
      },
    ];
  });
}

/**
 * Why no fixed learning rate is stable next to a pole, and what gradient descent does there. Where f
 * falls without bound toward the pole (1/x from the left, tan(x) right of π/2) f has no minimum there:
 * descent that comes near is drawn in, each step longer than the last, until it jumps across or
 * leaves the numbers. Where f rises toward it (1/x², 1/x from the right) descent is pushed away, and
 * the unbounded curvature matters only to a start beside it.
 */
function poleReason(
  variables: readonly string[],
  poles: readonly ({ at: Float64Array } & PoleCurvature)[],
  hasMinimum: boolean,
): string {
  const at = (p: { at: Float64Array }): string => describePoint(variables, p.at);
  // Many poles (tan on a wide box) are named by their count and the outermost two.
  const the = (items: readonly { at: Float64Array }[]): string =>
    items.length === 1
      ? // In several variables a pole is one point of a curve or surface of them (1/x + y²: the line x = 0).
        `${variables.length > 1 ? 'the poles through' : 'the pole at'} ${at(items[0]!)}`
      : items.length > 4
        ? `the ${items.length} poles from ${at(items[0]!)} to ${at(items.at(-1)!)}`
        : `the poles at ${listOf(items.map(at))}`;
  const falling = poles.filter((p) => p.falls);
  const steep = poles.filter((p) => p.above !== null);
  const one = (items: readonly unknown[]): boolean => items.length === 1 && variables.length === 1;
  // Poles named once already are "it" or "them" the second time.
  const again =
    steep.length === falling.length && steep.every((p) => falling.includes(p))
      ? one(steep)
        ? 'it'
        : 'them'
      : the(steep);
  const curvature =
    steep.length === 0
      ? ''
      : `the curvature is unbounded next to ${falling.length === 0 ? the(steep) : again}, so no fixed learning rate is stable everywhere`;
  if (falling.length === 0) {
    return `${curvature}; f rises toward ${one(steep) ? 'it' : 'them'}, so gradient descent is pushed away and a start beside ${one(steep) ? 'the pole' : 'a pole'} is the only one this limits`;
  }
  const fall = `f falls without bound toward ${the(falling)} (${falling[0]!.fallsTo}), so ${hasMinimum ? 'it is lower there than at any minimum and ' : 'f has no minimum there, and '}gradient descent that comes near ${one(falling) ? 'it' : 'one'} is drawn in, each step longer than the last, until it jumps across or leaves the numbers`;
  return curvature === '' ? fall : `${fall}; ${curvature}`;
}

/**
 * The curvature at the lowest minimum, when it differs enough from the box's largest L to change
 * the advice: 2/L is what a start anywhere in the box needs, but where gradient descent ends up the
 * local curvature λ sets the pace — a step there multiplies the distance by |1 − lr·λ| — so x⁶ − x²
 * (L = 18748 at x = ±5, λ = 30x⁴ − 2 = 8 at the minima x = ±3^(−1/4)) converges there at any lr below
 * 2/8 and fastest at 1/8. Where λ is 0 (x⁴ at 0) no rate gives a fixed factor a step: the distance
 * shrinks ever more slowly (x ← x − 4·lr·x³). Null when λ ≥ L/2, or the lowest minimum is a kink or
 * one point of a valley of minima.
 */
function curvatureAtMinimum(
  f: Expression,
  minima: readonly Minimum[],
  largest: number,
): { point: Record<string, number>; curvature: number; note: string } | null {
  const m = minima[0];
  // A valley of minima (x²·y²) is flat along itself by nature: no slow convergence to speak of there.
  if (m === undefined || m.differentiable === false || m.isolated === false || f.variables.length === 0)
    return null;
  const x = Float64Array.from(f.variables, (v) => m.point[v]!);
  const values = hessianEigenvalues(f, x);
  if (!values.every(Number.isFinite)) return null;
  const top = values[values.length - 1]!;
  const where = describePoint(f.variables, x);
  const the = minima.length === 1 ? 'the minimum' : 'the lowest minimum';
  if (top <= 1e-12 * largest) {
    return {
      point: { ...m.point },
      curvature: 0,
      note: `at ${the}, ${where}, the curvature is 0 (f is flatter than any parabola there), so as gradient descent nears it each step shrinks the distance by less than the one before, whatever the rate: slow, sublinear convergence`,
    };
  }
  if (top > largest / 2) return null;
  const flat = values[0]! <= 1e-12 * top ? ', and 0 along some direction, where it slows to sublinear' : '';
  return {
    point: { ...m.point },
    curvature: top,
    note: `near ${the}, ${where}, the curvature is only ${formatNumber(top)}${flat}: once there, lr below 2/${formatNumber(top)} = ${formatNumber(2 / top)} stays stable and ${formatNumber(1 / top)} is fastest`,
  };
}

/**
 * Whether f is lower on the box's edge than at the lowest minimum found (x³ − 3x: −110 at x = −5
 * against −2 at 1): then the minimum is only local, and a start on the slope that falls to the edge
 * leaves the box. Read at the edge points among 1,024 sampled ones (corners, edges and Halton points),
 * those next to a pole or an undefined part left out; null when none is lower.
 */
function lowerOnEdgeNote(
  f: Expression,
  domain: Box,
  minima: readonly Minimum[],
  excluded: (x: Float64Array) => boolean,
): string | null {
  const m = minima[0];
  if (m === undefined) return null;
  let best: Float64Array | null = null;
  let lowest = m.value - 1e-9 * Math.max(1, Math.abs(m.value));
  for (const p of samplePoints(domain, 1024)) {
    if (!domain.some((b, i) => p[i] === b.lo || p[i] === b.hi) || excluded(p)) continue;
    const v = f.value(p);
    if (v < lowest) {
      lowest = v;
      best = p;
    }
  }
  if (best === null) return null;
  const the = minima.length === 1 ? 'the minimum' : 'any minimum';
  return `f is lower on the box's edge than at ${the}: ${formatNumber(lowest)} at ${describePoint(f.variables, best)}, against ${formatNumber(m.value)}, so gradient descent from a start on the slope down to that edge leaves the box, and may find no minimum that way`;
}

/**
 * Why there is no minimum to converge to: none was found inside the box, so gradient descent heads
 * for where f is lower — the lowest of the sampled points, on the box's edge for tanh(x) or x³. With a
 * positive largest curvature L (tanh: 0.7698 at x = −0.6585), 2/L keeps its meaning for each step, as
 * the descent lemma gives it: on a box where f″ ≤ L a step of lr < 2/L lowers f by at least
 * lr·(1 − lr·L/2)·‖∇f‖², most at lr = 1/L; but no rate makes the run converge.
 */
function noMinimumNote(f: Expression, domain: Box, largest: number | null): string {
  let best: Float64Array | null = null;
  let lowest = Number.POSITIVE_INFINITY;
  for (const p of samplePoints(domain, 1024)) {
    const v = f.value(p);
    if (v < lowest) {
      lowest = v;
      best = p;
    }
  }
  const at = best === null ? '' : describePoint(f.variables, best);
  const lowText =
    best === null
      ? ''
      : lowest === Number.NEGATIVE_INFINITY
        ? `: f falls without bound toward ${at}, where it is −∞, and gradient descent is drawn toward it`
        : `: f is lowest at ${at} (f = ${formatNumber(lowest)}) of the points sampled${
            domain.some((b, i) => best![i] === b.lo || best![i] === b.hi) ? ", on the box's edge," : ''
          } and gradient descent heads for lower ground, out of the box if it can`;
  const steps =
    largest === null
      ? ''
      : `; below 2/L = ${formatNumber(2 / largest)} each step still lowers f (by at least lr·(1 − lr·L/2)·‖∇f‖², the most at 1/L = ${formatNumber(1 / largest)}), but no learning rate makes it converge`;
  return `no minimum was found inside the domain, so there is none for gradient descent to converge to${lowText}${steps}`;
}

/**
 * Why no fixed learning rate is stable on the box, and what copes. Near a point of unbounded
 * curvature every fixed rate is too large; at a minimum (|x|^1.5 at 0) gradient descent therefore
 * ends oscillating around it, the closer the smaller the rate. A line search shortens the steps
 * there, and a decaying rate shrinks them over time.
 */
function unboundedReason(
  f: Expression,
  above: UnboundedCurvature,
  minima: readonly Minimum[],
  domain: Box,
): string {
  const { variables } = f;
  const x = Float64Array.from(variables, (v) => above.point[v]!);
  const where = describePoint(variables, x);
  const minimum = minima.find((m) =>
    variables.every(
      (v, i) => Math.abs(m.point[v]! - above.point[v]!) <= 1e-6 * (domain[i]!.hi - domain[i]!.lo),
    ),
  );
  const head = `no fixed learning rate is stable everywhere: the curvature is unbounded near ${where}`;
  if (minimum?.edge === true) {
    return `${head}, a minimum on an edge of f's domain (f is undefined beyond it), where its slope vanishes: as gradient descent nears it, a step of a fixed rate sooner or later is longer than the distance left and lands past the edge, where f is undefined (minimize reports diverged); a line search (Armijo backtracking), which shortens a step until f is defined and lower, settles beside it`;
  }
  if (minimum !== undefined) {
    return `${head}, a minimum, so gradient descent with a fixed rate ends oscillating around it (the smaller the rate, the closer); a line search (Armijo backtracking) or a decaying rate (a schedule) lets it settle`;
  }
  if (risesToward(f, x, domain)) {
    return `${head}, yet f rises toward it, so gradient descent is pushed away from it: only a start beside it meets that curvature, and a line search (Armijo backtracking) copes with that start`;
  }
  return `${head}, so gradient descent with a fixed rate overshoots wherever it comes close to it; a line search (Armijo backtracking) or a decaying rate (a schedule) lets it settle`;
}

/**
 * Whether f rises toward x along every axis, on each side where it is defined: f a hair away (10⁻⁹ of
 * the width) above f farther out (10⁻³), as x·log(x) toward 0 (−0.046 at 0.01, −2e-8 at 1e-8), so
 * descent moves away from x.
 */
function risesToward(f: Expression, x: Float64Array, domain: Box): boolean {
  const y = new Float64Array(x.length);
  let sides = 0;
  for (let i = 0; i < x.length; i++) {
    const width = domain[i]!.hi - domain[i]!.lo;
    for (const sign of [1, -1]) {
      y.set(x);
      y[i] = x[i]! + sign * 1e-9 * width;
      const near = f.value(y);
      y[i] = x[i]! + sign * 1e-3 * width;
      const far = f.value(y);
      if (!Number.isFinite(near) || !Number.isFinite(far)) continue;
      if (!(near > far)) return false;
      sides++;
    }
  }
  return sides > 0;
}

/**
 * Why no fixed learning rate converges to the minima at kinks, cusps or edges of f's domain, each
 * kind in its own words; null when no minimum is such a point.
 * - A kink (abs(x) at 0): the gradient jumps, from −1 to 1 for abs, so every step near it is about
 *   lr × the slope beside it long whatever the curvature says, and gradient descent ends bouncing
 *   around the point that far away.
 * - A cusp (sqrt(abs(x)) at 0): the slope beside it is unbounded, so the steps grow as descent nears
 *   the point and it keeps overshooting; a landing very near it flings it far (gradient descent from 1
 *   on sqrt(abs(x)) bounces chaotically, reaching |x| = 7.3 in 20,000 steps at lr 0.1, 1.0 at lr 0.01
 *   and 0.17 at lr 0.001), so a decaying rate narrows the bounce.
 * - An edge of f's domain (sqrt(x) at 0): f is undefined on one side, and a gradient step cannot see
 *   the edge; from x a step of gradient descent on sqrt(x) is lr/(2√x) long, more than x once
 *   x^1.5 < lr/2, so sooner or later a step lands where f is undefined. A schedule does not stop
 *   that, since the slope grows faster than a rate decays; a line search, which shortens a step until
 *   f is defined and lower, settles beside the edge.
 * Minima that stand for a valley of minima (abs(x − 1) + abs(x + 1)), or beside which f is level,
 * get no note: a step can stop there.
 */
function cornerMinimumNote(
  f: Expression,
  minima: readonly Minimum[],
  corners: readonly Differentiability[],
  domain: Box,
): string | null {
  const variables = f.variables;
  // Notes by kind (and, for kinks, the slope beside them), so minima alike share a sentence.
  const groups = new Map<
    string,
    { kind: 'kink' | 'cusp' | 'edge'; what: string[]; slope: number; at: string[] }
  >();
  for (const m of minima) {
    if (m.differentiable !== false || m.isolated === false) continue;
    const x = Float64Array.from(variables, (v) => m.point[v]!);
    const corner = corners.find((c) =>
      variables.every((v, i) => Math.abs(c.point[v]! - x[i]!) <= 1e-6 * (domain[i]!.hi - domain[i]!.lo)),
    );
    const what = corner === undefined ? 'f has no gradient there' : corner.cause;
    // The slope beside the point, the largest gradient a hair away along each axis, and whether f is
    // undefined on a side. A side where f is level (abs(x − 1) + abs(x + 1) right of −1) is a valley
    // of minima a step can stop in.
    let slope = 0;
    let level = false;
    let undefinedBeside = false;
    const y = new Float64Array(x.length);
    const g = new Float64Array(x.length);
    variables.forEach((_, i) => {
      for (const side of [1, -1]) {
        y.set(x);
        y[i] = x[i]! + side * 1e-7 * (domain[i]!.hi - domain[i]!.lo);
        if (y[i]! < domain[i]!.lo || y[i]! > domain[i]!.hi) continue;
        if (!Number.isFinite(f.valueAndGradient(y, g))) {
          undefinedBeside = true;
          continue;
        }
        const norm = Math.hypot(...g);
        slope = Math.max(slope, norm);
        if (norm === 0) level = true;
      }
    });
    const kind = undefinedBeside ? 'edge' : corner?.kind === 'unbounded' ? 'cusp' : 'kink';
    if (kind === 'kink' && level) continue;
    const key = `${kind}|${kind === 'kink' ? formatNumber(slope, 4) : ''}`;
    const group = groups.get(key) ?? { kind, what: [], slope, at: [] };
    group.at.push(describePoint(variables, x));
    if (!group.what.includes(what)) group.what.push(what);
    groups.set(key, group);
  }
  if (groups.size === 0) return null;
  return [...groups.values()]
    .map(({ kind, what: causes, slope, at }) => {
      const what = causes.join('; ');
      const the = at.length === 1 ? `the minimum at ${at[0]} is` : `the minima at ${listOf(at)} are`;
      const a = at.length === 1 ? 'a ' : '';
      const s = at.length === 1 ? '' : 's';
      const point = at.length === 1 ? 'the point' : 'each';
      if (kind === 'edge') {
        return `${the} on ${at.length === 1 ? 'an edge' : 'edges'} of f's domain (${what}), where no fixed learning rate converges: f is undefined beyond ${at.length === 1 ? 'it' : 'them'} and a gradient step cannot see the edge, so gradient descent sooner or later steps past it, where f is undefined (minimize reports diverged), and a decaying rate does not prevent that; a line search (Armijo backtracking), which shortens a step until f is defined and lower, settles beside it`;
      }
      if (kind === 'cusp') {
        return `${the} ${a}cusp${s} (${what}), where no fixed learning rate converges: the slope grows without bound toward ${at.length === 1 ? 'it' : 'each'}, so the closer gradient descent comes the longer its step: it keeps overshooting, and a landing very near the point flings it far away; a line search (Armijo backtracking) lets it settle, and a decaying rate (a schedule) narrows the bounce as the rate falls`;
      }
      return `${the} ${a}kink${s} (${what}), where no fixed learning rate converges: the gradient jumps there, so gradient descent ends bouncing around ${point}, about lr × ${formatNumber(slope, 4)} (lr times the slope beside it) away; a decaying rate (a schedule) or a line search (Armijo backtracking) lets it settle`;
    })
    .join('; ');
}

/** Items joined for a sentence: "a", "a and b", "a, b and c". */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Points next to a non-differentiable one, as a fraction of the box's width along each axis, are left out of the curvature search. */
const MARGIN = 0.01;

/**
 * The minima Newton found, with the kinks and cusps that are the bottom of a valley (Newton needs a
 * gradient there and finds them only by luck) marked `differentiable: false`, lowest first.
 */
/**
 * The minima, with those on an edge of f's domain where the slope is finite added (x^1.5 at 0, where
 * f′ = 1.5·√x is 0 and nondifferentiablePoints finds no corner): in one variable, each end of an
 * undefined part that lies inside the box, where f is finite and higher a hair (10⁻⁷ of the width)
 * and a step (10⁻³) into its domain. Marked `edge`, lowest first.
 */
function withEdgeMinima(
  minima: Minimum[],
  f: Expression,
  issues: readonly DomainIssue[],
  domain: Box,
): Minimum[] {
  if (f.variables.length !== 1) return minima;
  const name = f.variables[0]!;
  const { lo, hi } = domain[0]!;
  const width = hi - lo;
  const at = (x: number): number => f.value(Float64Array.of(x));
  const added: Minimum[] = [];
  for (const issue of issues) {
    const where = issue.where?.[name];
    if (issue.kind !== 'undefined' || where === undefined || where[0] === where[1]) continue;
    for (const [end, inward] of [
      [where[0], -1],
      [where[1], 1],
    ] as const) {
      if (end <= lo || end >= hi) continue;
      const value = at(end);
      if (
        !Number.isFinite(value) ||
        !(at(end + inward * 1e-7 * width) > value && at(end + inward * 1e-3 * width) > value)
      )
        continue;
      if (minima.some((m) => Math.abs(m.point[name]! - end) <= 1e-6 * width)) continue;
      added.push({ point: { [name]: end }, value, edge: true });
    }
  }
  return added.length === 0 ? minima : [...minima, ...added].sort((a, b) => a.value - b.value);
}

function withKinkMinima(
  f: Expression,
  minima: Minimum[],
  kinks: Differentiability[],
  domain: Box,
): Minimum[] {
  const close = (a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean =>
    Object.keys(a).every((v, i) => Math.abs(a[v]! - b[v]!) <= 1e-6 * (domain[i]!.hi - domain[i]!.lo));
  const marked = minima.map((m) =>
    kinks.some((k) => close(k.point, m.point)) ? { ...m, differentiable: false as const } : m,
  );
  for (const k of kinks) {
    if (marked.some((m) => close(k.point, m.point))) continue;
    const value = f.value(Float64Array.from(f.variables, (v) => k.point[v]!));
    if (Number.isFinite(value)) marked.push({ point: k.point, value, differentiable: false });
  }
  return marked.sort((a, b) => a.value - b.value);
}

function describeAt(
  f: Expression,
  x: Float64Array,
  record: (x: Float64Array) => Record<string, number>,
): PointReport {
  const n = x.length;
  if (n !== f.variables.length)
    throw new InputError(`at: ${n} coordinates for ${f.variables.length} variables`);
  const g = new Float64Array(n);
  const value = f.valueAndGradient(x, g);
  const h = new Float64Array(n * n);
  f.hessian(x, h);
  const eigenvalues = Array.from(limitEigenvalues(h, n));
  const largest = eigenvalues.at(-1);
  const why = f.differentiability(x);
  const issues = hessianIssues(f, x, h);
  return {
    point: record(x),
    value,
    gradient: record(g),
    hessian: Array.from({ length: n }, (_, i) => Array.from(h.subarray(i * n, (i + 1) * n))),
    eigenvalues,
    stableBelow: largest !== undefined && largest > 0 && Number.isFinite(largest) ? 2 / largest : null,
    ...(why !== null && { differentiability: why }),
    ...(issues.length > 0 && { hessianIssues: issues }),
  };
}
