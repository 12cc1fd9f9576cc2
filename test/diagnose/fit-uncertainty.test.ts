// Standard errors against NIST's certified standard deviations, and the verdict on ill-determined fits.

import { describe, expect, it } from 'vitest';
import { fitUncertainty } from '../../src/diagnose/fit-uncertainty.js';
import { mse } from '../../src/losses/index.js';
import { formulaModel } from '../../src/models/formula.js';
import { levenbergMarquardt } from '../../src/optim/levenberg-marquardt.js';
import { nistProblems } from '../optim/nist.js';

describe('fitUncertainty', () => {
  for (const nist of nistProblems) {
    it(`gives ${nist.name}'s certified standard deviations to 5 digits`, () => {
      const x = Float64Array.from(nist.data, (r) => r[0]);
      const y = Float64Array.from(nist.data, (r) => r[1]);
      const problem = formulaModel(nist.formula, { featureNames: ['x'] }).trainer(mse()).leastSquares!(x, y);
      const run = levenbergMarquardt(problem, Float64Array.from(nist.start2), {
        ftol: 1e-13,
        xtol: 1e-13,
        gtol: 1e-13,
      });
      const n = nist.start2.length;
      const jacobian = new Float64Array(x.length * n);
      problem.jacobian(run.x, jacobian);
      const u = fitUncertainty(jacobian, x.length, n, run.norm ** 2);
      expect(u.determination).toBe('well-determined');
      u.standardErrors.forEach((se, k) => {
        const sd = nist.certified.standardDeviations[k]!;
        expect(Math.abs(se! - sd) / sd).toBeLessThan(1e-5);
      });
    });
  }

  it('matches s²(JᵀJ)⁻¹ worked by hand for a straight line', () => {
    // J = [[1, 0], [1, 1], [1, 2]] (intercept, slope), SSE 0.5, m − n = 1: JᵀJ = [[3, 3], [3, 5]], inverse
    // [[5, −3], [−3, 3]]/6, so the errors are √(0.5·5/6) and √(0.5·3/6).
    const u = fitUncertainty(Float64Array.of(1, 1, 1, 0, 1, 2), 3, 2, 0.5);
    expect(u.standardErrors[0]).toBeCloseTo(Math.sqrt(2.5 / 6), 14);
    expect(u.standardErrors[1]).toBeCloseTo(Math.sqrt(1.5 / 6), 14);
  });

  it('calls a fit whose parameters only appear as a product singular, naming both, with no standard errors', () => {
    // y = a·b·t: the Jacobian columns b·t and a·t are parallel.
    const t = [1, 2, 3, 4];
    const a = 2;
    const b = 3;
    const jacobian = Float64Array.from([...t.map((v) => b * v), ...t.map((v) => a * v)]);
    const u = fitUncertainty(jacobian, 4, 2, 0.1);
    expect(u.determination).toBe('singular');
    expect(u.standardErrors).toEqual([null, null]);
    expect(u.tradeOff.map((p) => p.index).sort()).toEqual([0, 1]);
    // Along the flat direction one goes up as the other goes down (a·b fixed).
    expect(Math.sign(u.tradeOff[0]!.weight)).toBe(-Math.sign(u.tradeOff[1]!.weight));
  });

  it('calls two nearly equal exponentials ill-determined, naming the rates that trade off', () => {
    // y = a·exp(−b·t) + c·exp(−d·t) with b ≈ d: columns for (a, c) and for (b, d) are nearly parallel.
    const t = Array.from({ length: 20 }, (_, i) => i / 4);
    const [a, b, c, d] = [1, 1, 1, 1.0001];
    const columns = [
      t.map((v) => Math.exp(-b * v)),
      t.map((v) => -a * v * Math.exp(-b * v)),
      t.map((v) => Math.exp(-d * v)),
      t.map((v) => -c * v * Math.exp(-d * v)),
    ];
    const u = fitUncertainty(Float64Array.from(columns.flat()), 20, 4, 1e-3);
    expect(u.determination).not.toBe('well-determined');
    expect(u.tradeOff.length).toBeGreaterThanOrEqual(2);
  });
});
