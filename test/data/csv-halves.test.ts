// A plain numeric CSV file read on two threads (its second half on a worker): the one-thread reader's rows bit for bit, its messages, its fallbacks.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import type { CsvOptions } from '../../src/data/csv-table.js';
import type { Dataset } from '../../src/data/dataset.js';
import { WasmCsvLines } from '../../src/data/wasm-csv-lines.js';
import { numberText } from './number-text.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-csv-halves-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let count = 0;
const fixture = (text: string): string => {
  const path = join(folder, `halves${++count}.csv`);
  writeFileSync(path, text);
  return path;
};

/** The file read on one thread and on two: each one's dataset, or its error's message. */
async function bothWays(path: string, options: CsvOptions = {}) {
  const read = (threads: 1 | 2) =>
    readCsvFile(path, { ...options, threads }).then(
      (data) => ({ data, error: null }),
      (error: Error) => ({ data: null, error: error.message }),
    );
  return { one: await read(1), two: await read(2) };
}

/** Equal datasets, every double bit for bit (−0 told from 0). */
function expectSameData(a: Dataset | null, b: Dataset | null): void {
  expect(a === null).toBe(b === null);
  if (a === null || b === null) return;
  expect([a.rows, a.featureNames, a.targetName, a.classes]).toEqual([
    b.rows,
    b.featureNames,
    b.targetName,
    b.classes,
  ]);
  for (const [x, y] of [
    [a.features, b.features],
    [a.target, b.target],
  ] as const) {
    expect(x.length).toBe(y.length);
    let differing = -1;
    for (let i = 0; i < x.length && differing < 0; i++) if (!Object.is(x[i], y[i])) differing = i;
    expect(differing).toBe(-1);
  }
}

describe.runIf(WasmCsvLines.available(true))('a CSV file read on two threads', () => {
  it('gives the one-thread rows bit for bit, and its messages, on random files', async () => {
    const junk = fc.constantFrom('', 'abc', '1e', '"1"', 'NaN', '1e999', '-0', '123456789012345678901');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.oneof({ weight: 40, arbitrary: numberText }, junk), { minLength: 3, maxLength: 3 }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.constantFrom<CsvOptions>({}, { features: ['b'] }, { target: 'a', features: ['y'] }),
        async (rows, eol, finalBreak, options) => {
          const lines = ['a,b,y', ...rows.map((r) => r.join(','))];
          const both = await bothWays(fixture(lines.join(eol) + (finalBreak ? eol : '')), options);
          expect(both.two.error).toBe(both.one.error);
          expectSameData(both.two.data, both.one.data);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names the line and column of a bad cell in the second half, as one thread does', async () => {
    const lines = ['a,b,y'];
    for (let i = 0; i < 10_000; i++) lines.push(`${i},${i / 7},${i % 5}`);
    lines[8_001] = '8000,oops,0';
    const both = await bothWays(fixture(`${lines.join('\n')}\n`));
    expect(both.two.error).toMatch(/line 8002, column 2 "b": "oops" is not a number/);
    expect(both.two.error).toBe(both.one.error);
  });

  it('reads a quoted field holding a line break across the middle on one thread, the same rows', async () => {
    const lines = ['a,label,y'];
    for (let i = 0; i < 2_000; i++) lines.push(`${i},x,${i % 3}`);
    lines[1_000] = '999,"two\nlines",1';
    const both = await bothWays(fixture(`${lines.join('\n')}\n`), { features: ['a'] });
    expect(both.two.error).toBeNull();
    expect(both.two.data?.rows).toBe(2_000);
    expectSameData(both.two.data, both.one.data);
  });

  it('reads the rows a part had no room for, in either half, numbers for Number() in both', async () => {
    // The rows are guessed from the first lines' length: shorter lines in the second half leave it more rows than
    // its room (the worker gives up and this thread reads them), and the first half more (read again on one thread).
    const long = (i: number) => `${(i * 1e-7).toPrecision(17)},${0.1 + i / 3},${i}.000000000000001`;
    const medium = (i: number) => `${i / 7},${(i * 1e-7).toPrecision(17)},${i % 5}`;
    const short = (i: number) => `${i % 7},${i % 3}.5,${i % 11}e-1`;
    for (const make of [
      (i: number) => (i < 40_000 ? medium(i) : short(i)),
      (i: number) => (i < 5_000 ? long(i) : short(i)),
    ]) {
      const lines = ['x1,x2,y', ...Array.from({ length: 80_000 }, (_, i) => make(i))];
      const both = await bothWays(fixture(`${lines.join('\n')}\n`));
      expect(both.two.data?.rows).toBe(80_000);
      expectSameData(both.two.data, both.one.data);
    }
  });

  it("reads the same rows by default ('auto', two threads on a large file where a core is free)", async () => {
    const lines = ['x1,x2,x3,y'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i / 3},${-i},${(i % 1000) / 7},${i % 2}`);
    const path = fixture(`${lines.join('\n')}\n`);
    const auto = await readCsvFile(path);
    const one = await readCsvFile(path, { threads: 1 });
    expect(auto.rows).toBe(200_000);
    expectSameData(auto, one);
  });
});
