// Checkpoints: a resumed run equals an uninterrupted one bit for bit — shuffling, mini-batches and adam included.

import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/data/generators.js';
import { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from '../../src/train/checkpoint.js';
import { decodeExactJson, encodeExactJson } from '../../src/train/exact-json.js';
import { type FitOptions, fit as train } from '../../src/train/fit.js';
import type { FitResult } from '../../src/train/fit-result.js';
import { linearData } from './fit-helpers.js';

/** Bytes of a Float64Array, for comparisons that tell −0 from 0 and one NaN from another. */
const bits = (values: Float64Array) => Array.from(new Uint32Array(Float64Array.from(values).buffer));

function expectSameRun(resumed: FitResult, full: FitResult): void {
  expect(bits(resumed.params)).toEqual(bits(full.params));
  expect(bits(resumed.history.loss)).toEqual(bits(full.history.loss));
  expect(resumed.history.validationLoss && bits(resumed.history.validationLoss)).toEqual(
    full.history.validationLoss && bits(full.history.validationLoss),
  );
  expect([resumed.status, resumed.message, resumed.epochs]).toEqual([full.status, full.message, full.epochs]);
  expect(resumed.metrics).toEqual(full.metrics);
  expect(encodeCheckpoint(resumed.checkpoint)).toBe(encodeCheckpoint(full.checkpoint));
}

/** Through text and back, as a file would carry it. */
const throughText = (checkpoint: FitCheckpoint) => decodeCheckpoint(encodeCheckpoint(checkpoint));

describe('exact JSON', () => {
  it('keeps every double and typed array bit for bit', () => {
    const value = {
      a: Float64Array.of(0.1, -0, Number.NaN, Number.POSITIVE_INFINITY, 5e-324, 1.7976931348623157e308),
      u: Uint32Array.of(0, 4294967295),
      n: [-0, Number.NEGATIVE_INFINITY, 1 / 3],
      nested: { s: 'x', b: true, z: null },
    };
    const back = decodeExactJson(encodeExactJson(value)) as typeof value;
    expect(bits(back.a)).toEqual(bits(value.a));
    expect(Array.from(back.u)).toEqual([0, 4294967295]);
    expect(Object.is(back.n[0], -0)).toBe(true);
    expect(back.n.slice(1)).toEqual([Number.NEGATIVE_INFINITY, 1 / 3]);
    expect(back.nested).toEqual(value.nested);
  });

  it('a file that is not a checkpoint is bad input', () => {
    expect(() => decodeCheckpoint('{"format":"downhill-fit-checkpoint"')).toThrow(
      /not a downhill checkpoint/,
    );
    expect(() => decodeCheckpoint('{"a":1}')).toThrow(/not a downhill checkpoint/);
  });
});

describe('resume equals an uninterrupted run bit for bit', () => {
  const spiral = generateDataset('spiral', { seed: 2, rows: 120 });
  const options: FitOptions = {
    model: 'mlp:8,8',
    activation: 'tanh',
    optimizer: 'adam',
    optimizerOptions: { learningRate: 0.02 },
    batchSize: 16,
    validation: 0.25,
    standardize: true,
    epochs: 12,
    tol: 0,
    seed: 5,
  };

  it('from checkpoints between epochs and inside them, written after every step', () => {
    const checkpoints: FitCheckpoint[] = [];
    const full = train(spiral, {
      ...options,
      checkpointSeconds: 0,
      onCheckpoint: (c) => checkpoints.push(c),
    });
    // Checkpointing must not change the run.
    expectSameRun(train(spiral, options), full);
    const inside = checkpoints.filter((c) => c.batch > 0);
    const between = checkpoints.filter((c) => c.batch === 0 && c.epoch > 0 && c.epoch < 12);
    expect(inside.length).toBeGreaterThan(20);
    expect(between.length).toBeGreaterThan(5);
    for (const checkpoint of [inside[0]!, inside[37]!, between[3]!, checkpoints[checkpoints.length - 1]!]) {
      expectSameRun(train(spiral, { resume: throughText(checkpoint) }), full);
    }
  });

  it('a finished run resumed to more epochs equals a run of that many epochs', () => {
    let last: FitCheckpoint | null = null;
    train(spiral, { ...options, epochs: 5, onCheckpoint: (c) => (last = c) });
    const resumed = train(spiral, { resume: throughText(last!), epochs: 12 });
    expectSameRun(resumed, train(spiral, options));
  });

  it('full-batch lbfgs and early stopping resume exactly too', () => {
    const data = linearData(60, [2, -1], 1, 3);
    const settings: FitOptions = {
      model: 'mlp:6',
      optimizer: 'lbfgs',
      validation: 0.3,
      patience: 3,
      epochs: 60,
      tol: 0,
      seed: 1,
    };
    const checkpoints: FitCheckpoint[] = [];
    const full = train(data, { ...settings, checkpointSeconds: 0, onCheckpoint: (c) => checkpoints.push(c) });
    for (const checkpoint of checkpoints.filter((_, i) => i % 7 === 3)) {
      expectSameRun(train(data, { resume: throughText(checkpoint), epochs: 60 }), full);
    }
  });

  it('full-batch linear regression through the bound kernel (600 × 8 rows) resumes exactly too', () => {
    const data = linearData(600, [2, -1, 0.5, 3, -2, 1, 0.25, -0.75], 1, 6, 0.5, 1);
    const settings: FitOptions = { optimizerOptions: { learningRate: 0.05 }, epochs: 30, tol: 0 };
    const checkpoints: FitCheckpoint[] = [];
    const full = train(data, { ...settings, checkpointSeconds: 0, onCheckpoint: (c) => checkpoints.push(c) });
    for (const checkpoint of [checkpoints[4]!, checkpoints[17]!]) {
      expectSameRun(train(data, { resume: throughText(checkpoint) }), full);
    }
    let last: FitCheckpoint | null = null;
    train(data, { ...settings, epochs: 2, onCheckpoint: (c) => (last = c) });
    expectSameRun(train(data, { resume: throughText(last!), epochs: 30 }), full);
  });

  it('refuses other data and settings that contradict the checkpoint', () => {
    let last: FitCheckpoint | null = null;
    train(spiral, { ...options, epochs: 2, onCheckpoint: (c) => (last = c) });
    const other = generateDataset('spiral', { seed: 3, rows: 120 });
    expect(() => train(other, { resume: last! })).toThrow(
      /^resume: the checkpoint was trained on other data/,
    );
    expect(() => train(spiral, { resume: last!, batchSize: 8 })).toThrow(
      /^resume: the checkpoint was trained with batchSize 16, not 8$/,
    );
    expect(() => train(spiral, { resume: last!, optimizerOptions: { learningRate: 0.1 } })).toThrow(
      /^resume: the checkpoint was trained with learningRate 0.02, not 0.1$/,
    );
    expect(() => train(spiral, { resume: last!, batchSize: 16, seed: 5 })).not.toThrow();
    expect(() => train(spiral, { resume: last!, epochs: 1 })).toThrow(
      /^epochs 1: the checkpoint is already into epoch 2$/,
    );
  });
});
