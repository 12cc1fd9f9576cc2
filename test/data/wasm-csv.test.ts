// The WebAssembly CSV scanner: the JavaScript scanner's doubles bit for bit, its refusals, its row counts, on any file.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import type { CsvOptions } from '../../src/data/csv-table.js';
import type { RowBlock } from '../../src/data/numeric-csv.js';
import { growingBlock, jsLines, scanPlainCsv } from '../../src/data/plain-csv-file.js';
import { WasmCsvLines } from '../../src/data/wasm-csv-lines.js';
import { fit } from '../../src/train/fit.js';
import { numberText } from './number-text.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-wasm-csv-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let count = 0;
const fixture = (text: string): string => {
  const path = join(folder, `wasm${++count}.csv`);
  writeFileSync(path, text);
  return path;
};

/** Both scanners over one file: each one's shape (or null) and rows. */
async function bothScanners(text: string, options: CsvOptions = {}) {
  const path = fixture(text);
  let block: RowBlock | null = null;
  const js = await scanPlainCsv(
    path,
    options,
    jsLines((width, rows) => {
      block = growingBlock(width, rows);
      return block;
    }),
  );
  let lines: WasmCsvLines | null = null;
  // A label target is the JavaScript scanner's alone.
  let labelled = false;
  const wasm = await scanPlainCsv(path, options, (roles, width, labels, rows) => {
    if (labels) {
      labelled = true;
      return jsLines(growingBlock)(roles, width, labels, rows);
    }
    lines = new WasmCsvLines(roles, width, rows);
    return lines;
  });
  const jsRows = block as RowBlock | null;
  const wasmRows = lines as WasmCsvLines | null;
  return {
    js,
    wasm,
    labelled,
    jsFeatures:
      jsRows === null || js === null
        ? []
        : [...jsRows.features.subarray(0, js.rows * js.featureNames.length)],
    jsTarget: jsRows === null || js === null ? [] : [...jsRows.target.subarray(0, js.rows)],
    wasmFeatures: wasmRows === null || wasm === null ? [] : [...wasmRows.features()],
    wasmTarget: wasmRows === null || wasm === null ? [] : [...wasmRows.target()],
  };
}

/** Equal arrays of doubles, −0 told from 0. */
function sameBits(a: readonly number[], b: readonly number[]): void {
  expect(a.length).toBe(b.length);
  const differ = a.findIndex((v, i) => !Object.is(v, b[i]));
  expect(differ === -1 ? null : [differ, a[differ], b[differ]]).toBeNull();
}

describe.runIf(WasmCsvLines.available())('the WebAssembly CSV scanner', () => {
  it('reads the doubles the JavaScript scanner reads, bit for bit, and refuses what it refuses', async () => {
    const junk = fc.constantFrom(
      '',
      ' ',
      '"1"',
      'abc',
      '1e',
      '.',
      '-',
      '1.2.3',
      '0x10',
      'NaN',
      '1e999',
      '\0',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(fc.oneof({ weight: 12, arbitrary: numberText }, junk), { minLength: 3, maxLength: 3 }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.constantFrom('\n', '\r\n'),
        fc.constantFrom('', ' ', '\t'),
        fc.boolean(),
        fc.constantFrom<CsvOptions>({}, { features: ['b'] }, { target: 'a', features: ['y'] }),
        async (rows, eol, pad, finalBreak, options) => {
          const lines = ['a,b,y', ...rows.map((r) => r.map((v) => `${pad}${v}${pad}`).join(','))];
          const both = await bothScanners(lines.join(eol) + (finalBreak ? eol : ''), options);
          expect(both.wasm).toEqual(both.js);
          if (both.labelled) return;
          sameBits(both.wasmFeatures, both.jsFeatures);
          sameBits(both.wasmTarget, both.jsTarget);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a large file across steps and chunks, grows past its first guess of the rows and hands many numbers to Number()', async () => {
    // Long lines first, so the guess from the first lines is too few rows; 17-digit numbers, which only Number()
    // reads exactly, fill the fixups many times over.
    const lines = ['x1,x2,y'];
    for (let i = 0; i < 7000; i++)
      lines.push(`${0.1 + i / 3},${(i * 1e-7).toPrecision(17)},${i}.000000000000001`);
    for (let i = 0; i < 250_000; i++) lines.push(`${i % 7},${i % 3}.5,${i % 11}e-1`);
    const both = await bothScanners(`${lines.join('\r\n')}\r\n`);
    expect(both.wasm?.rows).toBe(257_000);
    expect(both.wasm).toEqual(both.js);
    sameBits(both.wasmFeatures, both.jsFeatures);
    sameBits(both.wasmTarget, both.jsTarget);
  });

  it('hands back a line cut by the end of the bytes and reads it whole the next time', () => {
    const lines = new WasmCsvLines(Int32Array.of(0, -1), 1, 4);
    const text = new TextEncoder().encode('1,2\n3,4\n5,6\n7,');
    lines.bytes.set(text);
    expect(lines.scan(0, text.length, false)).toBe(12);
    expect(lines.rows).toBe(3);
    const rest = new TextEncoder().encode('7,8.25');
    lines.bytes.set(rest);
    expect(lines.scan(0, rest.length, true)).toBe(rest.length);
    expect([...lines.features()]).toEqual([1, 3, 5, 7]);
    expect([...lines.target()]).toEqual([2, 4, 6, 8.25]);
  });
});

describe.runIf(WasmCsvLines.available())('rows read into WebAssembly memory', () => {
  /** A plain file of `rows` × `cols` features and y, the numbers of a seeded sequence. */
  const bigFile = (rows: number, cols: number): string => {
    const lines = [[...Array.from({ length: cols }, (_, j) => `x${j}`), 'y'].join(',')];
    let s = 7;
    const next = () => {
      s = (s * 16807) % 2147483647;
      return (s / 2147483647 - 0.5).toFixed(6);
    };
    for (let i = 0; i < rows; i++) lines.push(Array.from({ length: cols + 1 }, next).join(','));
    return fixture(`${lines.join('\n')}\n`);
  };

  it('train to the params and loss of the same rows in plain arrays, the loss and metrics at the final params', async () => {
    const data = await readCsvFile(bigFile(20_000, 6));
    const copy = {
      ...data,
      features: Float64Array.from(data.features),
      target: Float64Array.from(data.target),
    };
    const options = { epochs: 5, tol: 0, optimizerOptions: { learningRate: 0.05 } };
    const [read, copied] = [fit(data, options), fit(copy, options)];
    expect(read.parameters).toEqual(copied.parameters);
    expect(read.loss).toBe(copied.loss);
    expect(read.metrics).toEqual(copied.metrics);
    // The final loss and metrics come from the bound kernel's pass: the mse and r² at the returned params.
    const p = read.parameters as Record<string, number>;
    let sse = 0;
    let mean = 0;
    for (let i = 0; i < data.rows; i++) mean += data.target[i]! / data.rows;
    let sst = 0;
    for (let i = 0; i < data.rows; i++) {
      let z = p.intercept!;
      data.featureNames.forEach((name, j) => {
        z += p[name]! * data.features[i * 6 + j]!;
      });
      sse += (z - data.target[i]!) ** 2;
      sst += (data.target[i]! - mean) ** 2;
    }
    expect(read.loss).toBeCloseTo(sse / data.rows, 13);
    expect(read.metrics).toEqual({
      mse: expect.closeTo(sse / data.rows, 13),
      r2: expect.closeTo(1 - sse / sst, 13),
    });
  });
});
