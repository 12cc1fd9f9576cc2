// Benchmark: compiled value-and-gradient of 2-D Rosenbrock against mathjs's compiled evaluate plus its derivatives.

import { derivative, parse } from 'mathjs';
import { compileExpression } from '../../src/expr/index.js';
import type { Bench, BenchRow } from './bench.js';

const SOURCE = '(1-x)^2 + 100*(y-x^2)^2';

/** 1,024 points in [−2, 2] × [−1, 3] from a fixed linear congruential sequence. */
function points(): Float64Array {
  const xy = new Float64Array(2048);
  let state = 12345;
  for (let k = 0; k < xy.length; k++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    xy[k] = (k % 2 === 0 ? -2 : -1) + (4 * state) / 2147483648;
  }
  return xy;
}

/** Calls `batch(count)` with `count` doubled until one batch takes at least 0.1 s (which also warms V8 up). */
function calibrate(batch: (count: number) => number): number {
  let count = 1000;
  for (;;) {
    const start = performance.now();
    batch(count);
    if (performance.now() - start > 100) return count;
    count *= 2;
  }
}

/**
 * Seconds per call of each batch (`batch(count)` makes `count` calls): the best of seven rounds,
 * the batches interleaved within a round so that a busy machine slows all of them alike.
 */
function secondsPerCall(batches: ReadonlyArray<(count: number) => number>): number[] {
  const counts = batches.map(calibrate);
  const best = batches.map(() => Number.POSITIVE_INFINITY);
  for (let round = 0; round < 7; round++) {
    batches.forEach((batch, b) => {
      const start = performance.now();
      batch(counts[b]!);
      best[b] = Math.min(best[b]!, (performance.now() - start) / 1000 / counts[b]!);
    });
  }
  return best;
}

export const bench: Bench = {
  name: 'expr-rosenbrock-value-gradient',
  async run(): Promise<BenchRow[]> {
    const xy = points();

    const f = compileExpression(SOURCE);
    const x = new Float64Array(2);
    const grad = new Float64Array(2);
    const ours = (count: number): number => {
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const k = (i & 1023) * 2;
        x[0] = xy[k]!;
        x[1] = xy[k + 1]!;
        sum += f.valueAndGradient(x, grad) + grad[0]! + grad[1]!;
      }
      return sum;
    };

    // mathjs's own path: the parsed expression and its symbolic derivatives, each compiled once and
    // evaluated on a reused Map scope (faster than a plain object scope).
    const value = parse(SOURCE).compile();
    const dx = derivative(SOURCE, 'x').compile();
    const dy = derivative(SOURCE, 'y').compile();
    const scope = new Map<string, number>();
    const theirs = (count: number): number => {
      let sum = 0;
      for (let i = 0; i < count; i++) {
        const k = (i & 1023) * 2;
        scope.set('x', xy[k]!);
        scope.set('y', xy[k + 1]!);
        sum +=
          (value.evaluate(scope) as number) + (dx.evaluate(scope) as number) + (dy.evaluate(scope) as number);
      }
      return sum;
    };

    // The same work, checked: over one pass of the points both sums must agree.
    const [a, b] = [ours(1024), theirs(1024)];
    if (!(Math.abs(a - b) <= 1e-9 * Math.abs(b)))
      throw new Error(`expr bench: downhill sums ${a}, mathjs ${b}`);

    // Plain gradient descent, x ← x − lr·∇f, from (−1.2, 1): the loop an optimizer runs.
    const lr = 1e-3;
    const descent = (count: number): number => {
      x[0] = -1.2;
      x[1] = 1;
      for (let i = 0; i < count; i++) {
        f.valueAndGradient(x, grad);
        x[0] -= lr * grad[0]!;
        x[1] -= lr * grad[1]!;
      }
      return x[0]! + x[1]!;
    };

    const [downhill, mathjs, step] = secondsPerCall([ours, theirs, descent]) as [number, number, number];
    return [
      {
        name: 'expr-rosenbrock-value-gradient',
        downhill,
        peers: { mathjs },
        bound: null,
        notes: {
          'downhill evaluations/s': Math.round(1 / downhill),
          'mathjs evaluations/s': Math.round(1 / mathjs),
          'speed-up over mathjs': Number((mathjs / downhill).toFixed(1)),
          'gradient-descent iterations/s': Math.round(1 / step),
        },
      },
    ];
  },
};
