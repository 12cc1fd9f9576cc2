// Line charts: f(x) with runs hopping along it (1-D mode), and plain series such as loss curves or the direction sweep.

import { s } from '../dom.js';
import { PlotFrame, type Range } from './frame.js';

export interface Series {
  color: string;
  label: string;
  /** x and y values of the same length. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  dash?: string;
  width?: number;
  /** Dots at every point (iterates). */
  dots?: boolean;
  /** Draw only up to this index. */
  upTo?: number;
}

/** A window around finite values, padded; [0, 1] when there are none. */
export function rangeOf(values: Iterable<number>, pad = 0.06): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Number.POSITIVE_INFINITY) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  const p = (hi - lo) * pad;
  return [lo - p, hi + p];
}

export class LineChart {
  readonly frame: PlotFrame;
  private series: Series[] = [];
  private readonly group = s('g');
  readonly marks = s('g');

  constructor(
    parent: HTMLElement,
    options: {
      xLabel: string;
      yLabel: string;
      label: string;
      aspect?: number;
      maxHeight?: number;
      minHeight?: number;
    },
  ) {
    this.frame = new PlotFrame(parent, options);
    this.frame.layers.data.append(this.group, this.marks);
    this.frame.onResize(() => this.draw());
  }

  set(series: Series[], xRange: Range, yRange: Range): void {
    this.series = series;
    this.frame.setWindow(xRange, yRange);
    this.draw();
  }

  /** Redraws with new cut-offs (a playback step) without touching the window. */
  update(series: Series[]): void {
    this.series = series;
    this.draw();
  }

  private draw(): void {
    const g = this.group;
    while (g.firstChild) g.removeChild(g.firstChild);
    const { x, y } = this.frame;
    for (const line of this.series) {
      const n = Math.min(line.x.length, line.y.length, (line.upTo ?? Number.POSITIVE_INFINITY) + 1);
      const pixels: [number, number][] = [];
      for (let i = 0; i < n; i++) pixels.push([x(line.x[i]!), y(line.y[i]!)]);
      g.append(
        s('path', {
          d: PlotFrame.line(pixels),
          fill: 'none',
          stroke: line.color,
          'stroke-width': line.width ?? 2,
          'stroke-dasharray': line.dash,
          'stroke-linejoin': 'round',
        }),
      );
      if (line.dots) {
        const dots = s('g', { fill: line.color });
        const from = Math.max(0, n - 400);
        for (let i = from; i < n; i++) {
          const [px, py] = pixels[i]!;
          if (!Number.isFinite(px) || !Number.isFinite(py) || Math.abs(px) > 1e5 || Math.abs(py) > 1e5)
            continue;
          dots.append(s('circle', { cx: px, cy: py, r: i === n - 1 ? 5 : 2.6 }));
        }
        g.append(dots);
      }
    }
  }
}
