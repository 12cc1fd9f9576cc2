// How a descent path is drawn: segments between iterates, a dot per step, start and end markers, its legend row.

import { clipPolyline } from './clip.js';
import { formatValue } from './format.js';
import { inside, type Rect } from './layout.js';
import type { LegendEntry } from './legend.js';
import { type PathSeries, recordedUpTo, seriesLength, seriesSteps } from './series.js';
import { element, type Pixel, polylineData } from './svg.js';

// Beyond this many iterates the dots merge into a smear; the line alone reads better.
const maxDots = 150;

/**
 * The marks for one path given in pixels (non-finite pixels allowed: they break the line):
 * segments clipped to the plot area, a dot per iterate, a hollow circle at the start and a filled
 * one at the last iterate drawn.
 *
 * @example
 * pathMarks([[100, 80], [140, 120], [150, 130]], runColor(0), layout().area);
 */
export function pathMarks(pixels: readonly Pixel[], color: string, area: Rect): string {
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
    }),
  ];
  if (pixels.length <= maxDots) {
    for (const p of pixels.slice(1, -1)) {
      if (visible(p)) parts.push(element('circle', { cx: p[0], cy: p[1], r: 3, fill: color }));
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
      element('circle', {
        cx: end[0],
        cy: end[1],
        r: 5.5,
        fill: color,
        stroke: 'white',
        'stroke-width': 1.5,
        class: 'end',
      }),
    );
  }
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
 * runLegendEntry(series, runColor(0), 12, 'f'); // { label: 'gd lr 0.9: f = −2.95', … }
 */
export function runLegendEntry(
  series: PathSeries,
  color: string,
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
  return { color, label, mark: 'line-dot' };
}
