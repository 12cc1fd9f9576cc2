// The figures as structure: counts of elements, the texts a reader needs, pixel positions from the scales.

import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import {
  contourFigure,
  costSurfaceFigure,
  curveFigure,
  fittedCurveFigure,
  lineFitFigure,
  lossCurvesFigure,
  type PathSeries,
  surfaceFigure,
} from '../../src/plot/index.js';
import { assertWellFormed } from './decode.js';

const count = (svg: string, pattern: RegExp): number => svg.match(pattern)?.length ?? 0;
const group = (svg: string, cls: string): string[] => {
  const out: string[] = [];
  const re = new RegExp(`<g class="${cls}">(.*?)</g>`, 'g');
  for (let m = re.exec(svg); m !== null; m = re.exec(svg)) out.push(m[1]!);
  return out;
};
const circles = (svg: string): [number, number][] =>
  Array.from(svg.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"/g), (m) => [Number(m[1]), Number(m[2])]);

function wellFormed(svg: string): void {
  assertWellFormed(svg);
  expect(svg).not.toMatch(/NaN|Infinity/);
  expect(() => new Resvg(svg).render()).not.toThrow();
}

// gd on x² − 4x + 1 from 9: x ← x − lr·(2x − 4).
function seed002(lr: number, steps: number, status: string): PathSeries {
  const xs = [9];
  for (let k = 0; k < steps; k++) xs.push(xs[k]! - lr * (2 * xs[k]! - 4));
  return { label: `gd lr ${lr}`, dimension: 1, points: xs, values: xs.map((x) => x * x - 4 * x + 1), status };
}

describe('curveFigure', () => {
  it('puts each iterate at the pixel its scales give', () => {
    // f = x² on [0, 4]: the curve spans [0, 16], padded by 8% → [−1.28, 17.28]. Plot area at 800×600:
    // left 68, top 60, width 708, height 488.
    const run: PathSeries = {
      label: 'gd',
      dimension: 1,
      points: [3, 1.5, 0.75],
      values: [9, 2.25, 0.5625],
      status: 'converged',
    };
    const svg = curveFigure({ f: (x) => x * x, runs: [run], domain: [0, 4] }).svg();
    wellFormed(svg);
    const px = (x: number): number => 68 + (x / 4) * 708;
    const py = (v: number): number => 60 + 488 - ((v + 1.28) / 18.56) * 488;
    const [path] = group(svg, 'path');
    const dots = circles(path!);
    const expected = [
      [px(1.5), py(2.25)],
      [px(3), py(9)],
      [px(0.75), py(0.5625)],
    ];
    expect(dots).toHaveLength(3);
    dots.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i]![0]!, 1);
      expect(y).toBeCloseTo(expected[i]![1]!, 1);
    });
    const segment = /<path d="M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)"/.exec(path!)!;
    expect(Number(segment[1])).toBeCloseTo(px(3), 1);
    expect(Number(segment[6])).toBeCloseTo(py(0.5625), 1);
  });

  it('draws seed 002 at lr 0.01, 0.9, 1.0 and 1.01 with a legend, title and axes, without NaN', () => {
    const runs = [
      seed002(0.01, 100, 'max-iterations'),
      seed002(0.9, 95, 'converged'),
      seed002(1, 100, 'oscillating'),
      seed002(1.01, 100, 'diverged'),
    ];
    const figure = curveFigure({ f: (x) => x * x - 4 * x + 1, runs, title: 'f(x) = x² − 4·x + 1' });
    expect(figure.steps).toBe(100);
    const svg = figure.svg();
    wellFormed(svg);
    expect(count(svg, /<g class="path">/g)).toBe(4);
    expect(svg).toContain('f(x) = x² − 4·x + 1');
    expect(svg).toContain('gd lr 1.01: diverged after 100 steps');
    expect(svg).toContain('gd lr 0.9: converged after 95 steps');
    expect(svg).toContain('class="axis-label">x</text>');
    expect(svg).toContain('clip-path="url(#downhill-plot-area)"');
    // The diverging run does not stretch the window: every tick label on x stays within ±12.
    const xTicks = Array.from(svg.matchAll(/text-anchor="middle" font-size="11">(−?[\d.]+)<\/text>/g), (m) =>
      Number(m[1]!.replace('−', '-')),
    );
    expect(Math.max(...xTicks.map(Math.abs))).toBeLessThanOrEqual(12);
    // A frame shows the counter and the value at that step; a run's status appears once it has ended.
    const frame = figure.svg(3);
    expect(frame).toContain('step 3 / 100');
    expect(frame).toContain(`gd lr 0.9: f = ${runs[1]!.values[3]!.toPrecision(4).replace('-', '−')}`);
    expect(frame).not.toContain('converged');
  });

  it('draws f and f′ alone, and a function undefined in places without NaN', () => {
    const svg = curveFigure({ f: (x) => Math.log(x), derivative: (x) => 1 / x, domain: [-2, 3] }).svg();
    wellFormed(svg);
    expect(svg).toContain('class="curve"');
    expect(svg).toContain('class="derivative"');
    expect(svg).toContain('f′(x)');
    // f′ is drawn only where f is defined (x > 0): no point of its path lies left of the curve's first.
    const xsOf = (name: string): number[] => {
      const d = new RegExp(`<path d="([^"]*)"[^>]*class="${name}"`).exec(svg)![1]!;
      return [...d.matchAll(/[ML]([\d.]+) /g)].map((m) => Number(m[1]));
    };
    const firstCurveX = Math.min(...xsOf('curve'));
    expect(Math.min(...xsOf('derivative'))).toBeGreaterThanOrEqual(firstCurveX);
  });
});

describe('contourFigure', () => {
  const beale = (p: Float64Array): number => {
    const [x, y] = [p[0]!, p[1]!];
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2;
  };
  it('uses log-spaced levels for Beale and draws one band per level', () => {
    const svg = contourFigure({
      f: beale,
      domain: [
        [-4.5, 4.5],
        [-4.5, 4.5],
      ],
      title: 'Beale',
    }).svg();
    wellFormed(svg);
    expect(svg).toContain('f (log levels)');
    const [bands] = group(svg, 'contours');
    expect(count(bands!, /<path /g)).toBeGreaterThanOrEqual(15);
  });

  it('draws one path per run, marks start and end, and clips a diverging run', () => {
    // gd on x² + 10y² from (3, 1): lr 0.09 converges; lr 0.11 diverges along y (factor |1 − 2.2| = 1.2).
    const run = (lr: number, status: string): PathSeries => {
      const points = [3, 1];
      for (let k = 0; k < 60; k++)
        points.push(points[2 * k]! * (1 - 2 * lr), points[2 * k + 1]! * (1 - 20 * lr));
      const values = Array.from({ length: 61 }, (_, k) => points[2 * k]! ** 2 + 10 * points[2 * k + 1]! ** 2);
      return { label: `gd lr ${lr}`, dimension: 2, points, values, status };
    };
    const runs = [run(0.09, 'converged'), run(0.11, 'diverged')];
    const svg = contourFigure({ f: (p) => p[0]! ** 2 + 10 * p[1]! ** 2, runs }).svg();
    wellFormed(svg);
    expect(count(svg, /<g class="path">/g)).toBe(2);
    expect(count(svg, /class="start"/g)).toBe(2);
    // The diverged run ends at |y| ≈ 5·10⁴, far outside the window: no end marker for it.
    expect(count(svg, /class="end"/g)).toBe(1);
    expect(svg).toContain('gd lr 0.11: diverged after 60 steps');
    const height = Number(/<svg[^>]* height="([\d.]+)"/.exec(svg)![1]);
    for (const [x, y] of circles(svg)) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(800);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(height);
    }
  });
});

describe('the other figures', () => {
  it('surfaceFigure draws a 40 × 40 mesh with the path on top', () => {
    const points = [1.5, 1];
    for (let k = 0; k < 10; k++) points.push(points[2 * k]! * 0.8, points[2 * k + 1]! * 0.8);
    const values = Array.from({ length: 11 }, (_, k) => points[2 * k]! ** 2 + points[2 * k + 1]! ** 2);
    const svg = surfaceFigure({
      f: (p) => p[0]! ** 2 + p[1]! ** 2,
      domain: [
        [-2, 2],
        [-2, 2],
      ],
      runs: [{ label: 'gd', dimension: 2, points, values, status: 'converged' }],
    }).svg();
    wellFormed(svg);
    const [mesh] = group(svg, 'surface');
    expect(count(mesh!, /<path /g)).toBe(1600);
    expect(svg.indexOf('class="surface"')).toBeLessThan(svg.indexOf('class="path"'));
  });

  it('lineFitFigure draws the data and the line of step k', () => {
    const figure = lineFitFigure({
      x: [0, 1, 2, 3],
      y: [1, 3, 5, 7],
      path: [
        [1, 0],
        [1.5, 0.5],
        [2, 1],
      ],
    });
    expect(figure.steps).toBe(2);
    const svg = figure.svg(1);
    wellFormed(svg);
    expect(count(svg, /fill-opacity="0.75"/g)).toBe(4);
    expect(svg).toContain('y = 1.5·x + 0.5');
    expect(svg).toContain('step 1 / 2');
  });

  it('costSurfaceFigure shows E(m, c) with the path', () => {
    const svg = costSurfaceFigure({
      x: [0, 1, 2, 3],
      y: [1, 3, 5, 7],
      path: [
        [1, 0],
        [1.5, 0.5],
        [2, 1],
      ],
    }).svg();
    wellFormed(svg);
    expect(svg).toContain('class="axis-label">m</text>');
    expect(svg).toContain('class="axis-label">c</text>');
    expect(count(svg, /<g class="path">/g)).toBe(1);
  });

  it('lossCurvesFigure draws one line per series on a log axis, gaps for values ≤ 0', () => {
    const svg = lossCurvesFigure({
      series: [
        { label: 'adam', values: [10, 1, 0.1, 0.01, 0] },
        { label: 'gd lr 2', values: [10, 100, 1e4, 1e8, Number.POSITIVE_INFINITY] },
      ],
    }).svg();
    wellFormed(svg);
    expect(svg).toContain('10⁻²');
    expect(svg).toContain('adam: 0');
    expect(count(svg, /stroke-width="2"/g)).toBeGreaterThanOrEqual(2);
  });

  it('lossCurvesFigure labels its x-axis by iteration unless told another step, such as epoch', () => {
    const series = [{ label: 'training loss', values: [3, 2, 1] }];
    const byIteration = lossCurvesFigure({ series }).svg();
    expect(byIteration).toContain('class="axis-label">iteration</text>');
    expect(byIteration).toContain('loss by iteration');
    const byEpoch = lossCurvesFigure({ series, xLabel: 'epoch' }).svg();
    expect(byEpoch).toContain('class="axis-label">epoch</text>');
    expect(byEpoch).toContain('loss by epoch');
    expect(byEpoch).not.toContain('iteration');
  });
});

describe('fittedCurveFigure', () => {
  it('draws the data and the prediction across it at the pixels the scales give', () => {
    // x = 0…4 padded by 5% → [−0.2, 4.2]; y = x² spans [0, 16]; the curve stays within the data's spread.
    const x = [0, 1, 2, 3, 4];
    const y = x.map((v) => v * v);
    const svg = fittedCurveFigure({
      x,
      y,
      predict: (xs) => xs.map((v) => v * v),
      xLabel: 'dose',
      yLabel: 'effect',
    }).svg();
    wellFormed(svg);
    const dots = circles(group(svg, 'data')[0] ?? svg.slice(svg.indexOf('class="data"')));
    expect(dots.slice(0, 5).map(([px]) => px)).toEqual(
      x.map((v) => Math.round((68 + ((v + 0.2) / 4.4) * 708) * 100) / 100),
    );
    const d =
      /<path d="M([-\d.]+) ([-\d.]+)L[^"]*" fill="none" stroke="#D55E00" stroke-width="2.5" class="fit"/.exec(
        svg,
      );
    expect(d).not.toBeNull();
    // The curve starts at the window's left edge, at f(−0.2) = 0.04 on a y range of [0, 16.04] padded by 8%.
    expect(Number(d![1])).toBeCloseTo(68, 1);
    const [lo, hi] = [0 - 16.04 * 0.08, 16.04 * 1.08];
    expect(Number(d![2])).toBeCloseTo(548 - ((0.04 - lo) / (hi - lo)) * 488, 0);
    expect(svg).toContain('class="axis-label">dose</text>');
    expect(svg).toContain('class="axis-label">effect</text>');
  });
});

describe('lineFitFigure names', () => {
  it("writes the legend's line in the axes' column names", () => {
    const svg = lineFitFigure({
      x: [1, 2, 3],
      y: [2, 4.1, 5.9],
      path: [[1.95, 0.1]],
      xLabel: 'x1',
      yLabel: 'price',
    }).svg();
    expect(svg).toContain('>price = 1.95·x1 + 0.1</text>');
    expect(svg).toContain('class="axis-label">x1</text>');
    expect(svg).not.toMatch(/>y = /);
  });
});
