// describePoint: how diagnoses write a point in their sentences — short, and without rounding noise.

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
