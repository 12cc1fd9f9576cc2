// Child process for the large-file test: reads a CSV under a small heap limit and prints what it found.

import { readCsvFile } from '../../src/data/csv-file.js';

const data = await readCsvFile(process.argv[2]!, { features: ['a', 'b'], target: 'label' });
let sumA = 0;
let sumB = 0;
for (let i = 0; i < data.rows; i++) {
  sumA += data.features[2 * i]!;
  sumB += data.features[2 * i + 1]!;
}
const labelSum = data.target.reduce((s, v) => s + v, 0);
process.stdout.write(JSON.stringify({ rows: data.rows, sumA, sumB, labelSum, classes: data.classes }));
