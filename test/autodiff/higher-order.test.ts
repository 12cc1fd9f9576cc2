// Second and third derivatives through every op, against closed forms and finite differences of them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  add,
  cos,
  div,
  exp,
  grad,
  log,
  mul,
  pow,
  reciprocal,
  sigmoid,
  sin,
  sqrt,
  square,
  type Tensor,
  tanh,
  tensor,
} from '../../src/autodiff/index.js';
import { expectClose, numericDerivative } from './finite-differences.js';

type Scalar = (x: number) => number;
const at = (f: (x: Tensor) => Tensor, x: number): number => f(tensor(x)).item();
const d = (f: (x: Tensor) => Tensor): ((x: Tensor) => Tensor) => grad(f);
const sig = (x: number): number => 1 / (1 + Math.exp(-x));

interface Case {
  name: string;
  f: (x: Tensor) => Tensor;
  d1: Scalar;
  d2: Scalar;
  min: number;
  max: number;
}

// Closed-form first and second derivatives, worked out by hand.
const cases: Case[] = [
  { name: 'exp', f: exp, d1: Math.exp, d2: Math.exp, min: -3, max: 3 },
  { name: 'log', f: log, d1: (x) => 1 / x, d2: (x) => -1 / x ** 2, min: 0.2, max: 5 },
  { name: 'sin', f: sin, d1: Math.cos, d2: (x) => -Math.sin(x), min: -5, max: 5 },
  { name: 'cos', f: cos, d1: (x) => -Math.sin(x), d2: (x) => -Math.cos(x), min: -5, max: 5 },
  {
    name: 'tanh',
    f: tanh,
    d1: (x) => 1 - Math.tanh(x) ** 2,
    d2: (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
    min: -3,
    max: 3,
  },
  {
    name: 'sigmoid',
    f: sigmoid,
    d1: (x) => sig(x) * (1 - sig(x)),
    d2: (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
    min: -6,
    max: 6,
  },
  { name: 'sqrt', f: sqrt, d1: (x) => 0.5 / Math.sqrt(x), d2: (x) => -0.25 * x ** -1.5, min: 0.2, max: 5 },
  { name: 'reciprocal', f: reciprocal, d1: (x) => -1 / x ** 2, d2: (x) => 2 / x ** 3, min: 0.3, max: 4 },
  { name: 'pow 3', f: (x) => pow(x, 3), d1: (x) => 3 * x ** 2, d2: (x) => 6 * x, min: -3, max: 3 },
  {
    name: 'pow 2.5',
    f: (x) => pow(x, 2.5),
    d1: (x) => 2.5 * x ** 1.5,
    d2: (x) => 3.75 * x ** 0.5,
    min: 0.1,
    max: 3,
  },
  { name: 'pow -1', f: (x) => pow(x, -1), d1: (x) => -(x ** -2), d2: (x) => 2 * x ** -3, min: 0.3, max: 4 },
  {
    name: 'product x·sin x',
    f: (x) => mul(x, sin(x)),
    d1: (x) => Math.sin(x) + x * Math.cos(x),
    d2: (x) => 2 * Math.cos(x) - x * Math.sin(x),
    min: -4,
    max: 4,
  },
  {
    name: 'quotient exp(x) / (1 + x²)',
    f: (x) => div(exp(x), add(1, square(x))),
    d1: (x) => (Math.exp(x) * (1 - x) ** 2) / (1 + x * x) ** 2,
    d2: (x) =>
      (Math.exp(x) * ((1 - x) ** 2 * (1 + x * x) - 2 * (1 - x) * (1 + x * x) - 4 * x * (1 - x) ** 2)) /
      (1 + x * x) ** 3,
    min: -3,
    max: 3,
  },
  {
    name: 'composition exp(sin x)',
    f: (x) => exp(sin(x)),
    d1: (x) => Math.cos(x) * Math.exp(Math.sin(x)),
    d2: (x) => Math.exp(Math.sin(x)) * (Math.cos(x) ** 2 - Math.sin(x)),
    min: -4,
    max: 4,
  },
  {
    name: 'composition log(1 + eˣ) (softplus)',
    f: (x) => log(add(1, exp(x))),
    d1: sig,
    d2: (x) => sig(x) * (1 - sig(x)),
    min: -5,
    max: 5,
  },
];

describe('second derivatives', () => {
  for (const { name, f, d1, d2, min, max } of cases) {
    it(`${name}: grad matches the closed form, grad(grad) matches it and finite differences of f′`, () => {
      fc.assert(
        fc.property(fc.double({ min, max, noNaN: true }), (x) => {
          expectClose([at(d(f), x)], [d1(x)], 1e-12);
          expectClose([at(d(d(f)), x)], [d2(x)], 1e-12);
          expectClose([at(d(d(f)), x)], [numericDerivative(d1, x)], 1e-7);
        }),
        { numRuns: 30 },
      );
    });
  }
});

describe('third derivatives', () => {
  const third: [string, (x: Tensor) => Tensor, Scalar, Scalar][] = [
    [
      'tanh: −2(1 − t²)(1 − 3t²)',
      tanh,
      (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
      (x) => -2 * (1 - Math.tanh(x) ** 2) * (1 - 3 * Math.tanh(x) ** 2),
    ],
    [
      'sigmoid: s(1 − s)(1 − 6s + 6s²)',
      sigmoid,
      (x) => sig(x) * (1 - sig(x)) * (1 - 2 * sig(x)),
      (x) => sig(x) * (1 - sig(x)) * (1 - 6 * sig(x) + 6 * sig(x) ** 2),
    ],
    ['exp', exp, Math.exp, Math.exp],
    ['sin: −cos', sin, (x) => -Math.sin(x), (x) => -Math.cos(x)],
    ['log: 2/x³', log, (x) => -1 / x ** 2, (x) => 2 / x ** 3],
  ];
  for (const [name, f, d2, d3] of third) {
    it(name, () => {
      for (const x of [0.3, 0.9, 1.7, 2.5]) {
        expectClose([at(d(d(d(f))), x)], [d3(x)], 1e-12);
        expectClose([at(d(d(d(f))), x)], [numericDerivative(d2, x)], 1e-7);
      }
    });
  }

  it('fourth derivative of sin is sin', () => {
    for (const x of [-1, 0.5, 2]) expectClose([at(d(d(d(d(sin)))), x)], [Math.sin(x)], 1e-12);
  });
});

describe('nested functions f(g(h(x)))', () => {
  // f = sin, g = exp, h = tanh: (f∘g∘h)′ = cos(e^t) · e^t · (1 − t²) with t = tanh x.
  const nested = (x: Tensor): Tensor => sin(exp(tanh(x)));
  const d1 = (x: number): number => {
    const t = Math.tanh(x);
    return Math.cos(Math.exp(t)) * Math.exp(t) * (1 - t * t);
  };
  // Second difference of the analytic f′ approximates f‴.
  const secondDifference = (x: number, h = 1e-4): number => (d1(x + h) - 2 * d1(x) + d1(x - h)) / (h * h);

  it('first derivative matches the chain rule by hand', () => {
    for (const x of [-1.5, -0.2, 0.4, 1.1]) expectClose([at(d(nested), x)], [d1(x)], 1e-12);
  });

  it('second and third derivatives match differences of the analytic first derivative', () => {
    for (const x of [-1.5, -0.2, 0.4, 1.1]) {
      expectClose([at(d(d(nested)), x)], [numericDerivative(d1, x)], 1e-7);
      expectClose([at(d(d(d(nested))), x)], [secondDifference(x)], 1e-5);
    }
  });

  it('sigmoid(log(1 + x²)) · cos(x) twice, against differences of its hand-derived first derivative', () => {
    const f = (x: Tensor): Tensor => mul(sigmoid(log(add(1, square(x)))), cos(x));
    const f1 = (x: number): number => {
      const s = sig(Math.log(1 + x * x));
      return s * (1 - s) * ((2 * x) / (1 + x * x)) * Math.cos(x) - s * Math.sin(x);
    };
    for (const x of [-2, -0.3, 0.7, 1.9]) {
      expectClose([at(d(f), x)], [f1(x)], 1e-12);
      expectClose([at(d(d(f)), x)], [numericDerivative(f1, x)], 1e-7);
    }
  });
});

describe('derivatives inside derivatives', () => {
  it('mixed partial ∂²/∂x∂y of x²y³ + sin(xy) = 6xy² + cos(xy) − xy·sin(xy)', () => {
    const f = (x: Tensor, y: Tensor): Tensor => add(mul(square(x), pow(y, 3)), sin(mul(x, y)));
    const dxdy = grad(grad(f, 0), 1);
    for (const [x, y] of [
      [0.5, -1.2],
      [1.3, 0.8],
      [-2, 0.4],
    ] as const) {
      const exact = 6 * x * y * y + Math.cos(x * y) - x * y * Math.sin(x * y);
      expectClose([dxdy(tensor(x), tensor(y)).item()], [exact], 1e-12);
      expectClose([grad(grad(f, 1), 0)(tensor(x), tensor(y)).item()], [exact], 1e-12);
    }
  });

  // Siskind & Pearlmutter's perturbation confusion: d/dx [x · d/dy (x + y)] = 1, not 2.
  it('keeps the inner and outer variables apart', () => {
    const inner = (x: Tensor): Tensor => grad((y: Tensor) => add(x, y))(tensor(1));
    expect(grad((x: Tensor) => mul(x, inner(x)))(tensor(3)).item()).toBe(1);
  });

  it('differentiates an inner derivative that depends on the outer variable: d/dx [x · d/dy (xy)] = 2x', () => {
    const inner = (x: Tensor): Tensor => grad((y: Tensor) => mul(x, y))(tensor(5));
    expect(grad((x: Tensor) => mul(x, inner(x)))(tensor(3)).item()).toBe(6);
  });

  it('stays finite where the naive sigmoid and tanh compositions give NaN', () => {
    for (const x of [-800, 800]) {
      for (const f of [sigmoid, tanh]) {
        expect(Math.abs(at(d(f), x))).toBe(0);
        expect(Math.abs(at(d(d(f)), x))).toBe(0);
      }
    }
  });
});
