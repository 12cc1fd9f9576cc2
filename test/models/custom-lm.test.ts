// lm on custom models: residuals and a Jacobian from the autodiff engine, checked against finite differences and the formula model.

import { describe, expect, it } from 'vitest';
import { variable } from '../../src/autodiff/graph.js';
import {
  add,
  exp,
  matmul,
  mul,
  neg,
  reshape,
  sub,
  tanh,
  tensor,
  transpose,
} from '../../src/autodiff/index.js';
import { jacobianColumns } from '../../src/autodiff/jacobian.js';
import type { Tensor } from '../../src/autodiff/tensor.js';
import { parseCsvText } from '../../src/data/csv-text.js';
import { InputError } from '../../src/errors.js';
import { mse } from '../../src/losses/index.js';
import { customModel } from '../../src/models/custom.js';
import { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from '../../src/train/checkpoint.js';
import { fit as train } from '../../src/train/fit.js';

/** y = a·exp(−b·t) + c as a custom model, x being the [rows, 1] column t. */
const decay = (start: { a: number; b: number; c: number }) =>
  customModel({
    name: 'decay',
    inputs: 1,
    params: start,
    forward: ({ a, b, c }, x) => reshape(add(mul(a, exp(neg(mul(b, x)))), c), [x.shape[0]!]),
  });

const t = Array.from({ length: 25 }, (_, i) => i * 0.25);
/** A fixed, sign-changing perturbation, so that the least-squares fit is not the generating curve. */
const wobble = (i: number) => 0.02 * Math.sin(2.7 * i + 0.3);
const csv = (f: (v: number, i: number) => number) =>
  parseCsvText(`t,y\n${t.map((v, i) => `${v},${f(v, i)}`).join('\n')}\n`, { target: 'y' });
const exact = csv((v) => 2 * Math.exp(-0.5 * v) + 0.1);
const noisy = csv((v, i) => 2 * Math.exp(-0.5 * v) + 0.1 + wobble(i));

/** Central differences of the residuals, column-major like LeastSquares.jacobian. */
function finiteJacobian(residuals: (p: Float64Array, out: Float64Array) => void, p: Float64Array, m: number) {
  const out = new Float64Array(m * p.length);
  const up = new Float64Array(m);
  const down = new Float64Array(m);
  for (let j = 0; j < p.length; j++) {
    const h = 1e-6 * Math.max(1, Math.abs(p[j]!));
    const q = Float64Array.from(p);
    q[j] = p[j]! + h;
    residuals(q, up);
    q[j] = p[j]! - h;
    residuals(q, down);
    for (let i = 0; i < m; i++) out[i + j * m] = (up[i]! - down[i]!) / (2 * h);
  }
  return out;
}

describe('jacobianColumns', () => {
  it('gives J·eⱼ for each input number, across several inputs and shapes', () => {
    // y = W·x + s·x² (elementwise) with W [2, 2], s a scalar: ∂y/∂W[i][k] = x[k] on row i, ∂y/∂s = x².
    const w = variable(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    const s = variable(tensor(0.5));
    const x = tensor([[3], [-2]]);
    const y = reshape(add(matmul(w, x), mul(s, mul(x, x))), [2]);
    const columns: number[][] = [];
    jacobianColumns(y, [w, s], (j, values) => {
      columns[j] = [...values];
    });
    expect(columns).toEqual([
      [3, 0],
      [-2, 0],
      [0, 3],
      [0, -2],
      [9, 4],
    ]);
  });
});

describe('custom models under lm', () => {
  it('recover y = a·exp(−b·t) + c from noise-free data', () => {
    const result = train(exact, { model: decay({ a: 1, b: 1, c: 0 }), optimizer: 'lm' });
    expect(result.status).toBe('converged');
    const { a, b, c } = result.parameters as { a: number; b: number; c: number };
    expect(a).toBeCloseTo(2, 9);
    expect(b).toBeCloseTo(0.5, 9);
    expect(c).toBeCloseTo(0.1, 9);
    expect(result.loss).toBeLessThan(1e-20);
    expect(result.evaluations?.jacobian).toBe(result.epochs);
  });

  it('give a Jacobian equal to finite differences, for the decay and for a small tanh network', () => {
    const net = customModel({
      name: 'net',
      inputs: 1,
      params: { w1: [[0.7], [-1.2], [0.4]], b1: [0.1, -0.3, 0.2], w2: [[1.5, -0.8, 0.6]], b2: [0.05] },
      forward: (p, x) =>
        reshape(add(matmul(tanh(add(matmul(x, transpose(p.w1)), p.b1)), transpose(p.w2)), p.b2), [
          x.shape[0]!,
        ]),
    });
    for (const [model, at] of [
      [decay({ a: 1, b: 1, c: 0 }), Float64Array.of(1.7, 0.8, -0.2)],
      [net, Float64Array.from({ length: net.layout.size }, (_, k) => 0.3 * Math.cos(k + 1))],
    ] as const) {
      const problem = model.trainer(mse()).leastSquares!(noisy.features, noisy.target);
      const m = problem.residualCount;
      expect([m, problem.dimension]).toEqual([t.length, model.layout.size]);
      const jacobian = new Float64Array(m * problem.dimension);
      problem.jacobian(at, jacobian);
      const reference = finiteJacobian((p, out) => problem.residuals(p, out), at, m);
      for (let k = 0; k < jacobian.length; k++) {
        expect(Math.abs(jacobian[k]! - reference[k]!)).toBeLessThan(
          1e-7 * Math.max(1, Math.abs(reference[k]!)),
        );
      }
      // The residuals are the predictions minus the targets.
      const residuals = new Float64Array(m);
      problem.residuals(at, residuals);
      const predicted = model.apply(
        Object.fromEntries(model.layout.entries.map((e) => [e.name, at.slice(e.offset, e.offset + e.size)])),
        noisy.features,
      );
      for (let i = 0; i < m; i++) expect(residuals[i]).toBeCloseTo(predicted[i]! - noisy.target[i]!, 14);
    }
  });

  it('take the same steps as lm on the same formula model, to 1e-9', () => {
    const start = { a: 1, b: 1, c: 0 };
    const custom = train(noisy, { model: decay(start), optimizer: 'lm' });
    const formula = train(noisy, { formula: 'a*exp(-b*t) + c', params: start, optimizer: 'lm' });
    expect(custom.status).toBe(formula.status);
    expect(custom.epochs).toBe(formula.epochs);
    expect(custom.evaluations).toEqual(formula.evaluations);
    for (const name of ['a', 'b', 'c']) {
      const [u, v] = [custom.parameters[name] as number, formula.parameters[name] as number];
      expect(Math.abs(u - v)).toBeLessThan(1e-9 * Math.max(1, Math.abs(v)));
    }
    expect(Math.abs(custom.loss - formula.loss)).toBeLessThan(1e-9 * formula.loss);
    // Not the generating curve: the wobble moved the minimum.
    expect(Math.abs((custom.parameters.a as number) - 2)).toBeGreaterThan(1e-4);
  });

  it('resume an lm run bit for bit from a checkpoint', () => {
    const options = { model: decay({ a: 1, b: 1, c: 0 }), optimizer: 'lm', tol: 0, epochs: 12 } as const;
    const whole = train(noisy, options);
    let saved: FitCheckpoint | null = null;
    train(noisy, {
      ...options,
      epochs: 3,
      checkpointSeconds: 0,
      onCheckpoint: (c) => {
        saved ??= c.epoch === 2 ? c : null;
      },
    });
    expect((saved as FitCheckpoint | null)?.epoch).toBe(2);
    const resumed = train(noisy, {
      model: options.model,
      epochs: 12,
      resume: decodeCheckpoint(encodeCheckpoint(saved!)),
    });
    expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
    expect(resumed.loss).toBe(whole.loss);
    expect(resumed.status).toBe(whole.status);
    expect(resumed.evaluations).toEqual(whole.evaluations);
  });

  it('refuse lm with a loss other than mse, and on a classifier, by the optimizer key', () => {
    const refused = (run: () => unknown): InputError => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return error as InputError;
      }
      throw new Error('accepted');
    };
    for (const loss of ['mae', 'huber'] as const) {
      const error = refused(() =>
        train(noisy, { model: decay({ a: 1, b: 1, c: 0 }), optimizer: 'lm', loss }),
      );
      expect(error.key).toBe('optimizer');
      expect(error.message).toContain(`not ${loss}`);
      expect(error.message).not.toContain('--');
    }
    const labels = parseCsvText('x,y\n0,a\n1,b\n2,a\n3,b\n', { target: 'y', targetKind: 'categorical' });
    const classifier = customModel({
      name: 'logit',
      inputs: 1,
      task: 'classification',
      params: { w: 0.1, b: 0 },
      forward: ({ w, b }, x: Tensor) => reshape(add(mul(x, w), b), [x.shape[0]!]),
    });
    const error = refused(() => train(labels, { model: classifier, loss: 'bce', optimizer: 'lm' }));
    expect(error.key).toBe('optimizer');
    expect(error.message).not.toContain('--');
    expect(refused(() => train(noisy, { model: classifier, loss: 'mse', optimizer: 'lm' })).key).toBe('loss');
  });

  it('give NIST Misra1a its certified standard deviations, as the formula fit does', () => {
    // y = b1·(1 − exp(−b2·x)); NIST's certified values (StRD, Misra1a), written here as published.
    const xy = [
      [77.6, 10.07],
      [114.9, 14.73],
      [141.1, 17.94],
      [190.8, 23.93],
      [239.9, 29.61],
      [289.0, 35.18],
      [332.8, 40.02],
      [378.4, 44.82],
      [434.8, 50.76],
      [477.3, 55.05],
      [536.8, 61.01],
      [593.1, 66.4],
      [689.1, 75.47],
      [760.0, 81.78],
    ];
    const data = parseCsvText(`x,y\n${xy.map(([x, y]) => `${x},${y}`).join('\n')}\n`, { target: 'y' });
    const misra = customModel({
      name: 'misra1a',
      inputs: 1,
      params: { b1: 500, b2: 1e-4 },
      forward: ({ b1, b2 }, x) => reshape(mul(b1, sub(1, exp(neg(mul(b2, x))))), [x.shape[0]!]),
    });
    const run = train(data, { model: misra, optimizer: 'lm', tol: 1e-13 });
    expect(run.status).toBe('converged');
    const p = run.parameters as { b1: number; b2: number };
    expect(Math.abs(p.b1 / 2.3894212918e2 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(p.b2 / 5.5015643181e-4 - 1)).toBeLessThan(1e-8);
    const se = run.standardErrors!;
    expect(Object.keys(se)).toEqual(['b1', 'b2']);
    expect(Math.abs(se.b1! / 2.7070075241 - 1)).toBeLessThan(1e-8);
    expect(Math.abs(se.b2! / 7.2668688436e-6 - 1)).toBeLessThan(1e-8);
    expect(run.determination?.verdict).toBe('well-determined');
  });

  it('name an array param’s standard errors by entry: the closed form of least squares on an orthogonal design', () => {
    // Columns 1, u, v are orthogonal with squared length 8 each, so XᵀX = 8·I: the fit is b = mean(y),
    // w = (Σu·y/8, Σv·y/8), and every standard error is √(s²/8) with s² = SSE/(8 − 3).
    const u = [-1, 1, -1, 1, -1, 1, -1, 1];
    const v = [-1, -1, 1, 1, -1, -1, 1, 1];
    const y = [0.3, 2.1, 1.2, 3.6, 0.1, 2.5, 1.0, 3.0];
    const data = parseCsvText(`u,v,y\n${y.map((yi, i) => `${u[i]},${v[i]},${yi}`).join('\n')}\n`, {
      target: 'y',
    });
    const plane = customModel({
      name: 'plane',
      inputs: 2,
      params: { w: [[0], [0]], b: 0 },
      forward: ({ w, b }, x) => reshape(add(matmul(x, w), b), [x.shape[0]!]),
    });
    const run = train(data, { model: plane, optimizer: 'lm', tol: 1e-13 });
    const sum = (f: (i: number) => number) => y.reduce((s, _, i) => s + f(i), 0);
    const b = sum((i) => y[i]!) / 8;
    const wu = sum((i) => u[i]! * y[i]!) / 8;
    const wv = sum((i) => v[i]! * y[i]!) / 8;
    const sse = sum((i) => (y[i]! - b - wu * u[i]! - wv * v[i]!) ** 2);
    const expected = Math.sqrt(sse / 5 / 8);
    const p = run.parameters as { w: number[][]; b: number };
    expect(p.b).toBeCloseTo(b, 12);
    expect(p.w[0]![0]).toBeCloseTo(wu, 12);
    expect(p.w[1]![0]).toBeCloseTo(wv, 12);
    const se = run.standardErrors!;
    expect(Object.keys(se)).toEqual(['w[0]', 'w[1]', 'b']);
    for (const name of ['w[0]', 'w[1]', 'b']) expect(se[name]!).toBeCloseTo(expected, 12);
  });

  it('give no standard errors to a custom model fitted by another optimizer', () => {
    const run = train(noisy, { model: decay({ a: 1, b: 1, c: 0 }), optimizer: 'lbfgs', epochs: 50 });
    expect(run.standardErrors).toBeNull();
  });
});
