// Decision map: a classifier's most likely class over the plane, paler where it is unsure, with the labelled points on top.

import { scaleLinear } from 'd3-scale';
import { axes } from './axes.js';
import { type Figure, figureSvg } from './figure.js';
import { layout, type Size } from './layout.js';
import { type LegendEntry, legendBox } from './legend.js';
import { okabeIto } from './palette.js';
import type { MarkerShape } from './run-style.js';
import { element, svgNumber } from './svg.js';

/**
 * What decisionMapFigure draws: the probability lattice, its window, the classes and the points.
 *
 * @example
 * const options: DecisionMapOptions = { probabilities: [0.7, 0.3], grid: 1, classes: ['a', 'b'], x: [0, 1], y: [0, 1] };
 * decisionMapFigure(options).width; // → 720
 */
export interface DecisionMapOptions {
  /** Class probabilities on a `grid` × `grid` lattice over the window: row 0 at the top (largest x2), `classes.length` per cell. */
  readonly probabilities: ArrayLike<number>;
  readonly grid: number;
  /** The class labels, in index order. */
  readonly classes: readonly string[];
  /** The window: x1 from x[0] to x[1], x2 from y[0] to y[1]. */
  readonly x: readonly [number, number];
  readonly y: readonly [number, number];
  /** The data: (x1, x2) pairs and their class indices. */
  readonly points?: { readonly features: ArrayLike<number>; readonly labels: ArrayLike<number> };
  readonly xLabel?: string;
  readonly yLabel?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly size?: Size;
}

const shapes: readonly MarkerShape[] = ['circle', 'square', 'diamond', 'triangle'];

// Confidence is drawn in this many steps, so that a row of cells of one class and step is one rectangle.
const levels = 8;

const mix = (color: string, t: number): string => {
  const channel = (i: number): string => {
    const c = Number.parseInt(color.slice(1 + 2 * i, 3 + 2 * i), 16);
    return Math.round(255 + (c - 255) * t)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(1)}${channel(2)}`;
};

/** Class c's mark at a pixel: circle, square, diamond or triangle (the shape says the class without colour). */
function mark(c: number, px: number, py: number, r: number): string {
  const common = { fill: okabeIto[c % okabeIto.length], stroke: '#ffffff', 'stroke-width': 1.2 };
  const p = (dx: number, dy: number): string => `${svgNumber(px + dx * r)},${svgNumber(py + dy * r)}`;
  switch (c % 4) {
    case 0:
      return element('circle', { cx: svgNumber(px), cy: svgNumber(py), r, ...common });
    case 1:
      return element('path', {
        d: `M${p(-0.9, -0.9)}L${p(0.9, -0.9)}L${p(0.9, 0.9)}L${p(-0.9, 0.9)}Z`,
        ...common,
      });
    case 2:
      return element('path', { d: `M${p(0, -1.25)}L${p(1.25, 0)}L${p(0, 1.25)}L${p(-1.25, 0)}Z`, ...common });
    default:
      return element('path', { d: `M${p(0, -1.3)}L${p(1.2, 0.9)}L${p(-1.2, 0.9)}Z`, ...common });
  }
}

/**
 * The picture TensorFlow Playground draws: each cell of the lattice in the colour of its most likely
 * class (Okabe–Ito, class c in colour c), from white at a tie of all classes to full colour at
 * certainty, the points on top with one shape per class, and a legend of the classes.
 *
 * @example
 * const fig = decisionMapFigure({
 *   probabilities: [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7], grid: 2, classes: ['a', 'b'],
 *   x: [-1, 1], y: [-1, 1], points: { features: [-0.5, 0.5, 0.5, -0.5], labels: [0, 1] },
 * });
 * fig.svg().includes('<rect'); // → true
 */
export function decisionMapFigure(options: DecisionMapOptions): Figure {
  const frame = layout(options.size ?? [720, 640]);
  const { area } = frame;
  const { grid, classes } = options;
  const k = classes.length;
  const x = scaleLinear([options.x[0], options.x[1]], [area.left, area.left + area.width]);
  const y = scaleLinear([options.y[0], options.y[1]], [area.top + area.height, area.top]);
  const { under, over } = axes(
    frame,
    { kind: 'linear', scale: x },
    { kind: 'linear', scale: y },
    { x: options.xLabel ?? 'x1', y: options.yLabel ?? 'x2' },
  );
  const cellWidth = area.width / grid;
  const cellHeight = area.height / grid;
  const cells: string[] = [];
  for (let j = 0; j < grid; j++) {
    let run = null as { from: number; fill: string } | null;
    const flush = (to: number): void => {
      if (run === null) return;
      cells.push(
        element('rect', {
          x: svgNumber(area.left + run.from * cellWidth),
          y: svgNumber(area.top + j * cellHeight),
          // A hair wider and taller, so that anti-aliasing leaves no seams between rectangles.
          width: svgNumber((to - run.from) * cellWidth + 0.5),
          height: svgNumber(cellHeight + 0.5),
          fill: run.fill,
        }),
      );
    };
    for (let i = 0; i < grid; i++) {
      const o = (j * grid + i) * k;
      let best = 0;
      for (let c = 1; c < k; c++)
        if (options.probabilities[o + c]! > options.probabilities[o + best]!) best = c;
      const p = options.probabilities[o + best]!;
      const confidence = Number.isFinite(p) ? Math.max(0, Math.min(1, (p - 1 / k) / (1 - 1 / k))) : 0;
      const fill = mix(
        okabeIto[best % okabeIto.length]!,
        0.12 + (0.6 * Math.round(confidence * levels)) / levels,
      );
      if (run?.fill !== fill) {
        flush(i);
        run = { from: i, fill };
      }
    }
    flush(grid);
  }
  const points = options.points;
  const marks: string[] = [];
  if (points !== undefined) {
    const r = points.labels.length > 600 ? 2.6 : 4;
    for (let i = 0; i < points.labels.length; i++)
      marks.push(mark(points.labels[i]!, x(points.features[2 * i]!), y(points.features[2 * i + 1]!), r));
  }
  const entries: LegendEntry[] = classes.map((label, c) => ({
    color: okabeIto[c % okabeIto.length]!,
    label,
    mark: 'dot',
    marker: shapes[c % 4]!,
  }));
  const named = entries.filter((e) => e.label !== '');
  const key = legendBox(
    frame,
    entries,
    { lines: [], points: [] },
    Math.max(...classes.map((c) => c.length + 4)),
  );
  const page = { ...frame, height: frame.height + key.below };
  return {
    width: page.width,
    height: page.height,
    steps: 0,
    svg() {
      return figureSvg(page, {
        title: options.title ?? 'decision map',
        ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
        under,
        clipped: cells.join('') + marks.join(''),
        over: over + key.draw(named),
      });
    },
  };
}
