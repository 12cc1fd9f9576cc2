// How a descent path is drawn: segments between iterates, a marker per step, start and end, an arrow where it left the plot, its legend row.

import { clipPolyline } from './clip.js';
import { formatValue } from './format.js';
import { inside, type Rect } from './layout.js';
import type { LegendEntry, Marks } from './legend.js';
import { marker, type RunStyle } from './run-style.js';
import { type PathSeries, recordedUpTo, seriesLength, seriesSteps } from './series.js';
import { element, type Pixel, polylineData, svgNumber, text } from './svg.js';

// Beyond this many iterates the dots merge into a smear; the line alone reads better.
const maxDots = 150;

/**
 * Where a path that ends outside the plot area left it: the point on the area's edge where its last
 * segment out crosses it, and the unit direction it was heading; null when its last iterate drawn is
 * inside (or it never was).
 *
 * @example
 * exitPoint([[100, 100], [900, 100]], layout().area); // { at: [776, 100], direction: [1, 0] }
 */
export function exitPoint(pixels: readonly Pixel[], area: Rect): { at: Pixel; direction: Pixel } | null {
  const shown = (p: Pixel | undefined): boolean =>
    p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]) && inside(area, p[0], p[1]);
  if (pixels.length < 2 || shown(pixels[pixels.length - 1])) return null;
  let j = pixels.length - 2;
  while (j >= 0 && !shown(pixels[j])) j--;
  if (j < 0) return null;
  const from = pixels[j]!;
  // The first finite iterate after the last one shown gives the heading (an overflow leaves none).
  const to = pixels.slice(j + 1).find((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  if (to === undefined) return null;
  const piece = clipPolyline([from, to], area)[0];
  if (piece === undefined) return null;
  const length = Math.hypot(to[0] - from[0], to[1] - from[1]);
  return {
    at: piece[piece.length - 1]!,
    direction: [(to[0] - from[0]) / length, (to[1] - from[1]) / length],
  };
}

interface ExitLayout {
  readonly head: readonly Pixel[];
  readonly label: { readonly x: number; readonly y: number; readonly anchor: 'start' | 'middle' | 'end' };
  /** The label's baseline from its left end to its right end, to keep a legend off it. */
  readonly baseline: readonly [Pixel, Pixel];
}

const exitFont = 11;

// An arrowhead with its tip at the edge, pointing the way the path went, and the text beside it, inside the area.
function exitLayout(exit: { at: Pixel; direction: Pixel }, label: string, area: Rect): ExitLayout {
  const [x, y] = exit.at;
  const [dx, dy] = exit.direction;
  const size = 12;
  const back: Pixel = [x - dx * size, y - dy * size];
  const wing = size * 0.55;
  const right = area.left + area.width;
  const bottom = area.top + area.height;
  const anchor = x >= right - 1 ? 'end' : x <= area.left + 1 ? 'start' : 'middle';
  const tx = Math.min(
    right - 4,
    Math.max(area.left + 4, anchor === 'end' ? x - size - 4 : anchor === 'start' ? x + size + 4 : x),
  );
  const ty = y <= area.top + 1 ? y + size + 16 : y >= bottom - 1 ? y - size - 8 : y - 8;
  const w = label.length * exitFont * 0.6;
  const left = anchor === 'end' ? tx - w : anchor === 'start' ? tx : tx - w / 2;
  return {
    head: [
      [x, y],
      [back[0] - dy * wing, back[1] + dx * wing],
      [back[0] + dy * wing, back[1] - dx * wing],
    ],
    label: { x: tx, y: ty, anchor },
    baseline: [
      [left, ty - exitFont * 0.35],
      [left + w, ty - exitFont * 0.35],
    ],
  };
}

function exitMarks(at: ExitLayout, label: string, color: string): string {
  return element(
    'g',
    { class: 'exit' },
    element('polygon', {
      points: at.head.map(([px, py]) => `${svgNumber(px)},${svgNumber(py)}`).join(' '),
      fill: color,
      stroke: 'white',
      'stroke-width': 1,
    }),
    text(label, {
      x: at.label.x,
      y: at.label.y,
      'text-anchor': at.label.anchor,
      'font-size': exitFont,
      fill: color,
      stroke: 'white',
      'stroke-width': 3,
      'paint-order': 'stroke',
    }),
  );
}

/**
 * What a path drawn by `pathMarks` covers, for placing a legend off it: its line, its iterates and,
 * when it leaves the area, the arrow and its label.
 *
 * @example
 * legendBox(frame, entries, pathFootprint(pixels, frame.area, 'x = 1e9'));
 */
export function pathFootprint(pixels: readonly Pixel[], area: Rect, exitLabel?: string): Marks {
  const exit = exitLabel === undefined ? null : exitPoint(pixels, area);
  if (!exit) return { lines: [pixels], points: pixels };
  const at = exitLayout(exit, exitLabel!, area);
  return { lines: [pixels, at.baseline], points: [...pixels, ...at.head] };
}

/**
 * The marks for one path given in pixels (non-finite pixels allowed: they break the line):
 * segments clipped to the plot area in the run's colour and dash, a marker of its shape per
 * iterate, a hollow circle at the start and a filled marker at the last iterate drawn. A path
 * whose last iterate drawn lies outside the area gets an arrow where it left, with `exitLabel`
 * (its last point and value) beside it.
 *
 * @example
 * pathMarks([[100, 80], [140, 120], [150, 130]], runStyle(0), layout().area);
 */
export function pathMarks(pixels: readonly Pixel[], style: RunStyle, area: Rect, exitLabel?: string): string {
  const { color } = style;
  // Clip a little outside the area so that line joins at the edge are cut by clipPath, not by us.
  const margin = 10;
  const bounds = {
    left: area.left - margin,
    top: area.top - margin,
    width: area.width + 2 * margin,
    height: area.height + 2 * margin,
  };
  const visible = (p: Pixel | undefined): p is Pixel =>
    p !== undefined && Number.isFinite(p[0]) && Number.isFinite(p[1]) && inside(area, p[0], p[1], 6);
  const parts = [
    element('path', {
      d: polylineData(clipPolyline(pixels, bounds)),
      fill: 'none',
      stroke: color,
      'stroke-width': 2,
      'stroke-linejoin': 'round',
      'stroke-opacity': 0.85,
      'stroke-dasharray': style.dash,
    }),
  ];
  if (pixels.length <= maxDots) {
    for (const p of pixels.slice(1, -1)) {
      if (visible(p)) parts.push(marker(style.marker, p[0], p[1], 3, { fill: color }));
    }
  }
  const start = pixels[0];
  if (visible(start)) {
    parts.push(
      element('circle', {
        cx: start[0],
        cy: start[1],
        r: 6,
        fill: 'white',
        stroke: color,
        'stroke-width': 2.2,
        class: 'start',
      }),
    );
  }
  const end = pixels[pixels.length - 1];
  if (pixels.length > 1 && visible(end)) {
    parts.push(
      marker(style.marker, end[0], end[1], 5.5, {
        fill: color,
        stroke: 'white',
        'stroke-width': 1.5,
        class: 'end',
      }),
    );
  }
  const exit = exitLabel === undefined ? null : exitPoint(pixels, area);
  if (exit) parts.push(exitMarks(exitLayout(exit, exitLabel!, area), exitLabel!, color));
  return element('g', { class: 'path' }, ...parts);
}

/** The last recorded iterate of `series` drawn at animation step `step` (all of it when undefined). */
export function lastIterate(series: PathSeries, step: number | undefined): number {
  return step === undefined ? seriesLength(series) - 1 : recordedUpTo(series, step);
}

/**
 * A run's legend row: its label and the value at the iterate drawn; once the path has ended, how
 * the run ended. A still figure also says how many steps the run took.
 *
 * @example
 * runLegendEntry(series, runStyle(0), 12, 'f'); // { label: 'gd lr 0.9: f = −2.95', … }
 */
export function runLegendEntry(
  series: PathSeries,
  style: RunStyle,
  step: number | undefined,
  valueName: string,
): LegendEntry {
  const n = seriesLength(series);
  const steps = seriesSteps(series);
  const k = lastIterate(series, step);
  const value = `${valueName} = ${formatValue(series.values[k]!)}`;
  const ended = k === n - 1 && series.status !== undefined;
  const label =
    step === undefined
      ? `${series.label}: ${series.status === undefined ? '' : `${series.status} after `}${steps} step${steps === 1 ? '' : 's'}, ${value}`
      : `${series.label}: ${value}${ended ? ` · ${series.status}` : ''}`;
  return {
    color: style.color,
    label,
    mark: 'line-dot',
    marker: style.marker,
    ...(style.dash && { dash: style.dash }),
  };
}
