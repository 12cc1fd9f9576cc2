// The fast numeric CSV path: the same numbers as the exact reader bit for bit, and the exact reader whenever a file is not plain.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import type { CsvOptions } from '../../src/data/csv-table.js';
import { parseCsvText } from '../../src/data/csv-text.js';
import { NumericCsvScanner, type RowBlock, TARGET_FIELD } from '../../src/data/numeric-csv.js';
import { growingBlock, jsLines, scanPlainCsv } from '../../src/data/plain-csv-file.js';
import { numberText } from './number-text.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-plain-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let count = 0;
const fixture = (text: string): string => {
  const path = join(folder, `plain${++count}.csv`);
  writeFileSync(path, text);
  return path;
};

async function bothReaders(text: string, given: CsvOptions = {}) {
  const options = { name: 'same', ...given };
  const path = fixture(text);
  const fast = await scanPlainCsv(path, options, jsLines(growingBlock));
  return { fast, file: await readCsvFile(path, options), exact: parseCsvText(text, options, path) };
}

describe('plain numeric files', () => {
  it('read to the same doubles as the exact reader, bit for bit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(numberText, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', ' ', '\t'),
        fc.boolean(),
        async (rows, eol, pad, finalBreak) => {
          const lines = ['a,b,y', ...rows.map((r) => r.map((v) => `${pad}${v}${pad}`).join(','))];
          const { fast, file, exact } = await bothReaders(lines.join(eol) + (finalBreak ? eol : ''));
          expect(fast).not.toBeNull();
          expect(file.rows).toBe(exact.rows);
          expect(Array.from(file.features)).toEqual(Array.from(exact.features));
          expect(Array.from(file.target)).toEqual(Array.from(exact.target));
          expect(Object.is(file.features[0], exact.features[0])).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keep signed zeros, skip columns they do not use and read labels in the sorted order', async () => {
    const text = 'id,x,-,y\nfirst,-0,anything,b\nsecond,2.5e-3,,a\nthird,7,x,b\n';
    const { fast, file, exact } = await bothReaders(text, { features: ['x'] });
    expect(fast?.labels).toEqual(['b', 'a']);
    expect(file).toEqual(exact);
    expect(Object.is(file.features[0], -0)).toBe(true);
    expect(file.classes).toEqual(['a', 'b']);
    expect(Array.from(file.target)).toEqual([1, 0, 1]);
  });

  it('read a file larger than one chunk, lines split across reads, as the exact reader does', async () => {
    const lines = ['x1,x2,y'];
    for (let i = 0; i < 120_000; i++) lines.push(`${i * 0.001},${(i % 97) / 7},${i % 13}.5e-2`);
    const { fast, file, exact } = await bothReaders(`${lines.join('\r\n')}\r\n`);
    expect(fast?.rows).toBe(120_000);
    expect(file).toEqual(exact);
  });

  it.each([
    ['a quoted field', 'x,y\n"1",2\n'],
    ['a blank line', 'x,y\n1,2\n\n3,4\n'],
    ['a CR-only line end', 'x,y\r1,2\r3,4\r'],
    ['an empty cell', 'x,y\n1,\n'],
    ['a ragged row', 'x,y\n1,2,3\n'],
    ['text in a feature', 'x,y\nabc,1\n'],
    ['NaN', 'x,y\nNaN,1\n'],
    ['an overflowing number', 'x,y\n1e999,1\n'],
    ['a hexadecimal number', 'x,y\n0x10,1\n'],
    ['a quoted header', '"x",y\n1,2\n'],
    ['a duplicate header', 'x,x\n1,2\n'],
    ['no data rows', 'x,y\n'],
  ])('leave %s to the exact reader', async (_what, text) => {
    const path = fixture(text);
    expect(await scanPlainCsv(path, {}, jsLines(growingBlock))).toBeNull();
    const exact = await Promise.resolve()
      .then(() => parseCsvText(text, { name: 'same' }, path))
      .catch((e: unknown) => e);
    const file = await readCsvFile(path, { name: 'same' }).catch((e: unknown) => e);
    expect(file).toEqual(exact);
  });
});

describe('NumericCsvScanner', () => {
  it('hands back an incomplete last line and fills blocks through flush', () => {
    const bytes = new TextEncoder().encode('1,2\n3,4\n5,6\n7,');
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    const seen: number[] = [];
    const block: RowBlock = {
      features: new Float64Array(2),
      target: new Float64Array(2),
      capacity: 2,
      rows: 0,
      flush() {
        seen.push(...block.features.subarray(0, block.rows));
        block.rows = 0;
      },
    };
    const scanner = new NumericCsvScanner(Int32Array.of(0, TARGET_FIELD), 1, false);
    expect(scanner.scan(padded, 0, bytes.length, false, block)).toBe(12);
    block.flush();
    expect(seen).toEqual([1, 3, 5]);
    expect(scanner.rows).toBe(3);
  });
});
