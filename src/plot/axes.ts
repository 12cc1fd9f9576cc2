// Axes: a frame around the plot area, grid lines, ticks with labels and the axis titles.

import type { ScaleLinear, ScaleLogarithmic } from 'd3-scale';
import { superscript } from './format.js';
import type { Layout } from './layout.js';
import { element, text } from './svg.js';

/** A d3 scale from data to pixels, linear or logarithmic. */
export type AxisScale =
  | { readonly kind: 'linear'; readonly scale: ScaleLinear<number, number> }
  | { readonly kind: 'log'; readonly scale: ScaleLogarithmic<number, number> };

/** A tick: where it is in data units and what it says. */
export interface Tick {
  readonly value: number;
  readonly label: string;
}

const ink = '#333333';
const gridInk = '#e4e4e4';

/**
 * Round values to mark along an axis: d3's ticks on a linear scale; on a log scale spanning two
 * decades or more, powers of ten written 10ⁿ (thinned so that about `count` remain).
 *
 * @example
 * ticks({ kind: 'log', scale: scaleLog([1e-6, 1], [0, 100]) }, 4).map((t) => t.label); // ['10⁻⁶', '10⁻⁴', '10⁻²', '10⁰']
 */
export function ticks(axis: AxisScale, count: number): Tick[] {
  if (axis.kind === 'linear') {
    const format = axis.scale.tickFormat(count);
    return axis.scale.ticks(count).map((value) => ({ value, label: format(value) }));
  }
  const [d0, d1] = axis.scale.domain() as [number, number];
  const lo = Math.min(d0, d1);
  const hi = Math.max(d0, d1);
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  if (last - first >= 2) {
    const every = Math.max(1, Math.ceil((last - first + 1) / count));
    const out: Tick[] = [];
    for (let k = first; k <= last; k += every)
      out.push({ value: 10 ** k, label: `10${superscript(String(k))}` });
    return out;
  }
  const format = axis.scale.tickFormat(count, '~g');
  return axis.scale
    .ticks(count)
    .map((value) => ({ value, label: format(value) }))
    .filter((t) => t.label !== '');
}

/**
 * The axes of a figure: `under` holds the grid lines (drawn before the data), `over` the frame,
 * ticks and labels on the left and bottom (drawn after it, so paths never cover them).
 *
 * @example
 * const x = { kind: 'linear', scale: scaleLinear([-5, 5], [area.left, area.left + area.width]) } as const;
 * const { under, over } = axes(layout(), x, y, { x: 'x', y: 'f(x)' });
 */
export function axes(
  frame: Layout,
  x: AxisScale,
  y: AxisScale,
  labels: { x: string; y: string },
): { under: string; over: string } {
  const { area, font } = frame;
  const right = area.left + area.width;
  const bottom = area.top + area.height;
  const xTicks = ticks(x, Math.max(2, Math.round(area.width / 90)));
  const yTicks = ticks(y, Math.max(2, Math.round(area.height / 60)));
  const grid: string[] = [];
  const parts: string[] = [];
  const tickLength = font.tick * 0.45;
  for (const t of xTicks) {
    const px = x.scale(t.value);
    if (!Number.isFinite(px) || px < area.left - 0.5 || px > right + 0.5) continue;
    grid.push(element('line', { x1: px, y1: area.top, x2: px, y2: bottom, stroke: gridInk }));
    parts.push(element('line', { x1: px, y1: bottom, x2: px, y2: bottom + tickLength, stroke: ink }));
    parts.push(
      text(t.label, {
        x: px,
        y: bottom + tickLength + font.tick * 1.1,
        'text-anchor': 'middle',
        'font-size': font.tick,
      }),
    );
  }
  for (const t of yTicks) {
    const py = y.scale(t.value);
    if (!Number.isFinite(py) || py < area.top - 0.5 || py > bottom + 0.5) continue;
    grid.push(element('line', { x1: area.left, y1: py, x2: right, y2: py, stroke: gridInk }));
    parts.push(element('line', { x1: area.left - tickLength, y1: py, x2: area.left, y2: py, stroke: ink }));
    parts.push(
      text(t.label, {
        x: area.left - tickLength - 3,
        y: py + font.tick * 0.35,
        'text-anchor': 'end',
        'font-size': font.tick,
      }),
    );
  }
  parts.push(
    element('rect', {
      x: area.left,
      y: area.top,
      width: area.width,
      height: area.height,
      fill: 'none',
      stroke: ink,
    }),
  );
  parts.push(
    text(labels.x, {
      x: area.left + area.width / 2,
      y: bottom + tickLength + font.tick * 1.2 + font.label * 1.3,
      'text-anchor': 'middle',
      'font-size': font.label,
      class: 'axis-label',
    }),
  );
  const yLabelX = area.left * 0.24;
  parts.push(
    text(labels.y, {
      x: yLabelX,
      y: area.top + area.height / 2,
      'text-anchor': 'middle',
      'font-size': font.label,
      transform: `rotate(-90 ${Math.round(yLabelX)} ${Math.round(area.top + area.height / 2)})`,
      class: 'axis-label',
    }),
  );
  return {
    under: element('g', { class: 'grid' }, ...grid),
    over: element('g', { class: 'axes', fill: ink }, ...parts),
  };
}
