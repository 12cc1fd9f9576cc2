// lineSums: seed 001's cost E(m, c) of a line y = m·x + c and its two partial derivatives, from five sums of the data.

import { InputError } from '../errors.js';

/**
 * The sums of the data that E(m, c) and its derivatives need.
 *
 * @example
 * const sums: LineSums = lineSums([1, 2, 3], [2, 4, 7]);
 * sums; // → { n: 3, sumX: 6, sumY: 13, sumXY: 31, sumXX: 14, sumYY: 69 }
 */
export interface LineSums {
  /** N, the number of points. */
  readonly n: number;
  /** Σxᵢ, Σyᵢ, Σxᵢyᵢ, Σxᵢ², Σyᵢ². */
  readonly sumX: number;
  readonly sumY: number;
  readonly sumXY: number;
  readonly sumXX: number;
  readonly sumYY: number;
}

/**
 * E(m, c) and its partial derivatives at one (m, c).
 *
 * @example
 * // Seed 001's start, slope 1 and intercept 0, then one step of gradient descent at η = 0.05
 * const sums = lineSums([1, 2, 3], [2, 4, 7]);
 * const start: LineCost = lineCost(sums, 1, 0);
 * const next = lineCost(sums, 1 - 0.05 * start.dm, 0 - 0.05 * start.dc);
 * next.cost < start.cost; // → true
 */
export interface LineCost {
  /** E = (1/N)·Σ (yᵢ − (m·xᵢ + c))². */
  readonly cost: number;
  /** ∂E/∂m = −(2/N)·Σ xᵢ(yᵢ − (m·xᵢ + c)) = −(2/N)·(Σxᵢyᵢ − m·Σxᵢ² − c·Σxᵢ). */
  readonly dm: number;
  /** ∂E/∂c = −(2/N)·Σ (yᵢ − (m·xᵢ + c)) = −(2/N)·(Σyᵢ − m·Σxᵢ − N·c). */
  readonly dc: number;
}

/**
 * The sums Σxᵢ, Σyᵢ, Σxᵢyᵢ, Σxᵢ², Σyᵢ² and N of a one-feature data set: with them, seed 001's
 * E(m, c) = (1/N)·Σ (yᵢ − (m·xᵢ + c))² and its partial derivatives are a few numbers (lineCost),
 * the way a learner works them out by hand.
 *
 * @example
 * lineSums([1, 2, 3], [2, 4, 7]); // → { n: 3, sumX: 6, sumY: 13, sumXY: 31, sumXX: 14, sumYY: 69 }
 */
export function lineSums(x: ArrayLike<number>, y: ArrayLike<number>): LineSums {
  if (x.length !== y.length) {
    throw new InputError(`data: ${x.length} x values but ${y.length} y values`);
  }
  if (x.length === 0) throw new InputError('data: no points to fit a line to');
  let sumX = 0;
  let sumY = 0;
  let sumXY = 0;
  let sumXX = 0;
  let sumYY = 0;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const yi = y[i]!;
    sumX += xi;
    sumY += yi;
    sumXY += xi * yi;
    sumXX += xi * xi;
    sumYY += yi * yi;
  }
  return { n: x.length, sumX, sumY, sumXY, sumXX, sumYY };
}

/**
 * E(m, c), ∂E/∂m and ∂E/∂c from the sums (lineSums): seed 001's derivatives with the sums
 * multiplied out, ∂E/∂m = −(2/N)·(Σxy − m·Σx² − c·Σx), ∂E/∂c = −(2/N)·(Σy − m·Σx − N·c). Expanding
 * E loses digits when the fit is nearly exact (its terms cancel); the derivatives do not.
 *
 * @example
 * const sums = lineSums([1, 2, 3], [2, 4, 7]);
 * lineCost(sums, 1, 0); // → { cost: 7, dm: -11.3333, dc: -4.6667 }
 */
export function lineCost(sums: LineSums, m: number, c: number): LineCost {
  const { n, sumX, sumY, sumXY, sumXX, sumYY } = sums;
  const cost = (sumYY - 2 * m * sumXY - 2 * c * sumY + m * m * sumXX + 2 * m * c * sumX + n * c * c) / n;
  return {
    cost: Math.max(0, cost),
    dm: (-2 / n) * (sumXY - m * sumXX - c * sumX),
    dc: (-2 / n) * (sumY - m * sumX - n * c),
  };
}
