// fit's state as one plain value: the history's thinning is ThinnedRecord's, fitRun's states are fit()'s, a checkpoint is a header plus the state.

import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/data/generators.js';
import { optimizerNames } from '../../src/optim/catalog.js';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/train/checkpoint.js';
import { type FitOptions, fit, fitRun } from '../../src/train/fit.js';
import { copyHistory, emptyHistory, type FitHistory, recordEpoch } from '../../src/train/fit-history.js';
import type { FitState } from '../../src/train/fit-state.js';
import { ThinnedRecord } from '../../src/train/thinned-record.js';
import { linearData } from './fit-helpers.js';

const bits = (values: Float64Array) => Array.from(new Uint32Array(Float64Array.from(values).buffer));

/** A loss curve with noise, spikes, plateaus and non-finite values, as long runs produce. */
const lossAt = (k: number): number =>
  k === 7_777 ? 1e6 : k === 23_456 ? -3 : k % 997 === 0 ? Number.NaN : 1 / (1 + k) + 0.01 * Math.sin(k * 1.3);

describe('recordEpoch', () => {
  it('keeps exactly the epochs ThinnedRecord keeps, far past the limit, with and without validation', () => {
    for (const validation of [true, false]) {
      const record = new ThinnedRecord(2, { limit: 5000, tracked: [0, 1] });
      let history = emptyHistory(validation);
      for (let k = 0; k < 40_000; k++) {
        const v = validation ? lossAt(k + 5) * 2 : null;
        record.push(k, [lossAt(k), v ?? Number.NaN]);
        history = recordEpoch(history, k + 1, lossAt(k), v);
        if (k === 12_345) history = structuredClone(history); // as a step's copy of the state is
      }
      const { steps, stride } = record.state();
      expect(history.stride).toBe(stride);
      expect(Array.from(history.epochs)).toEqual(Array.from(steps, (s) => s + 1));
      expect(bits(history.loss)).toEqual(bits(record.column(0)));
      if (validation) expect(bits(history.validationLoss!)).toEqual(bits(record.column(1)));
      else expect(history.validationLoss).toBeNull();
      expect(Array.from(history.epochs)).toContain(7_778);
      expect(history.epochs.length).toBeLessThanOrEqual(2 * 5000 + 6);
    }
  });

  it('never writes into arrays it did not allocate, and a copy is its own', () => {
    const loss = Float64Array.of(3, 2, 1, 99);
    const given: FitHistory = {
      loss: loss.subarray(0, 3),
      validationLoss: null,
      epochs: Float64Array.of(1, 2, 3),
      stride: 1,
    };
    const next = recordEpoch(given, 4, 0.5, null);
    expect(Array.from(loss)).toEqual([3, 2, 1, 99]);
    expect(Array.from(next.loss)).toEqual([3, 2, 1, 0.5]);
    const copy = copyHistory(next);
    recordEpoch(next, 5, 0.25, null);
    expect(Array.from(copy.loss)).toEqual([3, 2, 1, 0.5]);
    expect(copy.loss.buffer.byteLength).toBe(4 * 8);
  });
});

describe('fitRun', () => {
  const spiral = generateDataset('spiral', { seed: 2, rows: 90 });
  const options: FitOptions = {
    model: 'mlp:6',
    activation: 'tanh',
    optimizer: 'adam',
    optimizerOptions: { learningRate: 0.02 },
    batchSize: 16,
    validation: 0.2,
    epochs: 8,
    tol: 0,
    seed: 3,
  };

  it('steps to fit()’s result bit for bit, one batch a step, leaving each state as it was', () => {
    const stepper = fitRun(spiral, options);
    const states: FitState[] = [stepper.start];
    while (!stepper.done(states.at(-1)!)) states.push(stepper.step(states.at(-1)!));
    // 72 training rows in batches of 16: 5 steps an epoch.
    expect(states.length - 1).toBe(8 * 5);
    expect(states.map((s) => s.batch).slice(0, 7)).toEqual([0, 1, 2, 3, 4, 0, 1]);
    const full = fit(spiral, options);
    const last = stepper.result(states.at(-1)!);
    expect(bits(last.params)).toEqual(bits(full.params));
    expect(bits(last.history.loss)).toEqual(bits(full.history.loss));
    expect([last.status, last.message, last.epochs]).toEqual([full.status, full.message, full.epochs]);
    expect(encodeCheckpoint(stepper.checkpoint(states.at(-1)!))).toBe(encodeCheckpoint(full.checkpoint));
    // Stepping an earlier state again gives the same next state: steps never change their argument.
    expect(encodeCheckpoint(stepper.checkpoint(stepper.step(states[12]!)))).toBe(
      encodeCheckpoint(stepper.checkpoint(states[13]!)),
    );
    expect(stepper.step(states.at(-1)!).epoch).toBe(8);
  });

  it('a checkpoint is its header plus exactly the state, and resumes as the state would go on', () => {
    const stepper = fitRun(spiral, options);
    let state = stepper.start;
    for (let k = 0; k < 13; k++) state = stepper.step(state);
    const checkpoint = decodeCheckpoint(encodeCheckpoint(stepper.checkpoint(state)));
    const { format, version, config, data, epochs, ...rest } = checkpoint;
    expect([format, version, epochs, config.optimizer, data.rows]).toEqual([
      'downhill-fit-checkpoint',
      1,
      8,
      'adam',
      90,
    ]);
    expect(Object.keys(rest).sort()).toEqual(Object.keys(state).sort());
    expect(encodeCheckpoint({ ...checkpoint, ...rest })).toBe(encodeCheckpoint(checkpoint));
    const resumed = fit(spiral, { resume: checkpoint });
    expect(bits(resumed.params)).toEqual(bits(fit(spiral, options).params));
  });

  it('copies every optimizer’s state as plain data', () => {
    const data = linearData(30, [1.5], 0.5, 4);
    for (const optimizer of optimizerNames) {
      const stepper = fitRun(data, { optimizer, epochs: 3, tol: 0 });
      let state = stepper.start;
      while (!stepper.done(state)) state = stepper.step(state);
      const checkpoint = decodeCheckpoint(encodeCheckpoint(stepper.checkpoint(state)));
      expect(bits(checkpoint.params), optimizer).toEqual(
        bits(fit(data, { optimizer, epochs: 3, tol: 0 }).params),
      );
    }
  });
});
