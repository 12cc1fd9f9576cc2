// `npm run bench -- [--only NAME] [--json]`: runs the benchmarks against their peers and prints the rows.

import { parseArgs } from 'node:util';
import type { Bench, BenchRow } from './bench.js';

const modules = [
  './start.js',
  './bundle.js',
  './expr.js',
  './optim.js',
  './linreg.js',
  './classify.js',
  './mlp.js',
  './fit.js',
  './nist.js',
  './csv-fit.js',
  './stream-fit.js',
  './playground.js',
  './web-threads.js',
];

const USAGE = 'usage: npm run bench -- [--only NAME] [--json]';

/** A mistyped command line ends with what was wrong and the usage, exit code 2, before anything is measured. */
function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n${USAGE}\n`);
  process.exit(2);
}

let values: { only?: string; json?: boolean };
try {
  ({ values } = parseArgs({
    options: { only: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  }));
} catch (error) {
  fail((error as Error).message);
}

const format = (seconds: number | null): string =>
  seconds === null
    ? '—'
    : seconds < 1e-3
      ? `${(seconds * 1e6).toPrecision(3)} µs`
      : `${(seconds * 1e3).toPrecision(3)} ms`;

const benches: Bench[] = [];
for (const path of modules) benches.push(((await import(path)) as { bench: Bench }).bench);
const chosen = benches.filter((bench) => values.only === undefined || bench.name.startsWith(values.only));
if (chosen.length === 0) {
  fail(`--only ${values.only} names no benchmark; the names are ${benches.map((b) => b.name).join(', ')}`);
}

const rows: BenchRow[] = [];
for (const bench of chosen) {
  if (!values.json) process.stderr.write(`running ${bench.name}…\n`);
  for (const row of await bench.run()) {
    rows.push(row);
    if (values.json) continue;
    const show = (v: number | null): string =>
      row.unit === 'bytes' && v !== null ? `${v} bytes` : format(v);
    const peers = Object.entries(row.peers)
      .map(([name, s]) => `${name} ${show(s)} (${(s / row.downhill).toFixed(2)}× downhill's time)`)
      .join(', ');
    const notes = row.notes
      ? `\n    ${Object.entries(row.notes)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n    ')}`
      : '';
    process.stdout.write(
      `${row.name}: downhill ${show(row.downhill)}; ${peers || 'no peers'}; bound ${show(row.bound)}${row.boundSpread ? ` (${show(row.boundSpread.median)} at the median bandwidth, ${show(row.boundSpread.worst)} at the worst)` : ''}${notes}\n`,
    );
  }
}
if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
