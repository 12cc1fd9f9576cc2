// Clipping polylines to a rectangle, so that far-off points (a diverging run) never reach the SVG.

import type { Rect } from './layout.js';
import type { Pixel } from './svg.js';

// Liang–Barsky: the part of segment a→b inside the rectangle, as parameters t0 ≤ t1 in [0, 1], or null.
function clipSegment(a: Pixel, b: Pixel, r: Rect): [number, number] | null {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const p = [-dx, dx, -dy, dy];
  const q = [a[0] - r.left, r.left + r.width - a[0], a[1] - r.top, r.top + r.height - a[1]];
  let t0 = 0;
  let t1 = 1;
  for (let i = 0; i < 4; i++) {
    const pi = p[i]!;
    const qi = q[i]!;
    if (pi === 0) {
      if (qi < 0) return null;
    } else {
      const t = qi / pi;
      if (pi < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 <= t1 ? [t0, t1] : null;
}

const finitePixel = (p: Pixel): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]);

/**
 * The visible pieces of a polyline: each segment cut to `rect`; a non-finite point breaks the line.
 * Exact for every segment (the visible part keeps its direction), unlike clamping the far end.
 *
 * @example
 * clipPolyline([[0, 0], [200, 0]], { left: 0, top: -1, width: 100, height: 2 }); // [[[0, 0], [100, 0]]]
 */
export function clipPolyline(points: readonly Pixel[], rect: Rect): Pixel[][] {
  const pieces: Pixel[][] = [];
  let current: Pixel[] = [];
  const close = (): void => {
    if (current.length > 1) pieces.push(current);
    current = [];
  };
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const span = finitePixel(a) && finitePixel(b) ? clipSegment(a, b, rect) : null;
    if (span === null) {
      close();
      continue;
    }
    const [t0, t1] = span;
    const start: Pixel = t0 === 0 ? a : [a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0];
    const end: Pixel = t1 === 1 ? b : [a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1];
    if (current.length === 0 || t0 > 0) {
      close();
      current.push(start);
    }
    current.push(end);
    if (t1 < 1) close();
  }
  close();
  return pieces;
}
