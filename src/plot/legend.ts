// The legend: one row per series, placed in the corner of the plot area that hides the least data.

import { inside, type Layout, type Rect } from './layout.js';
import { element, type Pixel, text } from './svg.js';

/** One legend row: a colour sample drawn as a line, a dot, or both, and its text. */
export interface LegendEntry {
  readonly color: string;
  readonly label: string;
  readonly mark: 'line' | 'dashed' | 'dot' | 'line-dot' | 'start' | 'end';
}

// DejaVu Sans averages about 0.6 em per character; the box is sized from that estimate.
const charWidth = 0.6;

function sample(entry: LegendEntry, x: number, y: number, w: number): string {
  const line = element('line', {
    x1: x,
    y1: y,
    x2: x + w,
    y2: y,
    stroke: entry.color,
    'stroke-width': 2.5,
    'stroke-dasharray': entry.mark === 'dashed' ? '6 4' : undefined,
  });
  const dot = element('circle', { cx: x + w / 2, cy: y, r: 3.5, fill: entry.color });
  switch (entry.mark) {
    case 'line':
    case 'dashed':
      return line;
    case 'dot':
      return dot;
    case 'line-dot':
      return line + dot;
    case 'start':
      return element('circle', {
        cx: x + w / 2,
        cy: y,
        r: 5,
        fill: 'white',
        stroke: entry.color,
        'stroke-width': 2,
      });
    case 'end':
      return element('circle', {
        cx: x + w / 2,
        cy: y,
        r: 5,
        fill: entry.color,
        stroke: 'white',
        'stroke-width': 1.5,
      });
  }
}

/**
 * A legend inside the plot area. Of the four corners and the top and bottom middles it takes the
 * first that covers fewest of `occupied` (the data's pixels), so it does not hide the curve or path.
 * `reserve` widens the box to that many characters, so an animated legend keeps its place.
 *
 * @example
 * legend(layout(), [{ color: runColor(0), label: 'gd lr 0.1', mark: 'line-dot' }], curvePixels);
 */
export function legend(
  frame: Layout,
  entries: readonly LegendEntry[],
  occupied: readonly Pixel[],
  reserve = 0,
): string {
  if (entries.length === 0) return '';
  const { area, font } = frame;
  const fs = font.legend;
  const row = fs * 1.45;
  const sampleWidth = fs * 2;
  const pad = fs * 0.6;
  const width = Math.min(
    area.width - 8,
    pad * 2 +
      sampleWidth +
      fs * 0.6 +
      Math.max(reserve, ...entries.map((e) => e.label.length)) * fs * charWidth,
  );
  const height = pad * 2 + row * entries.length - (row - fs);
  const gap = 6;
  const xs = [area.left + area.width - gap - width, area.left + gap, area.left + (area.width - width) / 2];
  const ys = [area.top + gap, area.top + area.height - gap - height];
  const candidates: Rect[] = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 0],
    [2, 1],
  ].map(([i, j]) => ({ left: xs[i!]!, top: ys[j!]!, width, height }));
  let best = candidates[0]!;
  let fewest = Number.POSITIVE_INFINITY;
  for (const box of candidates) {
    const covered = occupied.reduce((n, [x, y]) => n + (inside(box, x, y, 4) ? 1 : 0), 0);
    if (covered < fewest) {
      fewest = covered;
      best = box;
    }
  }
  const rows = entries.map((entry, i) => {
    const y = best.top + pad + fs * 0.5 + i * row;
    return (
      sample(entry, best.left + pad, y, sampleWidth) +
      text(entry.label, { x: best.left + pad + sampleWidth + fs * 0.6, y: y + fs * 0.36, 'font-size': fs })
    );
  });
  return element(
    'g',
    { class: 'legend' },
    element('rect', {
      x: best.left,
      y: best.top,
      width,
      height,
      rx: 4,
      fill: 'white',
      'fill-opacity': 0.88,
      stroke: '#999999',
    }),
    ...rows,
  );
}
