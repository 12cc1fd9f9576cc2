// Line charts: f(x) with runs hopping along it (1-D mode), and plain series such as loss curves or the direction sweep.

import { s } from '../dom.js';
import { type FrameOptions, PlotFrame, type Range } from './frame.js';

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

// Trailing dots drawn at most: a long run shows its last stretch of iterates, not a smear.
const maxDots = 400;

/** One series on screen: its path's whole `d` with where each point's segment ends, and its dots. */
interface DrawnSeries {
  line: Series;
  path: SVGPathElement;
  d: string;
  ends: Uint32Array;
  pixels: Float64Array;
  dots: SVGGElement | null;
  /** Dot elements made so far, by point index, reused as the cut moves. */
  made: (SVGCircleElement | undefined)[];
  /** Points [from, to) have dots on screen; the last of them is the big one. */
  from: number;
  to: number;
  /** Points drawn so far, or −1 before the first cut. */
  count: number;
}

export class LineChart {
  readonly frame: PlotFrame;
  private series: Series[] = [];
  private drawn: DrawnSeries[] = [];
  private readonly group = s('g');
  readonly marks = s('g');

  constructor(
    parent: HTMLElement,
    options: Pick<
      FrameOptions,
      'xLabel' | 'yLabel' | 'label' | 'aspect' | 'maxHeight' | 'minHeight' | 'yTick'
    >,
  ) {
    this.frame = new PlotFrame(parent, options);
    this.frame.layers.data.append(this.group, this.marks);
    this.frame.onResize(() => this.draw(true));
  }

  set(series: Series[], xRange: Range, yRange: Range): void {
    this.series = series;
    this.frame.setWindow(xRange, yRange);
    this.draw(true);
  }

  /**
   * Redraws with new cut-offs (a playback step) without touching the window. A series whose data
   * and look are the ones on screen is only cut at its new point: its path keeps its points and
   * its dots are added or taken away at the ends, so a step costs the change, not the whole curve.
   */
  update(series: Series[]): void {
    this.series = series;
    this.draw(false);
  }

  private draw(all: boolean): void {
    const kept = all ? [] : this.drawn;
    const next = this.series.map((line, i) => {
      const old = kept[i];
      return old !== undefined && sameLook(old.line, line) ? { ...old, line } : this.build(line);
    });
    for (const old of kept) if (!next.some((d) => d.path === old.path)) remove(old);
    if (all) this.group.replaceChildren();
    // Keep the paint order of the series: each one's path, then its dots.
    let at: ChildNode | null = this.group.firstChild;
    for (const d of next) {
      for (const node of d.dots ? [d.path, d.dots] : [d.path]) {
        if (at === node) at = node.nextSibling;
        else this.group.insertBefore(node, at);
      }
    }
    this.drawn = next;
    for (const d of next) cut(d);
  }

  private build(line: Series): DrawnSeries {
    const { x, y } = this.frame;
    const total = Math.min(line.x.length, line.y.length);
    const pixels = new Float64Array(2 * total);
    const ends = new Uint32Array(total);
    let d = '';
    for (let i = 0; i < total; i++) {
      const px = x(line.x[i]!);
      const py = y(line.y[i]!);
      pixels[2 * i] = px;
      pixels[2 * i + 1] = py;
      if (Number.isFinite(px) && Number.isFinite(py))
        d += `${d === '' ? 'M' : 'L'}${clamp(px).toFixed(1)},${clamp(py).toFixed(1)}`;
      ends[i] = d.length;
    }
    const path = s('path', {
      fill: 'none',
      stroke: line.color,
      'stroke-width': line.width ?? 2,
      'stroke-dasharray': line.dash,
      'stroke-linejoin': 'round',
    });
    const dots = line.dots ? s('g', { fill: line.color }) : null;
    return { line, path, d, ends, pixels, dots, made: [], from: 0, to: 0, count: -1 };
  }
}

const clamp = (v: number): number => Math.max(-1e5, Math.min(1e5, v));

/** Same data arrays and the same look: only the cut-off may differ. */
const sameLook = (a: Series, b: Series): boolean =>
  a.x === b.x &&
  a.y === b.y &&
  a.color === b.color &&
  a.width === b.width &&
  a.dash === b.dash &&
  a.dots === b.dots;

function remove(d: DrawnSeries): void {
  d.path.remove();
  d.dots?.remove();
}

/** Shows a series up to its cut-off: the path's `d` cut there, and dots on the last stretch. */
function cut(d: DrawnSeries): void {
  const n = Math.min(d.ends.length, (d.line.upTo ?? Number.POSITIVE_INFINITY) + 1);
  if (n === d.count) return;
  d.path.setAttribute('d', n <= 0 ? '' : d.d.slice(0, d.ends[n - 1]));
  d.count = n;
  if (d.dots === null) return;
  const from = Math.max(0, n - maxDots);
  const g = d.dots;
  const dot = (i: number): SVGCircleElement | null => {
    const px = d.pixels[2 * i]!;
    const py = d.pixels[2 * i + 1]!;
    if (!Number.isFinite(px) || !Number.isFinite(py) || Math.abs(px) > 1e5 || Math.abs(py) > 1e5) return null;
    d.made[i] ??= s('circle', { cx: px, cy: py, r: 2.6 });
    return d.made[i]!;
  };
  const big = (i: number, on: boolean): void => {
    d.made[i]?.setAttribute('r', on ? '5' : '2.6');
  };
  if (d.to > 0) big(d.to - 1, false);
  if (from >= d.to || n <= d.from) {
    // A jump: the dots on screen share nothing with the new stretch.
    const shown: SVGCircleElement[] = [];
    for (let i = from; i < n; i++) {
      const c = dot(i);
      if (c) shown.push(c);
    }
    g.replaceChildren(...shown);
  } else {
    for (let i = d.from; i < from; i++) d.made[i]?.remove();
    for (let i = n; i < d.to; i++) d.made[i]?.remove();
    const before = g.firstChild;
    for (let i = from; i < Math.min(d.from, n); i++) {
      const c = dot(i);
      if (c) g.insertBefore(c, before);
    }
    for (let i = Math.max(d.to, from); i < n; i++) {
      const c = dot(i);
      if (c) g.append(c);
    }
  }
  d.from = from;
  d.to = n;
  if (n > 0) big(n - 1, true);
}
