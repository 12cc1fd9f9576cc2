// checkDataset: a Dataset built in a program is refused by row and column where a file would be by line.

import { describe, expect, it } from 'vitest';
import { checkDataset } from '../../src/data/check-dataset.js';
import type { Dataset } from '../../src/data/dataset.js';
import { customModel, fit, InputError } from '../../src/index.js';

const good: Dataset = {
  name: 'tiny',
  featureNames: ['x', 'z'],
  targetName: 'y',
  rows: 3,
  features: Float64Array.of(0, 1, 1, 0, 2, 2),
  target: Float64Array.of(1, 3, 5),
  classes: null,
};

describe('checkDataset', () => {
  it('passes a whole dataset, and refuses each flaw naming the row and the column', () => {
    expect(() => checkDataset(good)).not.toThrow();
    const cases: [Partial<Dataset>, string][] = [
      [{ rows: 0 }, 'tiny: no data rows'],
      [{ rows: 4 }, 'tiny: features holds 6 numbers, not rows × columns = 4 × 2'],
      [{ featureNames: [] }, 'tiny: no feature columns'],
      [{ target: Float64Array.of(1, 3) }, 'tiny: target holds 2 numbers, not one per row (3)'],
      [
        { features: Float64Array.of(0, 1, 1, Number.POSITIVE_INFINITY, 2, 2) },
        'tiny: row 2, feature "z" is Infinity; every value must be a finite number',
      ],
      [
        { target: Float64Array.of(1, Number.NaN, 5) },
        'tiny: row 2, target "y" is NaN; every value must be a finite number',
      ],
      [
        { classes: ['a', 'b'], target: Float64Array.of(0, 1, 2) },
        'tiny: row 3, target "y" is 2; a class index in 0…1 (classes a, b)',
      ],
      [
        { classes: ['a', 'b'], target: Float64Array.of(0, 0.5, 1) },
        'tiny: row 2, target "y" is 0.5; a class index in 0…1 (classes a, b)',
      ],
    ];
    for (const [change, message] of cases) {
      expect(() => checkDataset({ ...good, ...change }), message).toThrow(
        expect.objectContaining({ name: 'InputError', message }),
      );
    }
  });

  it('is what fit() says of such data, instead of training on NaN and calling the run diverged', () => {
    expect(() => fit({ ...good, target: Float64Array.of(1, Number.NaN, 5) })).toThrow(InputError);
    expect(() => fit({ ...good, rows: 5 })).toThrow(/^tiny: features holds 6 numbers/);
  });

  it('a custom model whose parameter starts at NaN is refused by key model', () => {
    const build = () =>
      customModel({ inputs: 2, params: { w: [1, Number.NaN] }, forward: (_params, x) => x });
    expect(build).toThrow(
      expect.objectContaining({
        key: 'model',
        message:
          'model: custom\'s parameter "w" starts at NaN (entry 2 of 2); a start must be a finite number',
      }),
    );
  });
});
