// lineSums and lineCost: seed 001's E(m, c) and its partial derivatives from the data's sums, against the sums written out.

import { describe, expect, it } from 'vitest';
import { compileExpression, lineCost, lineSums } from '../../src/index.js';

const x = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4];
const y = [1.9, 3.2, 3.6, 5.1, 5.8, 7.2, 7.9, 9.1];

describe('lineSums', () => {
  it('adds up the data', () => {
    expect(lineSums([1, 2, 3], [2, 4, 7])).toEqual({
      n: 3,
      sumX: 6,
      sumY: 13,
      sumXY: 31,
      sumXX: 14,
      sumYY: 69,
    });
  });

  it('gives E and both partial derivatives equal to the sums over the points, at seed 001’s start and elsewhere', () => {
    const sums = lineSums(x, y);
    for (const [m, c] of [
      [1, 0],
      [2.1, 0.4],
      [-3, 5],
    ] as const) {
      const r = x.map((xi, i) => y[i]! - (m * xi + c));
      const cost = r.reduce((s, v) => s + v * v, 0) / x.length;
      const dm = (-2 / x.length) * r.reduce((s, v, i) => s + x[i]! * v, 0);
      const dc = (-2 / x.length) * r.reduce((s, v) => s + v, 0);
      const got = lineCost(sums, m, c);
      expect(got.cost).toBeCloseTo(cost, 10);
      expect(got.dm).toBeCloseTo(dm, 10);
      expect(got.dc).toBeCloseTo(dc, 10);
    }
  });

  it('agrees with the derivatives the expression compiler works out for E(m, c)', () => {
    const terms = x.map((xi, i) => `(${y[i]} - (m*${xi} + c))^2`);
    const e = compileExpression(`(${terms.join(' + ')}) / ${x.length}`);
    const g = new Float64Array(2);
    const value = e.valueAndGradient(Float64Array.of(0.3, 1.7), g); // variables sort by name: c, m
    const got = lineCost(lineSums(x, y), 1.7, 0.3);
    expect(got.cost).toBeCloseTo(value, 10);
    expect(got.dc).toBeCloseTo(g[0]!, 10);
    expect(got.dm).toBeCloseTo(g[1]!, 10);
  });

  it('refuses data it cannot sum, in words', () => {
    expect(() => lineSums([1, 2], [1])).toThrow('data: 2 x values but 1 y values');
    expect(() => lineSums([], [])).toThrow('no points');
  });
});
