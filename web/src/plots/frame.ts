// A plot's frame: an SVG with axes and ticks over a data window, sized to its container, with pointer readouts.

import { type ScaleLinear, scaleLinear } from 'd3-scale';
import { h, num, s } from '../dom.js';

export type Range = readonly [number, number];

export interface FrameOptions {
  xLabel: string;
  yLabel: string;
  /** Accessible name of the plot. */
  label: string;
  /** Height as a fraction of the width (default 0.72), capped by maxHeight. */
  aspect?: number;
  maxHeight?: number;
  /** Height at least this (a thin panel stays readable on a phone). */
  minHeight?: number;
  /** A canvas drawn under the SVG (filled contours). */
  canvas?: boolean;
  /** 'group' when the plot holds focusable marks (a drag handle); else it is one image. */
  role?: 'img' | 'group';
  /** A y tick's words, for an axis whose numbers stand for others (a log axis labels 10^t); default the number. */
  yTick?: (value: number) => string;
}

export const margin = { top: 12, right: 14, bottom: 40, left: 52 };

/** At least three ticks on an axis: d3 may give one for a count of two, which says nothing about the scale. */
function ticksOf(scale: ScaleLinear<number, number>, count: number): number[] {
  let wanted = Math.max(3, count);
  let ticks = scale.ticks(wanted);
  while (ticks.length < 3 && wanted < 20) {
    wanted *= 2;
    ticks = scale.ticks(wanted);
  }
  return ticks;
}

/**
 * A plot area. `x`/`y` map data to pixels; `layers.data` holds marks clipped to the area;
 * `layers.over` is drawn above. `onResize` redraws when the container's width changes.
 */
export class PlotFrame {
  readonly root: HTMLDivElement;
  readonly svg: SVGSVGElement;
  readonly canvas: HTMLCanvasElement | null;
  readonly layers: { axes: SVGGElement; data: SVGGElement; over: SVGGElement };
  readonly tip: HTMLDivElement;
  x: ScaleLinear<number, number> = scaleLinear();
  y: ScaleLinear<number, number> = scaleLinear();
  width = 600;
  height = 420;
  private xRange: Range = [0, 1];
  private yRange: Range = [0, 1];
  private readonly clipId: string;
  /** The clip-path value that keeps a mark inside the plotting area, as the data layer is kept. */
  get clip(): string {
    return `url(#${this.clipId})`;
  }
  private readonly observer: ResizeObserver;
  private readonly resizeHandlers: (() => void)[] = [];
  hover: ((x: number, y: number) => string | null) | null = null;

  constructor(
    parent: HTMLElement,
    readonly options: FrameOptions,
  ) {
    this.clipId = `clip-${Math.random().toString(36).slice(2)}`;
    this.canvas = options.canvas ? h('canvas', { class: 'plot-canvas', 'aria-hidden': 'true' }) : null;
    this.layers = { axes: s('g'), data: s('g', { 'clip-path': this.clip }), over: s('g') };
    this.svg = s(
      'svg',
      { class: 'plot-svg', role: options.role ?? 'img', 'aria-label': options.label },
      s('defs', {}, s('clipPath', { id: this.clipId }, s('rect', { class: 'clip-rect' }))),
      this.layers.axes,
      this.layers.data,
      this.layers.over,
    );
    this.tip = h('div', { class: 'plot-tip', hidden: true });
    this.root = h('div', { class: 'plot-frame' }, this.canvas, this.svg, this.tip);
    parent.appendChild(this.root);
    this.svg.addEventListener('pointermove', (event) => this.showTip(event));
    this.svg.addEventListener('pointerleave', () => {
      this.tip.hidden = true;
    });
    this.observer = new ResizeObserver(() => {
      if (this.measure()) for (const handler of this.resizeHandlers) handler();
    });
    this.observer.observe(this.root);
    this.measure();
  }

  onResize(handler: () => void): void {
    this.resizeHandlers.push(handler);
  }

  /** Width and height from the container; true when they changed. */
  private measure(): boolean {
    const width = Math.max(240, Math.floor(this.root.clientWidth || 600));
    const height = Math.max(
      this.options.minHeight ?? 0,
      Math.min(this.options.maxHeight ?? 520, Math.round(width * (this.options.aspect ?? 0.72))),
    );
    if (width === this.width && height === this.height && this.svg.getAttribute('width')) return false;
    this.width = width;
    this.height = height;
    this.svg.setAttribute('width', String(width));
    this.svg.setAttribute('height', String(height));
    this.svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
    this.root.style.height = `${height}px`;
    if (this.canvas) {
      const ratio = Math.min(2, window.devicePixelRatio || 1);
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    this.setWindow(this.xRange, this.yRange);
    return true;
  }

  /** The plot area in pixels. */
  get area() {
    return {
      left: margin.left,
      top: margin.top,
      width: this.width - margin.left - margin.right,
      height: this.height - margin.top - margin.bottom,
    };
  }

  /** Sets the data window and redraws the axes. */
  setWindow(xRange: Range, yRange: Range): void {
    this.xRange = xRange;
    this.yRange = yRange;
    const a = this.area;
    this.x = scaleLinear([xRange[0], xRange[1]], [a.left, a.left + a.width]);
    this.y = scaleLinear([yRange[0], yRange[1]], [a.top + a.height, a.top]);
    const rect = this.svg.querySelector('.clip-rect')!;
    for (const [k, v] of Object.entries({ x: a.left, y: a.top, width: a.width, height: a.height }))
      rect.setAttribute(k, String(v));
    this.drawAxes();
  }

  private drawAxes(): void {
    const g = this.layers.axes;
    while (g.firstChild) g.removeChild(g.firstChild);
    const a = this.area;
    const xTicks = ticksOf(this.x, Math.floor(a.width / 80));
    const yTicks = ticksOf(this.y, Math.floor(a.height / 50));
    for (const t of xTicks) {
      const px = this.x(t);
      g.append(
        s('line', { x1: px, x2: px, y1: a.top, y2: a.top + a.height, class: 'grid' }),
        s('text', { x: px, y: a.top + a.height + 16, class: 'tick', 'text-anchor': 'middle' }, num(t, 3)),
      );
    }
    for (const t of yTicks) {
      const py = this.y(t);
      g.append(
        s('line', { x1: a.left, x2: a.left + a.width, y1: py, y2: py, class: 'grid' }),
        s(
          'text',
          { x: a.left - 6, y: py + 4, class: 'tick', 'text-anchor': 'end' },
          this.options.yTick?.(t) ?? num(t, 3),
        ),
      );
    }
    g.append(
      s('rect', { x: a.left, y: a.top, width: a.width, height: a.height, class: 'area-border' }),
      s(
        'text',
        { x: a.left + a.width / 2, y: this.height - 6, class: 'axis-label', 'text-anchor': 'middle' },
        this.options.xLabel,
      ),
      s(
        'text',
        {
          x: 14,
          y: a.top + a.height / 2,
          class: 'axis-label',
          'text-anchor': 'middle',
          transform: `rotate(-90 14 ${a.top + a.height / 2})`,
        },
        this.options.yLabel,
      ),
    );
  }

  /** Data coordinates of a pointer event, or null outside the plot area. */
  dataAt(event: { clientX: number; clientY: number }): [number, number] | null {
    const box = this.svg.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const a = this.area;
    if (px < a.left || px > a.left + a.width || py < a.top || py > a.top + a.height) return null;
    return [this.x.invert(px), this.y.invert(py)];
  }

  private showTip(event: PointerEvent): void {
    const at = this.hover ? this.dataAt(event) : null;
    const text = at && this.hover ? this.hover(at[0], at[1]) : null;
    if (text === null) {
      this.tip.hidden = true;
      return;
    }
    this.tip.textContent = text;
    this.tip.hidden = false;
    const box = this.svg.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const right = px > this.width * 0.6;
    this.tip.style.left = right ? '' : `${px + 14}px`;
    this.tip.style.right = right ? `${this.width - px + 14}px` : '';
    this.tip.style.top = `${Math.max(0, py - 40)}px`;
  }

  destroy(): void {
    this.observer.disconnect();
    this.root.remove();
  }
}
