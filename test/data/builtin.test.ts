// Built-in datasets: generated shapes, determinism and balance; shipped files against published figures; loadData; the command.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { datasetsCommand } from '../../src/cli/datasets.js';
import { builtinDatasets, loadBuiltin } from '../../src/data/builtin.js';
import type { Dataset } from '../../src/data/dataset.js';
import { generateDataset } from '../../src/data/generators.js';
import { loadData } from '../../src/data/load.js';
import { InputError } from '../../src/errors.js';

const count = (d: Dataset, label: number): number => d.target.filter((t) => t === label).length;
const point = (d: Dataset, row: number): [number, number] => [d.features[2 * row]!, d.features[2 * row + 1]!];
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const rowsOfClass = (d: Dataset, label: number): number[] =>
  Array.from({ length: d.rows }, (_, i) => i).filter((i) => d.target[i] === label);

describe('generated datasets', () => {
  const twoD = ['circle', 'xor', 'gaussians', 'spiral'];

  it.each(twoD)('%s: 400 rows of two features, two balanced classes, fixed by the seed', (name) => {
    const data = generateDataset(name, { seed: 1 });
    expect(data).toMatchObject({ name, rows: 400, featureNames: ['x1', 'x2'], targetName: 'label' });
    expect(data.features).toHaveLength(800);
    expect(data.classes).toHaveLength(2);
    expect([count(data, 0), count(data, 1)]).toEqual([200, 200]);
    expect(data.features.every(Number.isFinite)).toBe(true);
    const again = generateDataset(name, { seed: 1 });
    expect(again.features).toEqual(data.features);
    expect(again.target).toEqual(data.target);
    expect(generateDataset(name, { seed: 2 }).features).not.toEqual(data.features);
    const odd = generateDataset(name, { seed: 1, rows: 7 });
    expect([odd.rows, count(odd, 0), count(odd, 1)]).toEqual([7, 4, 3]);
  });

  it('line: 50 rows around y = 2x + 1', () => {
    const data = generateDataset('line', { seed: 0 });
    expect(data).toMatchObject({ rows: 50, featureNames: ['x'], targetName: 'y', classes: null });
    const x = Array.from(data.features);
    const y = Array.from(data.target);
    const mx = mean(x);
    const my = mean(y);
    const slope =
      x.reduce((s, xi, i) => s + (xi - mx) * (y[i]! - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
    // Noise σ 0.5 over x spread ≈ 1.44 and 50 rows: the slope's standard error is ≈ 0.05.
    expect(Math.abs(slope - 2)).toBeLessThan(0.25);
    expect(Math.abs(my - slope * mx - 1)).toBeLessThan(0.75);
    expect(x.every((v) => v >= 0 && v < 5)).toBe(true);
  });

  it('circle: a disc (radius ≤ 2.5) inside a ring (3.5 … 5), blurred by at most 0.5 per axis', () => {
    const data = generateDataset('circle', { seed: 3 });
    const radius = (i: number) => Math.hypot(...point(data, i));
    const blur = Math.SQRT2 * 0.5;
    expect(Math.max(...rowsOfClass(data, 0).map(radius))).toBeLessThan(2.5 + blur);
    expect(Math.min(...rowsOfClass(data, 1).map(radius))).toBeGreaterThan(3.5 - blur);
    expect(data.classes).toEqual(['inside', 'outside']);
  });

  it('xor: the class is the sign of x1·x2 for nearly every point', () => {
    const data = generateDataset('xor', { seed: 4 });
    const agree = Array.from({ length: data.rows }, (_, i) => i).filter((i) => {
      const [a, b] = point(data, i);
      return (a * b > 0 ? 1 : 0) === data.target[i];
    }).length;
    expect(agree / data.rows).toBeGreaterThan(0.95);
    expect(data.classes).toEqual(['negative', 'positive']);
  });

  it('gaussians: clusters centred near (−2, −2) and (2, 2)', () => {
    const data = generateDataset('gaussians', { seed: 5 });
    for (const [label, centre] of [
      [0, -2],
      [1, 2],
    ] as const) {
      const rows = rowsOfClass(data, label);
      // 200 draws of σ = 1: the mean's standard error is 0.07.
      expect(Math.abs(mean(rows.map((i) => point(data, i)[0])) - centre)).toBeLessThan(0.35);
      expect(Math.abs(mean(rows.map((i) => point(data, i)[1])) - centre)).toBeLessThan(0.35);
    }
  });

  it('spiral: each arm winds out to radius 5, the second opposite the first', () => {
    const data = generateDataset('spiral', { seed: 6 });
    for (const label of [0, 1]) {
      const rows = rowsOfClass(data, label);
      rows.forEach((row, i) => {
        const r = (i / rows.length) * 5;
        const t = ((1.75 * i) / rows.length) * 2 * Math.PI + label * Math.PI;
        const [a, b] = point(data, row);
        expect(Math.abs(a - r * Math.sin(t))).toBeLessThanOrEqual(0.1);
        expect(Math.abs(b - r * Math.cos(t))).toBeLessThanOrEqual(0.1);
      });
    }
  });

  it('rejects an unknown name and too few rows', () => {
    expect(() => generateDataset('moons', { seed: 1 })).toThrow(
      /no generated dataset "moons"; there are line, circle/,
    );
    expect(() => generateDataset('xor', { seed: 1, rows: 1 })).toThrow(InputError);
    expect(() => generateDataset('xor', { seed: 1, rows: 2.5 })).toThrow(InputError);
  });
});

describe('shipped datasets', () => {
  it('iris: 150 rows, 50 per species, column sums as in R (colMeans 5.843, 3.057, 3.758, 1.199)', async () => {
    const iris = await loadBuiltin('iris');
    expect(iris).toMatchObject({ name: 'iris', rows: 150, targetName: 'species' });
    expect(iris.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect([0, 1, 2].map((c) => count(iris, c))).toEqual([50, 50, 50]);
    const sums = [0, 1, 2, 3].map((j) =>
      iris.features.filter((_, k) => k % 4 === j).reduce((a, b) => a + b, 0),
    );
    expect(sums.map((s) => Math.round(s * 10) / 10)).toEqual([876.5, 458.6, 563.7, 179.9]);
    // Fisher's rows 35 and 38, which the UCI copy gets wrong.
    expect(Array.from(iris.features.subarray(34 * 4, 35 * 4))).toEqual([4.9, 3.1, 1.5, 0.2]);
    expect(Array.from(iris.features.subarray(37 * 4, 38 * 4))).toEqual([4.9, 3.6, 1.4, 0.1]);
  });

  it('diabetes: 442 patients, 10 features, mean progression 152.13 (Efron et al. 2004)', async () => {
    const diabetes = await loadBuiltin('diabetes');
    expect(diabetes).toMatchObject({ rows: 442, targetName: 'progression', classes: null });
    expect(diabetes.featureNames).toHaveLength(10);
    expect(diabetes.target.reduce((a, b) => a + b, 0) / 442).toBeCloseTo(152.133, 3);
  });

  it('takes column choices like any CSV', async () => {
    const two = await loadBuiltin('iris', { features: ['petal_length', 'petal_width'] });
    expect(two.featureNames).toEqual(['petal_length', 'petal_width']);
    expect(Array.from(two.features.subarray(0, 2))).toEqual([1.4, 0.2]);
    await expect(loadBuiltin('iris', { target: 'colour' })).rejects.toThrow(
      /^@iris: no target column "colour"; the columns are sepal_length, .*, species$/,
    );
    await expect(loadBuiltin('iris', { rows: 10 })).rejects.toThrow('@iris has a fixed 150 rows');
  });
});

describe('the catalogue', () => {
  it('describes each dataset as it loads', async () => {
    expect(builtinDatasets.map((d) => d.name)).toEqual([
      'line',
      'circle',
      'xor',
      'gaussians',
      'spiral',
      'iris',
      'diabetes',
    ]);
    for (const info of builtinDatasets) {
      const data = await loadBuiltin(info.name);
      expect(info.description.length).toBeGreaterThan(20);
      expect({
        rows: data.rows,
        features: data.featureNames,
        target: data.targetName,
        classes: data.classes,
      }).toEqual({
        rows: info.rows,
        features: info.featureNames,
        target: info.targetName,
        classes: info.classes,
      });
      expect(info.targetKind).toBe(data.classes === null ? 'numeric' : 'categorical');
    }
  });
});

describe('loadData', () => {
  it('reads @NAME as a built-in dataset, anything else as a file', async () => {
    expect((await loadData('@xor', { seed: 9, rows: 40 })).target).toEqual(
      generateDataset('xor', { seed: 9, rows: 40 }).target,
    );
    const file = await loadData('datasets/iris.csv', { target: 'species', seed: 3 });
    expect(file.rows).toBe(150);
    await expect(loadData('@moons')).rejects.toThrow(
      'no built-in dataset "@moons"; there are @line, @circle, @xor, @gaussians, @spiral, @iris, @diabetes',
    );
    await expect(loadData('no/such.csv')).rejects.toThrow('cannot read "no/such.csv": no such file');
  });

  it('narrows a generated set to chosen features and checks the target', async () => {
    const full = await loadData('@gaussians', { seed: 2 });
    const one = await loadData('@gaussians', { seed: 2, features: ['x2'] });
    expect(one.featureNames).toEqual(['x2']);
    expect(Array.from(one.features)).toEqual(Array.from(full.features).filter((_, k) => k % 2 === 1));
    await expect(loadData('@gaussians', { features: ['x3'] })).rejects.toThrow(
      '@gaussians: no feature column "x3"; the columns are x1, x2, label',
    );
    // The same words as a CSV file's header gives, each by key.
    const refusal = (features: string[]) =>
      loadData('@gaussians', { features }).then(
        () => null,
        (error: InputError) => [error.key, error.message],
      );
    expect(await refusal(['x1', 'label'])).toEqual([
      'features',
      '@gaussians: "label" cannot be both the target and a feature',
    ]);
    expect(await refusal(['x1', 'x2', 'x1'])).toEqual([
      'features',
      '@gaussians: the feature column "x1" is chosen twice',
    ]);
    expect(await refusal([])).toEqual(['features', '@gaussians: no feature columns chosen']);
    await expect(loadData('@line', { target: 'x' })).rejects.toThrow('@line: the target must be "y"');
    // A shipped set is read from its file, but its refusals name @NAME, as typed, not the installed path.
    const shipped = (options: { target?: string; features?: string[] }) =>
      loadData('@iris', options).then(
        () => null,
        (error: InputError) => [error.key, error.message],
      );
    expect(await shipped({ features: ['petal'] })).toEqual([
      'features',
      '@iris: no feature column "petal"; the columns are sepal_length, sepal_width, petal_length, petal_width, species',
    ]);
    expect(await shipped({ target: 'kind' })).toEqual([
      'target',
      '@iris: no target column "kind"; the columns are sepal_length, sepal_width, petal_length, petal_width, species',
    ]);
    expect(await shipped({ features: ['species'] })).toEqual([
      'features',
      '@iris: "species" cannot be both the target and a feature',
    ]);
    const picked = await loadData('@iris', { features: ['petal_width', 'sepal_length'] });
    expect(picked.featureNames).toEqual(['petal_width', 'sepal_length']);
    // The first row of iris.csv: 5.1, 3.5, 1.4, 0.2, setosa.
    expect(Array.from(picked.features.subarray(0, 2))).toEqual([0.2, 5.1]);
    await expect(loadData('@line', { targetKind: 'categorical' })).rejects.toThrow(
      '@line: the target "y" is numeric, not categorical',
    );
  });
});

describe('downhill datasets', () => {
  afterEach(() => vi.restoreAllMocks());

  function capture(argv: string[]): string {
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    datasetsCommand.run(argv);
    return out;
  }

  it('lists every dataset as a table', () => {
    const out = capture([]);
    expect(out).toContain('@spiral     400   2         label (2 classes)');
    expect(out).toContain('@diabetes   442   10        progression (numeric)');
    expect(out.split('\n').every((line) => line === line.trimEnd())).toBe(true);
  });

  it('prints JSON with --json', () => {
    const { datasets } = JSON.parse(capture(['--json'])) as { datasets: Record<string, unknown>[] };
    expect(datasets).toHaveLength(7);
    expect(datasets[5]).toMatchObject({
      name: 'iris',
      rows: 150,
      features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      target: 'species',
      targetKind: 'categorical',
      classes: ['setosa', 'versicolor', 'virginica'],
    });
  });

  it('rejects stray arguments and unknown flags, and has help with examples', () => {
    expect(() => datasetsCommand.run(['extra'])).toThrow(InputError);
    expect(() => datasetsCommand.run(['--csv'])).toThrow('unknown flag --csv');
    expect(datasetsCommand.help).toContain('Examples:');
  });
});
