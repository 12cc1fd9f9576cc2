// The loss a custom model trains with when none is given, and the custom models refused for their target.

import { describe, expect, it } from 'vitest';
import { add, matmul, mul, reshape } from '../../src/autodiff/index.js';
import type { Tensor } from '../../src/autodiff/tensor.js';
import { parseCsvText } from '../../src/data/csv-text.js';
import { InputError } from '../../src/errors.js';
import { defaultLoss } from '../../src/models/create-model.js';
import { customModel } from '../../src/models/custom.js';
import { fit } from '../../src/train/fit.js';

/** z = w·x + b, one logit per row. */
const logit = (task: 'classification' | 'regression' = 'classification') =>
  customModel({
    name: 'logit',
    inputs: 1,
    task,
    params: { w: 0, b: 0 },
    forward: ({ w, b }, x: Tensor) => reshape(add(mul(x, w), b), [x.shape[0]!]),
  });

/** k logits per row from a [1, k] weight and k biases. */
const logits = (k: number) =>
  customModel({
    name: 'logits',
    inputs: 1,
    task: 'classification',
    outputs: k,
    params: { w: [Array(k).fill(0)], bias: Array(k).fill(0) },
    forward: ({ w, bias }, x: Tensor) => add(matmul(x, w), bias),
  });

function refusal(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('accepted');
}

// x = 0: 1 of 4 rows is "yes"; x = 1: 3 of 4. The logistic MLE puts σ(b) = 1/4 and σ(w + b) = 3/4, so
// b = ln(1/3) and w = ln 3 − ln(1/3) = 2 ln 3; the mean log loss is then the mean binary entropy of 1/4.
const binary = parseCsvText('x,y\n0,yes\n0,no\n0,no\n0,no\n1,yes\n1,yes\n1,yes\n1,no\n', {
  target: 'y',
  targetKind: 'categorical',
});
// Classes a, b, c in proportions 1 : 2 : 3 and a constant input: the MLE's softmax is the proportions.
const three = parseCsvText('x,y\n0,a\n0,b\n0,b\n0,c\n0,c\n0,c\n', { target: 'y', targetKind: 'categorical' });

describe('a custom classifier without a loss', () => {
  it('defaults to bce for one logit and to ce for one logit per class', () => {
    expect(defaultLoss({ task: 'classification', outputs: 1 }, ['no', 'yes'])).toBe('bce');
    expect(defaultLoss({ task: 'classification', outputs: 3 }, ['a', 'b', 'c'])).toBe('ce');
    expect(defaultLoss({ task: 'regression', outputs: 1 }, null)).toBe('mse');
  });

  it('one logit: fit() trains bce and reaches the closed-form logistic MLE', () => {
    const run = fit(binary, { model: logit(), optimizer: 'lbfgs', epochs: 200, tol: 1e-12 });
    expect(run.status).toBe('converged');
    const { w, b } = run.parameters as { w: number; b: number };
    expect(b).toBeCloseTo(Math.log(1 / 3), 6);
    expect(w).toBeCloseTo(2 * Math.log(3), 6);
    const entropy = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
    expect(run.loss).toBeCloseTo(entropy, 9);
    expect(run.metrics).toEqual({ accuracy: 0.75, logLoss: run.loss });
  });

  it('k logits: fit() trains ce and its softmax reaches the class proportions', () => {
    const run = fit(three, { model: logits(3), optimizer: 'lbfgs', epochs: 200, tol: 1e-12 });
    expect(run.status).toBe('converged');
    const bias = (run.parameters as { bias: number[] }).bias;
    // Logits are fixed up to a constant: their differences are log ratios of the proportions.
    expect(bias[1]! - bias[0]!).toBeCloseTo(Math.log(2), 6);
    expect(bias[2]! - bias[0]!).toBeCloseTo(Math.log(3), 6);
    const entropy = -[1, 2, 3].reduce((s, c) => s + (c / 6) * Math.log(c / 6), 0);
    expect(run.loss).toBeCloseTo(entropy, 9);
    expect(run.metrics).toEqual({ accuracy: 0.5, logLoss: run.loss });
  });
});

describe('a custom model that does not suit its target is refused with the reason', () => {
  it('a regression model on labels', () => {
    const error = refusal(() => fit(binary, { model: logit('regression') }));
    expect(error.key).toBe('model');
    expect(error.message).toBe(
      "model: logit is a regression model, but the target y holds labels (no, yes); give it task: 'classification' and one logit per row for bce, or one per class for ce",
    );
  });

  it('a classifier on numbers', () => {
    const numbers = parseCsvText('x,y\n0,0\n1,1\n2,0\n', { target: 'y' });
    const error = refusal(() => fit(numbers, { model: logit() }));
    expect(error.key).toBe('model');
    expect(error.message).toContain('holds numbers, not labels');
    // A loss for numbers on a classifier is the loss's fault, as before.
    expect(refusal(() => fit(numbers, { model: logit(), loss: 'mse' })).key).toBe('loss');
  });

  it('one logit on three classes, and the wrong number of logits for ce', () => {
    const one = refusal(() => fit(three, { model: logit() }));
    expect(one.key).toBe('loss');
    expect(one.message).toBe(
      'loss bce needs a target with 2 classes, found 3 (a, b, c); use ce with one logit per class',
    );
    const four = refusal(() => fit(three, { model: logits(4) }));
    expect(four.key).toBe('model');
    expect(four.message).toBe(
      'model: logits gives 4 outputs per row; loss ce takes one logit per class, 3 here (a, b, c)',
    );
    const bce = refusal(() => fit(binary, { model: logits(2), loss: 'bce' }));
    expect(bce.key).toBe('model');
    expect(bce.message).toContain('bce takes one logit per row');
  });
});
