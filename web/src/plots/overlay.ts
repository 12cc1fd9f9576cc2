// Extra marks a caller (a guided tour) lays over a mode's plot in data coordinates: segments, points, labels.

import { s } from '../dom.js';
import type { PlotFrame } from './frame.js';

export type OverlayMark =
  | {
      kind: 'segment';
      from: [number, number];
      to: [number, number];
      color: string;
      dash?: string;
      label?: string;
      /** Where the label goes: beside the `from` end (default), or centred above the segment's higher end. */
      labelAt?: 'from' | 'above';
      /** Dots at both ends (default true). */
      ends?: boolean;
    }
  | { kind: 'point'; at: [number, number]; color: string; label?: string };

let marks: readonly OverlayMark[] = [];
const listeners = new Set<() => void>();

/** Puts these marks on every plot that shows the overlay (an empty list clears them). */
export function setOverlay(next: readonly OverlayMark[]): void {
  marks = next;
  for (const listener of listeners) listener();
}

/** The marks on screen now. */
export const overlayMarks = (): readonly OverlayMark[] => marks;

/** Calls `listener` after every setOverlay; returns the call that stops it. */
export function onOverlayChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Shows the overlay on a frame, above its data; returns the redraw to call after the frame's window
 * changes. The marks follow setOverlay and the frame's size.
 */
export function showOverlay(frame: PlotFrame): () => void {
  const group = s('g', { class: 'overlay', 'data-testid': 'plot-overlay' });
  frame.layers.over.append(group);
  const draw = (): void => {
    if (!group.isConnected) {
      listeners.delete(draw);
      return;
    }
    group.replaceChildren(...marks.map((m) => markNode(frame, m)));
  };
  listeners.add(draw);
  frame.onResize(draw);
  draw();
  return draw;
}

function markNode(frame: PlotFrame, mark: OverlayMark): SVGGElement {
  const { x, y } = frame;
  const label = (px: number, py: number, text: string | undefined) =>
    text === undefined
      ? null
      : s('text', { x: px + 8, y: py - 8, class: 'mark-label', fill: mark.color }, text);
  if (mark.kind === 'point') {
    const [px, py] = [x(mark.at[0]), y(mark.at[1])];
    return s(
      'g',
      {},
      s('circle', { cx: px, cy: py, r: 6, fill: mark.color, stroke: '#fff', 'stroke-width': 2 }),
      label(px, py, mark.label),
    );
  }
  const [ax, ay, bx, by] = [x(mark.from[0]), y(mark.from[1]), x(mark.to[0]), y(mark.to[1])];
  const top: [number, number] = ay <= by ? [ax, ay] : [bx, by];
  // The segment and its ends stay inside the plotting area (a residual to a line below the window would
  // cross the axis); the label may stand beside it.
  return s(
    'g',
    {},
    s(
      'g',
      { 'clip-path': frame.clip },
      s('line', {
        x1: ax,
        y1: ay,
        x2: bx,
        y2: by,
        stroke: mark.color,
        'stroke-width': 3,
        'stroke-dasharray': mark.dash,
        'stroke-linecap': 'round',
      }),
      mark.ends === false ? null : s('circle', { cx: ax, cy: ay, r: 5, fill: mark.color }),
      mark.ends === false ? null : s('circle', { cx: bx, cy: by, r: 5, fill: mark.color }),
    ),
    mark.labelAt === 'above' && mark.label !== undefined
      ? s(
          'text',
          { x: top[0], y: top[1] - 12, class: 'mark-label', fill: mark.color, 'text-anchor': 'middle' },
          mark.label,
        )
      : label(ax, ay, mark.label),
  );
}
