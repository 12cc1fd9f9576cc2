// First derivatives of every op, checked against central finite differences on random inputs.

import fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  abs,
  add,
  broadcastTo,
  cos,
  div,
  dot,
  exp,
  grad,
  log,
  matmul,
  mean,
  mul,
  neg,
  pow,
  reciprocal,
  relu,
  reshape,
  sigmoid,
  sign,
  sin,
  sqrt,
  square,
  step,
  sub,
  sum,
  sumTo,
  Tensor,
  tanh,
  transpose,
} from '../../src/autodiff/index.js';
import {
  arbAwayFromZero,
  arbMatrixShape,
  arbTensor,
  expectClose,
  numericGradient,
} from './finite-differences.js';

const runs = { numRuns: 25 };

/**
 * Compares grad with central differences for every input of f. A fixed, irregular weighting turns any
 * output shape into a scalar, so every output element (and its position) is checked, not just a sum.
 */
function checkGradient(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[]): void {
  const out = f(...inputs);
  const weights = new Tensor(
    Float64Array.from({ length: out.size }, (_, i) => Math.cos(1 + 1.7 * i)),
    out.shape,
  );
  const scalar = (...xs: Tensor[]): Tensor => dot(f(...xs), weights);
  const grads = grad(
    scalar,
    inputs.map((_, i) => i),
  )(...inputs);
  inputs.forEach((x, k) => {
    const numeric = numericGradient(
      (data) => scalar(...inputs.map((t, j) => (j === k ? new Tensor(data, t.shape) : t))).item(),
      x.data,
    );
    expectClose(grads[k]!.data, numeric, 1e-6);
  });
}

describe('unary ops match finite differences', () => {
  const table: [string, (x: Tensor) => Tensor, fc.Arbitrary<Tensor>][] = [
    ['neg', neg, arbTensor([5])],
    ['exp', exp, arbTensor([5])],
    ['log', log, arbTensor([5], 0.1, 5)],
    ['sin', sin, arbTensor([5], -5, 5)],
    ['cos', cos, arbTensor([5], -5, 5)],
    ['sqrt', sqrt, arbTensor([5], 0.1, 5)],
    ['reciprocal', reciprocal, arbAwayFromZero([5], 0.3)],
    ['tanh', tanh, arbTensor([5])],
    ['sigmoid', sigmoid, arbTensor([5], -6, 6)],
    ['square', square, arbTensor([5])],
    ['pow 3', (x) => pow(x, 3), arbTensor([5])],
    ['pow -2', (x) => pow(x, -2), arbAwayFromZero([5], 0.3)],
    ['pow 2.5', (x) => pow(x, 2.5), arbTensor([5], 0.1, 3)],
    ['pow 0', (x) => pow(x, 0), arbTensor([5])],
    ['abs', abs, arbAwayFromZero([5])],
    ['relu', relu, arbAwayFromZero([5])],
    ['sign', sign, arbAwayFromZero([5])],
    ['step', step, arbAwayFromZero([5])],
    ['on a matrix', (x) => tanh(mul(x, x)), arbTensor([2, 3])],
    ['on a scalar', (x) => exp(sin(x)), arbTensor([])],
  ];
  for (const [name, f, arb] of table) {
    it(name, () =>
      fc.assert(
        fc.property(arb, (x) => checkGradient(f, [x])),
        runs,
      ),
    );
  }
});

describe('binary ops match finite differences, broadcasting included', () => {
  const ops: [string, (a: Tensor, b: Tensor) => Tensor][] = [
    ['add', add],
    ['sub', sub],
    ['mul', mul],
    ['div', (a, b) => div(a, add(square(b), 0.5))],
  ];
  const pairs: [string, (r: number, c: number) => [number[], number[]]][] = [
    [
      'same shape',
      (r, c) => [
        [r, c],
        [r, c],
      ],
    ],
    ['scalar and matrix', (r, c) => [[], [r, c]]],
    ['matrix and scalar', (r, c) => [[r, c], []]],
    ['matrix and row (bias)', (r, c) => [[r, c], [c]]],
    ['row and matrix', (r, c) => [[c], [r, c]]],
    [
      'matrix and column',
      (r, c) => [
        [r, c],
        [r, 1],
      ],
    ],
    ['column and row (outer)', (r, c) => [[r, 1], [c]]],
  ];
  for (const [opName, op] of ops) {
    for (const [pairName, shapes] of pairs) {
      it(`${opName}: ${pairName}`, () => {
        const arb = arbMatrixShape.chain(([r, c]) => {
          const [sa, sb] = shapes(r, c);
          return fc.tuple(arbTensor(sa), arbTensor(sb));
        });
        fc.assert(
          fc.property(arb, ([a, b]) => checkGradient(op, [a, b])),
          runs,
        );
      });
    }
  }
});

describe('shape ops and reductions match finite differences', () => {
  const matrix = arbMatrixShape.chain((shape) => arbTensor(shape));
  const table: [string, (x: Tensor) => Tensor][] = [
    ['sum', (x) => sum(x)],
    ['sum axis 0', (x) => sum(x, 0)],
    ['sum axis -1', (x) => sum(x, -1)],
    ['mean', (x) => mean(x)],
    ['mean axis 1', (x) => mean(x, 1)],
    ['transpose', transpose],
    ['reshape', (x) => reshape(x, [x.size])],
    ['sumTo a row', (x) => sumTo(x, [x.shape[1]!])],
    ['sumTo a column', (x) => sumTo(x, [x.shape[0]!, 1])],
    ['broadcastTo a third axis', (x) => broadcastTo(x, [3, ...x.shape])],
  ];
  for (const [name, f] of table) {
    it(name, () =>
      fc.assert(
        fc.property(matrix, (x) => checkGradient(f, [x])),
        runs,
      ),
    );
  }
});

describe('matmul matches finite differences', () => {
  const dims = fc.tuple(
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 4 }),
  );
  const cases: [string, (m: number, k: number, n: number) => [number[], number[]]][] = [
    [
      'matrix · matrix',
      (m, k, n) => [
        [m, k],
        [k, n],
      ],
    ],
    ['matrix · vector', (m, k) => [[m, k], [k]]],
    ['vector · matrix', (_, k, n) => [[k], [k, n]]],
    ['vector · vector', (_, k) => [[k], [k]]],
  ];
  for (const [name, shapes] of cases) {
    it(name, () => {
      const arb = dims.chain(([m, k, n]) => {
        const [sa, sb] = shapes(m, k, n);
        return fc.tuple(arbTensor(sa), arbTensor(sb));
      });
      fc.assert(
        fc.property(arb, ([a, b]) => checkGradient(matmul, [a, b])),
        runs,
      );
    });
  }

  it('a dense layer with bias and activation', () => {
    const arb = fc.tuple(arbTensor([4, 3]), arbTensor([3, 2]), arbTensor([2]));
    fc.assert(
      fc.property(arb, ([x, w, b]) =>
        checkGradient((xs, ws, bs) => sigmoid(add(matmul(xs, ws), bs)), [x, w, b]),
      ),
      runs,
    );
  });
});
