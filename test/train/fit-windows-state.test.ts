// Streamed fits with a validation split, standardization and checkpoints: against fit() on the same rows, and against an uninterrupted run.

import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { heldRows } from '../../src/data/held-rows.js';
import { memoryWindows } from '../../src/data/row-windows.js';
import { takeRows } from '../../src/data/split.js';
import { fitStandardizer } from '../../src/data/standardize.js';
import { InputError } from '../../src/errors.js';
import { fit } from '../../src/train/fit.js';
import { fitWindows, type WindowFitOptions } from '../../src/train/fit-windows.js';
import { regressionMetrics } from '../../src/train/metrics.js';
import {
  decodeWindowCheckpoint,
  encodeWindowCheckpoint,
  type WindowCheckpoint,
} from '../../src/train/window-checkpoint.js';

/** 1,000 rows of y = 1.5a − 2b + 0.5c + 30 with noise; a sits far from 0 so standardizing matters. */
function rows(n = 1000): Dataset {
  const features = new Float64Array(n * 3);
  const target = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c] = [50 + ((i * 37) % 101) / 5, ((i * 53) % 89) / 44 - 1, ((i * 71) % 97) / 48 - 1];
    features.set([a, b, c], i * 3);
    target[i] = 1.5 * a - 2 * b + 0.5 * c + 30 + ((i % 11) - 5) / 10;
  }
  return {
    name: 'rows',
    featureNames: ['a', 'b', 'c'],
    targetName: 'y',
    classes: null,
    rows: n,
    features,
    target,
  };
}
const data = rows();

const isHeld = (held: Uint8Array, i: number): boolean => ((held[i >> 3]! >> (i & 7)) & 1) === 1;
/** The training and held-out rows heldRows picks, in the file's order. */
function split(set: Dataset, fraction: number, seed: number): { train: Dataset; validation: Dataset } {
  const held = heldRows(set.rows, fraction, seed);
  const pick = (want: boolean) =>
    Uint32Array.from({ length: set.rows }, (_, i) => i).filter((i) => isHeld(held, i) === want);
  return { train: takeRows(set, pick(false)), validation: takeRows(set, pick(true)) };
}

describe('heldRows', () => {
  it('holds out exactly round(fraction × rows), the same rows for the same seed', () => {
    for (const [n, f] of [
      [10, 0.3],
      [1000, 0.2],
      [999, 0.25],
      [7, 0.5],
    ] as const) {
      const held = heldRows(n, f, 4);
      let count = 0;
      for (let i = 0; i < n; i++) count += isHeld(held, i) ? 1 : 0;
      expect(count).toBe(Math.round(f * n));
      expect(heldRows(n, f, 4)).toEqual(held);
    }
    expect(heldRows(1000, 0.2, 1)).not.toEqual(heldRows(1000, 0.2, 2));
  });

  it('holds each row out with probability `fraction` over seeds (selection sampling is uniform)', () => {
    const n = 20;
    const counts = new Float64Array(n);
    const seeds = 4000;
    for (let seed = 0; seed < seeds; seed++) {
      const held = heldRows(n, 0.25, seed);
      for (let i = 0; i < n; i++) counts[i]! += isHeld(held, i) ? 1 : 0;
    }
    // 5 of 20 rows a seed: each row's share is 0.25 ± 4.5 standard errors (√(0.25·0.75/4000) ≈ 0.0068).
    for (const c of counts) expect(Math.abs(c / seeds - 0.25)).toBeLessThan(0.031);
  });

  it('refuses a fraction that leaves a part empty, by key', () => {
    for (const [n, f] of [
      [10, 0.01],
      [10, 0.99],
      [10, 1.5],
    ] as const) {
      const error = (() => {
        try {
          heldRows(n, f, 1);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).key).toBe('validation');
    }
  });
});

describe('fitWindows with a validation split', () => {
  it('with one window, equals fit() on the training rows alone, and scores the held-out rows', () => {
    const settings = {
      optimizer: 'momentum',
      optimizerOptions: { learningRate: 0.01 },
      batchSize: 20,
      epochs: 5,
      seed: 6,
      tol: 0,
      standardize: true,
    } as const;
    const streamed = fitWindows(memoryWindows(data, 1000), { ...settings, validation: 0.2, patience: 50 });
    const { train, validation } = split(data, 0.2, 6);
    const whole = fit(train, settings);
    // The validation loss fell every epoch, so the last epoch's params are the best.
    expect(streamed.bestEpoch).toBe(5);
    expect(Array.from(streamed.params)).toEqual(Array.from(whole.params));
    expect(streamed.parameters).toEqual(whole.parameters);
    expect(Array.from(streamed.scaling!.mean)).toEqual(Array.from(fitStandardizer(train.features, 3).mean));
    expect(streamed.validationRows).toBe(200);
    const held = regressionMetrics(whole.predict(validation.features) as Float64Array, validation.target);
    const v = streamed.validation as { mse: number; r2: number };
    expect(v.mse).toBeCloseTo(held.mse, 9);
    expect(v.r2).toBeCloseTo(held.r2, 12);
  });

  it('stops early as fit() would, returning the params of its best epoch', () => {
    // A large rate on few, noisy rows: the validation loss soon stops improving.
    const settings = {
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.5 },
      batchSize: 10,
      epochs: 200,
      seed: 3,
      tol: 0,
      standardize: true,
    } as const;
    const streamed = fitWindows(memoryWindows(data, 1000), { ...settings, validation: 0.3, patience: 3 });
    expect(streamed.epochs).toBeLessThan(200);
    expect(streamed.message).toContain('early stopping');
    const best = streamed.bestEpoch!;
    expect(streamed.epochs).toBe(best + 3);
    const { train } = split(data, 0.3, 3);
    const upToBest = fit(train, { ...settings, epochs: best });
    expect(Array.from(streamed.params)).toEqual(Array.from(upToBest.params));
  });

  it('streams windows of a file the same as windows in memory, batches spanning windows', () => {
    const settings = {
      optimizer: 'adam',
      batchSize: 32,
      epochs: 3,
      seed: 2,
      tol: 0,
      validation: 0.25,
    } as const;
    const a = fitWindows(memoryWindows(data, 300), settings);
    const b = fitWindows(memoryWindows(data, 300), settings);
    expect(Array.from(a.params)).toEqual(Array.from(b.params));
    expect(a.validationRows).toBe(250);
    expect(a.validation).not.toBeNull();
  });
});

describe('fitWindows standardizing', () => {
  it('scales by the statistics of every training row, read window by window, and reports unscaled params', () => {
    const settings = {
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.2 },
      batchSize: 50,
      epochs: 150,
      seed: 1,
      tol: 0,
      standardize: true,
    } as const;
    const streamed = fitWindows(memoryWindows(data, 300), settings);
    const scaling = fitStandardizer(data.features, 3);
    expect(Array.from(streamed.scaling!.mean)).toEqual(Array.from(scaling.mean));
    expect(Array.from(streamed.scaling!.std)).toEqual(Array.from(scaling.std));
    expect((streamed.metrics as { r2: number }).r2).toBeGreaterThan(0.99);
    // In the data's own units: the reported params predict what the scaled model predicts.
    const p = streamed.parameters as Record<string, number>;
    const x = [data.features[0]!, data.features[1]!, data.features[2]!];
    const scaled = x.map((v, j) => (v - scaling.mean[j]!) / scaling.std[j]!);
    const [b, wa, wb, wc] = [streamed.params[3]!, ...streamed.params.subarray(0, 3)] as number[];
    expect(p.intercept! + p.a! * x[0]! + p.b! * x[1]! + p.c! * x[2]!).toBeCloseTo(
      b! + wa! * scaled[0]! + wb! * scaled[1]! + wc! * scaled[2]!,
      9,
    );
    // With one window the run is fit()'s with standardize, bit for bit.
    const one = fitWindows(memoryWindows(data, 1000), settings);
    expect(Array.from(one.params)).toEqual(Array.from(fit(data, settings).params));
  });
});

describe('fitWindows checkpoints', () => {
  /** Every checkpoint of a run, one after each window, each through its text form. */
  function checkpoints(options: WindowFitOptions, window: number): WindowCheckpoint[] {
    const saved: WindowCheckpoint[] = [];
    fitWindows(memoryWindows(data, window), {
      ...options,
      checkpointSeconds: 0,
      onCheckpoint: (c) => saved.push(decodeWindowCheckpoint(encodeWindowCheckpoint(c))),
    });
    return saved;
  }

  it.each([
    ['mini-batches spanning windows', { optimizer: 'adam', batchSize: 48, epochs: 4, seed: 5, tol: 0 }],
    [
      'a validation split and standardizing',
      { optimizer: 'rmsprop', batchSize: 25, epochs: 4, seed: 8, tol: 0, validation: 0.2, standardize: true },
    ],
    [
      'full batches summed over windows',
      { optimizer: 'adam', epochs: 4, seed: 2, tol: 0, standardize: true },
    ],
  ] as const)(
    'a run resumed mid-epoch from any checkpoint equals the uninterrupted one bit for bit: %s',
    (_what, options) => {
      const whole = fitWindows(memoryWindows(data, 300), options);
      const saved = checkpoints(options, 300);
      const mid = saved.filter((c) => c.window > 0);
      expect(mid.length).toBeGreaterThan(3);
      if ('batchSize' in options) expect(mid.some((c) => c.carryTarget.length > 0)).toBe(true);
      for (const checkpoint of [mid[1]!, mid[mid.length - 2]!, saved[saved.length - 1]!]) {
        const resumed = fitWindows(memoryWindows(data, 300), { resume: checkpoint });
        expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
        expect(resumed.loss).toBe(whole.loss);
        expect(resumed.epochs).toBe(4);
      }
    },
  );

  it('goes on to a larger epoch total, as one longer run', () => {
    const options = { optimizer: 'adam', batchSize: 64, seed: 5, tol: 0 } as const;
    const saved = checkpoints({ ...options, epochs: 2 }, 300);
    const resumed = fitWindows(memoryWindows(data, 300), { resume: saved.at(-1)!, epochs: 5 });
    const longer = fitWindows(memoryWindows(data, 300), { ...options, epochs: 5 });
    expect(Array.from(resumed.params)).toEqual(Array.from(longer.params));
  });

  it('refuses other data, another window, other settings and a checkpoint of a run in memory', () => {
    const options = { optimizer: 'adam', batchSize: 50, epochs: 2, seed: 5, tol: 0 } as const;
    const checkpoint = checkpoints(options, 300).at(-1)!;
    const other = rows(1000);
    other.target[7] = other.target[7]! + 1;
    const keyOf = (f: () => unknown): unknown => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        expect((error as InputError).message).not.toContain('--');
        return [(error as InputError).key, (error as InputError).message];
      }
      return null;
    };
    expect(keyOf(() => fitWindows(memoryWindows(other, 300), { resume: checkpoint }))).toEqual([
      'resume',
      'resume: the checkpoint was trained on other data (the rows, columns or values differ)',
    ]);
    expect(keyOf(() => fitWindows(memoryWindows(data, 200), { resume: checkpoint }))).toEqual([
      'resume',
      "resume: the checkpoint streamed windows of 300 rows, this run's are 200 (give the same memory limit and batch size)",
    ]);
    expect(
      (
        keyOf(() => fitWindows(memoryWindows(data, 300), { resume: checkpoint, batchSize: 10 })) as unknown[]
      )[0],
    ).toBe('batchSize');
    expect(
      (keyOf(() => fitWindows(memoryWindows(data, 300), { resume: checkpoint, epochs: 1 })) as unknown[])[0],
    ).toBe('epochs');
    const inMemory = fit(data, { epochs: 1 }).checkpoint;
    expect(() => decodeWindowCheckpoint(JSON.stringify({ ...inMemory, params: [] }))).toThrow(
      'a checkpoint of a run in memory',
    );
    expect(() => decodeWindowCheckpoint('{"format":"downhill-stream-checkpoint"}')).toThrow(
      'not a downhill checkpoint (fields missing',
    );
  });
});
