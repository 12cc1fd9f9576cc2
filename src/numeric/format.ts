// formatNumber: how downhill writes a number for people — in messages, tables and figures alike.

/**
 * A number for people: rounded to `digits` significant digits (default 6) with no trailing zeros and
 * no "-0"; plain from 1e-4 up to 10^max(6, digits), exponent notation outside that (`1.5e12`, `2e-7`).
 * Values that are not finite read the same everywhere: `not a number`, `∞` and `-∞`.
 *
 * @example
 * formatNumber(-1.99999999); // → '-2'
 * formatNumber(1.5e12, 4); // → '1.5e12'
 * formatNumber(Number.NaN); // → 'not a number'
 */
export function formatNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '-∞';
  const rounded = Number(value.toPrecision(digits));
  if (rounded === 0) return '0';
  const magnitude = Math.abs(rounded);
  if (magnitude >= 1e-4 && magnitude < 10 ** Math.max(6, digits)) return String(rounded);
  // The rounded number's shortest exponent form has at most `digits` digits and no trailing zeros.
  return rounded.toExponential().replace('e+', 'e');
}
