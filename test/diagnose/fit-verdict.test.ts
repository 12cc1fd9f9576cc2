// fit's verdicts and messages: early stopping that hides nothing, losses quoted as the result holds them, dead networks.

import { describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/data/generators.js';
import {
  earlyStopVerdict,
  epochLimitVerdict,
  explained,
  type FitVerdict,
  networkVerdict,
} from '../../src/diagnose/fit-verdict.js';
import { frozenLayers, type LayerHealth } from '../../src/diagnose/gradient-health.js';
import { fitRun, fit as train } from '../../src/train/fit.js';
import { dataset } from '../train/fit-helpers.js';

// The messages' number format, written out here: 4 significant digits, trailing zeros dropped.
const four = (v: number): string => String(Number(v.toPrecision(4)));

// QA's 7-row file: y ≈ 1 + 2a + 1.5b.
const a = [1, 2, 3, 4, 5, 6, 7];
const b = [2, 1, 4, 3, 7, 5, 8];
const y = [5.1, 5.9, 11.2, 11.8, 18.9, 18.1, 24.2];
const rowsOf = (target: number[]) =>
  dataset(
    ['a', 'b'],
    a.flatMap((v, i) => [v, b[i]!]),
    target,
  );
const mean = (v: number[]): number => v.reduce((s, x) => s + x, 0) / v.length;

describe('the message quotes the loss at the start and the result’s loss', () => {
  it('one full-batch epoch: from the loss at slope 1, intercept 0 to the loss after one gd step', () => {
    const run = train(rowsOf(y), { optimizerOptions: { learningRate: 0.01 }, epochs: 1 });
    // θ = [w_a, w_b, c] starts at [1, 1, 0]; one step θ ← θ − 0.01·(2/7)·Σ rᵢ[aᵢ, bᵢ, 1].
    const residuals = (t: number[]) => a.map((v, i) => t[0]! * v + t[1]! * b[i]! + t[2]! - y[i]!);
    const start = mean(residuals([1, 1, 0]).map((r) => r * r));
    const r0 = residuals([1, 1, 0]);
    const grad = [
      (2 / 7) * r0.reduce((s, r, i) => s + r * a[i]!, 0),
      (2 / 7) * r0.reduce((s, r, i) => s + r * b[i]!, 0),
      (2 / 7) * r0.reduce((s, r) => s + r, 0),
    ];
    const after = mean(
      residuals([1 - 0.01 * grad[0]!, 1 - 0.01 * grad[1]!, -0.01 * grad[2]!]).map((r) => r * r),
    );
    expect(start).toBeCloseTo(236.16 / 7, 12);
    expect(run.loss).toBeCloseTo(after, 12);
    expect(run.status).toBe('max-iterations');
    expect(run.message).toBe(
      `stopped at the epoch limit after 1 epoch: the training loss went from ${four(start)} to ${four(after)}`,
    );
    expect(run.message).toContain('from 33.74 to 0.6888');
  });

  it('with --batch-size 1 the loss is the last epoch’s, tallied row by row at the params each step began from, and the start the first epoch’s', () => {
    const data = generateDataset('line', { seed: 1 });
    const settings = { batchSize: 1, epochs: 50, seed: 1 } as const;
    const run = train(data, settings);
    // Replayed step by step: each row's squared error at the params (slope, intercept) before its own step.
    const replay = fitRun(data, settings);
    const epochMeans: number[] = [];
    let state = replay.start;
    let sum = 0;
    while (!replay.done(state)) {
      const row = state.order === null ? null : state.order[state.batch]!;
      const next = replay.step(state);
      const i = row ?? next.order![0]!;
      const [m, c] = [state.params[0]!, state.params[1]!];
      sum += (m * data.features[i]! + c - data.target[i]!) ** 2;
      if (next.batch === 0) {
        epochMeans.push(sum / data.rows);
        sum = 0;
      }
      state = next;
    }
    const [start, end] = [epochMeans[0]!, epochMeans[epochMeans.length - 1]!];
    expect(run.loss).toBeCloseTo(end, 12);
    expect(run.metrics).toEqual({ mse: run.loss, r2: expect.any(Number) });
    expect(run.message).toBe(
      `stopped at the epoch limit after 50 epochs: the training loss went from ${four(start)} to ${four(end)}`,
    );
    // The history holds the same epoch means (no penalty here).
    expect(run.history.loss[0]).toBeCloseTo(start, 12);
  });
});

describe('early stopping does not hide a failed run', () => {
  it('a run that blows up is diverged, with the advice and the best epoch’s two losses', () => {
    // Every row sits 3 off the init's plane y = a + b, so the start loss is 9 whichever rows train.
    const data = rowsOf(a.map((v, i) => v + b[i]! + (i % 2 === 0 ? 3 : -3)));
    const run = train(data, { validation: 0.3, optimizerOptions: { learningRate: 0.1 }, epochs: 1000 });
    const history = Array.from(run.history.validationLoss!);
    const best = Math.min(...history);
    expect(run.status).toBe('diverged');
    expect(run.bestEpoch).toBe(history.indexOf(best) + 1);
    expect(run.message).toMatch(
      /^the training loss rose from 9 to \S+ in \d+ epochs; lr 0\.1 is too large here — try 0\.01/,
    );
    expect(Number(/rose from 9 to (\S+) in/.exec(run.message)![1])).toBeGreaterThan(9);
    expect(run.message).toContain(
      `early stopping restored the params of epoch ${run.bestEpoch}, the best on validation (training loss ${four(run.loss)}, validation loss ${four(best)})`,
    );
    expect((run.validation as { mse: number }).mse).toBeCloseTo(best, 10);
  });

  it('stopping while a spiral classifier sits at chance is stalled, naming the best epoch and both losses', () => {
    const data = generateDataset('spiral', { seed: 0 });
    const run = train(data, {
      model: 'mlp:16,16',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.01 },
      epochs: 300,
      validation: 0.2,
    });
    const history = Array.from(run.history.validationLoss!);
    const best = Math.min(...history);
    const { logLoss } = run.metrics as { logLoss: number };
    // Two balanced classes: guessing ½ costs ln 2 = 0.6931; the restored params do barely better.
    expect(1 - logLoss / Math.LN2).toBeLessThan(0.05);
    expect(run.status).toBe('stalled');
    expect(run.epochs).toBe(history.indexOf(best) + 1 + 10);
    expect(run.message).toMatch(/^early stopping after \d+ epochs, before the model learned/);
    expect(run.message).toContain(`log loss ${four(logLoss)}, against 0.693`);
    expect(run.message).toContain(
      `restored the params of epoch ${history.indexOf(best) + 1}, the best on validation (training loss ${four(run.loss)}, validation loss ${four(best)})`,
    );
    expect(run.message).toMatch(/try a larger patience or a smaller learningRate/);
  });
});

describe('a network whose ReLUs died is stalled, not converged', () => {
  it('mlp:4 on @line: a constant prediction, the first layer’s gradient exactly 0', () => {
    const data = generateDataset('line', { seed: 0 });
    const run = train(data, { model: 'mlp:4', optimizerOptions: { learningRate: 0.1 }, epochs: 200 });
    const t = Array.from(data.target);
    const variance = mean(t.map((v) => (v - mean(t)) ** 2));
    const predictions = Array.from(run.predict(data.features));
    // Dead units give every row the same output, and the output bias has learned the mean.
    for (const p of predictions) expect(p).toBeCloseTo(mean(t), 6);
    expect(run.loss).toBeCloseTo(variance, 8);
    expect(run.status).toBe('stalled');
    expect(run.gradientHealth![0]).toMatchObject({ layer: 'layer1', norm: 0, verdict: 'vanishing' });
    expect(run.message).toMatch(
      /^step size fell below 1e-8 after \d+ epochs, yet the fit explains almost nothing/,
    );
    expect(run.message).toContain(`(r² ${four((run.metrics as { r2: number }).r2)})`);
    expect(run.message).toContain('the gradient vanished in layer1 (norm 0)');
    expect(run.message).toMatch(/ReLUs have died.*activation tanh, a smaller learningRate or another seed/);
  });

  it('the same net with tanh learns the line and is not stalled', () => {
    const run = train(generateDataset('line', { seed: 0 }), {
      model: 'mlp:4',
      activation: 'tanh',
      optimizerOptions: { learningRate: 0.1 },
      epochs: 200,
    });
    expect((run.metrics as { r2: number }).r2).toBeGreaterThan(0.9);
    expect(run.status).toBe('max-iterations');
  });
});

describe('the verdict rules, by hand', () => {
  it('explained: r² for regression, 1 − logLoss/H(class frequencies) for classes', () => {
    expect(explained({ mse: 1, r2: 0.25 }, Float64Array.of(1, 2), 1).share).toBe(0.25);
    // Three rows of class 0, one of class 1: H = −(¾ ln ¾ + ¼ ln ¼) = 0.562335…
    const h = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
    const binary = explained({ accuracy: 0.75, logLoss: 0.5 }, Float64Array.of(0, 0, 1, 0), 1);
    expect(binary.share).toBeCloseTo(1 - 0.5 / h, 14);
    expect(binary.text).toBe('log loss 0.5, against 0.5623 for always guessing the class frequencies');
    expect(
      explained({ accuracy: 1 / 3, logLoss: Math.log(3) }, Float64Array.of(0, 1, 2), 3).share,
    ).toBeCloseTo(0, 14);
    expect(explained({ accuracy: 1, logLoss: 0 }, Float64Array.of(1, 1), 1).share).toBeNaN();
  });

  const stop = {
    epochs: 25,
    patience: 10,
    start: 2,
    end: 1,
    recent: [1.2, 1, 1.1],
    best: { epoch: 15, training: 1.05, validation: 1.25 },
    learned: { share: 0.01, text: 'r² 0.01' },
    advice: '; lr 1 is too large here — try 0.1 or --find-lr',
  };
  it.each([
    [
      'the training loss rose',
      { end: 3 },
      'diverged',
      /^the training loss rose from 2 to 3 in 25 epochs; lr 1/,
    ],
    ['it did not learn while the loss moved 20 %', {}, 'stalled', /moved between 1 and 1\.2.*\(r² 0\.01\)/],
    [
      'it did not learn, but the loss moved only 0.5 %',
      { recent: [1, 1.005, 1.002] },
      'converged',
      /from 2 to 1\)/,
    ],
    [
      'it learned',
      { learned: { share: 0.9, text: 'r² 0.9' } },
      'converged',
      /^early stopping after 25 epochs: the validation loss did not improve for 10 epochs/,
    ],
  ] as const)('early stopping when %s → %s', (_why, change, status, message) => {
    const verdict = earlyStopVerdict({ ...stop, ...change });
    expect(verdict.status).toBe(status);
    expect(verdict.message).toMatch(message);
    expect(verdict.message).toContain(
      'restored the params of epoch 15, the best on validation (training loss 1.05, validation loss 1.25)',
    );
  });

  it('the epoch limit: a loss that rose in the last half and ended above the start is diverged', () => {
    const limit = { limit: 8, start: 1, best: null, advice: '' };
    expect(epochLimitVerdict({ ...limit, history: [1, 2, 3, 4, 5, 6, 7, 8], end: 9 })).toEqual({
      status: 'diverged',
      message: 'the training loss rose in 4 of the last 4 epochs, from 1 to 9',
    });
    expect(
      epochLimitVerdict({ ...limit, history: [1, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05, 0.04], end: 0.03 }),
    ).toEqual({
      status: 'max-iterations',
      message: 'stopped at the epoch limit after 8 epochs: the training loss went from 1 to 0.03',
    });
    expect(epochLimitVerdict({ ...limit, history: [], end: 1 }).message).toBe(
      'no epochs run (the limit is 8)',
    );
  });

  const layers = (...norms: number[]): LayerHealth[] =>
    norms.map((norm, l) => ({ layer: `layer${l + 1}`, norm, verdict: 'ok' }));
  it('frozenLayers: hidden layers at most 10⁻⁴ of the output layer’s gradient, zero among zeros included', () => {
    expect(frozenLayers(layers(0, 0, 0)).map((h) => h.layer)).toEqual(['layer1', 'layer2']);
    expect(frozenLayers(layers(1e-9, 0.5, 1e-4)).map((h) => h.layer)).toEqual(['layer1']);
    expect(frozenLayers(layers(1e-3, 1))).toEqual([]);
  });

  it('networkVerdict leaves runs that learned, diverged or have live gradients alone', () => {
    const converged: FitVerdict = {
      status: 'converged',
      message: 'step size fell below 1e-8 after 9 epochs',
    };
    const nothing = { share: 0, text: 'r² 0' };
    expect(networkVerdict(converged, { share: 0.5, text: 'r² 0.5' }, layers(0, 1), 'relu')).toBe(converged);
    expect(networkVerdict(converged, nothing, layers(0.1, 1), 'relu')).toBe(converged);
    const diverged: FitVerdict = { status: 'diverged', message: 'the loss left the finite numbers' };
    expect(networkVerdict(diverged, nothing, layers(0, 1), 'relu')).toBe(diverged);
    expect(networkVerdict(converged, nothing, layers(0, 1), 'tanh')).toEqual({
      status: 'stalled',
      message:
        'step size fell below 1e-8 after 9 epochs, yet the fit explains almost nothing (r² 0) and the gradient vanished in layer1 (norm 0) — its tanh units are saturated; try a smaller learningRate, another init or another seed',
    });
  });
});
