// Built-in datasets (`@NAME`): the generated sets plus small real datasets shipped as CSV in datasets/.

import { fileURLToPath } from 'node:url';
import { InputError, type SettingNamer } from '../errors.js';
import { readCsvFile } from './csv-file.js';
import { type CsvOptions, checkColumnChoice } from './csv-table.js';
import type { Dataset } from './dataset.js';
import { datasetGenerators, generateDataset } from './generators.js';

/**
 * One line of `downhill datasets`.
 *
 * @example
 * const iris: BuiltinDataset | undefined = builtinDatasets.find((d) => d.name === 'iris');
 * iris?.rows; // → 150
 * iris?.targetKind; // → 'categorical'
 */
export interface BuiltinDataset {
  readonly name: string;
  readonly description: string;
  /** Rows by default (a generated set takes another count through `rows`). */
  readonly rows: number;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  readonly targetKind: 'numeric' | 'categorical';
  /** Class labels in index order, or null for a numeric target. */
  readonly classes: readonly string[] | null;
  /** `generated` from a seed, or the origin of a shipped file. */
  readonly source: string;
}

/** Options for loadBuiltin: a seed and row count for generated sets, column choices for any. */
export interface BuiltinOptions extends CsvOptions {
  /** Seed for a generated set (default 0). */
  readonly seed?: number;
  /** Rows for a generated set (default: its own). */
  readonly rows?: number;
}

interface ShippedDataset extends BuiltinDataset {
  readonly file: string;
}

// Resolved from the package root, which is two folders up from both src/data and dist/data.
const datasetsFolder = new URL('../../datasets/', import.meta.url);

const shipped: readonly ShippedDataset[] = [
  {
    name: 'iris',
    description: "Fisher's iris flowers: 4 measurements in cm, 3 species, 50 of each (classification)",
    rows: 150,
    featureNames: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
    targetName: 'species',
    targetKind: 'categorical',
    classes: ['setosa', 'versicolor', 'virginica'],
    source: 'Fisher (1936), as shipped by scikit-learn (BSD-3-Clause); see datasets/README.md',
    file: 'iris.csv',
  },
  {
    name: 'diabetes',
    description: 'disease progression of 442 diabetes patients from 10 baseline measurements (regression)',
    rows: 442,
    featureNames: ['age', 'sex', 'bmi', 'bp', 's1', 's2', 's3', 's4', 's5', 's6'],
    targetName: 'progression',
    targetKind: 'numeric',
    classes: null,
    source: 'Efron et al. (2004), as shipped by scikit-learn (BSD-3-Clause); see datasets/README.md',
    file: 'diabetes.csv',
  },
];

/**
 * Every built-in dataset, generated ones first, in the order `downhill datasets` lists them.
 *
 * @example
 * builtinDatasets.map((d) => d.name).includes('iris'); // → true
 * builtinDatasets.find((d) => d.name === 'spiral')?.source; // → 'generated'
 */
export const builtinDatasets: readonly BuiltinDataset[] = [
  ...datasetGenerators.map(
    (g): BuiltinDataset => ({
      name: g.name,
      description: g.description,
      rows: g.defaultRows,
      featureNames: g.featureNames,
      targetName: g.targetName,
      targetKind: g.classes === null ? 'numeric' : 'categorical',
      classes: g.classes,
      source: 'generated',
    }),
  ),
  ...shipped.map(({ file: _file, ...info }) => info),
];

/**
 * Loads a built-in dataset by name (without the `@`). Generated sets are drawn from `seed`; shipped
 * ones are read from their CSV file with the same column choices as any file.
 *
 * @example
 * const iris = await loadBuiltin('iris');
 * iris.classes; // → ['setosa', 'versicolor', 'virginica']
 * const xor = await loadBuiltin('xor', { seed: 3, rows: 200 });
 */
export async function loadBuiltin(name: string, options: BuiltinOptions = {}): Promise<Dataset> {
  const file = shipped.find((d) => d.name === name);
  if (file !== undefined) {
    if (options.rows !== undefined)
      throw new InputError(`@${name} has a fixed ${file.rows} rows; rows applies to generated sets`);
    const path = fileURLToPath(new URL(file.file, datasetsFolder));
    const { seed: _seed, rows: _rows, ...csv } = options;
    // A column choice the file refuses is said of @NAME, which the user typed, not of the installed file.
    return readCsvFile(path, { name, ...csv }).catch((error: unknown) => {
      if (!(error instanceof InputError) || !error.message.startsWith(path)) throw error;
      // Its header's line means nothing to someone who never saw the file; a setting named in the message
      // is still named in each front end's words.
      const said = (namer: SettingNamer): string =>
        `@${name}${error
          .describe(namer)
          .slice(path.length)
          .replace(/^ line 1:/, ':')}`;
      throw new InputError(said, { ...(error.key !== undefined && { key: error.key }) });
    });
  }
  if (!datasetGenerators.some((g) => g.name === name)) {
    throw new InputError(
      `no built-in dataset "@${name}"; there are ${builtinDatasets.map((d) => `@${d.name}`).join(', ')}`,
    );
  }
  const data = generateDataset(name, {
    seed: options.seed ?? 0,
    ...(options.rows !== undefined && { rows: options.rows }),
  });
  return selectColumns(data, options);
}

/** A generated dataset narrowed to the chosen columns, with the checks of a CSV header (checkColumnChoice). */
function selectColumns(data: Dataset, options: CsvOptions): Dataset {
  const where = `@${data.name}`;
  const names = [...data.featureNames, data.targetName];
  checkColumnChoice(options);
  if (options.target !== undefined && options.target !== data.targetName) {
    throw new InputError(
      `${where}: the target must be "${data.targetName}"; the columns are ${names.join(', ')}`,
      {
        key: 'target',
      },
    );
  }
  const kind = data.classes === null ? 'numeric' : 'categorical';
  if (options.targetKind !== undefined && options.targetKind !== 'auto' && options.targetKind !== kind) {
    throw new InputError(`${where}: the target "${data.targetName}" is ${kind}, not ${options.targetKind}`);
  }
  if (options.features === undefined) return data;
  const picked = checkColumnChoice(options, { names, source: where })!.features;
  const width = data.featureNames.length;
  const features = new Float64Array(data.rows * picked.length);
  for (let row = 0; row < data.rows; row++) {
    picked.forEach((column, j) => {
      features[row * picked.length + j] = data.features[row * width + column]!;
    });
  }
  return { ...data, featureNames: picked.map((c) => data.featureNames[c]!), features };
}
