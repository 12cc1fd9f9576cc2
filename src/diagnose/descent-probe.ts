// The descent probe: whether a point where the gradient vanished is a minimum, read along −∇f.

import { formatNumber } from '../numeric/format.js';
import { describePoint } from './describe-point.js';

/**
 * A point with a vanishing gradient that is no minimum, as a walk along −∇f shows it:
 * - `infimum`: f keeps falling as far as the walk goes and levels off (eˣ towards 0 as x → −∞);
 * - `unbounded`: f keeps falling and does not level off (x³, or 1e-10·x);
 * - `plateau`: f is almost flat here, then falls far more than the gradient foretells (−exp(−x²) at 5).
 *
 * @example
 * const probe: FalseMinimum | null = falseMinimum((x) => Math.exp(x[0]!), Float64Array.of(-72), Float64Array.of(Math.exp(-72)), ['x']);
 * probe?.kind; // → 'infimum'
 * probe?.to; // → 0
 */
export interface FalseMinimum {
  readonly kind: 'infimum' | 'unbounded' | 'plateau';
  /** f at the point. */
  readonly from: number;
  /** The lowest value met along −∇f (for `infimum`, the level f approaches). */
  readonly to: number;
  /** Where it was met, and how far from the point. */
  readonly at: Float64Array;
  readonly distance: number;
  /** The finding in words, to follow a stopping rule's message. */
  readonly reason: string;
}

/** The walk starts this far out (times max(1, ‖x‖)), doubling up to FAR. */
const NEAR = 1e-8;
const FAR = 1e8;
/** A level-off: the last doubling fell by less than this share of the whole fall. */
const LEVEL = 1e-3;
/** A plateau falls by more than this many times ‖∇f‖·distance, the most a convex f can fall. */
const STEEPER = 10;
/** Points between half and twice the plateau's doubling distance where its bottom is looked for. */
const REFINE = 64;

/**
 * Whether a point where a stopping rule saw a vanishing gradient is no minimum, and why. Walks from x
 * along d = −∇f/‖∇f‖ at distances 10⁻⁸·s, doubling up to 10⁸·s (s = max(1, ‖x‖)), until f first rises
 * (beyond rounding) or stops being finite. At a minimum f rises within about 2‖∇f‖/λ, λ the curvature
 * along d, so the walk stops at once. It is no minimum when the walk never rose and f fell —
 * towards a level it approaches (an infimum: eˣ from −72, where the gradient 5e-32 underflowed) or
 * without levelling off (unbounded below) — or when, before rising, f fell by more than ten times
 * ‖∇f‖·t at distance t: along the line a convex f falls at most ‖∇f‖·t (f(x + td) ≥ f(x) − t‖∇f‖),
 * so such a fall means the gradient was small only on a plateau. Null when x is a minimum along d,
 * or the gradient is 0 or not finite.
 *
 * @example
 * // −exp(−x²) at x = 5: the gradient is 1.4e-10, but f falls to −1 at 0
 * falseMinimum((x) => -Math.exp(-(x[0]! ** 2)), Float64Array.of(5), Float64Array.of(10 * Math.exp(-25)), ['x'])?.kind; // → 'plateau'
 * // x⁴ at 0.00136, where gradient descent stops: a minimum is near, f rises beyond it
 * falseMinimum((x) => x[0]! ** 4, Float64Array.of(0.00136), Float64Array.of(4 * 0.00136 ** 3), ['x']); // → null
 */
export function falseMinimum(
  value: (x: Float64Array) => number,
  x: Float64Array,
  g: Float64Array,
  variables: readonly string[],
): FalseMinimum | null {
  const n = x.length;
  let gradientNorm = 0;
  let size = 0;
  for (let i = 0; i < n; i++) {
    gradientNorm += g[i]! ** 2;
    size += x[i]! ** 2;
  }
  gradientNorm = Math.sqrt(gradientNorm);
  if (!(gradientNorm > 0 && Number.isFinite(gradientNorm))) return null;
  const from = value(x);
  if (!Number.isFinite(from)) return null;
  const scale = Math.max(1, Math.sqrt(size));
  const y = new Float64Array(n);
  const along = (t: number): number => {
    for (let i = 0; i < n; i++) y[i] = x[i]! - (t * g[i]!) / gradientNorm;
    return value(y);
  };
  const place = (t: number): Float64Array => Float64Array.from(x, (v, i) => v - (t * g[i]!) / gradientNorm);

  let previous = from;
  let beforeLast = from;
  let lowest = from;
  let lowestAt = 0;
  let rose = false;
  let end = 0;
  for (let t = NEAR * scale; t <= FAR * scale; t *= 2) {
    const v = along(t);
    if (v === Number.NEGATIVE_INFINITY) {
      return finding('unbounded', from, v, place(t), t, variables);
    }
    if (
      !Number.isFinite(v) ||
      v > previous + 4 * Number.EPSILON * Math.max(Math.abs(v), Math.abs(previous))
    ) {
      rose = true;
      break;
    }
    beforeLast = previous;
    previous = v;
    end = t;
    if (v < lowest) {
      lowest = v;
      lowestAt = t;
    }
  }
  const noise = 64 * Number.EPSILON * Math.max(Math.abs(from), Math.abs(lowest));
  const fall = from - lowest;
  if (!(fall > noise)) return null;
  if (!rose) {
    const levels = beforeLast - previous <= LEVEL * (from - previous);
    return finding(levels ? 'infimum' : 'unbounded', from, previous, place(end), end, variables);
  }
  if (fall > STEEPER * gradientNorm * lowestAt + noise) {
    // The doubling stepped past the bottom: a finer look between its neighbours finds it.
    let best = lowestAt;
    for (let k = 0; k <= REFINE; k++) {
      const t = lowestAt * (0.5 + (1.5 * k) / REFINE);
      const v = along(t);
      if (v < lowest) {
        lowest = v;
        best = t;
      }
    }
    return finding('plateau', from, lowest, place(best), best, variables, gradientNorm);
  }
  return null;
}

function finding(
  kind: FalseMinimum['kind'],
  from: number,
  to: number,
  at: Float64Array,
  distance: number,
  variables: readonly string[],
  gradientNorm = 0,
): FalseMinimum {
  const where = describePoint(
    variables,
    at.map((v) => Number(v.toPrecision(4))),
  );
  const fall = `from ${formatNumber(from, 4)} here to ${formatNumber(to, 4)} at ${where}`;
  const reason =
    kind === 'infimum'
      ? `the gradient vanished because f flattens out towards a lower bound — along −∇f it keeps falling, ${fall}, levelling off at about ${formatNumber(to, 4)}, a value it approaches but never attains (an infimum)`
      : kind === 'unbounded'
        ? `f keeps falling along −∇f without levelling off, ${fall}: it appears unbounded below that way, so there is no minimum to reach`
        : `f is almost flat here (a plateau), so the gradient is small, but along −∇f it falls ${fall}, ${formatNumber(distance, 4)} away — far more than the gradient norm ${formatNumber(gradientNorm, 4)} foretells; start nearer the minimum, or use an optimizer whose steps do not shrink with the gradient (adam, rmsprop)`;
  return { kind, from, to, at, distance, reason };
}
