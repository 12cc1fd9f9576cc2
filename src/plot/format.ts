// Text for people on a figure: the formula as a title, and short numbers for legends and labels.

import { formatNumber } from '../numeric/format.js';

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
 * A number for legends and labels: formatNumber's text in 4 significant digits by default, typeset with
 * minus signs.
 *
 * @example
 * formatValue(-2.99999871); // '−3'
 * formatValue(1.5e12); // '1.5e12'
 */
export function formatValue(value: number, digits = 4): string {
  return formatNumber(value, digits).replace(/-/g, '−');
}
