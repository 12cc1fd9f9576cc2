// Generated datasets: a noisy line and TensorFlow Playground's 2-D classification sets, drawn from a seed.

import { InputError } from '../errors.js';
import type { Dataset } from './dataset.js';
import { Random } from './random.js';

/** How to draw a generated dataset. */
export interface GenerateOptions {
  /** The generator's seed: the same seed gives the same rows. */
  readonly seed: number;
  /** How many rows (at least 2; each generator has its own default). */
  readonly rows?: number;
}

/** A generated dataset: what `downhill datasets` shows, and how to draw it. */
export interface DatasetGenerator {
  readonly name: string;
  readonly description: string;
  readonly defaultRows: number;
  readonly featureNames: readonly string[];
  readonly targetName: string;
  /** Class labels in index order, or null for a numeric target. */
  readonly classes: readonly string[] | null;
  /** Fills row i's features (two, or one for `line`) and returns its target. */
  readonly draw: (rng: Random, row: number, rows: number, out: Float64Array) => number;
}

// Two classes, the first half of the rows in class 0 and the second in class 1, so they are exactly balanced.
const classOf = (row: number, rows: number): number => (row < Math.ceil(rows / 2) ? 0 : 1);

// Following TensorFlow Playground's src/dataset.ts (Apache-2.0): radius 5, points within 0.5 r inside, 0.7 r–r outside.
const CIRCLE_RADIUS = 5;
// Uniform noise added to each coordinate, as a fraction of the plane's half-width 5, like the Playground's noise slider.
const NOISE = 0.1;

/**
 * The generated datasets, in the order `downhill datasets` lists them. Each 2-D set follows the
 * generator of the same name in TensorFlow Playground (src/dataset.ts), with labels taken from the
 * group a point was drawn for — so classes are exactly balanced and noise may push a few across.
 *
 * @example
 * datasetGenerators.map((g) => g.name).includes('spiral'); // → true
 * datasetGenerators.find((g) => g.name === 'line')?.featureNames; // → ['x']
 */
export const datasetGenerators: readonly DatasetGenerator[] = [
  {
    name: 'line',
    description: 'a noisy line y = 2x + 1 + N(0, 0.5²), x uniform in [0, 5] (regression)',
    defaultRows: 50,
    featureNames: ['x'],
    targetName: 'y',
    classes: null,
    draw(rng, _row, _rows, out) {
      const x = rng.uniform(0, 5);
      out[0] = x;
      return 2 * x + 1 + rng.normal(0, 0.5);
    },
  },
  {
    name: 'circle',
    description: 'a disc of one class inside a ring of the other (2-D, like TensorFlow Playground)',
    defaultRows: 400,
    featureNames: ['x1', 'x2'],
    targetName: 'label',
    classes: ['inside', 'outside'],
    draw(rng, row, rows, out) {
      const label = classOf(row, rows);
      const radius =
        label === 0 ? rng.uniform(0, 0.5 * CIRCLE_RADIUS) : rng.uniform(0.7 * CIRCLE_RADIUS, CIRCLE_RADIUS);
      const angle = rng.uniform(0, 2 * Math.PI);
      out[0] = radius * Math.sin(angle) + rng.uniform(-5, 5) * NOISE;
      out[1] = radius * Math.cos(angle) + rng.uniform(-5, 5) * NOISE;
      return label;
    },
  },
  {
    name: 'xor',
    description: 'four quadrants, the class is the sign of x1·x2 (2-D, like TensorFlow Playground)',
    defaultRows: 400,
    featureNames: ['x1', 'x2'],
    targetName: 'label',
    classes: ['negative', 'positive'],
    draw(rng, row, rows, out) {
      const label = classOf(row, rows);
      // A gap of 0.3 around each axis, as in the Playground, keeps the quadrants apart before noise.
      const sign1 = rng.next() < 0.5 ? -1 : 1;
      const sign2 = label === 1 ? sign1 : -sign1;
      out[0] = sign1 * rng.uniform(0.3, 5.3) + rng.uniform(-5, 5) * NOISE;
      out[1] = sign2 * rng.uniform(0.3, 5.3) + rng.uniform(-5, 5) * NOISE;
      return label;
    },
  },
  {
    name: 'gaussians',
    description:
      'two round gaussian clusters, N((−2, −2), 1) and N((2, 2), 1) (2-D, like TensorFlow Playground)',
    defaultRows: 400,
    featureNames: ['x1', 'x2'],
    targetName: 'label',
    classes: ['negative', 'positive'],
    draw(rng, row, rows, out) {
      const label = classOf(row, rows);
      const centre = label === 1 ? 2 : -2;
      out[0] = rng.normal(centre, 1);
      out[1] = rng.normal(centre, 1);
      return label;
    },
  },
  {
    name: 'spiral',
    description: 'two interleaved spiral arms, 1.75 turns each (2-D, like TensorFlow Playground)',
    defaultRows: 400,
    featureNames: ['x1', 'x2'],
    targetName: 'label',
    classes: ['negative', 'positive'],
    draw(rng, row, rows, out) {
      const label = classOf(row, rows);
      const perArm = label === 0 ? Math.ceil(rows / 2) : Math.floor(rows / 2);
      const i = label === 0 ? row : row - Math.ceil(rows / 2);
      const r = (i / perArm) * 5;
      // The second arm is the first turned by half a circle.
      const t = ((1.75 * i) / perArm) * 2 * Math.PI + (label === 1 ? Math.PI : 0);
      out[0] = r * Math.sin(t) + rng.uniform(-1, 1) * NOISE;
      out[1] = r * Math.cos(t) + rng.uniform(-1, 1) * NOISE;
      return label;
    },
  },
];

/**
 * Draws a generated dataset by name; the same seed and rows always give the same Float64Arrays.
 * Rows are grouped by class (all of class 0 first); splits and batches shuffle them.
 *
 * @example
 * const data = generateDataset('spiral', { seed: 1 });
 * data.rows; // → 400
 * data.classes; // → ['negative', 'positive']
 */
export function generateDataset(name: string, options: GenerateOptions): Dataset {
  const generator = datasetGenerators.find((g) => g.name === name);
  if (generator === undefined) {
    throw new InputError(
      `no generated dataset "${name}"; there are ${datasetGenerators.map((g) => g.name).join(', ')}`,
    );
  }
  const rows = options.rows ?? generator.defaultRows;
  if (!Number.isSafeInteger(rows) || rows < 2)
    throw new InputError(`@${name}: rows must be a whole number ≥ 2, got ${rows}`);
  const rng = Random.seeded(options.seed);
  const width = generator.featureNames.length;
  const features = new Float64Array(rows * width);
  const target = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    target[row] = generator.draw(rng, row, rows, features.subarray(row * width, (row + 1) * width));
  }
  return {
    name,
    featureNames: generator.featureNames,
    targetName: generator.targetName,
    rows,
    features,
    target,
    classes: generator.classes,
  };
}
