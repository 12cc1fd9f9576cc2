// The legend: one row per series, in a corner of the plot area where it hides no mark, else in a panel below the figure.

import { clipPolyline } from './clip.js';
import { inside, type Layout, type Rect } from './layout.js';
import { type MarkerShape, marker } from './run-style.js';
import { element, type Pixel, text } from './svg.js';

/** One legend row: a sample of the series' ink drawn as a line, a dot, or both, and its text. */
export interface LegendEntry {
  readonly color: string;
  readonly label: string;
  readonly mark: 'line' | 'dashed' | 'dot' | 'line-dot' | 'start' | 'end';
  /** The line's dash pattern (`stroke-dasharray`), as the series draws it. */
  readonly dash?: string;
  /** The dot's shape (default a circle), as the series draws it. */
  readonly marker?: MarkerShape;
}

/** What a legend must not cover, in pixels: polylines (curves, paths, lines) and dots. */
export interface Marks {
  readonly lines: readonly (readonly Pixel[])[];
  readonly points: readonly Pixel[];
}

/** Where a legend goes, decided once per figure so that every animation frame keeps it in place. */
export interface LegendBox {
  /** The box; below the plot when `below` > 0. */
  readonly box: Rect;
  /** How many pixels the figure grows at the bottom to hold the legend (0 when it sits in the plot). */
  readonly below: number;
  /** The legend with these rows (the same number as it was placed for). */
  draw(entries: readonly LegendEntry[]): string;
}

// DejaVu Sans averages about 0.6 em per character; the box is sized from that estimate.
const charWidth = 0.6;
// Dots are drawn up to radius 6 with a stroke; a box this close to a mark would touch it.
const clearance = 7;

function sample(entry: LegendEntry, x: number, y: number, w: number): string {
  const line = element('line', {
    x1: x,
    y1: y,
    x2: x + w,
    y2: y,
    stroke: entry.color,
    'stroke-width': 2.5,
    'stroke-dasharray': entry.dash ?? (entry.mark === 'dashed' ? '6 4' : undefined),
  });
  const dot = marker(entry.marker ?? 'circle', x + w / 2, y, 3.5, { fill: entry.color });
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
 * Whether a box (grown by `margin`) covers any of the marks: a dot inside it or a line crossing it.
 *
 * @example
 * covers({ left: 0, top: 0, width: 10, height: 10 }, { lines: [[[-5, 5], [15, 5]]], points: [] }); // true
 */
export function covers(box: Rect, marks: Marks, margin = clearance): boolean {
  const grown = {
    left: box.left - margin,
    top: box.top - margin,
    width: box.width + 2 * margin,
    height: box.height + 2 * margin,
  };
  if (marks.points.some(([x, y]) => Number.isFinite(x) && Number.isFinite(y) && inside(grown, x, y)))
    return true;
  return marks.lines.some((line) => clipPolyline(line, grown).length > 0);
}

/**
 * Places a legend of these rows: the first of the plot area's corners, then its edge middles, where
 * the box covers no mark; when every place would hide something, a panel under the figure (in as
 * many columns as fit its width) that the figure grows to hold. `reserve` widens the box to that
 * many characters, so an animated legend whose values change keeps its size and place.
 *
 * @example
 * const key = legendBox(layout(), [{ color: runColor(0), label: 'gd lr 0.1', mark: 'line-dot' }], { lines: [curvePixels], points: [] });
 * key.draw(entries); // the <g class="legend"> element
 */
export function legendBox(
  frame: Layout,
  entries: readonly LegendEntry[],
  marks: Marks,
  reserve = 0,
): LegendBox {
  const { area, font } = frame;
  const fs = font.legend;
  const row = fs * 1.45;
  const sampleWidth = fs * 2;
  const pad = fs * 0.6;
  const chars = Math.max(reserve, ...entries.map((e) => e.label.length));
  const columnWidth = pad * 2 + sampleWidth + fs * 0.6 + chars * fs * charWidth;
  const boxHeight = (rows: number): number => pad * 2 + row * rows - (row - fs);
  const gap = 6;

  const height = boxHeight(entries.length);
  const width = columnWidth;
  const xs = [area.left + area.width - gap - width, area.left + gap, area.left + (area.width - width) / 2];
  const ys = [area.top + gap, area.top + area.height - gap - height, area.top + (area.height - height) / 2];
  const places: [number, number][] = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
    [2, 0],
    [2, 1],
    [0, 2],
    [1, 2],
  ];
  const fits = width <= area.width - 2 * gap && height <= area.height - 2 * gap;
  const free = fits
    ? places
        .map(([i, j]) => ({ left: xs[i]!, top: ys[j]!, width, height }))
        .find((box) => !covers(box, marks))
    : undefined;

  let box: Rect;
  let columns = 1;
  let below = 0;
  if (entries.length === 0) {
    box = { left: area.left, top: area.top, width: 0, height: 0 };
  } else if (free) {
    box = free;
  } else {
    const columnGap = fs;
    const room = frame.width - 2 * gap;
    columns = Math.max(
      1,
      Math.min(entries.length, Math.floor((room + columnGap) / (columnWidth + columnGap))),
    );
    const rows = Math.ceil(entries.length / columns);
    const panelWidth = Math.min(room, columns * columnWidth + (columns - 1) * columnGap);
    box = {
      left: (frame.width - panelWidth) / 2,
      top: frame.height,
      width: panelWidth,
      height: boxHeight(rows),
    };
    below = Math.ceil(box.height + gap);
  }
  const rowsPerColumn = Math.ceil(entries.length / columns);

  return {
    box,
    below,
    draw(shown) {
      if (shown.length === 0) return '';
      const rows = shown.map((entry, i) => {
        const column = Math.floor(i / rowsPerColumn);
        const x = box.left + pad + column * (columnWidth + fs);
        const y = box.top + pad + fs * 0.5 + (i % rowsPerColumn) * row;
        return (
          sample(entry, x, y, sampleWidth) +
          text(entry.label, { x: x + sampleWidth + fs * 0.6, y: y + fs * 0.36, 'font-size': fs })
        );
      });
      return element(
        'g',
        { class: 'legend' },
        element('rect', {
          x: box.left,
          y: box.top,
          width: box.width,
          height: box.height,
          rx: 4,
          fill: 'white',
          'fill-opacity': 0.88,
          stroke: '#999999',
        }),
        ...rows,
      );
    },
  };
}

/**
 * Several sets of marks as one.
 *
 * @example
 * joinMarks({ lines: [curve], points: [] }, { lines: [], points: dots });
 */
export function joinMarks(...sets: readonly Marks[]): Marks {
  return { lines: sets.flatMap((m) => m.lines), points: sets.flatMap((m) => m.points) };
}
