// Classic optimization test functions with hand-coded value, gradient and Hessian, and their literature minima.

import type { Objective } from '../../src/optim/method.js';

/** A test function: its objective, where the literature puts its minima, and a standard start. */
export interface TestFunction {
  readonly name: string;
  readonly objective: Objective;
  readonly minima: readonly (readonly number[])[];
  readonly minimum: number;
  readonly start: readonly number[];
}

type Fn2 = (x: number, y: number) => { f: number; g: [number, number]; h: [number, number, number] };

/** A 2-D objective from one function returning f, ∇f and the Hessian entries (hxx, hxy, hyy). */
function objective2(fn: Fn2, withHessian = true): Objective {
  const o: Objective = {
    dimension: 2,
    value: (p) => fn(p[0]!, p[1]!).f,
    valueAndGradient(p, grad) {
      const r = fn(p[0]!, p[1]!);
      grad[0] = r.g[0];
      grad[1] = r.g[1];
      return r.f;
    },
  };
  if (withHessian) {
    o.hessian = (p, out) => {
      const [xx, xy, yy] = fn(p[0]!, p[1]!).h;
      out[0] = xx;
      out[1] = xy;
      out[2] = xy;
      out[3] = yy;
    };
  }
  return o;
}

/** Σ rᵢ² from residuals with their gradients and Hessians: ∇f = 2Σ rᵢ∇rᵢ, ∇²f = 2Σ(∇rᵢ∇rᵢᵀ + rᵢ∇²rᵢ). */
function sumOfSquares(
  residuals: (
    x: number,
    y: number,
  ) => { r: number; gx: number; gy: number; hxx: number; hxy: number; hyy: number }[],
): Fn2 {
  return (x, y) => {
    let f = 0;
    const g: [number, number] = [0, 0];
    const h: [number, number, number] = [0, 0, 0];
    for (const { r, gx, gy, hxx, hxy, hyy } of residuals(x, y)) {
      f += r * r;
      g[0] += 2 * r * gx;
      g[1] += 2 * r * gy;
      h[0] += 2 * (gx * gx + r * hxx);
      h[1] += 2 * (gx * gy + r * hxy);
      h[2] += 2 * (gy * gy + r * hyy);
    }
    return { f, g, h };
  };
}

export const rosenbrock: TestFunction = {
  name: 'rosenbrock',
  // f = (1 − x)² + 100(y − x²)²
  objective: objective2((x, y) => ({
    f: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
    g: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
    h: [2 - 400 * (y - x * x) + 800 * x * x, -400 * x, 200],
  })),
  minima: [[1, 1]],
  minimum: 0,
  start: [-1.2, 1],
};

export const beale: TestFunction = {
  name: 'beale',
  // f = Σᵢ₌₁³ (cᵢ − x + x·yⁱ)², c = 1.5, 2.25, 2.625
  objective: objective2(
    sumOfSquares((x, y) =>
      [1.5, 2.25, 2.625].map((c, k) => {
        const i = k + 1;
        return {
          r: c - x + x * y ** i,
          gx: y ** i - 1,
          gy: i * x * y ** (i - 1),
          hxx: 0,
          hxy: i * y ** (i - 1),
          hyy: i === 1 ? 0 : i * (i - 1) * x * y ** (i - 2),
        };
      }),
    ),
  ),
  minima: [[3, 0.5]],
  minimum: 0,
  start: [1, 1],
};

export const himmelblau: TestFunction = {
  name: 'himmelblau',
  // f = (x² + y − 11)² + (x + y² − 7)²
  objective: objective2(
    sumOfSquares((x, y) => [
      { r: x * x + y - 11, gx: 2 * x, gy: 1, hxx: 2, hxy: 0, hyy: 0 },
      { r: x + y * y - 7, gx: 1, gy: 2 * y, hxx: 0, hxy: 0, hyy: 2 },
    ]),
  ),
  minima: [
    [3, 2],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.28318599128617],
    [3.584428340330492, -1.848126526964404],
  ],
  minimum: 0,
  start: [0, 0],
};

export const booth: TestFunction = {
  name: 'booth',
  // f = (x + 2y − 7)² + (2x + y − 5)²
  objective: objective2(
    sumOfSquares((x, y) => [
      { r: x + 2 * y - 7, gx: 1, gy: 2, hxx: 0, hxy: 0, hyy: 0 },
      { r: 2 * x + y - 5, gx: 2, gy: 1, hxx: 0, hxy: 0, hyy: 0 },
    ]),
  ),
  minima: [[1, 3]],
  minimum: 0,
  start: [0, 0],
};

export const matyas: TestFunction = {
  name: 'matyas',
  // f = 0.26(x² + y²) − 0.48xy
  objective: objective2((x, y) => ({
    f: 0.26 * (x * x + y * y) - 0.48 * x * y,
    g: [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x],
    h: [0.52, -0.48, 0.52],
  })),
  minima: [[0, 0]],
  minimum: 0,
  start: [10, -5],
};

export const threeHumpCamel: TestFunction = {
  name: 'three-hump-camel',
  // f = 2x² − 1.05x⁴ + x⁶/6 + xy + y²
  objective: objective2((x, y) => ({
    f: 2 * x * x - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y * y,
    g: [4 * x - 4.2 * x ** 3 + x ** 5 + y, x + 2 * y],
    h: [4 - 12.6 * x * x + 5 * x ** 4, 1, 2],
  })),
  minima: [[0, 0]],
  minimum: 0,
  start: [-0.5, 0.5],
};

/** Styblinski–Tang's minimizer coordinate, the root of 4x³ − 32x + 5 near −2.9. */
export const styblinskiTangArgmin = -2.903534027771178;

export const styblinskiTang: TestFunction = {
  name: 'styblinski-tang',
  // f = ½Σ(xᵢ⁴ − 16xᵢ² + 5xᵢ), here in 2-D
  objective: objective2((x, y) => ({
    f: 0.5 * (x ** 4 - 16 * x * x + 5 * x + y ** 4 - 16 * y * y + 5 * y),
    g: [0.5 * (4 * x ** 3 - 32 * x + 5), 0.5 * (4 * y ** 3 - 32 * y + 5)],
    h: [0.5 * (12 * x * x - 32), 0, 0.5 * (12 * y * y - 32)],
  })),
  minima: [[styblinskiTangArgmin, styblinskiTangArgmin]],
  minimum: 2 * 0.5 * (styblinskiTangArgmin ** 4 - 16 * styblinskiTangArgmin ** 2 + 5 * styblinskiTangArgmin),
  start: [-1, -1],
};

/** A value with its gradient and Hessian in (x, y): enough calculus to multiply Goldstein–Price's factors. */
interface Jet {
  v: number;
  gx: number;
  gy: number;
  hxx: number;
  hxy: number;
  hyy: number;
}
const jetAdd = (a: Jet, b: Jet): Jet => ({
  v: a.v + b.v,
  gx: a.gx + b.gx,
  gy: a.gy + b.gy,
  hxx: a.hxx + b.hxx,
  hxy: a.hxy + b.hxy,
  hyy: a.hyy + b.hyy,
});
const jetMul = (a: Jet, b: Jet): Jet => ({
  v: a.v * b.v,
  gx: a.gx * b.v + a.v * b.gx,
  gy: a.gy * b.v + a.v * b.gy,
  hxx: a.hxx * b.v + 2 * a.gx * b.gx + a.v * b.hxx,
  hxy: a.hxy * b.v + a.gx * b.gy + a.gy * b.gx + a.v * b.hxy,
  hyy: a.hyy * b.v + 2 * a.gy * b.gy + a.v * b.hyy,
});
/** c + cx·x + cy·y + cxx·x² + cxy·xy + cyy·y², exactly differentiated. */
const quadratic = (
  x: number,
  y: number,
  c: number,
  cx: number,
  cy: number,
  cxx: number,
  cxy: number,
  cyy: number,
): Jet => ({
  v: c + cx * x + cy * y + cxx * x * x + cxy * x * y + cyy * y * y,
  gx: cx + 2 * cxx * x + cxy * y,
  gy: cy + cxy * x + 2 * cyy * y,
  hxx: 2 * cxx,
  hxy: cxy,
  hyy: 2 * cyy,
});
const constant = (c: number): Jet => ({ v: c, gx: 0, gy: 0, hxx: 0, hxy: 0, hyy: 0 });

export const goldsteinPrice: TestFunction = {
  name: 'goldstein-price',
  // f = [1 + (x+y+1)²(19 − 14x + 3x² − 14y + 6xy + 3y²)]·[30 + (2x−3y)²(18 − 32x + 12x² + 48y − 36xy + 27y²)]
  objective: objective2((x, y) => {
    const a = quadratic(x, y, 1, 2, 2, 1, 2, 1); // (x + y + 1)²
    const p = quadratic(x, y, 19, -14, -14, 3, 6, 3);
    const b = quadratic(x, y, 0, 0, 0, 4, -12, 9); // (2x − 3y)²
    const q = quadratic(x, y, 18, -32, 48, 12, -36, 27);
    const f = jetMul(jetAdd(constant(1), jetMul(a, p)), jetAdd(constant(30), jetMul(b, q)));
    return { f: f.v, g: [f.gx, f.gy], h: [f.hxx, f.hxy, f.hyy] };
  }),
  minima: [[0, -1]],
  minimum: 3,
  start: [0.5, -0.5],
};

export const rastrigin: TestFunction = {
  name: 'rastrigin',
  // f = 20 + Σ(xᵢ² − 10cos(2πxᵢ)); local minima near the integer points
  objective: objective2((x, y) => ({
    f: 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y),
    g: [2 * x + 20 * Math.PI * Math.sin(2 * Math.PI * x), 2 * y + 20 * Math.PI * Math.sin(2 * Math.PI * y)],
    h: [
      2 + 40 * Math.PI ** 2 * Math.cos(2 * Math.PI * x),
      0,
      2 + 40 * Math.PI ** 2 * Math.cos(2 * Math.PI * y),
    ],
  })),
  minima: [[0, 0]],
  minimum: 0,
  start: [1.2, -0.8],
};

export const ackley: TestFunction = {
  name: 'ackley',
  // f = −20exp(−0.2√(½(x²+y²))) − exp(½(cos2πx + cos2πy)) + e + 20; gradient only (a cusp at 0)
  objective: objective2((x, y) => {
    const r = Math.sqrt(0.5 * (x * x + y * y));
    const e1 = Math.exp(-0.2 * r);
    const e2 = Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y)));
    return {
      f: -20 * e1 - e2 + Math.E + 20,
      g: [
        (2 * e1 * x) / r + Math.PI * Math.sin(2 * Math.PI * x) * e2,
        (2 * e1 * y) / r + Math.PI * Math.sin(2 * Math.PI * y) * e2,
      ],
      h: [Number.NaN, Number.NaN, Number.NaN],
    };
  }, false),
  minima: [[0, 0]],
  minimum: 0,
  start: [1.1, 0.9],
};

/** The unimodal set, solved to their global minima. */
export const classic: readonly TestFunction[] = [
  rosenbrock,
  beale,
  himmelblau,
  booth,
  matyas,
  threeHumpCamel,
  styblinskiTang,
  goldsteinPrice,
];
