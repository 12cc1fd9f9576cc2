// A mini-batch fit's loss and metrics: the last epoch's batches replayed one by one at the params each step began from.

import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { generateDataset } from '../../src/data/generators.js';
import { unflattenParams } from '../../src/models/params.js';
import { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from '../../src/train/checkpoint.js';
import { type FitOptions, fitRun, fit as train } from '../../src/train/fit.js';
import { prepareFit, resolveFitConfig } from '../../src/train/fit-setup.js';

/**
 * The training rows' metrics over the last epoch (or epoch `only`), each batch scored by the model's own
 * pure `apply` at the params of the state before its step — an oracle outside the training loop.
 */
function replayed(all: Dataset, options: FitOptions, only?: number) {
  const { model } = train(all, { ...options, epochs: 0 });
  // The rows it trains on: the whole set, or what a validation split leaves.
  const { model: _, ...settings } = options;
  const data = prepareFit(all, resolveFitConfig(all, { ...settings, model: model.spec })).train;
  const run = fitRun(all, options);
  const width = data.featureNames.length;
  const batch = options.batchSize!;
  let state = run.start;
  type Sums = { sse: number; correct: number; logLoss: number };
  let epoch: Sums | null = null;
  let kept: Sums | null = null;
  while (!run.done(state)) {
    const next = run.step(state);
    if (state.batch === 0) epoch = { sse: 0, correct: 0, logLoss: 0 };
    const order = state.order ?? next.order!;
    const rows = Array.from(order.subarray(state.batch * batch, (state.batch + 1) * batch));
    const x = new Float64Array(rows.length * width);
    rows.forEach((r, i) => {
      x.set(data.features.subarray(r * width, (r + 1) * width), i * width);
    });
    const out = model.apply(unflattenParams(state.params, model.layout), x);
    rows.forEach((r, i) => {
      const y = data.target[r]!;
      if (model.task === 'regression') {
        epoch!.sse += (out[i]! - y) ** 2;
        return;
      }
      if (model.outputs === 1) {
        // One logit z: class 1 when z > 0, log loss log(1 + e^z) − y·z.
        const z = out[i]!;
        if ((z > 0 ? 1 : 0) === y) epoch!.correct++;
        epoch!.logLoss += Math.log1p(Math.exp(z)) - y * z;
        return;
      }
      const z = Array.from(out.subarray(i * model.outputs, (i + 1) * model.outputs));
      const max = Math.max(...z);
      if (z.indexOf(max) === y) epoch!.correct++;
      epoch!.logLoss += max + Math.log(z.reduce((s, v) => s + Math.exp(v - max), 0)) - z[y]!;
    });
    if (next.batch === 0 && (only === undefined || next.epoch === only)) kept = epoch;
    state = next;
  }
  const n = data.rows;
  return { mse: kept!.sse / n, accuracy: kept!.correct / n, logLoss: kept!.logLoss / n };
}

describe('a mini-batch run’s loss and metrics', () => {
  it('a softmax-output mlp by ce: the last epoch’s accuracy and log loss, row by row at the params before each step', () => {
    const data = generateDataset('spiral', { seed: 3, rows: 150 });
    const options = {
      model: 'mlp:8',
      loss: 'ce',
      activation: 'tanh',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.02 },
      batchSize: 16,
      epochs: 7,
      tol: 0,
    } as const;
    const result = train(data, options);
    const truth = replayed(data, options);
    const metrics = result.metrics as { accuracy: number; logLoss: number };
    expect(metrics.accuracy).toBe(truth.accuracy);
    expect(metrics.logLoss).toBeCloseTo(truth.logLoss, 12);
    expect(result.loss).toBeCloseTo(truth.logLoss, 12);
  });

  it('a linear model by mse, whose gradient is fused (no predictions to see): the same, from each batch’s loss', () => {
    const data = generateDataset('line', { seed: 5 });
    const options = { batchSize: 8, epochs: 5, tol: 0, optimizer: 'momentum' } as const;
    const result = train(data, options);
    const truth = replayed(data, options);
    const metrics = result.metrics as { mse: number; r2: number };
    expect(metrics.mse).toBeCloseTo(truth.mse, 12);
    expect(result.loss).toBe(metrics.mse);
    const mean = data.target.reduce((s, v) => s + v, 0) / data.rows;
    const sst = data.target.reduce((s, v) => s + (v - mean) ** 2, 0);
    expect(metrics.r2).toBeCloseTo(1 - (truth.mse * data.rows) / sst, 12);
  });

  it('logistic, whose fused gradient hides its predictions: accuracy from the batch’s outputs at the same params', () => {
    const data = generateDataset('gaussians', { seed: 2, rows: 120 });
    const options = { model: 'logistic', batchSize: 10, epochs: 4, tol: 0, seed: 4 } as const;
    const result = train(data, options);
    const truth = replayed(data, options);
    expect((result.metrics as { accuracy: number }).accuracy).toBe(truth.accuracy);
    expect((result.metrics as { logLoss: number }).logLoss).toBeCloseTo(truth.logLoss, 12);
  });

  it('with early stopping: the restored epoch’s, and the validation metrics at the restored params', () => {
    const data = generateDataset('spiral', { seed: 1, rows: 200 });
    const options = {
      model: 'mlp:6',
      loss: 'ce',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.2 },
      batchSize: 20,
      epochs: 60,
      validation: 0.25,
      patience: 5,
      tol: 0,
    } as const;
    const result = train(data, options);
    expect(result.bestEpoch).not.toBeNull();
    expect(result.bestEpoch).toBeLessThan(result.epochs);
    const best = result.history.validationLoss![result.bestEpoch! - 1]!;
    expect((result.validation as { logLoss: number }).logLoss).toBeCloseTo(best, 12);
    const truth = replayed(data, options, result.bestEpoch!);
    expect((result.metrics as { accuracy: number }).accuracy).toBe(truth.accuracy);
  });

  it('full batches stay exact: the loss at the returned params, and the start at the initial ones', () => {
    const data = generateDataset('xor', { seed: 1, rows: 80 });
    const options = { model: 'mlp:4', loss: 'ce', epochs: 3, tol: 0 } as const;
    const result = train(data, options);
    const run = fitRun(data, options);
    let state = run.start;
    while (!run.done(state)) state = run.step(state);
    const { model } = result;
    const out = model.apply(unflattenParams(result.params, model.layout), data.features);
    let logLoss = 0;
    for (let i = 0; i < data.rows; i++) {
      const z = out.subarray(i * 2, i * 2 + 2);
      const max = Math.max(z[0]!, z[1]!);
      logLoss += max + Math.log(Math.exp(z[0]! - max) + Math.exp(z[1]! - max)) - z[data.target[i]!]!;
    }
    expect(result.loss).toBeCloseTo(logLoss / data.rows, 12);
    expect(state.startLoss).toBeCloseTo(train(data, { ...options, epochs: 0 }).loss, 12);
    expect(state.lastTally).toBeNull();
  });

  it('a checkpoint written before tallies existed still resumes to the same params, loss and metrics', () => {
    const data = generateDataset('gaussians', { seed: 6, rows: 90 });
    const options = { model: 'mlp:5', loss: 'ce', batchSize: 9, epochs: 6, tol: 0 } as const;
    let saved: FitCheckpoint | undefined;
    train(data, { ...options, epochs: 3, onCheckpoint: (c) => (saved = c) });
    const { tally, lastTally, startLoss, ...old } = decodeCheckpoint(encodeCheckpoint(saved!));
    const resumed = train(data, {
      ...options,
      resume: decodeCheckpoint(encodeCheckpoint(old as FitCheckpoint)),
    });
    const full = train(data, options);
    expect(Array.from(resumed.params)).toEqual(Array.from(full.params));
    expect(resumed.metrics).toEqual(full.metrics);
    expect(resumed.loss).toBe(full.loss);
  });
});
