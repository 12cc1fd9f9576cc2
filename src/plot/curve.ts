// The 1-D figure: f(x) (and f′(x)) with every descent step drawn as a dot on the curve, as in seed 002.

import { scaleLinear } from 'd3-scale';
import { axes } from './axes.js';
import { clipPolyline } from './clip.js';
import { type Figure, figureSvg } from './figure.js';
import { formatValue } from './format.js';
import { layout, type Size } from './layout.js';
import { joinMarks, type LegendEntry, legendBox } from './legend.js';
import { lastIterate, pathFootprint, pathMarks, runLegendEntry } from './path-marks.js';
import { runStyle } from './run-style.js';
import { type PathSeries, seriesLength, seriesSteps } from './series.js';
import { element, type Pixel, polylineData } from './svg.js';
import { padRange, pathView, type Range, robustRange } from './view.js';

/**
 * What a curve figure draws: f of one variable, its derivative, descent paths, the window, labels and size.
 *
 * @example
 * const options: CurveOptions = { f: (x) => x * x, derivative: (x) => 2 * x, domain: [-3, 3] };
 * curveFigure(options).svg().startsWith('<svg'); // → true
 */
export interface CurveOptions {
  /** The function of one variable. */
  readonly f: (x: number) => number;
  /** f′, drawn as a second, dashed curve on the same axes. */
  readonly derivative?: (x: number) => number;
  /** Descent paths of one coordinate; their values are drawn on the curve. */
  readonly runs?: readonly PathSeries[];
  /** The x window; chosen from the runs (or −5…5) when left out. */
  readonly domain?: Range;
  /** The variable's name (default `x`). */
  readonly variable?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly size?: Size;
}

const curveInk = '#222222';
const derivativeInk = '#777777';

/**
 * f over a window with each run's iterates as dots joined by segments; `svg(k)` draws the paths up
 * to step k with a step counter, for animations. Iterates outside the window are cut at its edge.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const f = compileExpression('x^2 - 4*x + 1');
 * const runs = compare(f, [0.1, 0.9].map((lr) => createMethod('gd', { learningRate: lr })), { start: Float64Array.of(9), maxIterations: 30, recordPath: true });
 * const fig = curveFigure({ f: (x) => f.value(Float64Array.of(x)), runs: runSeries(runs), title: 'f(x) = x² − 4·x + 1' });
 * writeFileSync('descent.svg', fig.svg());
 * fig.steps; // → 30
 */
export function curveFigure(options: CurveOptions): Figure {
  const runs = options.runs ?? [];
  const variable = options.variable ?? 'x';
  const frame = layout(options.size);
  const { area } = frame;
  const xRange = options.domain ?? (runs.length > 0 ? pathView(runs, 1)[0]! : ([-5, 5] as const));

  const samples = Math.max(200, Math.round(area.width * 1.5));
  const xs = Array.from(
    { length: samples + 1 },
    (_, i) => xRange[0] + ((xRange[1] - xRange[0]) * i) / samples,
  );
  const ys = xs.map(options.f);
  // f′ exists only where f does: log's 1/x is no derivative left of 0.
  const derivative = options.derivative;
  const ds = derivative ? xs.map((x, i) => (Number.isFinite(ys[i]) ? derivative(x) : Number.NaN)) : [];
  const pathValues = runs.flatMap((s) =>
    Array.from({ length: seriesLength(s) }, (_, k) => s.points[k]!).map((x, k) =>
      x >= xRange[0] && x <= xRange[1] ? s.values[k]! : Number.NaN,
    ),
  );
  const yRange = padRange(robustRange([...ys, ...ds, ...pathValues]) ?? [-1, 1], 0.08);
  const x = scaleLinear(xRange, [area.left, area.left + area.width]);
  const y = scaleLinear(yRange, [area.top + area.height, area.top]);
  const toPixels = (values: readonly number[]): Pixel[] => values.map((v, i) => [x(xs[i]!), y(v)] as Pixel);

  const bounds = { left: area.left - 5, top: area.top - 5, width: area.width + 10, height: area.height + 10 };
  const curvePixels = toPixels(ys);
  const derivativePixels = toPixels(ds);
  const curves =
    element('path', {
      d: polylineData(clipPolyline(curvePixels, bounds)),
      fill: 'none',
      stroke: curveInk,
      'stroke-width': 2,
      class: 'curve',
    }) +
    (options.derivative
      ? element('path', {
          d: polylineData(clipPolyline(derivativePixels, bounds)),
          fill: 'none',
          stroke: derivativeInk,
          'stroke-width': 1.8,
          'stroke-dasharray': '7 5',
          class: 'derivative',
        })
      : '');
  const { under, over } = axes(
    frame,
    { kind: 'linear', scale: x },
    { kind: 'linear', scale: y },
    { x: variable, y: `f(${variable})` },
  );
  const runPixels = runs.map((s) =>
    Array.from({ length: seriesLength(s) }, (_, k) => [x(s.points[k]!), y(s.values[k]!)] as Pixel),
  );
  const styles = runs.map((_, i) => runStyle(i));
  // Where a run left the picture, the arrow there says where it got to.
  const exitLabel = (s: PathSeries, k: number): string =>
    `${variable} = ${formatValue(s.points[k]!)}, f = ${formatValue(s.values[k]!)}`;
  // f alone needs no legend: the axis already names it.
  const curveEntries: LegendEntry[] =
    runs.length > 0 || options.derivative ? [{ color: curveInk, label: `f(${variable})`, mark: 'line' }] : [];
  if (options.derivative)
    curveEntries.push({ color: derivativeInk, label: `f′(${variable})`, mark: 'dashed' });
  const entriesAt = (step: number | undefined): LegendEntry[] => [
    ...curveEntries,
    ...runs.map((s, i) => runLegendEntry(s, styles[i]!, step, 'f')),
  ];
  // Room for the widest animated row (its value plus the status once the run ends).
  const steps = Math.max(0, ...runs.map(seriesSteps));
  const reserve = Math.max(
    0,
    ...runs.map((s, i) => runLegendEntry(s, styles[i]!, seriesSteps(s), 'f').label.length + 3),
  );
  const marks = joinMarks(
    { lines: [curvePixels, derivativePixels], points: [] },
    ...runs.map((s, i) => pathFootprint(runPixels[i]!, area, exitLabel(s, seriesLength(s) - 1))),
  );
  // One place for the still and every frame, wide enough for the longest row of either.
  const key = legendBox(frame, entriesAt(undefined), marks, reserve);
  const page = { ...frame, height: frame.height + key.below };

  return {
    width: page.width,
    height: page.height,
    steps,
    svg(step) {
      const drawn = runs.map((s, i) => {
        const k = lastIterate(s, step);
        return pathMarks(runPixels[i]!.slice(0, k + 1), styles[i]!, area, exitLabel(s, k));
      });
      return figureSvg(page, {
        title: options.title ?? `f(${variable})`,
        ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
        ...(step !== undefined && { counter: `step ${Math.min(step, steps)} / ${steps}` }),
        under,
        clipped: curves + drawn.join(''),
        over: over + key.draw(entriesAt(step)),
      });
    },
  };
}
