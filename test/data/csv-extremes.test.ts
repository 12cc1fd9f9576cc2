// CSV files at the extremes and fuzzed: each loads in memory proportional to its data or is refused with its line, quickly.

import { closeSync, mkdtempSync, openSync, rmSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import { CsvGuard } from '../../src/data/csv-guard.js';
import { parseCsvText } from '../../src/data/csv-text.js';
import { InputError } from '../../src/errors.js';
import { fit } from '../../src/train/fit.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-csvx-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let count = 0;
const fixture = (content: string | Uint8Array): string => {
  const path = join(folder, `f${++count}.csv`);
  writeFileSync(path, content);
  return path;
};
const refusal = async (path: string): Promise<string> => {
  const error = await readCsvFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
};

describe('extreme CSV files', () => {
  it.each([
    ['a BOM', '\uFEFFx,y\n1,2\n2,4\n'],
    ['CR line ends only', 'x,y\r1,2\r2,4\r'],
    ['CR LF line ends', 'x,y\r\n1,2\r\n2,4\r\n'],
    ['a quoted header with a line break', '"x\nwide",y\n1,2\n2,4\n'],
  ])('%s reads as the plain file does', async (_, text) => {
    const data = await readCsvFile(fixture(text));
    expect(data.rows).toBe(2);
    expect(Array.from(data.features)).toEqual([1, 2]);
    expect(Array.from(data.target)).toEqual([2, 4]);
  });

  it('10,000 columns load, every number in place', async () => {
    const columns = 10_000;
    const header = [...Array.from({ length: columns }, (_, i) => `c${i}`), 'y'].join(',');
    const rows = Array.from({ length: 3 }, (_, r) =>
      Array.from({ length: columns + 1 }, (_, i) => (i * r) % 7).join(','),
    );
    const data = await readCsvFile(fixture(`${header}\n${rows.join('\n')}\n`));
    expect(data.featureNames).toHaveLength(columns);
    expect(data.rows).toBe(3);
    expect(data.features[2 * columns + 9_999]).toBe((9_999 * 2) % 7);
    expect(data.target[2]).toBe((10_000 * 2) % 7);
  });

  it('a 50 MB line is refused with its line, without buffering it whole', async () => {
    const message = await refusal(fixture(`x,y\n${'1'.repeat(50 << 20)},2\n`));
    expect(message).toMatch(/line 2: the line is longer than 1 MiB/);
    const header = await refusal(fixture(`${'x'.repeat(50 << 20)},y\n1,2\n`));
    expect(header).toMatch(/line 1: the line is longer than 1 MiB/);
  });

  it('a sparse 2 GB file (all NUL bytes after its header) is refused at its first block', async () => {
    const path = join(folder, 'sparse.csv');
    const fd = openSync(path, 'w');
    writeSync(fd, 'x,y\n1,2\n');
    closeSync(fd);
    truncateSync(path, 2 ** 31);
    const before = process.memoryUsage().rss;
    expect(await refusal(path)).toBe(`${path} line 3: a NUL byte — this is binary data, not CSV text`);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 << 20);
  });

  it('a NUL byte in a cell or a label is refused with its line', async () => {
    expect(await refusal(fixture('x,y\n1,\u00002\n'))).toMatch(/line 2: a NUL byte/);
    const labels = await readCsvFile(fixture('x,y\n1,a\n2,b\u0000\n'), { targetKind: 'categorical' }).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(labels).toMatch(/line 3: a NUL byte/);
  });

  it('binary garbage is refused with its line', async () => {
    const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) >>> 24);
    expect(await refusal(fixture(bytes))).toMatch(/line \d+: (a NUL byte|.*)/);
  });

  it('bytes that are not UTF-8, with no NUL byte, are refused with their line, not a TypeError', async () => {
    const bytes = Uint8Array.from({ length: 40_000 }, (_, i) => 1 + (((i * 2654435761) >>> 24) % 255));
    bytes.set([0xff, 0xfe, 0x2c, 0x79, 0x0a], 0);
    expect(await refusal(fixture(bytes))).toMatch(/line \d+/);
    const latin1 = Uint8Array.from([...Buffer.from('temp'), 0xe9, ...Buffer.from(',y\n1,2\n2,4\n')]);
    const data = await readCsvFile(fixture(latin1));
    expect(data.featureNames).toEqual(['temp\uFFFD']);
    expect(Array.from(data.target)).toEqual([2, 4]);
  });

  it('messages quote a short window of a long cell, not the cell', async () => {
    const message = await refusal(fixture(`x,y\n${'a'.repeat(100_000)},2\n`));
    expect(message.length).toBeLessThan(200);
    expect(message).toContain('line 2, column 1 "x": "aaaa');
    expect(message).toContain('(100000 characters) is not a number');
  });

  it('__proto__ and constructor are columns like any other, and keep their weights', async () => {
    const data = await readCsvFile(fixture('__proto__,constructor,y\n0,1,1\n1,0,3\n2,1,5\n3,3,2\n'));
    expect(data.featureNames).toEqual(['__proto__', 'constructor']);
    const run = fit(data, { epochs: 2000, optimizerOptions: { learningRate: 0.05 } });
    expect(Object.keys(run.parameters)).toEqual(['intercept', '__proto__', 'constructor']);
    expect(Object.getPrototypeOf(run.parameters)).toBe(Object.prototype);
    const weight = Object.getOwnPropertyDescriptor(run.parameters, '__proto__')?.value;
    expect(typeof weight).toBe('number');
    expect(
      Object.getOwnPropertyDescriptor(JSON.parse(JSON.stringify(run.parameters)), '__proto__')?.value,
    ).toBe(weight);
    const poly = fit(data, { model: 'poly:2', epochs: 10 });
    expect(Object.keys(poly.parameters)).toEqual(['intercept', '__proto__', 'constructor']);
  });

  it('a duplicate __proto__ header is refused with its line', async () => {
    expect(await refusal(fixture('__proto__,__proto__,y\n1,2,3\n'))).toMatch(
      /line 1: the header names "__proto__" twice \(columns 1 and 2\)/,
    );
  });
});

describe('CsvGuard', () => {
  it('counts LF, CR LF (split across chunks too) and lone CR as one line each', () => {
    const guard = new CsvGuard('g', 8);
    guard.check('a\r');
    guard.check('\nb\rc\nd');
    expect(() => guard.check('\0')).toThrow('g line 4: a NUL byte');
  });

  it('measures a line across chunks', () => {
    const guard = new CsvGuard('g', 8);
    guard.check('abcd');
    guard.check(new TextEncoder().encode('efgh'));
    expect(() => guard.check('i')).toThrow('g line 1: the line is longer than');
  });
});

// Fuzz: the pieces CSV files are made of, mutated and joined; every outcome is a Dataset or an InputError.
const runs = Number(process.env.FUZZ_RUNS ?? 2000);
const piece = fc.oneof(
  fc.constantFrom(
    'x',
    'y',
    '__proto__',
    'constructor',
    'toString',
    '"',
    '""',
    '"a,b"',
    '"1\n2"',
    ',',
    '\n',
    '\r',
    '\r\n',
    '\uFEFF',
    ' ',
    '1',
    '-2.5',
    '1e308',
    '1e999',
    'NaN',
    'Infinity',
    '',
    '\0',
    '\u2028',
    'é',
  ),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 8 }),
);
const csv = fc.oneof(
  fc.array(piece, { maxLength: 60 }).map((parts) => parts.join('')),
  fc
    .tuple(
      fc.array(fc.constantFrom('x', 'y', '__proto__', 'x', 'a b', '"q,r"', ''), {
        minLength: 1,
        maxLength: 5,
      }),
      fc.array(fc.array(fc.oneof(fc.integer({ min: -9, max: 9 }).map(String), piece), { maxLength: 6 }), {
        maxLength: 8,
      }),
      fc.constantFrom('\n', '\r\n', '\r'),
      fc.boolean(),
    )
    .map(
      ([header, rows, end, bom]) =>
        `${bom ? '\uFEFF' : ''}${[header, ...rows].map((r) => r.join(',')).join(end)}${end}`,
    ),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => new TextDecoder('latin1').decode(bytes)),
);

describe('CSV fuzz', () => {
  it(`${runs} generated files: a Dataset or an InputError naming the source, nothing else`, () => {
    fc.assert(
      fc.property(csv, fc.boolean(), (text, categorical) => {
        try {
          const data = parseCsvText(text, categorical ? { targetKind: 'categorical' } : {}, 'fuzz.csv');
          expect(data.rows).toBeGreaterThan(0);
          expect(data.features.length).toBe(data.rows * data.featureNames.length);
          for (const v of data.features) expect(Number.isFinite(v)).toBe(true);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.message).toMatch(/^fuzz\.csv/);
          expect(error.message.length).toBeLessThan(400);
        }
      }),
      { numRuns: runs },
    );
  });

  it('the file reader agrees with the text reader on generated files', async () => {
    await fc.assert(
      fc.asyncProperty(csv, async (text) => {
        const path = fixture(text);
        const fromText = (() => {
          try {
            return parseCsvText(text, {}, path);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            return error.message;
          }
        })();
        const fromFile = await readCsvFile(path).then(
          (d) => d,
          (error: unknown) => {
            if (!(error instanceof InputError)) throw error;
            return error.message;
          },
        );
        if (typeof fromText === 'string') expect(typeof fromFile).toBe('string');
        else expect(fromFile).toMatchObject({ rows: fromText.rows, featureNames: fromText.featureNames });
      }),
      { numRuns: Math.min(runs, 300) },
    );
  });
});
