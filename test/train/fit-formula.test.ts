// fit() with formula models: y = a·exp(−b·t) + c recovered by every optimizer, lm against NIST, honest verdicts.

import { describe, expect, it } from 'vitest';
import { Random } from '../../src/data/random.js';
import { decodeCheckpoint, encodeCheckpoint, type FitCheckpoint } from '../../src/train/checkpoint.js';
import { fit as train } from '../../src/train/fit.js';
import { digitsReached, nistProblems } from '../optim/nist.js';
import { dataset } from './fit-helpers.js';

// y = 3·exp(−t) + 0.5 with small seeded noise: the fit must recover (3, 1, 0.5) to within a few standard errors.
const rng = Random.seeded(5);
const t = Array.from({ length: 40 }, (_, i) => i / 5);
const decay = dataset(
  ['t'],
  t,
  t.map((v) => 3 * Math.exp(-v) + 0.5 + 0.01 * rng.normal()),
);
const formula = 'a*exp(-b*t) + c';

describe('fit with a formula', () => {
  const runs: [string, object][] = [
    ['lm', { optimizer: 'lm' }],
    ['newton', { optimizer: 'newton' }],
    ['lbfgs', { optimizer: 'lbfgs' }],
    ['adam', { optimizer: 'adam', optimizerOptions: { learningRate: 0.05 }, epochs: 4000 }],
    ['gd', { optimizer: 'gd', optimizerOptions: { learningRate: 0.2 }, epochs: 20000 }],
  ];
  for (const [name, options] of runs) {
    it(`recovers y = a·exp(−b·t) + c with ${name}, with standard errors that cover the truth`, () => {
      const run = train(decay, { formula, params: { a: 2, b: 0.5 }, ...options });
      expect(run.status).toBe('converged');
      const p = run.parameters as Record<string, number>;
      const se = run.standardErrors!;
      for (const [k, truth] of [
        ['a', 3],
        ['b', 1],
        ['c', 0.5],
      ] as const) {
        expect(Math.abs(p[k]! - truth)).toBeLessThan(4 * se[k]!);
        expect(se[k]!).toBeGreaterThan(0);
      }
      expect(run.determination?.verdict).toBe('well-determined');
      expect(run.evaluations === null).toBe(name !== 'lm');
    });
  }

  it('fits with mini-batches and validation, and resumes bit for bit', () => {
    const options = {
      formula,
      params: { a: 2, b: 0.5 },
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.05 },
      batchSize: 8,
      validation: 0.2,
      epochs: 300,
      tol: 0,
    } as const;
    const whole = train(decay, options);
    let saved: FitCheckpoint | null = null;
    train(decay, { ...options, epochs: 120, onCheckpoint: (c) => (saved = c) });
    const resumed = train(decay, { epochs: 300, resume: decodeCheckpoint(encodeCheckpoint(saved!)) });
    expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
    expect(resumed.loss).toBe(whole.loss);
  });

  it('resumes an lm fit bit for bit, evaluation counts included', () => {
    const nist = nistProblems.find((p) => p.name === 'Thurber')!;
    const data = dataset(
      ['x'],
      nist.data.map((r) => r[0]),
      nist.data.map((r) => r[1]),
    );
    const params = Object.fromEntries(nist.start1.map((v, k) => [`b${k + 1}`, v]));
    const options = { formula: nist.formula, params, optimizer: 'lm', tol: 1e-13 } as const;
    const whole = train(data, options);
    let saved: FitCheckpoint | null = null;
    train(data, { ...options, epochs: 6, onCheckpoint: (c) => (saved = c) });
    const resumed = train(data, { epochs: 1000, resume: decodeCheckpoint(encodeCheckpoint(saved!)) });
    expect(Array.from(resumed.params)).toEqual(Array.from(whole.params));
    expect(resumed.evaluations).toEqual(whole.evaluations);
    expect(resumed.message).toBe(whole.message);
  });

  for (const nist of nistProblems) {
    it(`reaches ${nist.name}'s certified values through train() with lm, with the certified standard deviations`, () => {
      const data = dataset(
        ['x'],
        nist.data.map((r) => r[0]),
        nist.data.map((r) => r[1]),
      );
      const params = Object.fromEntries(nist.start1.map((v, k) => [`b${k + 1}`, v]));
      const run = train(data, { formula: nist.formula, params, optimizer: 'lm', tol: 1e-13 });
      expect(run.status).toBe('converged');
      const names = nist.start1.map((_, k) => `b${k + 1}`);
      const p = run.parameters as Record<string, number>;
      expect(
        digitsReached(
          names.map((n) => p[n]!),
          nist.certified.parameters,
        ),
      ).toBeGreaterThanOrEqual(6);
      names.forEach((n, k) => {
        const sd = nist.certified.standardDeviations[k]!;
        expect(Math.abs(run.standardErrors![n]! - sd) / sd).toBeLessThan(1e-3);
      });
      expect(run.evaluations!.residual).toBeGreaterThan(run.evaluations!.jacobian);
    });
  }

  it('names the parameters that trade off when the fit cannot separate them', () => {
    const run = train(decay, { formula: 'a*k*exp(-b*t) + c', optimizer: 'lm' });
    expect(run.determination?.verdict).toBe('singular');
    expect(run.determination?.tradeOff.sort()).toEqual(['a', 'k']);
    expect(run.standardErrors).toEqual({ a: null, b: null, c: null, k: null });
    expect(run.message).toMatch(/cannot tell (a and k|k and a) apart/);
  });

  it('says when lm stops at a point that is not a minimum of a non-smooth formula', () => {
    // |a − t|-like kinks: a small step forced by a kink, where the residuals are not orthogonal to J.
    const run = train(decay, {
      formula: 'abs(a - t) + c',
      params: { a: 20, c: 0 },
      optimizer: 'lm',
      epochs: 200,
    });
    expect(['converged', 'stalled', 'max-iterations']).toContain(run.status);
    expect(run.message).not.toMatch(/NaN/);
  });

  it('reports a fit whose numbers leave the finite ones as diverged, never NaN', () => {
    const run = train(decay, { formula: 'exp(a*t*t*t)', params: { a: 300 }, optimizer: 'lm' });
    expect(run.status).toBe('diverged');
    expect(run.message).toMatch(/finite/);
  });

  it('claims no trade-off between parameters after a gd run that overflowed', () => {
    const x = [10, 20, 30, 40, 50];
    const line = dataset(
      ['x'],
      x,
      x.map((v) => 2 * v + 1),
    );
    const run = train(line, {
      formula: 'a*x^b',
      params: { a: 1, b: 0.5 },
      optimizer: 'gd',
      optimizerOptions: { learningRate: 0.5 },
      epochs: 200,
    });
    expect(run.status).toBe('diverged');
    expect(run.message).not.toMatch(/cannot tell|trade off/);
    expect(run.determination).toBeNull();
  });
});
