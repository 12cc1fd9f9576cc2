// The line-fit figure (seed 001): the data points and the line y = m·x + c at one step of the descent.

import { scaleLinear } from 'd3-scale';
import { axes } from './axes.js';
import { clipPolyline } from './clip.js';
import { type Figure, figureSvg } from './figure.js';
import { formatValue } from './format.js';
import { layout, type Size } from './layout.js';
import { type LegendEntry, legendBox } from './legend.js';
import { okabeIto } from './palette.js';
import { iterationAt, recordedUpTo, seriesSteps } from './series.js';
import { element, type Pixel, polylineData } from './svg.js';
import { padRange, robustRange } from './view.js';

export interface LineFitOptions {
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** The (m, c) pair after each step, the start first. */
  readonly path: readonly (readonly [number, number])[];
  /** The step (epoch) of each pair, ascending; 0, 1, 2, … when left out. */
  readonly iterations?: ArrayLike<number>;
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
  readonly size?: Size;
}

// Earlier lines drawn faint behind the current one, at most.
const maxFaint = 120;

/** The mean squared error of the line m·x + c on the data: seed 001's cost E(m, c). */
export const lineMse = (x: ArrayLike<number>, y: ArrayLike<number>, m: number, c: number): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (y[i]! - (m * x[i]! + c)) ** 2;
  return s / Math.max(1, x.length);
};

/**
 * The data as dots and the line of the (m, c) pair at step k (`svg(k)`; the last pair by default),
 * with the earlier lines faint behind it, and m, c and the mean squared error in the subtitle.
 *
 * @example
 * const fig = lineFitFigure({ x: [1, 2, 3], y: [2, 4.1, 5.9], path: [[1, 0], [1.4, 0.2], [1.9, 0.1]] });
 * fig.steps; // → 2
 * fig.svg(1).startsWith('<svg'); // → true
 */
export function lineFitFigure(options: LineFitOptions): Figure {
  const frame = layout(options.size);
  const { area } = frame;
  const xs = Array.from(options.x);
  const ys = Array.from(options.y);
  const xRange = padRange(robustRange(xs) ?? [0, 1], 0.05);
  const yRange = padRange(robustRange(ys) ?? [0, 1], 0.1);
  const x = scaleLinear(xRange, [area.left, area.left + area.width]);
  const y = scaleLinear(yRange, [area.top + area.height, area.top]);
  const dots = xs
    .map((xi, i) => [x(xi), y(ys[i]!)] as Pixel)
    .filter(([px, py]) => Number.isFinite(px) && Number.isFinite(py))
    .map(([px, py]) =>
      element('circle', { cx: px, cy: py, r: 3.5, fill: okabeIto[0], 'fill-opacity': 0.75 }),
    );
  const { under, over } = axes(
    frame,
    { kind: 'linear', scale: x },
    { kind: 'linear', scale: y },
    { x: options.xLabel ?? 'x', y: options.yLabel ?? 'y' },
  );
  const recorded = { values: options.path, ...(options.iterations && { iterations: options.iterations }) };
  const steps = seriesSteps(recorded);
  const lineData = ([m, c]: readonly [number, number]): string =>
    polylineData(
      clipPolyline(
        [
          [x(xRange[0]), y(m * xRange[0] + c)],
          [x(xRange[1]), y(m * xRange[1] + c)],
        ],
        area,
      ),
    );
  const xName = options.xLabel ?? 'x';
  const yName = options.yLabel ?? 'y';
  const fitLabel = ([m, c]: readonly [number, number]): string =>
    `${yName} = ${formatValue(m)}·${xName} ${c < 0 ? '−' : '+'} ${formatValue(Math.abs(c))}`;
  const lineEnds = ([m, c]: readonly [number, number]): Pixel[] => [
    [x(xRange[0]), y(m * xRange[0] + c)],
    [x(xRange[1]), y(m * xRange[1] + c)],
  ];
  const entriesAt = (pair: readonly [number, number]): LegendEntry[] => [
    { color: okabeIto[0], label: 'data', mark: 'dot' },
    { color: okabeIto[1], label: fitLabel(pair), mark: 'line' },
  ];
  // Off the data and off the first and the last line, in one place for every frame.
  const first = options.path[0] ?? [0, 0];
  const last = options.path[options.path.length - 1] ?? first;
  const key = legendBox(
    frame,
    entriesAt(last),
    { lines: [lineEnds(first), lineEnds(last)], points: xs.map((xi, i) => [x(xi), y(ys[i]!)] as Pixel) },
    Math.max(fitLabel(first).length, fitLabel(last).length) + 6,
  );
  const page = { ...frame, height: frame.height + key.below };

  return {
    width: page.width,
    height: page.height,
    steps,
    svg(step) {
      const k = Math.max(0, Math.min(steps, Math.floor(step ?? steps)));
      const at = recordedUpTo(recorded, k);
      const current = options.path[at] ?? [0, 0];
      // At most maxFaint earlier lines, evenly spread: a frame's cost must not grow with the epochs.
      const earlier = Math.min(at, maxFaint);
      const history = Array.from({ length: earlier }, (_, i) =>
        element('path', {
          d: lineData(options.path[Math.floor((i * at) / earlier)]!),
          stroke: '#999999',
          'stroke-opacity': 0.25,
          fill: 'none',
        }),
      );
      const line = element('path', {
        d: lineData(current),
        stroke: okabeIto[1],
        'stroke-width': 2.5,
        fill: 'none',
        class: 'fit',
      });
      const [m, c] = current;
      return figureSvg(page, {
        title: options.title ?? 'Fitting y = m·x + c',
        subtitle: `step ${iterationAt(recorded, at)}: m = ${formatValue(m)}, c = ${formatValue(c)}, mean squared error ${formatValue(lineMse(xs, ys, m, c))}`,
        ...(step !== undefined && { counter: `step ${k} / ${steps}` }),
        under,
        clipped: history.join('') + dots.join('') + line,
        over: over + key.draw(entriesAt(current)),
      });
    },
  };
}
