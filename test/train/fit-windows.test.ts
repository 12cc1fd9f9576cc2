// Streamed fits: a spilled file gives the in-memory run bit for bit with the same seed, batch size and window.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsvFile } from '../../src/data/csv-file.js';
import { memoryWindows } from '../../src/data/row-windows.js';
import { spillCsv } from '../../src/data/spill-file.js';
import { InputError } from '../../src/errors.js';
import { fit } from '../../src/train/fit.js';
import { fitWindows } from '../../src/train/fit-windows.js';

const folder = mkdtempSync(join(tmpdir(), 'downhill-stream-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const lines = ['a,b,c,label,y'];
for (let i = 0; i < 1000; i++) {
  const [a, b, c] = [((i * 37) % 101) / 50 - 1, ((i * 53) % 89) / 44 - 1, ((i * 71) % 97) / 48 - 1];
  const y = 1.5 * a - 2 * b + 0.5 * c + 0.3 + ((i % 11) - 5) / 100;
  lines.push(`${a},${b},${c},${a - b > 0 ? 'up' : 'down'},${y.toFixed(6)}`);
}
const file = join(folder, 'rows.csv');
writeFileSync(file, `${lines.join('\n')}\n`);
const regression = { features: ['a', 'b', 'c'], target: 'y' };

describe('fitWindows', () => {
  it('streams a spilled file to the same params as the same rows in memory, window by window', async () => {
    const settings = { optimizer: 'adam', batchSize: 32, epochs: 4, seed: 11, tol: 0 } as const;
    const windows = await spillCsv(file, regression, () => 256);
    try {
      expect(windows.window).toBe(256);
      const streamed = fitWindows(windows, settings);
      const inMemory = fitWindows(memoryWindows(await readCsvFile(file, regression), 256), settings);
      expect(Array.from(streamed.params)).toEqual(Array.from(inMemory.params));
      expect(streamed.loss).toBe(inMemory.loss);
      expect(streamed.window).toBe(256);
    } finally {
      windows.close();
    }
  });

  it('equals fit() bit for bit when one window holds every row', async () => {
    const data = await readCsvFile(file, regression);
    const settings = { optimizer: 'momentum', batchSize: 25, epochs: 6, seed: 4, tol: 0 } as const;
    const windows = await spillCsv(file, regression, () => 1000);
    try {
      const streamed = fitWindows(windows, settings);
      const whole = fit(data, settings);
      expect(Array.from(streamed.params)).toEqual(Array.from(whole.params));
      expect(streamed.loss).toBeCloseTo(whole.loss, 12);
      expect((streamed.metrics as { r2: number }).r2).toBeCloseTo((whole.metrics as { r2: number }).r2, 9);
    } finally {
      windows.close();
    }
  });

  it('trains a classifier on streamed labels, numbered as the in-memory reader numbers them', async () => {
    const labels = { features: ['a', 'b'], target: 'label' };
    const settings = {
      model: 'logistic',
      optimizer: 'adam',
      batchSize: 50,
      epochs: 3,
      seed: 2,
      tol: 0,
    } as const;
    const windows = await spillCsv(file, labels, () => 200);
    try {
      const streamed = fitWindows(windows, settings);
      const inMemory = fitWindows(memoryWindows(await readCsvFile(file, labels), 200), settings);
      expect(streamed.classes).toEqual(['down', 'up']);
      expect(Array.from(streamed.params)).toEqual(Array.from(inMemory.params));
      expect((streamed.metrics as { accuracy: number }).accuracy).toBeGreaterThan(0.9);
    } finally {
      windows.close();
    }
  });

  it('sums a full-batch epoch over the windows', async () => {
    const data = await readCsvFile(file, regression);
    const settings = { epochs: 5, tol: 0, optimizerOptions: { learningRate: 0.1 } } as const;
    const streamed = fitWindows(memoryWindows(data, 300), settings);
    const whole = fit(data, settings);
    for (const [i, p] of streamed.params.entries()) expect(p).toBeCloseTo(whole.params[i]!, 12);
  });

  it('refuses a poly model and line searches, by key', async () => {
    const data = await readCsvFile(file, regression);
    const windows = memoryWindows(data, 100);
    const key = (settings: object): unknown => {
      try {
        fitWindows(windows, settings);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).not.toContain('--');
        return (error as InputError).key;
      }
      return null;
    };
    expect(key({ model: 'poly:2', batchSize: 10 })).toBe('model');
    expect(key({ optimizer: 'lbfgs' })).toBe('optimizer');
  });

  it('lets a batch span two windows: every row stepped on once an epoch, the last batch short', async () => {
    const data = await readCsvFile(file, regression);
    const settings = {
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.05 },
      batchSize: 30,
      epochs: 3,
      seed: 9,
      tol: 0,
    } as const;
    const progress: number[] = [];
    const run = fitWindows(memoryWindows(data, 100), {
      ...settings,
      onProgress: (p) => progress.push(p.rowsDone),
    });
    expect(progress.at(-1)).toBe(3 * 1000);
    // Window after window the rows go by in batches of 30: 990 rows in 33 batches, then the epoch's last 10.
    expect(progress.slice(0, 2)).toEqual([90, 180]);
    expect(progress[10]).toBe(1000);
    expect((run.metrics as { r2: number }).r2).toBeGreaterThan(0.99);
  });

  it('names a file it cannot stream and leaves no temporary file behind', async () => {
    const quoted = join(folder, 'quoted.csv');
    writeFileSync(quoted, 'x,y\n"1",2\n');
    const before = readdirSync(tmpdir()).filter((name) => name.startsWith('downhill-spill-')).length;
    await expect(spillCsv(quoted, {}, () => 10)).rejects.toThrow(
      `${quoted}: streaming reads plain numeric CSV`,
    );
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith('downhill-spill-')).length).toBe(before);
  });
});
