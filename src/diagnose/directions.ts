// directions(): seed 000's argument in numbers — the loss change of a step ηu against its first-order estimate.

import { InputError } from '../errors.js';
import type { CompiledFunction } from '../expr/function.js';
import { formatNumber } from '../numeric/format.js';
import { symmetricEigen } from '../numeric/symmetric-eigen.js';
import { allFinite, dot, norm } from '../numeric/vector.js';
import { pointRecord } from './describe-point.js';

/**
 * One direction u at angle β from the gradient, and what a step of size η along it does.
 *
 * @example
 * const d = directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1));
 * const down: DirectionChange = d.steepest;
 * down.angle; // → 180
 * down.actual < 0; // → true
 */
export interface DirectionChange {
  /** β in degrees, measured from the gradient (0 = uphill along ∇L, 180 = straight downhill). */
  angle: number;
  /** The Taylor estimate η∇L·u = η‖∇L‖cos β. */
  firstOrder: number;
  /** The true change L(θ + ηu) − L(θ). */
  actual: number;
  /** The unit direction u, by variable. */
  direction: Record<string, number>;
}

/**
 * How `directions` probes a point: the step size, and the angle between directions.
 *
 * @example
 * const options: DirectionsOptions = { learningRate: 0.5, every: 90 };
 * directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1), options).directions.length; // → 4
 */
export interface DirectionsOptions {
  /** The step size η (default 0.1). */
  learningRate?: number;
  /** Degrees between directions in two or more variables (default 15; it must divide 180). */
  every?: number;
}

/**
 * CONTRACT's `analyze --at P --directions` fields.
 *
 * @example
 * const d: Directions = directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1));
 * d.stepSize; // → 0.1
 * d.directions.length; // → 24
 * d.bestActual.angle; // → 180
 */
export interface Directions {
  /** η, the step size every direction was tried with. */
  stepSize: number;
  /** ‖∇L(θ)‖ at the point. */
  gradientNorm: number;
  /** Every direction, β = 0°, 15°, …, 345° (in one variable only 0° and 180°). */
  directions: DirectionChange[];
  /** The direction whose first-order change is most negative: β = 180°, against the gradient. */
  steepest: DirectionChange;
  /** The direction whose actual change is most negative among those tried (it leaves 180° where curvature bends the loss). */
  bestActual: DirectionChange;
}

/**
 * The function and point each Directions record was turned around, so that directionVerdict checks
 * its suggestion against f without the caller handing f over again; the record itself stays plain data.
 */
const turnedAround = new WeakMap<Directions, { f: CompiledFunction; at: Float64Array }>();

/** The function and point `directions` turned `all` around, when it made it. */
export function turnedAroundOf(all: Directions): { f: CompiledFunction; at: Float64Array } | undefined {
  return turnedAround.get(all);
}

/** `v` minus its component along the unit vector `u`, scaled to unit length; null when nothing is left. */
function orthonormal(v: Float64Array, u: Float64Array): Float64Array | null {
  const along = dot(v, u);
  const w = Float64Array.from(v, (vi, i) => vi - along * u[i]!);
  const length = Math.sqrt(dot(w, w));
  return length > 1e-12 * Math.max(1, Math.sqrt(dot(v, v))) ? w.map((wi) => wi / length) : null;
}

/**
 * The plane the directions turn in, as two orthonormal vectors: the gradient's direction ĝ and the
 * direction 90° from it. In two variables that is ĝ turned a quarter counter-clockwise; in more, the
 * part of the steepest-curvature eigenvector (largest |λ| of the Hessian) orthogonal to ĝ, falling back
 * to the other eigenvectors and then the axes when one is parallel to ĝ. Where ∇L = 0 the first axis
 * stands in for ĝ (every first-order change is then 0).
 */
function directionPlane(f: CompiledFunction, x: Float64Array, g: Float64Array): [Float64Array, Float64Array] {
  const n = x.length;
  const norm = Math.sqrt(dot(g, g));
  const gHat =
    norm > 0 ? g.map((gi) => gi / norm) : Float64Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
  if (n === 1) return [gHat, new Float64Array(1)];
  if (n === 2) return [gHat, Float64Array.of(-gHat[1]!, gHat[0]!)];
  const h = new Float64Array(n * n);
  f.hessian(x, h);
  const candidates: Float64Array[] = [];
  if (h.every(Number.isFinite)) {
    const { values, vectors } = symmetricEigen(h, n);
    const order = Array.from(values.keys()).sort((a, b) => Math.abs(values[b]!) - Math.abs(values[a]!));
    for (const k of order) candidates.push(Float64Array.from({ length: n }, (_, i) => vectors[i * n + k]!));
  }
  for (let k = 0; k < n; k++) candidates.push(Float64Array.from({ length: n }, (_, i) => (i === k ? 1 : 0)));
  for (const v of candidates) {
    const w = orthonormal(v, gHat);
    if (w !== null) return [gHat, w];
  }
  throw new Error('no direction orthogonal to the gradient was found');
}

/**
 * Seed 000's argument at a point θ: for unit directions u at angle β from the gradient, the Taylor
 * estimate L(θ + ηu) − L(θ) ≈ η∇L·u = η‖∇L‖cos β beside the true change. The estimate is most
 * negative at β = 180° — the step against the gradient — which is why gradient descent steps along
 * −∇L; the gap between the two columns is the η² curvature term the estimate drops
 * (½η²uᵀ∇²L u for a quadratic). In one variable only β = 0° and 180° exist; in more than two, u turns
 * in the plane of the gradient and the steepest-curvature direction (see directionPlane).
 *
 * @example
 * const d = directions(compileExpression('x^2 + y^2'), Float64Array.of(1, 1));
 * d.gradientNorm; // → 2.8284271247
 * d.steepest.angle; // → 180
 */
export function directions(
  f: CompiledFunction,
  at: Float64Array,
  options: DirectionsOptions = {},
): Directions {
  const n = f.variables.length;
  if (at.length !== n) throw new InputError(`at: ${at.length} coordinates for ${n} variables`);
  const eta = options.learningRate ?? 0.1;
  if (!(Number.isFinite(eta) && eta > 0))
    throw new InputError(`learning rate: must be a positive number, got ${eta}`);
  const every = options.every ?? 15;
  if (!(Number.isInteger(every) && every > 0 && 180 % every === 0))
    throw new InputError(`every: must be a whole number of degrees dividing 180, got ${every}`);
  if (n === 0) throw new InputError('directions: the function has no variables to move');
  const g = new Float64Array(n);
  const value = f.valueAndGradient(at, g);
  if (!Number.isFinite(value) || !allFinite(g)) {
    throw new InputError(
      `at: the function or its gradient is not finite there (the value is ${formatNumber(value)})`,
    );
  }
  const gradientNorm = norm(g);
  const [gHat, across] = directionPlane(f, at, g);
  const angles = n === 1 ? [0, 180] : Array.from({ length: 360 / every }, (_, k) => k * every);
  const u = new Float64Array(n);
  const moved = new Float64Array(n);
  const list = angles.map((angle): DirectionChange => {
    const radians = (angle * Math.PI) / 180;
    // Exact zeros at the quarter turns, so that 90° reads 0 rather than 6e-17.
    const c = angle % 180 === 90 ? 0 : Math.cos(radians);
    const s = angle % 180 === 0 ? 0 : Math.sin(radians);
    for (let i = 0; i < n; i++) {
      u[i] = c * gHat[i]! + s * across[i]!;
      moved[i] = at[i]! + eta * u[i]!;
    }
    return {
      angle,
      firstOrder: eta * gradientNorm * c,
      actual: f.value(moved) - value,
      direction: pointRecord(f.variables, u),
    };
  });
  // cos β is least at 180°, which every step size dividing 180 reaches; with ∇L = 0 all tie and 180° stays.
  const steepest = list.find((d) => d.angle === 180)!;
  const bestActual = list.reduce((a, b) => (b.actual < a.actual ? b : a));
  const result: Directions = { stepSize: eta, gradientNorm, directions: list, steepest, bestActual };
  turnedAround.set(result, { f, at: Float64Array.from(at) });
  return result;
}
