// The building blocks of the searches: deterministic sample points and compass search in a box.

import { describe, expect, it } from 'vitest';
import { compassSearch } from '../../src/diagnose/compass-search.js';
import { samplePoints } from '../../src/diagnose/sample-points.js';

describe('samplePoints', () => {
  it('starts with a grid that holds the corners, then Halton points, all inside the box', () => {
    const box = [
      { lo: -5, hi: 5 },
      { lo: 0, hi: 1 },
    ];
    const points = samplePoints(box, 100);
    expect(points).toHaveLength(100);
    const key = (p: Float64Array) => Array.from(p).join(',');
    const keys = new Set(points.map(key));
    for (const corner of ['-5,0', '5,0', '-5,1', '5,1']) expect(keys.has(corner)).toBe(true);
    for (const p of points) {
      expect(p[0]).toBeGreaterThanOrEqual(-5);
      expect(p[0]).toBeLessThanOrEqual(5);
      expect(p[1]).toBeGreaterThanOrEqual(0);
      expect(p[1]).toBeLessThanOrEqual(1);
    }
    expect(keys.size).toBeGreaterThan(95);
  });

  it('matches its documented 1-D example: grid [-1, 1], then Halton 0, -0.5, 0.5', () => {
    expect(samplePoints([{ lo: -1, hi: 1 }], 5).map((p) => p[0])).toEqual([-1, 1, 0, -0.5, 0.5]);
  });
});

describe('compassSearch', () => {
  it('finds the minimum of a kinked function', () => {
    const { point, value } = compassSearch(
      (x) => Math.abs(x[0]! - 0.3) + Math.abs(x[1]! + 0.7),
      Float64Array.of(0, 0),
      [
        { lo: -1, hi: 1 },
        { lo: -1, hi: 1 },
      ],
    );
    expect(point[0]).toBeCloseTo(0.3, 8);
    expect(point[1]).toBeCloseTo(-0.7, 8);
    expect(value).toBeLessThan(1e-8);
  });

  it('stays in the box and ends on its bound when the minimum lies beyond', () => {
    const { point } = compassSearch((x) => -x[0]!, Float64Array.of(0), [{ lo: -2, hi: 3 }]);
    expect(point[0]).toBe(3);
  });
});
