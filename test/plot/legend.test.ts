// The legend hides no mark, and every run up to 32 has its own colour, dash and marker: read back from the SVG.

import { describe, expect, it } from 'vitest';
import { compileExpression } from '../../src/expr/index.js';
import { createMethod } from '../../src/optim/create-method.js';
import type { OptimizerName } from '../../src/optim/optimizer-spec.js';
import { contourFigure, curveFigure, lossCurvesFigure, runSeries } from '../../src/plot/index.js';
import { runStyle } from '../../src/plot/run-style.js';
import { compare } from '../../src/train/compare.js';

type Box = { left: number; top: number; right: number; bottom: number };

const legendRect = (svg: string): Box => {
  const m = /<g class="legend"><rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(
    svg,
  );
  if (!m) throw new Error('no legend');
  const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
  return { left: x, top: y, right: x + w, bottom: y + h };
};
const dataGroup = (svg: string): string => {
  const start = svg.indexOf('class="data">');
  return svg.slice(start, svg.indexOf('<g class="axes"', start));
};
// Every polyline in the data group, from its path data (M and L commands only).
const polylines = (svg: string): [number, number][][] =>
  Array.from(dataGroup(svg).matchAll(/ d="([^"]+)"/g), (m) =>
    Array.from(
      m[1]!.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g),
      (p) => [Number(p[1]), Number(p[2])] as [number, number],
    ),
  );
const dots = (svg: string): [number, number][] =>
  Array.from(dataGroup(svg).matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"/g), (m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
const inBox = (b: Box, x: number, y: number, margin: number): boolean =>
  x >= b.left - margin && x <= b.right + margin && y >= b.top - margin && y <= b.bottom + margin;

// An independent check: walk every segment in half-pixel steps and look for a point under the box.
function hidden(svg: string): number {
  const box = legendRect(svg);
  let n = dots(svg).filter(([x, y]) => inBox(box, x, y, 3)).length;
  for (const line of polylines(svg)) {
    for (let i = 1; i < line.length; i++) {
      const [a, b] = [line[i - 1]!, line[i]!];
      const steps = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) * 2));
      for (let k = 0; k <= steps; k++) {
        const t = k / steps;
        if (inBox(box, a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, 1)) {
          n++;
          break;
        }
      }
    }
  }
  return n;
}

const all: OptimizerName[] = [
  'gd',
  'momentum',
  'nesterov',
  'adagrad',
  'adadelta',
  'rmsprop',
  'adam',
  'adamax',
  'nadam',
  'amsgrad',
  'adamw',
  'newton',
  'lbfgs',
];

function rosenbrockRace() {
  const f = compileExpression('(1-x)^2 + 100*(y-x^2)^2');
  const methods = all.map((name) =>
    name === 'newton' || name === 'lbfgs'
      ? createMethod(name, {})
      : createMethod(name, { learningRate: 0.001 }),
  );
  const runs = compare(f, methods, {
    start: new Float64Array([-1.2, 1]),
    maxIterations: 1000,
    recordPath: true,
  });
  return contourFigure({ f: (p) => f.value(p), runs: runSeries(runs) });
}

function seedRace(lrs: readonly number[]) {
  const f = compileExpression('x^2 - 4*x + 1');
  const runs = compare(
    f,
    lrs.map((lr) => createMethod('gd', { learningRate: lr })),
    { start: new Float64Array([9]), maxIterations: 1000, recordPath: true },
  );
  const p = new Float64Array(1);
  return curveFigure({
    f: (x) => {
      p[0] = x;
      return f.value(p);
    },
    runs: runSeries(runs),
  });
}

describe('legend placement', () => {
  it('moves the 13-run race legend under the plot, where it hides no path and no minimum', () => {
    const fig = rosenbrockRace();
    const svg = fig.svg();
    const box = legendRect(svg);
    // 800 × 600 asked; no corner is free of the 13 paths, so the figure grows by the panel.
    expect(fig.height).toBeGreaterThan(600);
    expect(box.top).toBeGreaterThanOrEqual(600 - 1);
    expect(box.bottom).toBeLessThanOrEqual(fig.height);
    expect(hidden(svg)).toBe(0);
    expect(svg).toContain(`height="${fig.height}"`);
    // Every frame of the race keeps the legend where the still has it.
    expect(legendRect(fig.svg(20))).toEqual(box);
  });

  it('keeps the seed race legend inside, off the curve and the zig-zag', () => {
    const fig = seedRace([0.01, 0.9, 1.0]);
    const svg = fig.svg();
    expect(hidden(svg)).toBe(0);
    expect(fig.height).toBe(600);
    for (const step of [0, 5, 50, fig.steps]) expect(hidden(fig.svg(step))).toBe(0);
  });

  it('covers no diverging path either, in any frame', () => {
    const fig = seedRace([0.01, 0.9, 1.1]);
    for (const step of [undefined, 3, 10, fig.steps]) expect(hidden(fig.svg(step))).toBe(0);
  });

  it('keeps a loss curve clear', () => {
    const values = Array.from({ length: 200 }, (_, k) => 10 * 0.97 ** k + 1e-3);
    const svg = lossCurvesFigure({ series: [{ label: 'gd', values }] }).svg();
    expect(hidden(svg)).toBe(0);
  });
});

describe('run styles', () => {
  it('gives 32 runs 32 different (colour, dash, marker) triples', () => {
    const styles = Array.from({ length: 32 }, (_, i) => runStyle(i));
    const keys = new Set(styles.map((s) => `${s.color} ${s.dash ?? 'solid'} ${s.marker}`));
    expect(keys.size).toBe(32);
    // Runs sharing a colour never share a dash pattern.
    expect(runStyle(0).dash).toBeUndefined();
    expect(runStyle(8).dash).toBe('8 4');
    expect(runStyle(8).color).toBe(runStyle(0).color);
  });

  it('draws runs 9 to 16 dashed with their own markers, and the legend shows the same ink', () => {
    const lrs = Array.from({ length: 16 }, (_, i) => 0.01 + i * 0.05);
    const svg = seedRace(lrs).svg();
    const paths = Array.from(
      dataGroup(svg).matchAll(
        /<g class="path"><path d="[^"]*" fill="none" stroke="([^"]+)"[^>]*?(?: stroke-dasharray="([^"]+)")?\/>/g,
      ),
      (m) => `${m[1]} ${m[2] ?? 'solid'}`,
    );
    expect(paths).toHaveLength(16);
    expect(new Set(paths).size).toBe(16);
    const legend = svg.slice(svg.indexOf('<g class="legend">'));
    const samples = Array.from(
      legend.matchAll(/<line [^>]*stroke="([^"]+)" stroke-width="2.5"(?: stroke-dasharray="([^"]+)")?\/>/g),
      (m) => `${m[1]} ${m[2] ?? 'solid'}`,
    );
    // The first sample is f itself; then one per run, in order, with the path's colour and dash.
    expect(samples.slice(1)).toEqual(paths);
    // Runs 9–16 mark their iterates and the legend with squares.
    expect(legend.match(/<rect /g)!.length - 1).toBe(8);
    expect(dataGroup(svg)).toMatch(/<rect [^>]*class="end"/);
  });
});

describe('a 1-D run that leaves the frame', () => {
  it('gets an arrow at the edge with its last point and value', () => {
    const fig = seedRace([0.01, 1.1]);
    const svg = fig.svg();
    const exit = /<g class="exit"><polygon points="([^"]+)"[^>]*\/><text [^>]*>([^<]+)<\/text><\/g>/.exec(
      svg,
    );
    expect(exit).not.toBeNull();
    // The tip of the arrow lies on the plot area's edge (800 × 600: x 68…776, y 60…548).
    const [tipX, tipY] = exit![1]!.split(' ')[0]!.split(',').map(Number) as [number, number];
    const onEdge = [Math.abs(tipX - 68), Math.abs(tipX - 776), Math.abs(tipY - 60), Math.abs(tipY - 548)];
    expect(Math.min(...onEdge)).toBeLessThan(0.5);
    // gd lr 1.1 on x² − 4x + 1 from 9: x − 2 grows by |1 − 2.2| = 1.2 a step, so after 1000 steps x ≈ 7·1.2¹⁰⁰⁰.
    const x = 2 + 7 * (-1.2) ** 1000;
    expect(exit![2]).toContain(
      `x = ${(x / 10 ** Math.floor(Math.log10(x))).toFixed(3)}e${Math.floor(Math.log10(x))}`,
    );
    expect(exit![2]).toMatch(/f = 1\.\d+e160/);
    // A run that stays inside gets none.
    expect(seedRace([0.01, 0.9]).svg()).not.toContain('class="exit"');
  });
});
