// Levenberg–Marquardt: NIST StRD certified values from both starts, the pieces of lmder, and honest endings.

import { describe, expect, it } from 'vitest';
import { mse } from '../../src/losses/index.js';
import { formulaModel } from '../../src/models/formula.js';
import { euclideanNorm } from '../../src/numeric/euclidean-norm.js';
import type { LeastSquares } from '../../src/numeric/least-squares.js';
import { applyQTranspose, pivotedQr, restoreDiagonal } from '../../src/numeric/pivoted-qr.js';
import { levenbergMarquardt, lmIterate, lmStart } from '../../src/optim/levenberg-marquardt.js';
import { digitsReached, nistProblems } from './nist.js';

function nistLeastSquares(name: string): { problem: LeastSquares; nist: (typeof nistProblems)[number] } {
  const nist = nistProblems.find((p) => p.name === name)!;
  const x = Float64Array.from(nist.data, (r) => r[0]);
  const y = Float64Array.from(nist.data, (r) => r[1]);
  const problem = formulaModel(nist.formula, { featureNames: ['x'] }).trainer(mse()).leastSquares!(x, y);
  return { problem, nist };
}

const tight = { ftol: 1e-13, xtol: 1e-13, gtol: 1e-13, maxResidualEvaluations: 5000 };

describe('levenbergMarquardt on NIST StRD', () => {
  for (const nist of nistProblems) {
    for (const start of ['start1', 'start2'] as const) {
      it(`${nist.name} from ${start} reaches the certified parameters to 6 digits and the certified SSE`, () => {
        const { problem } = nistLeastSquares(nist.name);
        const run = levenbergMarquardt(problem, Float64Array.from(nist[start]), tight);
        expect(run.termination).toMatch(/^(ftol|xtol|ftol-xtol|gtol)$/);
        expect(digitsReached(run.x, nist.certified.parameters)).toBeGreaterThanOrEqual(6);
        expect(run.norm ** 2).toBeCloseTo(
          nist.certified.residualSumOfSquares,
          6 - Math.ceil(Math.log10(nist.certified.residualSumOfSquares)),
        );
      });
    }
  }

  it("stops on lmder's tests at its default tolerances, counting evaluations as nfev/njev", () => {
    const { problem } = nistLeastSquares('Misra1a');
    const run = levenbergMarquardt(problem, Float64Array.of(250, 5e-4));
    expect(run.termination).toBe('ftol');
    // The first evaluation is the start's; each outer iteration takes one Jacobian and one or more trials.
    expect(run.jacobianEvaluations).toBe(run.iterations);
    expect(run.residualEvaluations).toBeGreaterThanOrEqual(run.jacobianEvaluations + 1);
  });

  it('goes on exactly where a checkpointed state leaves off', () => {
    const { problem, nist } = nistLeastSquares('Thurber');
    const whole = levenbergMarquardt(problem, Float64Array.from(nist.start1), tight);
    let state = lmStart(problem, Float64Array.from(nist.start1));
    for (let k = 0; k < 5; k++) state = lmIterate(problem, state, tight);
    let copied = structuredClone(state);
    while (copied.termination === null) copied = lmIterate(problem, copied, tight);
    expect(Array.from(copied.x)).toEqual(Array.from(whole.x));
    expect(copied.residualEvaluations).toBe(whole.residualEvaluations);
  });
});

describe('levenbergMarquardt on hand-checked problems', () => {
  it('solves a linear least-squares problem in one Gauss–Newton step', () => {
    // r = A·x − b with A = [[1, 0], [1, 1], [1, 2]], b = [1, 2, 4]: normal equations give x = (5/6, 3/2).
    const a = [
      [1, 0],
      [1, 1],
      [1, 2],
    ];
    const b = [1, 2, 4];
    const problem: LeastSquares = {
      residualCount: 3,
      dimension: 2,
      residuals(x, out) {
        for (let i = 0; i < 3; i++) out[i] = a[i]![0]! * x[0]! + a[i]![1]! * x[1]! - b[i]!;
      },
      jacobian(_x, out) {
        for (let i = 0; i < 3; i++) {
          out[i] = a[i]![0]!;
          out[i + 3] = a[i]![1]!;
        }
      },
    };
    const run = levenbergMarquardt(problem, Float64Array.of(0, 0));
    expect(run.x[0]).toBeCloseTo(5 / 6, 12);
    expect(run.x[1]).toBeCloseTo(3 / 2, 12);
  });

  it('says so when the residuals are not finite at the start', () => {
    const problem: LeastSquares = {
      residualCount: 1,
      dimension: 1,
      residuals(x, out) {
        out[0] = Math.log(x[0]!);
      },
      jacobian(x, out) {
        out[0] = 1 / x[0]!;
      },
    };
    const run = levenbergMarquardt(problem, Float64Array.of(-1));
    expect(run.termination).toBe('not-finite');
    expect(run.message).toMatch(/not finite at the start/);
  });

  it('treats a trial that overflows as a failed step and still reaches the minimum (BoxBOD from start 1)', () => {
    // MINPACK's lmder, given inf residuals, stops here far from the solution (scipy: 2 digits off).
    const { problem, nist } = nistLeastSquares('BoxBOD');
    const run = levenbergMarquardt(problem, Float64Array.from(nist.start1));
    expect(digitsReached(run.x, nist.certified.parameters)).toBeGreaterThan(5);
  });
});

describe('the pieces', () => {
  it('euclideanNorm matches the plain norm and survives overflow and underflow', () => {
    expect(euclideanNorm(Float64Array.of(3, 4))).toBe(5);
    expect(euclideanNorm(Float64Array.of(3e200, 4e200))).toBeCloseTo(5e200, -186);
    expect(euclideanNorm(Float64Array.of(3e-200, 4e-200)) / 5e-200).toBeCloseTo(1, 14);
    expect(euclideanNorm(Float64Array.of(1e-30, 1, 1e30))).toBeCloseTo(1e30, -16);
    expect(euclideanNorm(new Float64Array(0))).toBe(0);
    expect(euclideanNorm(Float64Array.of(1, Number.NaN))).toBeNaN();
  });

  it('pivotedQr gives A·P = Q·R with a non-increasing |diag R| and an orthogonal Q', () => {
    const m = 4;
    const n = 3;
    const a = Float64Array.of(1, 2, 0, 1, 5, 1, 2, 0, 0.5, 3, 1, 1); // column-major
    const qr = pivotedQr(Float64Array.from(a), m, n);
    const diag = Array.from(qr.rDiagonal, Math.abs);
    for (let k = 1; k < n; k++) expect(diag[k]!).toBeLessThanOrEqual(diag[k - 1]! + 1e-12);
    // Qᵀ applied to each pivoted column of A gives R's column (zeros below the diagonal).
    for (let k = 0; k < n; k++) {
      const column = a.slice(qr.pivot[k]! * m, qr.pivot[k]! * m + m);
      applyQTranspose(qr, column);
      for (let i = 0; i < m; i++) {
        const expected = i < k ? qr.a[i + k * m]! : i === k ? qr.rDiagonal[k]! : 0;
        expect(column[i]).toBeCloseTo(expected, 12);
      }
    }
    restoreDiagonal(qr);
    expect(qr.a[0]).toBe(qr.rDiagonal[0]);
  });
});
