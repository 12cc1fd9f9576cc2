// CSV readers: every malformed file names its line and column; good files, labels and a 200k-row stream read right.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import type { CsvOptions } from '../../src/data/csv-table.js';
import { sortLabels } from '../../src/data/csv-table.js';
import { parseCsvText } from '../../src/data/csv-text.js';
import { InputError } from '../../src/errors.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-csv-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let fileCount = 0;
function fixture(content: string | Uint8Array): string {
  const path = join(folder, `case${++fileCount}.csv`);
  writeFileSync(path, content);
  return path;
}

async function failure(content: string, options: CsvOptions = {}): Promise<string> {
  const path = fixture(content);
  const error = await readCsvFile(path, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const message = (error as InputError).message;
  expect(message.startsWith(path)).toBe(true);
  // parseCsvText shares the core, so it must say the same about the same text.
  expect(() => parseCsvText(content, options, path)).toThrow(message);
  return message.slice(path.length);
}

describe('malformed CSV is bad input naming the line and column', () => {
  const cases: [string, string, CsvOptions, string][] = [
    ['a short row', 'x,y\n1,2\n3\n', {}, ' line 3: 1 field, but the header has 2 columns'],
    ['a long row', 'x,y\n1,2\n3,4\n5,6,7\n', {}, ' line 4: 3 fields, but the header has 2 columns'],
    ['an empty feature cell', 'x,y\n1,2\n,4\n', {}, ' line 3, column 1 "x": empty cell'],
    ['an empty target cell', 'x,y\n1,2\n3,\n', {}, ' line 3, column 2 "y": empty cell'],
    ['a quoted empty cell', 'x,y\n1,2\n"",4\n', {}, ' line 3, column 1 "x": empty cell'],
    ['text in a feature', 'x,y\n1,2\nabc,4\n', {}, ' line 3, column 1 "x": "abc" is not a number'],
    [
      'a column of words that is a feature by default',
      'name,a,y\nbob,1,2\n',
      {},
      ' line 2, column 1 "name": "bob" is not a number — "name" is a feature because features is not given (every column but the target is one); features a leaves it out',
    ],
    ['a hexadecimal number', 'x,y\n0x10,2\n', {}, ' line 2, column 1 "x": "0x10" is not a number'],
    ['a number with a unit', 'a,b,y\n1,2,3\n4,5 kg,6\n', {}, ' line 3, column 2 "b": "5 kg" is not a number'],
    [
      'NaN',
      'x,y\n1,2\nNaN,4\n',
      {},
      ' line 3, column 1 "x": "NaN" is not allowed: every value must be a finite number',
    ],
    [
      'Infinity in the target',
      'x,y\n1,2\n2,Infinity\n',
      {},
      ' line 3, column 2 "y": "Infinity" is not allowed',
    ],
    ['-Infinity', 'x,y\n1,2\n2,3\n-Infinity,3\n', {}, ' line 4, column 1 "x": "-Infinity" is not allowed'],
    ['inf', 'x,y\ninf,2\n', {}, ' line 2, column 1 "x": "inf" is not allowed'],
    [
      'an overflowing number',
      'x,y\n1e999,2\n',
      {},
      ' line 2, column 1 "x": "1e999" is too large for a 64-bit number',
    ],
    [
      'text after numbers in the target',
      'x,y\n1,2\n2,cat\n',
      {},
      ' line 3, column 2 "y": "cat" is not a number (the target holds numbers',
    ],
    [
      'text in a numeric target',
      'x,y\n1,dog\n',
      { targetKind: 'numeric' },
      ' line 2, column 2 "y": "dog" is not a number',
    ],
    ['an empty label', 'x,y\n1,a\n2,\n', {}, ' line 3, column 2 "y": empty cell'],
    ['no data rows', 'x,y\n', {}, ': no data rows after the header (line 1)'],
    ['only blank lines after the header', 'x,y\r\n\r\n\r\n', {}, ': no data rows after the header (line 1)'],
    ['an empty file', '', {}, ': the file is empty; expected a header row'],
    ['blank lines only', '\n\n\n', {}, ': the file is empty; expected a header row'],
    ['a BOM only', '\ufeff', {}, ': the file is empty; expected a header row'],
    ['a duplicate header', 'x,y,x\n1,2,3\n', {}, ' line 1: the header names "x" twice (columns 1 and 3)'],
    [
      'an unknown target',
      'x,y\n1,2\n',
      { target: 'z' },
      ' line 1: no target column "z"; the columns are x, y',
    ],
    [
      'an unknown feature',
      'a,b,y\n1,2,3\n',
      { features: ['a', 'c'] },
      ' line 1: no feature column "c"; the columns are a, b, y',
    ],
    ['an unnamed chosen column', ',x,y\n0,1,2\n', {}, ' line 1: column 1 has no name'],
    [
      'the target as a feature',
      'x,y\n1,2\n',
      { target: 'y', features: ['x', 'y'] },
      ': "y" cannot be both the target and a feature',
    ],
    ['a feature twice', 'x,y\n1,2\n', { features: ['x', 'x'] }, ': the feature column "x" is chosen twice'],
    ['a single column', 'y\n1\n', {}, ' line 1: only one column; a dataset needs a feature and a target'],
    ['an unclosed quote', 'x,y\n1,2\n3,"4\n', {}, ' line 3: a quoted field is never closed'],
    ['a stray quote', 'x,y\n1,2\n3,4"5\n', {}, ' line 3: '],
    ['text after a closing quote', 'x,y\n1,2\n3,"4"5\n', {}, ' line 3: text right after a closing quote'],
    // The record spans lines 3–4; the message names the line it starts on.
    ['a multi-line record', 'x,y\n1,2\n"3\n",4\n', {}, ' line 3, column 1 "x": "3\\n" is not a number'],
  ];
  it('offers labels only where the target kind was guessed, not where numbers were asked for', async () => {
    const message = await failure('x,y\n1,2\n2,cat\n', { targetKind: 'numeric' });
    expect(message.endsWith(' line 3, column 2 "y": "cat" is not a number')).toBe(true);
  });

  it.each(cases)('%s', async (_what, content, options, expected) => {
    expect(await failure(content, options)).toContain(expected);
  });

  it('keeps reading columns it does not use, but still checks their count', async () => {
    const data = await readCsvFile(fixture('id,x,y\nalpha,1,2\nbeta,3,4\n'), { features: ['x'] });
    expect(Array.from(data.features)).toEqual([1, 3]);
    expect(await failure('id,x,y\nalpha,1,2\nbeta,3\n', { features: ['x'] })).toContain(' line 3: 2 fields');
  });

  it('says when a file is missing, a directory or a path through a file', async () => {
    const cases: [string, string][] = [
      [join(folder, 'absent.csv'), 'no such file'],
      [folder, 'it is a folder'],
    ];
    for (const [path, reason] of cases) {
      await expect(readCsvFile(path)).rejects.toThrow(new InputError(`cannot read "${path}": ${reason}`));
    }
    const file = fixture('x,y\n1,2\n');
    await expect(readCsvFile(join(file, 'inner.csv'))).rejects.toThrow(
      /^cannot read ".*inner\.csv": a part of the path is not a folder$/,
    );
  });
});

describe('well-formed CSV', () => {
  it('handles a BOM, CRLF, quoted fields, spaces and blank trailing lines', async () => {
    const text =
      '\ufeff"area","rooms",price\r\n 50 ,"2", 100.5\r\n"7.5e1",3,"1,5e2"\r\n\r\n-1e-3,+4,.5\r\n\r\n\r\n';
    const path = fixture(text.replace('"1,5e2"', '150'));
    const data = await readCsvFile(path, { target: 'price' });
    expect(data).toMatchObject({
      name: path.slice(folder.length + 1, -4),
      featureNames: ['area', 'rooms'],
      targetName: 'price',
    });
    expect(data.rows).toBe(3);
    expect(Array.from(data.features)).toEqual([50, 2, 75, 3, -0.001, 4]);
    expect(Array.from(data.target)).toEqual([100.5, 150, 0.5]);
    expect(data.classes).toBeNull();
    // A quoted comma stays inside its field, so "1,5e2" is one (non-numeric) cell.
    expect(() => parseCsvText(text, { target: 'price' })).toThrow(
      'CSV text line 3, column 3 "price": "1,5e2" is not a number',
    );
  });

  it('reads a file without a final newline', () => {
    const data = parseCsvText('x,y\n1,2\n3,4');
    expect(Array.from(data.target)).toEqual([2, 4]);
  });

  it('takes the last column as the target and the others as features, in file order', () => {
    const data = parseCsvText('b,a,t\n1,2,3\n4,5,6\n', { name: 'demo' });
    expect(data).toMatchObject({ name: 'demo', featureNames: ['b', 'a'], targetName: 't', rows: 2 });
    expect(Array.from(data.features)).toEqual([1, 2, 4, 5]);
  });

  it('puts chosen features in the order given', () => {
    const data = parseCsvText('a,b,c,y\n1,2,3,4\n5,6,7,8\n', { target: 'a', features: ['c', 'y'] });
    expect(data.featureNames).toEqual(['c', 'y']);
    expect(Array.from(data.features)).toEqual([3, 4, 7, 8]);
    expect(Array.from(data.target)).toEqual([1, 5]);
  });

  it('turns text labels into sorted classes', () => {
    const data = parseCsvText('x,species\n1,virginica\n2,setosa\n3,"versicolor"\n4,setosa\n5,virginica\n');
    expect(data.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(Array.from(data.target)).toEqual([2, 0, 1, 0, 2]);
  });

  it('reads numbers as labels when asked, sorted as numbers', () => {
    const data = parseCsvText('x,digit\n1,10\n2,2\n3,0\n4,2\n', { targetKind: 'categorical' });
    expect(data.classes).toEqual(['0', '2', '10']);
    expect(Array.from(data.target)).toEqual([2, 1, 0, 1]);
    // Text first means labels in auto mode, and a later number is one more label.
    const mixed = parseCsvText('x,y\n1,yes\n2,no\n3,1\n');
    expect(mixed.classes).toEqual(['1', 'no', 'yes']);
    expect(Array.from(mixed.target)).toEqual([2, 1, 0]);
    // Numbers in auto mode are a numeric target.
    expect(parseCsvText('x,y\n1,0\n2,1\n').classes).toBeNull();
  });

  it('sorts labels by number when all are numbers, else by code unit', () => {
    expect(sortLabels(['10', '-1', '2.5', '1e1'])).toEqual(['-1', '2.5', '10', '1e1']);
    expect(sortLabels(['b', 'B', 'a', '10', '9'])).toEqual(['10', '9', 'B', 'a', 'b']);
  });

  it('round-trips any numeric table written with any quoting and line ending', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
    const table = fc
      .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/), { minLength: 2, maxLength: 5 })
      .chain((names) =>
        fc.record({
          names: fc.constant(names),
          rows: fc.array(fc.array(finite, { minLength: names.length, maxLength: names.length }), {
            minLength: 1,
            maxLength: 20,
          }),
          quoting: fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
          newline: fc.constantFrom('\n', '\r\n'),
          bom: fc.boolean(),
          trailing: fc.constantFrom('', '\n', '\n\n'),
        }),
      );
    fc.assert(
      fc.property(table, ({ names, rows, quoting, newline, bom, trailing }) => {
        let k = 0;
        const cell = (text: string): string => (quoting[k++ % quoting.length] ? `"${text}"` : text);
        const lines = [
          names.map(cell).join(','),
          ...rows.map((row) => row.map((v) => cell(String(v))).join(',')),
        ];
        const text = (bom ? '\ufeff' : '') + lines.join(newline) + trailing;
        const data = parseCsvText(text);
        expect(data.rows).toBe(rows.length);
        expect(data.featureNames).toEqual(names.slice(0, -1));
        expect(Array.from(data.features)).toEqual(rows.flatMap((row) => row.slice(0, -1)));
        expect(Array.from(data.target)).toEqual(rows.map((row) => row[row.length - 1]));
      }),
      { numRuns: 200 },
    );
  });
});

describe('a large file', () => {
  it('streams 200,000 rows (4 MB) into the right sums within a 16 MB heap', () => {
    const rows = 200_000;
    const parts: string[] = ['id,a,b,label\n'];
    let sumA = 0;
    let sumB = 0;
    let positives = 0;
    for (let i = 0; i < rows; i++) {
      const a = (i % 1000) / 8; // exact in binary
      const b = -(i % 37) * 0.5;
      const label = i % 3 === 0 ? 'pos' : 'neg';
      sumA += a;
      sumB += b;
      if (label === 'pos') positives++;
      parts.push(`${i},${a},${b},${label}\n`);
    }
    const path = fixture(parts.join(''));
    expect(statSync(path).size).toBeGreaterThan(4_000_000);
    // A 16 MB old generation, under 4× the file: reading the text whole and keeping its records as
    // string arrays (csv-parse/sync) runs out of memory even with 24 MB; streaming gets by with 8 MB.
    const child = spawnSync(
      process.execPath,
      [
        '--max-old-space-size=16',
        '--max-semi-space-size=1',
        '--import',
        'tsx',
        'test/data/read-csv-child.ts',
        path,
      ],
      { encoding: 'utf8' },
    );
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({
      rows,
      sumA,
      sumB,
      labelSum: positives,
      classes: ['neg', 'pos'],
    });
  });
});
