// sampleRows: evenly spaced rows, whole rows copied with their targets, the set itself when it is small.

import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { sampleRows } from '../../src/data/sample-rows.js';

const data = (rows: number): Dataset => ({
  name: 't',
  featureNames: ['a', 'b'],
  targetName: 'y',
  rows,
  features: Float64Array.from({ length: rows * 2 }, (_, k) => k),
  target: Float64Array.from({ length: rows }, (_, i) => 100 + i),
  classes: null,
});

describe('sampleRows', () => {
  it('takes rows ⌊i·rows/limit⌋ with their features and target', () => {
    const sample = sampleRows(data(10), 4);
    // rows 0, 2, 5, 7 (⌊0⌋, ⌊2.5⌋, ⌊5⌋, ⌊7.5⌋)
    expect(Array.from(sample.target)).toEqual([100, 102, 105, 107]);
    expect(Array.from(sample.features)).toEqual([0, 1, 4, 5, 10, 11, 14, 15]);
  });

  it('hands back the set itself when it has no more rows than the limit', () => {
    const set = data(3);
    expect(sampleRows(set, 3).features).toBe(set.features);
    expect(sampleRows(set, 2048).target).toBe(set.target);
  });
});
