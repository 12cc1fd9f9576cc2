// Benchmark: Levenberg–Marquardt on the NIST StRD problems — downhill lm vs MINPACK lmder (scipy), evaluations and digits.

import { execFileSync } from 'node:child_process';
import { mse } from '../../src/losses/index.js';
import { formulaModel } from '../../src/models/formula.js';
import { levenbergMarquardt } from '../../src/optim/levenberg-marquardt.js';
import { digitsReached, nistProblems } from '../optim/nist.js';
import type { Bench, BenchRow } from './bench.js';
import { ensureScipy } from './optim.js';

const python = '/usr/bin/python3';
/**
 * ftol = xtol = gtol on both sides: tight enough for 6 certified digits, loose enough that the last
 * steps are not decided by rounding noise (the two evaluate exp differently in the last bit).
 */
const tol = 1e-12;
const maxEvaluations = 10000;

// MINPACK lmder through scipy with Marquardt's scaling (x_scale='jac', lmder's mode 1) and an exact
// Jacobian by the complex step, so that both sides run the same algorithm on the same derivatives.
const script = `
import json, sys, time
import numpy as np
from scipy.optimize import least_squares
problems = json.load(sys.stdin)
tol, max_nfev = ${tol}, ${maxEvaluations}
out = {}
for p in problems:
    data = np.array(p['data'], dtype=float)
    x, y = data[:, 0], data[:, 1]
    code = compile(p['formula'].replace('^', '**'), p['name'], 'eval')
    f = lambda b, x=x: eval(code, {'exp': np.exp, 'x': x, **{'b%d' % (k + 1): v for k, v in enumerate(b)}})
    fun = lambda b: f(b) - y
    def jac(b):
        h = 1e-30
        cols = []
        for k in range(len(b)):
            z = np.array(b, dtype=complex); z[k] += 1j * h
            cols.append(np.imag(f(z)) / h)
        return np.stack(cols, 1)
    for start in ('start1', 'start2'):
        run = lambda: least_squares(fun, np.array(p[start], dtype=float), jac=jac, method='lm', x_scale='jac',
                                    ftol=tol, xtol=tol, gtol=tol, max_nfev=max_nfev)
        r = run()
        t0 = time.perf_counter(); repeats = 20
        for _ in range(repeats): run()
        out[p['name'] + '-' + start] = {'nfev': int(r.nfev), 'njev': int(r.njev or 0), 'x': list(r.x),
                                        'status': int(r.status), 'seconds': (time.perf_counter() - t0) / repeats}
print(json.dumps(out))
`;

const digits = (x: ArrayLike<number>, certified: readonly number[]): number =>
  Math.round(digitsReached(x, certified) * 100) / 100;

export const bench: Bench = {
  name: 'nist-lm',
  async run(): Promise<BenchRow[]> {
    ensureScipy();
    const problems = nistProblems;
    const peers = JSON.parse(
      execFileSync(python, ['-c', script], { input: JSON.stringify(problems), encoding: 'utf8' }),
    ) as Record<string, { nfev: number; njev: number; x: number[]; status: number; seconds: number }>;
    const rows: BenchRow[] = [];
    for (const p of problems) {
      const x = Float64Array.from(p.data, (r) => r[0]!);
      const y = Float64Array.from(p.data, (r) => r[1]!);
      const problem = formulaModel(p.formula, { featureNames: ['x'] }).trainer(mse()).leastSquares!(x, y);
      for (const start of ['start1', 'start2'] as const) {
        const solve = () =>
          levenbergMarquardt(problem, Float64Array.from(p[start]), {
            ftol: tol,
            xtol: tol,
            gtol: tol,
            maxResidualEvaluations: maxEvaluations,
          });
        const run = solve();
        const repeats = 20;
        const t0 = performance.now();
        for (let k = 0; k < repeats; k++) solve();
        const seconds = (performance.now() - t0) / 1000 / repeats;
        const minpack = peers[`${p.name}-${start}`]!;
        rows.push({
          name: `nist-lm-${p.name}-${start}`,
          downhill: seconds,
          peers: { minpack: minpack.seconds },
          bound: null,
          notes: {
            'downhill residual evals': run.residualEvaluations,
            'minpack nfev': minpack.nfev,
            'downhill jacobian evals': run.jacobianEvaluations,
            'minpack njev': minpack.njev,
            'downhill digits': digits(run.x, p.certified.parameters),
            'minpack digits': digits(minpack.x, p.certified.parameters),
            'downhill stop': run.termination ?? 'running',
            'minpack status': minpack.status,
          },
        });
      }
    }
    return rows;
  },
};
