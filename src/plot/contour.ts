// The 2-D figure: filled contours of f with a colour bar, one descent path per run, start and end marked.

import { contours } from 'd3-contour';
import { scaleLinear } from 'd3-scale';
import { axes } from './axes.js';
import { type Figure, figureSvg } from './figure.js';
import { formatValue } from './format.js';
import { type Layout, layout, type Size } from './layout.js';
import { joinMarks, type LegendEntry, legendBox } from './legend.js';
import { contourLevels } from './levels.js';
import { paleAt, rgb } from './palette.js';
import { lastIterate, pathFootprint, pathMarks, runLegendEntry } from './path-marks.js';
import { runStyle } from './run-style.js';
import { type PathSeries, seriesLength, seriesSteps } from './series.js';
import { element, type Pixel, svgNumber, text } from './svg.js';
import { pathView, type Range } from './view.js';

/**
 * What a contour figure draws: f of two variables, descent paths, the window, labels and size.
 *
 * @example
 * const options: ContourOptions = { f: (p) => p[0]! ** 2 + 4 * p[1]! ** 2, domain: [[-2, 2], [-1, 1]], title: 'x² + 4y²' };
 * contourFigure(options).svg().includes('x² + 4y²'); // → true
 */
export interface ContourOptions {
  /** The function of two variables, given a point [x, y]. */
  readonly f: (point: Float64Array) => number;
  /** Descent paths in the same two coordinates. */
  readonly runs?: readonly PathSeries[];
  /** The window; chosen from the runs (or ±5) when left out. */
  readonly domain?: readonly [Range, Range];
  /** Axis names (default `x`, `y`). */
  readonly variables?: readonly [string, string];
  readonly title?: string;
  readonly subtitle?: string;
  readonly size?: Size;
  /** How many contour levels at most (default 18). */
  readonly levels?: number;
}

const lineInk = '#7d8a97';
// Pixels per grid cell: fine enough for smooth contours, coarse enough for a small SVG.
const cell = 4;

function colourBar(frame: Layout, thresholds: readonly number[], log: boolean): string {
  const { area, font } = frame;
  if (thresholds.length === 0) return '';
  const x = area.left + area.width + font.tick * 1.2;
  const w = font.tick * 1.2;
  const bands = thresholds.length + 1;
  const h = area.height / bands;
  const parts: string[] = [];
  for (let i = 0; i < bands; i++) {
    const top = area.top + area.height - (i + 1) * h;
    parts.push(element('rect', { x, y: top, width: w, height: h + 0.5, fill: rgb(paleAt(i / (bands - 1))) }));
  }
  parts.push(
    element('rect', { x, y: area.top, width: w, height: area.height, fill: 'none', stroke: '#999999' }),
  );
  const every = Math.max(
    1,
    Math.ceil(thresholds.length / Math.max(2, Math.floor(area.height / (font.tick * 3)))),
  );
  thresholds.forEach((t, i) => {
    if (i % every !== 0) return;
    const y = area.top + area.height - (i + 1) * h;
    parts.push(element('line', { x1: x + w, y1: y, x2: x + w + 4, y2: y, stroke: '#333333' }));
    parts.push(
      text(formatValue(t, 3), { x: x + w + 6, y: y + font.tick * 0.35, 'font-size': font.tick * 0.9 }),
    );
  });
  parts.push(
    text(log ? 'f (log levels)' : 'f', {
      x: x + w / 2,
      y: area.top - font.tick * 0.7,
      'font-size': font.tick,
      'text-anchor': 'middle',
    }),
  );
  return element('g', { class: 'colour-bar', fill: '#333333' }, ...parts);
}

/**
 * Filled contours of f over a window with the descent paths on top; `svg(k)` draws the paths up to
 * step k (an animation racing the runs). Paths leaving the window are cut at its edge.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const f = compileExpression('(1 - x)^2 + 100*(y - x^2)^2');
 * const runs = compare(f, [createMethod('adam', { learningRate: 0.05 }), createMethod('lbfgs')], { start: Float64Array.of(-1, 1), recordPath: true });
 * const fig = contourFigure({ f: (p) => f.value(p), runs: runSeries(runs), title: 'Rosenbrock' });
 * writeFileSync('rosenbrock.svg', fig.svg());
 * fig.steps; // → 1000
 */
export function contourFigure(options: ContourOptions): Figure {
  const runs = options.runs ?? [];
  const [xName, yName] = options.variables ?? ['x', 'y'];
  const frame = layout(options.size, { right: 64 });
  const { area } = frame;
  const [xRange, yRange] =
    options.domain ??
    (runs.length > 0
      ? (pathView(runs, 2) as [Range, Range])
      : [
          [-5, 5],
          [-5, 5],
        ]);

  const nx = Math.max(8, Math.round(area.width / cell));
  const ny = Math.max(8, Math.round(area.height / cell));
  const values = new Float64Array(nx * ny);
  const point = new Float64Array(2);
  for (let j = 0; j < ny; j++) {
    point[1] = yRange[0] + ((j + 0.5) / ny) * (yRange[1] - yRange[0]);
    for (let i = 0; i < nx; i++) {
      point[0] = xRange[0] + ((i + 0.5) / nx) * (xRange[1] - xRange[0]);
      values[j * nx + i] = options.f(point);
    }
  }
  const { thresholds, log } = contourLevels(values, options.levels ?? 18);
  let highest = Number.NEGATIVE_INFINITY;
  for (const v of values) if (Number.isFinite(v)) highest = Math.max(highest, v);
  // Where f is undefined or overflows, treat it as the highest ground so the contours stay closed.
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i]!)) values[i] = highest;

  const x = scaleLinear(xRange, [area.left, area.left + area.width]);
  const y = scaleLinear(yRange, [area.top + area.height, area.top]);
  const gx = (c: number): string => svgNumber(area.left + (c / nx) * area.width);
  const gy = (c: number): string => svgNumber(area.top + area.height - (c / ny) * area.height);
  const bands = [
    element('rect', { ...area, x: area.left, y: area.top, fill: rgb(paleAt(0)) }),
    ...contours()
      .size([nx, ny])
      .thresholds(thresholds)(Array.from(values))
      .map((shape, i) => {
        let d = '';
        for (const polygon of shape.coordinates) {
          for (const ring of polygon) {
            ring.forEach(([cx, cy], k) => {
              d += `${k === 0 ? 'M' : 'L'}${gx(cx!)} ${gy(cy!)}`;
            });
            d += 'Z';
          }
        }
        const fill = rgb(paleAt((i + 1) / thresholds.length));
        return d === ''
          ? ''
          : element('path', { d, fill, stroke: lineInk, 'stroke-width': 0.7, 'fill-rule': 'evenodd' });
      }),
  ].join('');
  const under = element('g', { class: 'contours' }, bands);
  const axisParts = axes(
    frame,
    { kind: 'linear', scale: x },
    { kind: 'linear', scale: y },
    { x: xName, y: yName },
  );
  const bar = colourBar(frame, thresholds, log);

  const runPixels = runs.map((s) =>
    Array.from(
      { length: seriesLength(s) },
      (_, k) => [x(s.points[2 * k]!), y(s.points[2 * k + 1]!)] as Pixel,
    ),
  );
  const styles = runs.map((_, i) => runStyle(i));
  const exitLabel = (s: PathSeries, k: number): string =>
    `${xName} = ${formatValue(s.points[2 * k]!)}, ${yName} = ${formatValue(s.points[2 * k + 1]!)}`;
  const markers: LegendEntry[] =
    runs.length > 0
      ? [
          { color: '#444444', label: 'start', mark: 'start' },
          { color: '#444444', label: 'end', mark: 'end' },
        ]
      : [];
  const entriesAt = (step: number | undefined): LegendEntry[] => [
    ...runs.map((s, i) => runLegendEntry(s, styles[i]!, step, 'f')),
    ...markers,
  ];
  const reserve = Math.max(
    0,
    ...runs.map((s, i) => runLegendEntry(s, styles[i]!, seriesSteps(s), 'f').label.length + 3),
  );
  const steps = Math.max(0, ...runs.map(seriesSteps));
  // One place for the still and every frame, wide enough for the longest row of either.
  const key = legendBox(
    frame,
    entriesAt(undefined),
    joinMarks(...runs.map((s, i) => pathFootprint(runPixels[i]!, area, exitLabel(s, seriesLength(s) - 1)))),
    reserve,
  );
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
        title: options.title ?? `f(${xName}, ${yName})`,
        ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
        ...(step !== undefined && { counter: `step ${Math.min(step, steps)} / ${steps}` }),
        under: under + axisParts.under,
        clipped: drawn.join(''),
        over: axisParts.over + bar + key.draw(entriesAt(step)),
      });
    },
  };
}
