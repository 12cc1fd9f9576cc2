// How diagnoses write numbers and points in their sentences: short, and without rounding noise.

/**
 * A number for a sentence: 6 significant digits, no trailing zeros, no "-0"; exponent notation
 * outside [1e-4, 1e6).
 *
 * @example
 * formatValue(-1.99999999); // '-2'
 * formatValue(-1.8815894566e20); // '-1.88159e+20'
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(6));
  if (rounded === 0) return '0';
  const magnitude = Math.abs(rounded);
  return magnitude >= 1e-4 && magnitude < 1e6 ? String(rounded) : rounded.toExponential();
}

/**
 * A point for a sentence: `x = 1.5708` for one variable, `(x = 0, y = 5)` for more.
 *
 * @example
 * describePoint(['x', 'y'], Float64Array.of(0, 5)); // '(x = 0, y = 5)'
 */
export function describePoint(variables: readonly string[], x: Float64Array): string {
  const parts = variables.map((name, i) => `${name} = ${formatValue(x[i]!)}`);
  return parts.length === 1 ? parts[0]! : `(${parts.join(', ')})`;
}
