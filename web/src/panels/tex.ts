// Numbers inside KaTeX: the library's formatNumber digits, exponents as ×10ⁿ, negatives bracketed where they follow an operator.

import { formatNumber } from '../../../src/index.js';

/**
 * A number as TeX with `digits` significant digits (the library's formatNumber, so a test can compare
 * the printed digits to the library's value); `bracket` wraps negatives and exponent forms.
 */
export function texNumber(value: number, digits = 6, bracket = false): string {
  const text = formatNumber(value, digits);
  if (text === 'not a number') return '\\text{not a number}';
  if (text === '∞') return '\\infty';
  if (text === '-∞') return bracket ? '(-\\infty)' : '-\\infty';
  const [mantissa, exponent] = text.split('e');
  // Braced, the exponent form is one atom: KaTeX breaks a long line after = or ·, never inside a number.
  const body = exponent === undefined ? mantissa! : `{${mantissa}\\times 10^{${exponent}}}`;
  return bracket && (value < 0 || exponent !== undefined) ? `(${body})` : body;
}
