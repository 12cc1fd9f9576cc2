// How diagnoses write a point: in their sentences (describePoint) and as a record by variable (pointRecord).

import { formatNumber } from '../numeric/format.js';

/**
 * A point for a sentence: `x = 1.5708` for one variable, `(x = 0, y = 5)` for more.
 *
 * @example
 * describePoint(['x', 'y'], Float64Array.of(0, 5)); // '(x = 0, y = 5)'
 */
export function describePoint(variables: readonly string[], x: Float64Array): string {
  const parts = variables.map((name, i) => `${name} = ${formatNumber(x[i]!)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
}

/**
 * A point as a record by variable, as reports and JSON carry it.
 *
 * @example
 * pointRecord(['x', 'y'], Float64Array.of(0, 5)); // → { x: 0, y: 5 }
 */
export function pointRecord(variables: readonly string[], x: ArrayLike<number>): Record<string, number> {
  return Object.fromEntries(variables.map((name, i) => [name, x[i]!]));
}
