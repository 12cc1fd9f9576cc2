// Benchmark: objective evaluations (and seconds) for downhill's lbfgs and newton to reach 1e-6 of the minimum vs scipy.

import { execFileSync, spawnSync } from 'node:child_process';
import { lbfgs } from '../../src/optim/lbfgs.js';
import type { Method } from '../../src/optim/method.js';
import { newton } from '../../src/optim/newton.js';
import { run } from '../optim/driver.js';
import { classic, type TestFunction } from '../optim/functions.js';
import type { Bench, BenchRow } from './bench.js';

/** A run counts as solved at the first evaluation whose value is within this of the minimum. */
const within = 1e-6;

/** Debian's interpreter, which has (or gets) python3-scipy; the python3 on PATH may not. */
const python = '/usr/bin/python3';

// The same functions, value and derivatives in NumPy, and a counter that records the evaluation at
// which the value first comes within 1e-6 of the minimum — the measure applied to downhill.
const script = `
import json, sys, time
import numpy as np
from scipy.optimize import minimize

def sos(res):
    def f(p):
        x, y = p
        val = 0.0; g = np.zeros(2); h = np.zeros((2, 2))
        for r, gr, hr in res(x, y):
            gr = np.array(gr); hr = np.array(hr)
            val += r * r; g += 2 * r * gr; h += 2 * (np.outer(gr, gr) + r * hr)
        return val, g, h
    return f

def rosen(p):
    x, y = p
    return ((1 - x)**2 + 100 * (y - x*x)**2, np.array([-2*(1-x) - 400*x*(y-x*x), 200*(y-x*x)]),
            np.array([[2 - 400*(y-x*x) + 800*x*x, -400*x], [-400*x, 200]]))

beale = sos(lambda x, y: [(c - x + x*y**i, [y**i - 1, i*x*y**(i-1)],
                           [[0, i*y**(i-1)], [i*y**(i-1), 0 if i == 1 else i*(i-1)*x*y**(i-2)]])
                          for i, c in ((1, 1.5), (2, 2.25), (3, 2.625))])
himmelblau = sos(lambda x, y: [(x*x + y - 11, [2*x, 1], [[2, 0], [0, 0]]), (x + y*y - 7, [1, 2*y], [[0, 0], [0, 2]])])
booth = sos(lambda x, y: [(x + 2*y - 7, [1, 2], [[0, 0], [0, 0]]), (2*x + y - 5, [2, 1], [[0, 0], [0, 0]])])

def matyas(p):
    x, y = p
    return 0.26*(x*x + y*y) - 0.48*x*y, np.array([0.52*x - 0.48*y, 0.52*y - 0.48*x]), np.array([[0.52, -0.48], [-0.48, 0.52]])

def camel(p):
    x, y = p
    return (2*x*x - 1.05*x**4 + x**6/6 + x*y + y*y, np.array([4*x - 4.2*x**3 + x**5 + y, x + 2*y]),
            np.array([[4 - 12.6*x*x + 5*x**4, 1], [1, 2]]))

def styblinski(p):
    return (0.5*np.sum(p**4 - 16*p**2 + 5*p), 0.5*(4*p**3 - 32*p + 5), np.diag(0.5*(12*p**2 - 32)))

def goldstein(p):
    x, y = p
    def quad(c, cx, cy, cxx, cxy, cyy):
        return (c + cx*x + cy*y + cxx*x*x + cxy*x*y + cyy*y*y, np.array([cx + 2*cxx*x + cxy*y, cy + cxy*x + 2*cyy*y]),
                np.array([[2*cxx, cxy], [cxy, 2*cyy]]))
    def mul(a, b):
        return (a[0]*b[0], a[1]*b[0] + a[0]*b[1], a[2]*b[0] + np.outer(a[1], b[1]) + np.outer(b[1], a[1]) + a[0]*b[2])
    def add(c, a):
        return (c + a[0], a[1], a[2])
    A = add(1, mul(quad(1, 2, 2, 1, 2, 1), quad(19, -14, -14, 3, 6, 3)))
    B = add(30, mul(quad(0, 0, 0, 4, -12, 9), quad(18, -32, 48, 12, -36, 27)))
    return mul(A, B)

FUNCS = {'rosenbrock': rosen, 'beale': beale, 'himmelblau': himmelblau, 'booth': booth, 'matyas': matyas,
         'three-hump-camel': camel, 'styblinski-tang': styblinski, 'goldstein-price': goldstein}

def measure(fn, start, minimum, method):
    count = {'f': 0, 'h': 0, 'hit': None, 'hitH': None}
    def fun(p):
        count['f'] += 1
        v, g, _ = fn(p)
        if count['hit'] is None and v - minimum <= ${within}:
            count['hit'] = count['f']; count['hitH'] = count['h']
        return v, g
    def hess(p):
        count['h'] += 1
        return fn(p)[2]
    extra = {'hess': hess} if method == 'Newton-CG' else {}
    opts = {'maxiter': 10000}
    if method != 'Newton-CG': opts['gtol'] = 1e-12
    else: opts['xtol'] = 1e-14
    t0 = time.perf_counter()
    minimize(fun, np.array(start, dtype=float), jac=True, method=method, options=opts, **extra)
    return count['hit'], count['hitH'], time.perf_counter() - t0

out = {}
for name, start, minimum in json.loads(sys.stdin.read()):
    row = {}
    for method in ('L-BFGS-B', 'BFGS', 'Newton-CG'):
        hit, hitH, _ = measure(FUNCS[name], start, minimum, method)
        repeats = 20
        t0 = time.perf_counter()
        for _ in range(repeats): measure(FUNCS[name], start, minimum, method)
        row[method] = {'evaluations': hit, 'hessians': hitH, 'seconds': (time.perf_counter() - t0) / repeats}
    out[name] = row
print(json.dumps(out))
`;

interface ScipyResult {
  evaluations: number | null;
  hessians: number | null;
  seconds: number;
}

/** Makes sure Debian's scipy is importable, installing python3-scipy with apt-get if it is not. */
export function ensureScipy(): void {
  if (spawnSync(python, ['-c', 'import scipy']).status === 0) return;
  const install = spawnSync('apt-get', ['install', '-y', 'python3-scipy'], { stdio: 'ignore' });
  if (install.status !== 0) {
    execFileSync('apt-get', ['update'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', 'python3-scipy'], { stdio: 'ignore' });
  }
}

/** Evaluations to the target and mean seconds per whole run (runs stop at the target). */
function measure(
  method: () => Method,
  fn: TestFunction,
): { evaluations: number | null; hessians: number; seconds: number } {
  const target = { minimum: fn.minimum, within };
  const first = run(method(), fn.objective, fn.start, { maxIterations: 10000, gradTol: 0, target });
  const repeats = 200;
  const t0 = performance.now();
  for (let k = 0; k < repeats; k++)
    run(method(), fn.objective, fn.start, { maxIterations: 10000, gradTol: 0, target });
  const seconds = (performance.now() - t0) / 1000 / repeats;
  return { evaluations: first.evaluationsToTarget, hessians: first.counts.hessians, seconds };
}

export const bench: Bench = {
  name: 'optim',
  async run(): Promise<BenchRow[]> {
    ensureScipy();
    const input = JSON.stringify(classic.map((fn) => [fn.name, fn.start, fn.minimum]));
    const peers = JSON.parse(execFileSync(python, ['-c', script], { input, encoding: 'utf8' })) as Record<
      string,
      Record<'L-BFGS-B' | 'BFGS' | 'Newton-CG', ScipyResult>
    >;
    return classic.map((fn) => {
      const quasi = measure(() => lbfgs(), fn);
      const exact = measure(() => newton(), fn);
      const scipy = peers[fn.name]!;
      const count = (n: number | null) => n ?? 'not reached';
      return {
        name: `optim-${fn.name}`,
        downhill: quasi.seconds,
        peers: {
          'downhill-newton': exact.seconds,
          'scipy-L-BFGS-B': scipy['L-BFGS-B'].seconds,
          'scipy-BFGS': scipy.BFGS.seconds,
          'scipy-Newton-CG': scipy['Newton-CG'].seconds,
        },
        bound: null,
        notes: {
          start: `(${fn.start.join(', ')})`,
          'lbfgs evals': count(quasi.evaluations),
          'newton evals': count(exact.evaluations),
          'newton hessians': exact.hessians,
          'L-BFGS-B evals': count(scipy['L-BFGS-B'].evaluations),
          'BFGS evals': count(scipy.BFGS.evaluations),
          'Newton-CG evals': count(scipy['Newton-CG'].evaluations),
          'Newton-CG hessians': count(scipy['Newton-CG'].hessians),
        },
      };
    });
  },
};
