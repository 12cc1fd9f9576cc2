// Text for people on a figure: the formula as a title, and short numbers for legends and labels.

const superscripts: Record<string, string> = {
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
  '-': '⁻',
  '.': '·',
};

/**
 * Digits as superscripts, for powers of ten on log axes.
 *
 * @example
 * superscript('-3'); // '⁻³'
 */
export function superscript(digits: string): string {
  return Array.from(digits, (c) => superscripts[c] ?? c).join('');
}

/**
 * An expression as a title: whole-number powers raised, `*` as a centred dot, minus signs as minus signs.
 * The figure shows what the person typed, only typeset, so it reads like the formula in the seeds.
 *
 * @example
 * prettyFormula('x^2 - 4*x + 1'); // 'x² − 4·x + 1'
 */
export function prettyFormula(source: string): string {
  return source
    .replace(/\*\*/g, '^')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\^\s*(-?\d+)(?![\d.])/g, (_, power: string) => superscript(power))
    .replace(/\s*\*\s*/g, '·')
    .replace(/-/g, '−');
}

/**
 * A number in a few significant digits for legends and labels; never "NaN" or "Infinity".
 *
 * @example
 * formatValue(-2.99999871); // '−3'
 * formatValue(1.5e12); // '1.5e12'
 */
export function formatValue(value: number, digits = 4): string {
  if (Number.isNaN(value)) return 'undefined';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  const body =
    magnitude >= 1e-3 && magnitude < 1e6
      ? String(Number(value.toPrecision(digits)))
      : value
          .toExponential(Math.max(0, digits - 2))
          .replace(/\.?0+e/, 'e')
          .replace('e+', 'e');
  return body.replace(/-/g, '−');
}
