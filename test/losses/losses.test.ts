// Losses: hand-checked values, gradients against central differences, stability and shape checks.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bce, ce, createLoss, huber, l2Penalty, lossValueAndGrad, mae, mse } from '../../src/losses/index.js';
import { expectClose, numericGradient } from '../models/numeric.js';

const f64 = (...v: number[]) => Float64Array.from(v);

describe('loss values worked out by hand', () => {
  it.each([
    // mse: ((1−0)² + (3−3)²)/2
    ['mse', mse(), f64(1, 3), f64(0, 3), 0.5],
    // mae: (|1−0| + |3−5|)/2
    ['mae', mae(), f64(1, 3), f64(0, 5), 1.5],
    // huber δ=1: ½·0.5² = 0.125 inside, 1·(3 − ½) = 2.5 outside
    ['huber', huber(), f64(0.5, 3), f64(0, 0), (0.125 + 2.5) / 2],
    // bce at logit 0 is log 2 for either label
    ['bce', bce(), f64(0, 0), f64(0, 1), Math.LN2],
    // bce: z = 2, y = 1 → log(1 + e⁻²)
    ['bce', bce(), f64(2), f64(1), Math.log1p(Math.exp(-2))],
    // ce: equal logits over 3 classes → log 3
    ['ce', ce(), f64(0, 0, 0), f64(2), Math.log(3)],
    // ce: logits (1, 2), class 0 → log(e + e²) − 1
    ['ce', ce(), f64(1, 2), f64(0), Math.log(Math.E + Math.E ** 2) - 1],
  ])('%s', (_name, loss, pred, target, expected) => {
    expect(loss.evaluate(pred, target)).toBeCloseTo(expected, 14);
  });

  it('huber with δ = 2 is linear beyond 2: 2·(3 − 1) = 4', () => {
    expect(createLoss('huber', { delta: 2 }).evaluate(f64(3), f64(0))).toBe(4);
  });

  it('bce and ce stay finite and exact for huge logits (log-sum-exp)', () => {
    expect(bce().evaluate(f64(1000, -1000), f64(1, 0))).toBe(0);
    expect(bce().evaluate(f64(-1000), f64(1))).toBe(1000);
    expect(ce().evaluate(f64(1000, 0, -1000), f64(0))).toBe(0);
    expect(ce().evaluate(f64(1000, 0), f64(1))).toBe(1000);
    const { grad } = lossValueAndGrad(ce(), f64(1000, 0), f64(1));
    expectClose(grad, [1, -1], 1e-15);
  });

  it('the L2 penalty spares masked-out entries: ½·0.1·2² = 0.2', () => {
    const grad = new Float64Array(2);
    expect(l2Penalty(f64(2, 5), Uint8Array.of(1, 0), 0.1, grad)).toBeCloseTo(0.2, 15);
    expectClose(grad, [0.2, 0], 1e-15);
  });
});

describe('loss gradients equal central differences', () => {
  const values = fc.float({ min: -4, max: 4, noNaN: true, noDefaultInfinity: true });
  const regression = [mse(), huber({ delta: 0.7 }), mae()];
  for (const loss of regression) {
    it(loss.name, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(values, values), { minLength: 1, maxLength: 6 }), (pairs) => {
          const pred = Float64Array.from(pairs, ([p]) => p);
          const target = Float64Array.from(pairs, ([, t]) => t);
          // Keep clear of the kinks of mae (r = 0) and huber (|r| = δ), where no derivative exists.
          fc.pre(pairs.every(([p, t]) => Math.abs(p - t) > 1e-3 && Math.abs(Math.abs(p - t) - 0.7) > 1e-3));
          const { grad } = lossValueAndGrad(loss, pred, target);
          expectClose(
            grad,
            numericGradient((p) => loss.evaluate(p, target), pred),
            1e-6,
          );
        }),
      );
    });
  }

  it('bce', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(values, fc.constantFrom(0, 1)), { minLength: 1, maxLength: 6 }),
        (pairs) => {
          const pred = Float64Array.from(pairs, ([p]) => p * 3);
          const target = Float64Array.from(pairs, ([, t]) => t);
          const { grad } = lossValueAndGrad(bce(), pred, target);
          expectClose(
            grad,
            numericGradient((p) => bce().evaluate(p, target), pred),
            1e-6,
          );
        },
      ),
    );
  });

  it('ce', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(values, values, values, fc.constantFrom(0, 1, 2)), { minLength: 1, maxLength: 4 }),
        (rows) => {
          const pred = Float64Array.from(rows.flatMap((r) => r.slice(0, 3) as number[]));
          const target = Float64Array.from(rows, (r) => r[3]);
          const { grad } = lossValueAndGrad(ce(), pred, target);
          expectClose(
            grad,
            numericGradient((p) => ce().evaluate(p, target), pred),
            1e-6,
          );
        },
      ),
    );
  });
});

describe('shapes are checked', () => {
  it('rejects mismatched lengths and bad class indices', () => {
    expect(() => mse().evaluate(f64(1, 2), f64(1))).toThrow(/2 predictions for 1 targets/);
    expect(() => mse().evaluate(f64(), f64())).toThrow(/no examples/);
    expect(() => ce().evaluate(f64(1, 2, 3), f64(0, 1))).toThrow(/logits/);
    expect(() => ce().evaluate(f64(1, 2), f64(2))).toThrow(/class 2 outside/);
    expect(() => mse().evaluate(f64(1, 2), f64(1, 2), new Float64Array(1))).toThrow(/gradient buffer/);
  });

  it('an unknown loss name is bad input', () => {
    expect(() => createLoss('hinge')).toThrow(/^loss: unknown loss "hinge"/);
  });
});
