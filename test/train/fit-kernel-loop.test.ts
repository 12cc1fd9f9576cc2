// fit() on a bound full-batch kernel against a hand-rolled loop of that kernel and the optimizer: the same params, loss history and start loss bit for bit, and the result's loss and metrics those of one more pass at the final params.

import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { Random } from '../../src/data/random.js';
import { createLinearKernel, minKernelCells } from '../../src/kernels/create-linear-kernel.js';
import { createSoftmaxKernel } from '../../src/kernels/create-softmax-kernel.js';
import { bce } from '../../src/losses/bce.js';
import { ce } from '../../src/losses/ce.js';
import { l2Penalty } from '../../src/losses/l2.js';
import { linear } from '../../src/models/linear.js';
import { logistic } from '../../src/models/logistic.js';
import { countsRows, type Model } from '../../src/models/model.js';
import { softmax } from '../../src/models/softmax.js';
import { createMethod } from '../../src/optim/create-method.js';
import { fit as train } from '../../src/train/fit.js';
import { classificationMetrics } from '../../src/train/metrics.js';

const ROWS = 400;
const COLS = 16;

/** Rows uniform in [−1, 1), a target from a seeded linear score: numbers, two classes or three. */
function data(kind: 'linear' | 'logistic' | 'softmax'): Dataset {
  const rng = Random.seeded(11);
  const x = Float64Array.from({ length: ROWS * COLS }, () => 2 * rng.next() - 1);
  const w = Float64Array.from({ length: COLS }, () => 2 * rng.next() - 1);
  const y = new Float64Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    let z = 0.3;
    for (let j = 0; j < COLS; j++) z += x[i * COLS + j]! * w[j]!;
    const noisy = z + 0.5 * (rng.next() - 0.5);
    y[i] =
      kind === 'linear' ? noisy : kind === 'logistic' ? +(noisy > 0) : noisy < -0.5 ? 0 : noisy < 0.5 ? 1 : 2;
  }
  const classes = kind === 'linear' ? null : kind === 'logistic' ? ['a', 'b'] : ['a', 'b', 'c'];
  return {
    name: kind,
    featureNames: Array.from({ length: COLS }, (_, j) => `x${j + 1}`),
    targetName: 'y',
    rows: ROWS,
    features: x,
    target: y,
    classes,
  };
}

/** The full-batch kernel fit() binds, as a gradient of the mean loss: the unscaled pass, then its scaling. */
function meanGradient(kind: 'linear' | 'logistic' | 'softmax', set: Dataset) {
  const { features: x, target: y } = set;
  const pass =
    kind === 'softmax'
      ? createSoftmaxKernel(x, y, ROWS, COLS, 3)
      : createLinearKernel(x, y, ROWS, COLS, kind === 'linear' ? 'squared' : 'logistic');
  const scale = kind === 'linear' ? 2 / ROWS : 1 / ROWS;
  return {
    at(params: Float64Array, grad: Float64Array): number {
      const sum = pass.gradient(params, grad);
      for (let j = 0; j < grad.length; j++) grad[j] = kind === 'linear' ? grad[j]! * scale : grad[j]! / ROWS;
      return sum / ROWS;
    },
    counts: (): boolean => countsRows(pass),
    correct: (): number => (countsRows(pass) ? pass.correct() : Number.NaN),
    close: () => pass.close(),
  };
}

const models: Record<string, () => Model> = {
  linear: () => linear(COLS),
  logistic: () => logistic(COLS),
  softmax: () => softmax(COLS, 3),
};

describe('fit() with a bound full-batch kernel', () => {
  it.each([
    ['linear', 'gd', 0.1, 0],
    ['logistic', 'gd', 0.5, 0],
    ['softmax', 'gd', 0.5, 0],
    ['logistic', 'adam', 0.05, 0.01],
    ['softmax', 'momentum', 0.2, 0.01],
  ] as const)(
    '%s by %s equals the kernel and optimizer stepped by hand',
    (kind, optimizer, learningRate, l2) => {
      const set = data(kind);
      expect(ROWS * COLS).toBeGreaterThanOrEqual(minKernelCells);
      const model = models[kind]!();
      const epochs = 25;
      const params = model.init(() => 0);
      const grad = new Float64Array(params.length);
      const method = createMethod(optimizer, { learningRate });
      const kernel = meanGradient(kind, set);
      const losses: number[] = [];
      let start = Number.NaN;
      const objective = {
        dimension: params.length,
        value: () => Number.NaN,
        valueAndGradient: () => Number.NaN,
      };
      let state: unknown;
      try {
        state = method.init(params, objective);
        for (let epoch = 0; epoch < epochs; epoch++) {
          const loss = kernel.at(params, grad);
          if (epoch === 0) start = (loss * ROWS) / ROWS;
          const value = loss + l2Penalty(params, model.weightMask, l2, grad);
          losses.push((value * ROWS) / ROWS);
          if (method.stepInPlace !== undefined) {
            state = method.stepInPlace(params, grad, state);
          } else {
            const [step, next] = method.step(params, value, grad, state, objective);
            state = next;
            for (let j = 0; j < params.length; j++) params[j] = params[j]! + step[j]!;
          }
        }
      } finally {
        kernel.close();
      }
      const run = train(set, {
        model: kind,
        optimizer,
        optimizerOptions: { learningRate },
        l2,
        epochs,
        tol: 0,
      });
      expect(Array.from(run.params)).toStrictEqual(Array.from(params));
      expect(Array.from(run.history.loss)).toStrictEqual(losses);
      expect(run.checkpoint.startLoss).toBe(start);
      // The result's loss and metrics: the kernel's pass at the final params where it gives them (linear's mse; a
      // classifier's log loss and accuracy once its kernel counts the rows it classifies right), else the
      // model's own outputs there.
      const again = meanGradient(kind, set);
      try {
        const grad = new Float64Array(params.length);
        if (kind === 'linear') {
          expect(run.loss).toBe(again.at(params, grad));
        } else if (again.counts()) {
          const loss = again.at(params, grad);
          expect(run.loss).toBe(loss);
          expect(run.metrics).toStrictEqual({ accuracy: again.correct() / ROWS, logLoss: loss });
        } else {
          const outputs = model.trainer(kind === 'logistic' ? bce() : ce()).outputs(params, set.features);
          expect(run.loss).toBe((kind === 'logistic' ? bce() : ce()).evaluate(outputs, set.target));
          expect(run.metrics).toStrictEqual(classificationMetrics(outputs, set.target, model.outputs));
        }
      } finally {
        again.close();
      }
    },
  );
});
