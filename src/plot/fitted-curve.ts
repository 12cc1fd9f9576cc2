// The fitted-curve figure: one feature's data as dots and a fitted model's prediction across it as a curve.

import { scaleLinear } from 'd3-scale';
import { axes } from './axes.js';
import { clipPolyline } from './clip.js';
import { type Figure, figureSvg } from './figure.js';
import { layout, type Size } from './layout.js';
import { legendBox } from './legend.js';
import { okabeIto } from './palette.js';
import { element, type Pixel, polylineData } from './svg.js';
import { padRange, robustRange } from './view.js';

/**
 * What `fittedCurveFigure` draws: the data of one feature and the fitted model's prediction.
 *
 * @example
 * const options: FittedCurveOptions = { x: [0, 1, 2], y: [0.1, 0.9, 4.2], predict: (xs) => xs.map((v) => v * v), xLabel: 'dose' };
 * fittedCurveFigure(options).svg().includes('class="fit"'); // → true
 */
export interface FittedCurveOptions {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** The fitted model's predictions at the given inputs (one per input). */
  readonly predict: (x: Float64Array) => ArrayLike<number>;
  readonly xLabel?: string;
  readonly yLabel?: string;
  /** The curve's legend text (default `fit`). */
  readonly fitLabel?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly size?: Size;
}

/**
 * The data as dots and the fitted model's prediction as a curve sampled across the data's x range
 * (a polynomial or a network of one feature), with a legend off both.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const fig = fittedCurveFigure({ x: [0, 1, 2, 3], y: [1, 0.2, 1.1, 4.2], predict: (xs) => xs.map((v) => (v - 1) ** 2) });
 * writeFileSync('fit.svg', fig.svg());
 * fig.steps; // → 0
 */
export function fittedCurveFigure(options: FittedCurveOptions): Figure {
  const frame = layout(options.size);
  const { area } = frame;
  const xs = Array.from(options.x);
  const ys = Array.from(options.y);
  const xRange = padRange(robustRange(xs) ?? [0, 1], 0.05);
  const samples = Math.max(200, Math.round(area.width));
  const grid = Float64Array.from(
    { length: samples + 1 },
    (_, i) => xRange[0] + ((xRange[1] - xRange[0]) * i) / samples,
  );
  const curve = Array.from(options.predict(grid));
  // The data set the window; the curve widens it only as far as the data's own spread again.
  const dataRange = robustRange(ys) ?? [0, 1];
  const spread = dataRange[1] - dataRange[0];
  const within = curve.filter((v) => v >= dataRange[0] - spread && v <= dataRange[1] + spread);
  const yRange = padRange(robustRange([...ys, ...within]) ?? dataRange, 0.08);
  const x = scaleLinear(xRange, [area.left, area.left + area.width]);
  const y = scaleLinear(yRange, [area.top + area.height, area.top]);
  const points = xs
    .map((xi, i) => [x(xi), y(ys[i]!)] as Pixel)
    .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py));
  const curvePixels = Array.from(grid, (g, i): Pixel => [x(g), y(curve[i]!)]);
  const bounds = { left: area.left - 5, top: area.top - 5, width: area.width + 10, height: area.height + 10 };
  const { under, over } = axes(
    frame,
    { kind: 'linear', scale: x },
    { kind: 'linear', scale: y },
    { x: options.xLabel ?? 'x', y: options.yLabel ?? 'y' },
  );
  const entries = [
    { color: okabeIto[0], label: 'data', mark: 'dot' as const },
    { color: okabeIto[1], label: options.fitLabel ?? 'fit', mark: 'line' as const },
  ];
  const key = legendBox(frame, entries, { lines: [curvePixels], points });
  const page = { ...frame, height: frame.height + key.below };
  const svg = figureSvg(page, {
    title: options.title ?? 'fitted curve',
    ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
    under,
    clipped:
      points
        .map(([px, py]) =>
          element('circle', { cx: px, cy: py, r: 3.5, fill: okabeIto[0], 'fill-opacity': 0.75 }),
        )
        .join('') +
      element('path', {
        d: polylineData(clipPolyline(curvePixels, bounds)),
        fill: 'none',
        stroke: okabeIto[1],
        'stroke-width': 2.5,
        class: 'fit',
      }),
    over: over + key.draw(entries),
  });
  return { width: page.width, height: page.height, steps: 0, svg: () => svg };
}
