// Numbers inside KaTeX and beside it: the library's formatNumber digits, exponents as ×10ⁿ, negatives bracketed where they follow an operator.

import { formatNumber } from '../../../src/index.js';
import { superscript } from '../../../src/internal.js';

/** formatNumber's text split into its mantissa and exponent (none below 1e6 and above 1e−4). */
function pieces(value: number, digits: number): { mantissa: string; exponent?: string } {
  const [mantissa, exponent] = formatNumber(value, digits).split('e');
  return exponent === undefined ? { mantissa: mantissa! } : { mantissa: mantissa!, exponent };
}

/**
 * A number as TeX with `digits` significant digits (the library's formatNumber, so a test can compare
 * the printed digits to the library's value); `bracket` wraps negatives and exponent forms.
 */
export function texNumber(value: number, digits = 6, bracket = false): string {
  if (Number.isNaN(value)) return '\\text{not a number}';
  if (value === Infinity) return '\\infty';
  if (value === -Infinity) return bracket ? '(-\\infty)' : '-\\infty';
  const { mantissa, exponent } = pieces(value, digits);
  // Braced, the exponent form is one atom: KaTeX breaks a long line after = or ·, never inside a number.
  const body = exponent === undefined ? mantissa : `{${mantissa}\\times 10^{${exponent}}}`;
  return bracket && (value < 0 || exponent !== undefined) ? `(${body})` : body;
}

/** The same number as plain text for a sentence beside the formulas: −1.5×10⁻⁷, the same digits as texNumber's. */
export function plainNumber(value: number, digits = 6): string {
  if (Number.isNaN(value)) return 'not a number';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const { mantissa, exponent } = pieces(value, digits);
  const power = exponent === undefined ? '' : `×10${superscript(exponent)}`;
  return `${mantissa.replace('-', '−')}${power}`;
}
