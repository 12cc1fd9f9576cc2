// fitStepper against fit() bit for bit, its gradient health against finite differences, and its probabilities.

import { describe, expect, it } from 'vitest';
import { fit, fitStepper, generateDataset, InputError } from '../../src/index.js';

const xor = generateDataset('xor', { seed: 2, rows: 120 });

describe('fitStepper', () => {
  const cases = [
    {
      name: 'full batch, adam',
      settings: {
        model: 'mlp:6',
        loss: 'ce',
        activation: 'tanh',
        optimizer: 'adam',
        optimizerOptions: { learningRate: 0.02 },
      },
    },
    {
      name: 'mini-batches of 32, momentum, standardized',
      settings: {
        model: 'mlp:5,4',
        loss: 'ce',
        optimizer: 'momentum',
        optimizerOptions: { learningRate: 0.05 },
        batchSize: 32,
        standardize: true,
        seed: 3,
      },
    },
    {
      name: 'one logit by bce, sigmoid, normal init',
      settings: {
        model: 'mlp:4',
        loss: 'bce',
        activation: 'sigmoid',
        init: 'normal:0.5',
        optimizer: 'gd',
        optimizerOptions: { learningRate: 0.5 },
      },
    },
  ] as const;

  for (const { name, settings } of cases) {
    it(`equals fit() with tol 0 after the same epochs — ${name}`, () => {
      const run = fitStepper(xor, settings);
      expect(run.step(7)).toBe(7);
      run.step(0);
      run.step(5);
      expect(run.epoch).toBe(12);
      const reference = fit(xor, { ...settings, tol: 0, epochs: 12 });
      expect(Array.from(run.params)).toEqual(Array.from(reference.params));
      expect(run.result().loss).toBe(reference.loss);
      expect(run.result().metrics).toEqual(reference.metrics);
      // With full batches fit's loss and metrics are at the final params, as the stepper's own readings are.
      if (!('batchSize' in settings)) {
        expect(run.loss()).toBe(reference.loss);
        expect(run.metrics()).toEqual(reference.metrics);
      }
      expect(run.health()).toEqual(reference.gradientHealth);
      expect(run.losses).toEqual(Array.from(reference.history.loss));
    });
  }

  it('N steps equal fit() for N epochs bit for bit: params, loss, metrics, history, health and verdict', () => {
    const spiral = generateDataset('spiral', { seed: 1, rows: 90 });
    const runs = [
      { data: xor, settings: { model: 'mlp:5', loss: 'ce', optimizer: 'adam', batchSize: 16, seed: 7 } },
      { data: spiral, settings: { model: 'mlp:6,6', loss: 'ce', optimizer: 'rmsprop', l2: 1e-3 } },
      {
        data: generateDataset('line', { seed: 3 }),
        settings: { model: 'mlp:3', optimizer: 'nesterov', batchSize: 7, standardize: true },
      },
    ] as const;
    for (const { data, settings } of runs) {
      for (const epochs of [1, 9]) {
        const run = fitStepper(data, settings);
        let left = epochs;
        while (left > 0) left -= run.step(Math.min(left, 4));
        const mine = run.result();
        const reference = fit(data, { ...settings, tol: 0, epochs });
        expect(Array.from(mine.params)).toEqual(Array.from(reference.params));
        expect(Array.from(run.params)).toEqual(Array.from(reference.params));
        expect(mine.loss).toBe(reference.loss);
        expect(mine.metrics).toEqual(reference.metrics);
        expect(mine.gradientHealth).toEqual(reference.gradientHealth);
        expect(Array.from(mine.history.loss)).toEqual(Array.from(reference.history.loss));
        expect(run.losses).toEqual(Array.from(reference.history.loss));
        expect([mine.status, mine.message]).toEqual([reference.status, reference.message]);
        expect(mine.epochs).toBe(epochs);
      }
    }
  });

  it('reads per-layer gradient norms that match central finite differences of the loss', () => {
    const run = fitStepper(xor, { model: 'mlp:3,3', loss: 'ce', activation: 'tanh', seed: 5 });
    run.step(3);
    const health = run.health();
    const p = run.params;
    const offsets = run.model.layers;
    offsets.forEach((layer, l) => {
      let sum = 0;
      for (let j = layer.offset; j < layer.offset + layer.size; j++) {
        const keep = p[j]!;
        const h = 1e-6;
        p[j] = keep + h;
        const up = run.loss();
        p[j] = keep - h;
        const down = run.loss();
        p[j] = keep;
        sum += ((up - down) / (2 * h)) ** 2;
      }
      expect(health[l]!.norm).toBeCloseTo(Math.sqrt(sum), 7);
    });
  });

  it('gives class probabilities that sum to 1 and whose largest is the predicted class', () => {
    for (const loss of ['ce', 'bce'] as const) {
      const run = fitStepper(xor, {
        model: 'mlp:6',
        loss,
        activation: 'tanh',
        optimizer: 'adam',
        optimizerOptions: { learningRate: 0.05 },
        standardize: true,
      });
      run.step(100);
      const probabilities = run.probabilities(xor.features);
      let correct = 0;
      for (let i = 0; i < xor.rows; i++) {
        const p0 = probabilities[2 * i]!;
        const p1 = probabilities[2 * i + 1]!;
        expect(p0 + p1).toBeCloseTo(1, 14);
        if ((p1 > p0 ? 1 : 0) === xor.target[i]) correct++;
      }
      expect(correct / xor.rows).toBe((run.metrics() as { accuracy: number }).accuracy);
    }
  });

  it('learns xor and the spiral to at least 95 % with small tanh nets', () => {
    const settings = {
      loss: 'ce',
      activation: 'tanh',
      optimizer: 'adam',
      optimizerOptions: { learningRate: 0.03 },
    } as const;
    const a = fitStepper(generateDataset('xor', { seed: 0 }), { ...settings, model: 'mlp:8' });
    a.step(300);
    expect((a.metrics() as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.95);
    const b = fitStepper(generateDataset('spiral', { seed: 0 }), { ...settings, model: 'mlp:16,16' });
    b.step(300);
    expect((b.metrics() as { accuracy: number }).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('stops on divergence with the reason and refuses what it cannot do', () => {
    const run = fitStepper(generateDataset('line', { seed: 0 }), {
      model: 'linear',
      optimizerOptions: { learningRate: 10 },
    });
    const done = run.step(500);
    expect(done).toBeLessThan(500);
    expect(run.diverged).toMatch(/left the finite numbers/);
    expect(run.step(5)).toBe(0);
    expect(() => fitStepper(xor, { model: 'mlp:4', validation: 0.2 })).toThrow(InputError);
    expect(() => fitStepper(xor, { model: 'mlp:4' }).step(-1)).toThrow(InputError);
    expect(() =>
      fitStepper(generateDataset('line', { seed: 0 }), { model: 'mlp:4' }).probabilities(Float64Array.of(1)),
    ).toThrow(/numbers, not classes/);
  });
});
