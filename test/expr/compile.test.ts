// Compiled values, gradients and Hessians against independent truth: mathjs's evaluate, finite differences, closed forms.

import fc from 'fast-check';
import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { expression, point } from './arbitrary.js';

const sigmoid = (t: number): number => 1 / (1 + Math.exp(-t));

// `predictable`: mathjs answers NaN where it would otherwise turn complex (sqrt(-1), log(-1)), as downhill
// does. One difference remains, by design: a negative base to a non-integer power is NaN in downhill
// (JavaScript, NumPy and PyTorch agree), where predictable mathjs takes a real root when the exponent
// is close to a fraction with an odd denominator — which every double is.
// mathjs's types read `all` out of an index signature, so with noUncheckedIndexedAccess it may be undefined.
if (all === undefined) throw new Error('mathjs exports no `all` factory set');
const mathjs = create(all, { predictable: true });
const mathjsPow = mathjs.pow;
mathjs.import(
  { pow: (a: number, b: number) => (a < 0 && !Number.isInteger(b) ? Number.NaN : mathjsPow(a, b)) },
  { override: true },
);

/** The compiled function at (x, y, z), whichever of them it uses. */
function at(f: ReturnType<typeof compileExpression>, [x, y, z]: readonly number[]): Float64Array {
  const values: Record<string, number> = { x: x!, y: y!, z: z! };
  return Float64Array.from(f.variables, (name) => values[name]!);
}

/**
 * Central differences of `g` at p in every coordinate, with step h and h/2. Where the two disagree,
 * or the one-sided differences do (a kink, a jump), the point is too close to a pole or a
 * non-smooth spot for differences to be a reference, and the caller skips it.
 */
function centralDifferences(
  g: (p: Float64Array) => number,
  p: Float64Array,
): { d: number[]; trusted: boolean } {
  const d: number[] = [];
  let trusted = true;
  for (let k = 0; k < p.length; k++) {
    const shifted = (h: number): number => {
      const q = Float64Array.from(p);
      q[k] = p[k]! + h;
      return g(q);
    };
    const h = 1e-4 * Math.max(1, Math.abs(p[k]!));
    const middle = g(p);
    const coarse = (shifted(h) - shifted(-h)) / (2 * h);
    const fine = (shifted(h / 2) - shifted(-h / 2)) / h;
    const forward = (shifted(h) - middle) / h;
    const backward = (middle - shifted(-h)) / h;
    const scale = 1 + Math.abs(fine);
    if (
      ![coarse, fine, forward, backward].every(Number.isFinite) ||
      Math.abs(coarse - fine) > 1e-6 * scale ||
      Math.abs(forward - backward) > 1e-2 * scale
    ) {
      trusted = false;
    }
    // Richardson: the h² error terms cancel.
    d.push((4 * fine - coarse) / 3);
  }
  return { d, trusted };
}

function expectClose(actual: number, expected: number, rel: number, abs: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(abs + rel * Math.abs(expected));
}

describe('value', () => {
  it('equals mathjs evaluate of the same text, operation for operation', () => {
    let compared = 0;
    fc.assert(
      fc.property(expression, point, (source, p) => {
        const f = compileExpression(source);
        const expected: unknown = mathjs.evaluate(source.replaceAll('**', '^'), {
          x: p[0],
          y: p[1],
          z: p[2],
          sigmoid,
        });
        expect(typeof expected).toBe('number');
        compared += Number.isFinite(expected) ? 1 : 0;
        const actual = f.value(at(f, p));
        // A negative base to an infinite power (an exponent holding x/0) is NaN in mathjs and follows
        // JavaScript's Math.pow here (0 or Infinity by |base|): the one documented divergence.
        if (Number.isNaN(expected) && !Number.isNaN(actual) && /\/ 0/.test(source) && /\*\*|\^/.test(source))
          return;
        expect(actual).toBe(expected);
      }),
      { numRuns: 500 },
    );
    expect(compared).toBeGreaterThan(300);
  });

  it('gives NaN or Infinity for domain errors, without throwing', () => {
    expect(compileExpression('log(x)').value(new Float64Array([-1]))).toBeNaN();
    expect(compileExpression('x / y').value(new Float64Array([0, 0]))).toBeNaN();
    expect(compileExpression('1 / x').value(new Float64Array([0]))).toBe(Infinity);
    expect(compileExpression('sqrt(x)').value(new Float64Array([-4]))).toBeNaN();
  });

  it('handles expressions without variables, and a bare variable', () => {
    const c = compileExpression('2 * pi + e ^ 2 - sigmoid(0)');
    expect(c.variables).toEqual([]);
    expect(c.valueAndGradient(new Float64Array(0), new Float64Array(0))).toBe(
      2 * Math.PI + Math.E ** 2 - 0.5,
    );
    const x = compileExpression('x');
    const grad = new Float64Array(1);
    expect(x.valueAndGradient(new Float64Array([7]), grad)).toBe(7);
    expect([...grad]).toEqual([1]);
  });
});

describe('gradient', () => {
  it('matches central differences of the compiled value on random expressions', () => {
    let checked = 0;
    let singular = 0;
    fc.assert(
      fc.property(expression, point, (source, p) => {
        const f = compileExpression(source);
        const x = at(f, p);
        const grad = new Float64Array(x.length);
        const value = f.valueAndGradient(x, grad);
        expect(value).toBe(f.value(x));
        const { d, trusted } = centralDifferences((q) => f.value(q), x);
        if (!Number.isFinite(value) || !trusted) return;
        // 0·∞ in the chain rule where an exact cancellation meets a singularity ((x − x)^0.1): the
        // true slope exists, the chain rule cannot see it. Counted below, so it cannot hide a bug.
        if (!grad.every(Number.isFinite)) {
          singular += 1;
          return;
        }
        checked += 1;
        for (const [k, fd] of d.entries()) expectClose(grad[k]!, fd, 1e-5, 1e-6);
      }),
      { numRuns: 600 },
    );
    expect(checked).toBeGreaterThan(200);
    expect(singular).toBeLessThan(checked / 20);
  });

  it('is exact through nested functions', () => {
    const f = compileExpression('sin(exp(tanh(x*y)))');
    const [x, y] = [0.7, -0.4];
    const grad = new Float64Array(2);
    f.valueAndGradient(new Float64Array([x, y]), grad);
    const t = Math.tanh(x * y);
    const outer = Math.cos(Math.exp(t)) * Math.exp(t) * (1 - t * t);
    expectClose(grad[0]!, outer * y, 1e-15, 1e-15);
    expectClose(grad[1]!, outer * x, 1e-15, 1e-15);

    const s = compileExpression('sigmoid(sigmoid(x))');
    const g1 = new Float64Array(1);
    s.valueAndGradient(new Float64Array([0.3]), g1);
    const inner = sigmoid(0.3);
    const outerS = sigmoid(inner);
    expectClose(g1[0]!, outerS * (1 - outerS) * inner * (1 - inner), 1e-15, 1e-15);
  });

  it('takes slope 0 at the kink of abs, as autodiff frameworks do', () => {
    const grad = new Float64Array(1);
    compileExpression('abs(x)').valueAndGradient(new Float64Array([0]), grad);
    expect(grad[0]).toBe(0);
  });
});

describe('Hessian', () => {
  it('matches central differences of the compiled gradient on random expressions', () => {
    let checked = 0;
    let singular = 0;
    fc.assert(
      fc.property(expression, point, (source, p) => {
        const f = compileExpression(source);
        const x = at(f, p);
        const n = x.length;
        if (!Number.isFinite(f.value(x))) return;
        const grad = new Float64Array(n);
        const columns: number[][] = [];
        for (let j = 0; j < n; j++) {
          const { d, trusted } = centralDifferences((q) => {
            f.valueAndGradient(q, grad);
            return grad[j]!;
          }, x);
          if (!trusted) return;
          columns.push(d);
        }
        const h = new Float64Array(n * n);
        f.hessian(x, h);
        // As for the gradient: 0·∞ at an exact cancellation, counted so it cannot hide a bug.
        if (!h.every(Number.isFinite)) {
          singular += 1;
          return;
        }
        checked += 1;
        for (const [j, d] of columns.entries()) {
          for (const [i, fd] of d.entries()) expectClose(h[i * n + j]!, fd, 1e-4, 1e-5);
        }
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(h[i * n + j]).toBe(h[j * n + i]);
      }),
      { numRuns: 400 },
    );
    expect(checked).toBeGreaterThan(150);
    expect(singular).toBeLessThan(checked / 20);
  });
});

describe('Rosenbrock (1-x)^2 + 100*(y-x^2)^2 in closed form', () => {
  const f = compileExpression('(1-x)^2 + 100*(y-x^2)^2');
  // ∇f = (−2(1−x) − 400x(y−x²), 200(y−x²)); H = [[2 − 400y + 1200x², −400x], [−400x, 200]].
  const table: Array<[number, number, number, [number, number], [number, number, number, number]]> = [
    [1, 1, 0, [0, 0], [802, -400, -400, 200]],
    [-1.2, 1, 24.2, [-215.6, -88], [1330, 480, 480, 200]],
    [0, 0, 1, [-2, 0], [2, 0, 0, 200]],
    [2, -1, 2501, [4002, -1000], [5202, -800, -800, 200]],
  ];
  it.each(table)('at (%d, %d)', (x, y, value, gradient, hessian) => {
    const p = new Float64Array([x, y]);
    const grad = new Float64Array(2);
    expectClose(f.valueAndGradient(p, grad), value, 1e-14, 1e-12);
    expectClose(grad[0]!, gradient[0], 1e-14, 1e-12);
    expectClose(grad[1]!, gradient[1], 1e-14, 1e-12);
    const h = new Float64Array(4);
    f.hessian(p, h);
    for (const [k, entry] of hessian.entries()) expectClose(h[k]!, entry, 1e-14, 1e-12);
  });
});

describe('nodes with a constant operand, integer powers and repeated variables, in closed form', () => {
  // [source, point by variable, value, gradient, Hessian row-major]; worked by hand at x = 1.5, y = −0.5
  // unless the point says otherwise.
  const table: Array<[string, Record<string, number>, number, number[], number[]]> = [
    ['3*x^2 + y', { x: 1.5, y: -0.5 }, 6.25, [9, 1], [6, 0, 0, 0]],
    ['x^2*3 - y', { x: 1.5, y: -0.5 }, 7.25, [9, -1], [6, 0, 0, 0]],
    ['5 - x^3', { x: 1.5 }, 1.625, [-6.75], [-9]],
    ['x^3 - 5', { x: 1.5 }, -1.625, [6.75], [9]],
    ['x*y + 2', { x: 1.5, y: -0.5 }, 1.25, [-0.5, 1.5], [0, 1, 1, 0]],
    ['2 + x*y', { x: 1.5, y: -0.5 }, 1.25, [-0.5, 1.5], [0, 1, 1, 0]],
    ['x^2 / 4', { x: 1.5 }, 0.5625, [0.75], [0.5]],
    ['2 / x', { x: 2 }, 1, [-0.5], [0.5]],
    ['x^-2', { x: 2 }, 0.25, [-0.25], [0.375]],
    ['x^(-3)', { x: 2 }, 0.125, [-0.1875], [0.375]],
    ['x^3', { x: 0 }, 0, [0], [0]],
    ['x^4', { x: 0 }, 0, [0], [0]],
    ['x^0', { x: 1.5 }, 1, [0], [0]],
    ['x^0 + y', { x: 1.5, y: -0.5 }, 0.5, [0, 1], [0, 0, 0, 0]],
    ['x^0 * x + x', { x: 1.5 }, 3, [2], [0]],
    ['x * x^0 + x', { x: 1.5 }, 3, [2], [0]],
    // ∇ = (2(x−y) + 2xy, −2(x−y) + x²), H = [[2 + 2y, −2 + 2x], [−2 + 2x, 2]].
    ['(x - y)^2 + x*y*x', { x: 1.5, y: -0.5 }, 2.875, [2.5, -1.75], [1, 1, 1, 2]],
  ];
  it.each(table)('%s', (source, at, value, gradient, hessian) => {
    const f = compileExpression(source);
    const p = Float64Array.from(f.variables, (name) => at[name]!);
    // Stale contents must not leak into the result: the first leaf of each variable stores, later ones add.
    const grad = new Float64Array(p.length).fill(Number.NaN);
    expectClose(f.valueAndGradient(p, grad), value, 1e-15, 1e-15);
    expect(f.value(p)).toBe(f.valueAndGradient(p, grad));
    for (const [k, g] of gradient.entries()) expectClose(grad[k]!, g, 1e-15, 1e-15);
    const h = new Float64Array(p.length * p.length).fill(Number.NaN);
    f.hessian(p, h);
    for (const [k, entry] of hessian.entries()) expectClose(h[k]!, entry, 1e-15, 1e-15);
  });
});

describe('removable singularities: the chain rule meets 0·∞ and takes the limit, 0', () => {
  // [source, x, value, f′, f″] — the true derivatives, worked by hand: exp(−1/x²) and all its
  // derivatives vanish at 0; tanh(eˣ) has f′ = eˣ·(1 − tanh²(eˣ)) ≈ 4e^(x − 2eˣ), which underflows to 0.
  const table: Array<[string, number, number, number, number]> = [
    ['exp(-1/x^2)', 0, 0, 0, 0],
    ['x * exp(-1/x^2)', 0, 0, 0, 0],
    ['tanh(exp(x))', 710, 1, 0, 0],
    ['sigmoid(exp(x))', 710, 1, 0, 0],
    ['exp(-exp(x))', 710, 0, 0, 0],
  ];
  it.each(table)('%s at %d', (source, x, value, first, second) => {
    const f = compileExpression(source);
    const grad = new Float64Array(1);
    const h = new Float64Array(1);
    expect(f.valueAndGradient(Float64Array.of(x), grad)).toBe(value);
    f.hessian(Float64Array.of(x), h);
    expect([grad[0], h[0]]).toEqual([first, second]);
  });

  it('leaves a slope that truly does not exist infinite, never silently 0', () => {
    const grad = new Float64Array(1);
    compileExpression('sqrt(x)').valueAndGradient(Float64Array.of(0), grad);
    expect(grad[0]).toBe(Infinity);
  });
});
