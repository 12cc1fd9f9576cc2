// Interval arithmetic and tree enclosures: every enclosure holds the values sampled inside its box.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encloser } from '../../src/diagnose/enclosure.js';
import * as iv from '../../src/diagnose/interval.js';
import type { ExprNode, FunctionName } from '../../src/expr/node.js';
import { parseExpression } from '../../src/expr/parse.js';

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** A box [lo, hi] in [min, max] and a point inside it, as fractions so the point is always inside. */
const boxAndPoint = (min: number, max: number) =>
  fc
    .tuple(finite(min, max), finite(min, max), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([a, b, t]) => {
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      return { box: { lo, hi }, x: Math.min(hi, Math.max(lo, lo + t * (hi - lo))) };
    });

const holds = (enclosure: iv.Interval, value: number): boolean =>
  !Number.isFinite(value) || (enclosure.lo <= value && value <= enclosure.hi);

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

describe('interval operations enclose sampled values (property)', () => {
  const unary: [string, (x: iv.Interval) => iv.Interval, (v: number) => number, number, number][] = [
    ['negate', iv.negate, (v) => -v, -1e6, 1e6],
    ['exp', iv.exp, Math.exp, -50, 50],
    ['log', iv.log, Math.log, -5, 1e6],
    ['sqrt', iv.sqrt, Math.sqrt, -5, 1e6],
    ['sin', iv.sin, Math.sin, -20, 20],
    ['cos', iv.cos, Math.cos, -20, 20],
    ['tan', iv.tan, Math.tan, -10, 10],
    ['tanh', iv.tanh, Math.tanh, -30, 30],
    ['sigmoid', iv.sigmoid, sigmoid, -50, 50],
    ['abs', iv.abs, Math.abs, -1e6, 1e6],
  ];
  for (const [name, op, fn, min, max] of unary) {
    it(name, () => {
      fc.assert(fc.property(boxAndPoint(min, max), ({ box, x }) => holds(op(box), fn(x))));
    });
  }

  const binary: [
    string,
    (x: iv.Interval, y: iv.Interval) => iv.Interval,
    (a: number, b: number) => number,
  ][] = [
    ['add', iv.add, (a, b) => a + b],
    ['subtract', iv.subtract, (a, b) => a - b],
    ['multiply', iv.multiply, (a, b) => a * b],
    ['divide', iv.divide, (a, b) => a / b],
  ];
  for (const [name, op, fn] of binary) {
    it(name, () => {
      fc.assert(
        fc.property(boxAndPoint(-1e3, 1e3), boxAndPoint(-1e3, 1e3), (a, b) =>
          holds(op(a.box, b.box), fn(a.x, b.x)),
        ),
      );
    });
  }

  it('integer powers', () => {
    fc.assert(
      fc.property(boxAndPoint(-10, 10), fc.integer({ min: -6, max: 7 }), ({ box, x }, n) =>
        holds(iv.integerPower(box, n), x ** n),
      ),
    );
  });

  it('real powers', () => {
    const p = finite(-3, 3).filter((v) => !Number.isInteger(v));
    fc.assert(fc.property(boxAndPoint(-2, 50), p, ({ box, x }, q) => holds(iv.realPower(box, q), x ** q)));
  });
});

describe('interval operations: hand-checked bounds', () => {
  it('an even power of an interval around 0 starts at exactly 0', () => {
    expect(iv.integerPower({ lo: -2, hi: 1 }, 2).lo).toBe(0);
    expect(iv.integerPower({ lo: -2, hi: 1 }, 2).hi).toBeCloseTo(4, 12);
    expect(iv.multiply(iv.point(12), iv.integerPower({ lo: -5, hi: 5 }, 2)).lo).toBe(0);
  });

  it('sin and cos reach ±1 where a peak or trough lies inside', () => {
    expect(iv.sin({ lo: 0, hi: 2 }).hi).toBe(1);
    expect(iv.sin({ lo: 0, hi: 2 }).lo).toBeLessThanOrEqual(0);
    expect(iv.cos({ lo: 3, hi: 4 }).lo).toBe(-1);
    expect(iv.cos({ lo: 3, hi: 4 }).hi).toBeCloseTo(Math.cos(4), 12);
    expect(iv.sin({ lo: 0.1, hi: 0.2 }).hi).toBeLessThan(0.2);
  });

  it('is unbounded where the operation is undefined on part of the box', () => {
    expect(iv.divide(iv.point(1), { lo: -1, hi: 1 })).toEqual(iv.ENTIRE);
    expect(iv.log({ lo: 0, hi: 1 })).toEqual(iv.ENTIRE);
    expect(iv.sqrt({ lo: -1, hi: 1 })).toEqual(iv.ENTIRE);
    expect(iv.tan({ lo: 1, hi: 2 })).toEqual(iv.ENTIRE);
    expect(iv.integerPower({ lo: -1, hi: 1 }, -2)).toEqual(iv.ENTIRE);
    expect(iv.realPower({ lo: -1, hi: 1 }, 0.5)).toEqual(iv.ENTIRE);
  });

  it('rounds outward, so bounds of inexact results are strict', () => {
    const third = iv.divide(iv.point(1), iv.point(3));
    expect(third.lo).toBeLessThan(1 / 3);
    expect(third.hi).toBeGreaterThan(1 / 3);
    // The doubles 0.1 and 0.2 sum to 0.3000000000000000166…, which rounds up to 0.30000000000000004.
    expect(iv.add(iv.point(0.1), iv.point(0.2)).lo).toBeLessThan(0.1 + 0.2);
  });
});

// An evaluator written here, independent of encloser and of the compiled functions.
function evaluate(node: ExprNode, x: number, y: number): number {
  switch (node.kind) {
    case 'number':
      return node.value;
    case 'constant':
      return node.name === 'pi' ? Math.PI : Math.E;
    case 'variable':
      return node.name === 'x' ? x : y;
    case 'negate':
      return -evaluate(node.arg, x, y);
    case 'call': {
      const a = evaluate(node.arg, x, y);
      return node.fn === 'sigmoid' ? sigmoid(a) : Math[node.fn](a);
    }
    case 'binary': {
      const a = evaluate(node.left, x, y);
      const b = evaluate(node.right, x, y);
      return node.op === '+'
        ? a + b
        : node.op === '-'
          ? a - b
          : node.op === '*'
            ? a * b
            : node.op === '/'
              ? a / b
              : a ** b;
    }
  }
}

const functions: FunctionName[] = ['sin', 'cos', 'tan', 'exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid'];
const tree: fc.Arbitrary<ExprNode> = fc.letrec<{ node: ExprNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<ExprNode>({ kind: 'variable', name: 'x' }, { kind: 'variable', name: 'y' }),
    fc.double({ min: 0, max: 5, noNaN: true }).map((value): ExprNode => ({ kind: 'number', value })),
    fc.constantFrom<ExprNode>({ kind: 'constant', name: 'pi' }, { kind: 'constant', name: 'e' }),
    tie('node').map((arg): ExprNode => ({ kind: 'negate', arg })),
    fc
      .tuple(fc.constantFrom(...functions), tie('node'))
      .map(([fn, arg]): ExprNode => ({ kind: 'call', fn, arg })),
    fc
      .tuple(fc.constantFrom('+', '-', '*', '/' as const), tie('node'), tie('node'))
      .map(([op, left, right]): ExprNode => ({ kind: 'binary', op, left, right })),
    fc
      .tuple(tie('node'), fc.integer({ min: -3, max: 4 }))
      .map(([left, p]): ExprNode => ({ kind: 'binary', op: '^', left, right: { kind: 'number', value: p } })),
    fc
      .tuple(tie('node'), tie('node'))
      .map(([left, right]): ExprNode => ({ kind: 'binary', op: '^', left, right })),
  ),
})).node;

describe('encloser', () => {
  it('encloses every value of random trees at random points of random boxes (property)', () => {
    fc.assert(
      fc.property(tree, boxAndPoint(-3, 3), boxAndPoint(-3, 3), (node, bx, by) => {
        const value = evaluate(node, bx.x, by.x);
        return holds(encloser(node, ['x', 'y'])([bx.box, by.box]), value);
      }),
      { numRuns: 2000 },
    );
  });

  it('bounds f″ of x⁴ below by exactly 0 and of exp(x) + x² by e⁻⁵ + 2', () => {
    const x4 = encloser(parseExpression('12 * x^2'), ['x'])([{ lo: -5, hi: 5 }]);
    expect(x4.lo).toBe(0);
    expect(x4.hi).toBeCloseTo(300, 10);
    const expSquare = encloser(parseExpression('exp(x) + 2'), ['x'])([{ lo: -5, hi: 5 }]);
    expect(expSquare.lo).toBeCloseTo(Math.exp(-5) + 2, 12);
    expect(expSquare.lo).toBeLessThanOrEqual(Math.exp(-5) + 2);
  });

  it('loses the dependency between repeated variables, as naive interval arithmetic does', () => {
    const bound = encloser(parseExpression('x - x'), ['x'])([{ lo: 0, hi: 1 }]);
    expect(bound.lo).toBeLessThanOrEqual(-1);
    expect(bound.hi).toBeGreaterThanOrEqual(1);
  });
});
