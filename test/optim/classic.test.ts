// Classic test functions: hand-coded derivatives checked by finite differences, then solved to their literature minima.

import { describe, expect, it } from 'vitest';
import { adam } from '../../src/optim/adam.js';
import { firstOrder } from '../../src/optim/first-order.js';
import { lbfgs } from '../../src/optim/lbfgs.js';
import { momentum } from '../../src/optim/momentum.js';
import { newton } from '../../src/optim/newton.js';
import { run } from './driver.js';
import { ackley, classic, himmelblau, rastrigin, rosenbrock, type TestFunction } from './functions.js';

const everything: TestFunction[] = [...classic, rastrigin, ackley];

function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!);
}

function nearestMinimum(fn: TestFunction, x: ArrayLike<number>): number {
  return Math.min(...fn.minima.map((m) => distance(x, m)));
}

describe('hand-coded derivatives agree with central finite differences', () => {
  const points = [
    [0.3, -0.7],
    [-1.1, 0.4],
    [1.7, 1.2],
    [-0.6, -1.9],
  ];
  for (const fn of everything) {
    it(fn.name, () => {
      const o = fn.objective;
      for (const p of points) {
        const x = Float64Array.from(p);
        const grad = new Float64Array(2);
        const f = o.valueAndGradient(x, grad);
        expect(f).toBe(o.value(x));
        const hessian = new Float64Array(4);
        o.hessian?.(x, hessian);
        for (let i = 0; i < 2; i++) {
          const h = 1e-6 * Math.max(1, Math.abs(p[i]!));
          const plus = Float64Array.from(p);
          const minus = Float64Array.from(p);
          plus[i] = plus[i]! + h;
          minus[i] = minus[i]! - h;
          const numeric = (o.value(plus) - o.value(minus)) / (2 * h);
          expect(Math.abs(numeric - grad[i]!)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(grad[i]!)));
          if (o.hessian) {
            const gp = new Float64Array(2);
            const gm = new Float64Array(2);
            o.valueAndGradient(plus, gp);
            o.valueAndGradient(minus, gm);
            for (let j = 0; j < 2; j++) {
              const column = (gp[j]! - gm[j]!) / (2 * h);
              expect(Math.abs(column - hessian[j * 2 + i]!)).toBeLessThanOrEqual(
                1e-5 * Math.max(1, Math.abs(column)),
              );
            }
          }
        }
      }
    });
  }
});

describe('lbfgs and newton reach the literature minima', () => {
  for (const fn of classic) {
    for (const [label, method] of [
      ['lbfgs', lbfgs()],
      ['newton', newton()],
    ] as const) {
      it(`${label} on ${fn.name} from (${fn.start.join(', ')})`, () => {
        const result = run(method, fn.objective, fn.start, { maxIterations: 200, gradTol: 1e-9 });
        expect(nearestMinimum(fn, result.x)).toBeLessThan(1e-6);
        expect(result.value - fn.minimum).toBeLessThan(1e-10);
      });
    }
  }

  it('Himmelblau: each of its four minima from a start in its basin', () => {
    const starts = [
      [4, 3],
      [-3, 4],
      [-4, -4],
      [4, -3],
    ];
    starts.forEach((start, k) => {
      for (const method of [lbfgs(), newton()]) {
        const result = run(method, himmelblau.objective, start, { maxIterations: 200, gradTol: 1e-10 });
        expect(distance(result.x, himmelblau.minima[k]!)).toBeLessThan(1e-7);
      }
    });
  });

  it('strong Wolfe Newton and Armijo L-BFGS solve Rosenbrock too', () => {
    for (const method of [
      newton({ lineSearch: 'strong-wolfe' }),
      lbfgs({ lineSearch: 'armijo', history: 5 }),
    ]) {
      const result = run(method, rosenbrock.objective, rosenbrock.start, {
        maxIterations: 500,
        gradTol: 1e-9,
      });
      expect(distance(result.x, [1, 1])).toBeLessThan(1e-6);
    }
  });
});

describe('first-order methods on the smooth classics', () => {
  it('adam reaches Booth, Matyas and three-hump camel minima', () => {
    for (const fn of classic.filter((f) => ['booth', 'matyas', 'three-hump-camel'].includes(f.name))) {
      const method = firstOrder({ name: 'adam' }, adam(0.05));
      const result = run(method, fn.objective, fn.start, { maxIterations: 20000, gradTol: 1e-8 });
      expect(nearestMinimum(fn, result.x)).toBeLessThan(1e-5);
    }
  });

  it('momentum reaches Rosenbrock (1, 1) and Beale (3, 0.5)', () => {
    const method = firstOrder({ name: 'momentum' }, momentum(0.0005, { momentum: 0.9 }));
    const result = run(method, rosenbrock.objective, rosenbrock.start, {
      maxIterations: 100000,
      gradTol: 1e-8,
    });
    expect(distance(result.x, [1, 1])).toBeLessThan(1e-5);
    const beale = classic.find((f) => f.name === 'beale')!;
    const b = run(
      firstOrder({ name: 'momentum' }, momentum(0.01, { momentum: 0.9 })),
      beale.objective,
      beale.start,
      {
        maxIterations: 100000,
        gradTol: 1e-8,
      },
    );
    expect(distance(b.x, [3, 0.5])).toBeLessThan(1e-5);
  });
});

describe('multimodal: a local minimum near the start', () => {
  it('Rastrigin from (1.2, −0.8): lbfgs and newton stop at the local minimum near (1, −1)', () => {
    for (const method of [lbfgs(), newton()]) {
      const result = run(method, rastrigin.objective, rastrigin.start, {
        maxIterations: 200,
        gradTol: 1e-10,
      });
      expect(Math.hypot(...result.grad)).toBeLessThan(1e-8);
      // A stationary point of Rastrigin near an integer point: 2x + 20π·sin(2πx) = 0 at x ≈ ±0.99496.
      expect(distance(result.x, [0.9949586, -0.9949586])).toBeLessThan(1e-6);
      const h = new Float64Array(4);
      rastrigin.objective.hessian?.(result.x, h);
      expect(h[0]).toBeGreaterThan(0);
      expect(h[3]).toBeGreaterThan(0);
      expect(result.value).toBeLessThan(rastrigin.objective.value(Float64Array.from(rastrigin.start)));
    }
  });

  it('Ackley from (1.1, 0.9): lbfgs stops at the local minimum near (0.968, 0.968)', () => {
    const result = run(lbfgs(), ackley.objective, ackley.start, { maxIterations: 200, gradTol: 1e-9 });
    expect(Math.hypot(...result.grad)).toBeLessThan(1e-8);
    expect(distance(result.x, [0.9684777, 0.9684777])).toBeLessThan(1e-6);
    // Every nearby point is higher.
    for (let k = 0; k < 8; k++) {
      const angle = (k * Math.PI) / 4;
      const nearby = Float64Array.of(
        result.x[0]! + 1e-3 * Math.cos(angle),
        result.x[1]! + 1e-3 * Math.sin(angle),
      );
      expect(ackley.objective.value(nearby)).toBeGreaterThan(result.value);
    }
    expect(result.value).toBeGreaterThan(0);
  });
});
