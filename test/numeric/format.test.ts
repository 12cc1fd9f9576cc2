// formatNumber: one table of hand-written texts, the non-finite wording and the switch to exponents included.

import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/numeric/format.js';

describe('formatNumber', () => {
  it.each([
    [-1.99999999, 6, '-2'],
    [1.5, 6, '1.5'],
    [0.1 + 0.2, 6, '0.3'],
    [-0, 6, '0'],
    [1e-300, 6, '1e-300'],
    [0.0001, 6, '0.0001'],
    [0.00009999, 6, '9.999e-5'],
    [123456.7, 6, '123457'],
    [999999.7, 6, '1e6'],
    [1.5e12, 4, '1.5e12'],
    [-1.8815894566e20, 6, '-1.88159e20'],
    [1234567.891, 10, '1234567.891'],
    [12345678901, 10, '1.23456789e10'],
    [Math.PI, 3, '3.14'],
    [Number.NaN, 6, 'not a number'],
    [Number.POSITIVE_INFINITY, 4, '∞'],
    [Number.NEGATIVE_INFINITY, 10, '-∞'],
  ])('writes %d in %d digits as %s', (value, digits, text) => {
    expect(formatNumber(value, digits)).toBe(text);
  });

  it('uses 6 significant digits by default', () => {
    expect(formatNumber(Math.E)).toBe('2.71828');
  });
});
