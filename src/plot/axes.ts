// Axes: a frame around the plot area, grid lines, ticks with labels and the axis titles.

import { type ScaleLinear, type ScaleLogarithmic, scaleLinear } from 'd3-scale';
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
 * A tick's text: plain decimals, or m×10ⁿ (10ⁿ alone when m is 1) when `scientific`, with as many
 * digits as `resolution` (the power of ten of the smallest digit that differs between ticks) needs.
 *
 * @example
 * tickLabel(0.002, -3, false); // '0.002'
 * tickLabel(2e-7, -7, true); // '2×10⁻⁷'
 * tickLabel(1e-6, -6, true); // '10⁻⁶'
 */
export function tickLabel(value: number, resolution: number, scientific: boolean): string {
  if (value === 0) return '0';
  const sign = value < 0 ? '−' : '';
  const a = Math.abs(value);
  const e = Math.floor(Math.log10(a) + 1e-9);
  if (!scientific) return sign + a.toFixed(Math.max(0, -resolution));
  const m = (a / 10 ** e).toFixed(Math.max(0, e - resolution));
  return m === '1' ? `${sign}10${superscript(String(e))}` : `${sign}${m}×10${superscript(String(e))}`;
}

// The power of ten of the last digit a step needs: 0.25 → −2, 0.2 → −1, 5 → 0.
function resolutionOf(step: number): number {
  let p = Math.floor(Math.log10(step) + 1e-9);
  while (p > -330 && Math.abs(step / 10 ** p - Math.round(step / 10 ** p)) > 1e-6) p--;
  return p;
}

// Log ticks: whole powers of ten over two decades or more (every k-th, aligned on multiples of k so
// that 10⁰ shows when it is in range); over less, 1-2-5 or 1…9 times a power of ten; over a span
// too narrow for those, evenly spaced round values — never fewer than two labelled ticks.
function logTicks(lo: number, hi: number, count: number): Tick[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  if (last - first >= 2) {
    const every = Math.max(1, Math.ceil((last - first + 1) / count));
    const out: Tick[] = [];
    for (let k = Math.ceil(first / every) * every; k <= last; k += every)
      out.push({ value: 10 ** k, label: tickLabel(10 ** k, k, true) });
    return out;
  }
  const within = (v: number): boolean => v >= lo * (1 - 1e-12) && v <= hi * (1 + 1e-12);
  // One style per axis: plain decimals when every tick reads well so, else m×10ⁿ throughout.
  const scientific = lo < 1e-3 * (1 - 1e-12) || hi >= 1e4;
  let best: Tick[] = [];
  for (const mantissas of [[1], [1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]]) {
    const found: Tick[] = [];
    for (let d = first - 1; d <= last; d++) {
      for (const m of mantissas) {
        const v = m * 10 ** d;
        if (within(v)) found.push({ value: v, label: tickLabel(v, d, scientific) });
      }
    }
    if (found.length > count) break;
    best = found;
    if (found.length >= 3) break;
  }
  if (best.length >= 2) return best;
  const linear = scaleLinear([lo, hi], [0, 1]).ticks(Math.min(count, 5));
  const step = linear.length > 1 ? linear[1]! - linear[0]! : hi - lo;
  const resolution = resolutionOf(step);
  return linear.filter(within).map((value) => ({ value, label: tickLabel(value, resolution, scientific) }));
}

/**
 * Round values to mark along an axis: d3's ticks on a linear scale; on a log scale, powers of ten
 * written 10ⁿ over two decades or more (thinned so that about `count` remain), else labelled
 * intermediate values, so every log axis has at least two labels.
 *
 * @example
 * ticks({ kind: 'log', scale: scaleLog([1e-6, 1], [0, 100]) }, 4).map((t) => t.label); // ['10⁻⁶', '10⁻⁴', '10⁻²', '10⁰']
 * ticks({ kind: 'log', scale: scaleLog([2e-3, 8e-3], [0, 100]) }, 4).map((t) => t.label); // ['0.002', '0.005']
 */
export function ticks(axis: AxisScale, count: number): Tick[] {
  if (axis.kind === 'linear') {
    const format = axis.scale.tickFormat(count);
    return axis.scale.ticks(count).map((value) => ({ value, label: format(value) }));
  }
  const [d0, d1] = axis.scale.domain() as [number, number];
  return logTicks(Math.min(d0, d1), Math.max(d0, d1), count);
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
