// Filled contours of f(x, y) on a canvas with descent paths drawn over them in SVG, step by step.

import { contours } from 'd3-contour';
import { contourLevels, paleAt, rgb } from '../../../src/index.js';
import { s } from '../dom.js';
import { PlotFrame, type Range } from './frame.js';

/** A path to draw: flat (x, y) pairs, the start first. */
export interface Track {
  color: string;
  label: string;
  points: ArrayLike<number>;
  /** Dash pattern for telling runs apart without colour. */
  dash?: string;
}

// Pixels per grid cell of the sampled surface.
const cell = 5;

export class ContourPlot {
  readonly frame: PlotFrame;
  private f: ((p: Float64Array) => number) | null = null;
  private domain: [Range, Range] = [
    [-5, 5],
    [-5, 5],
  ];
  private tracks: Track[] = [];
  private step = Number.POSITIVE_INFINITY;
  private readonly paths = s('g', { class: 'tracks' });
  readonly marks = s('g', { class: 'marks' });
  /** The levels last drawn, for the colour key. */
  thresholds: number[] = [];

  constructor(
    parent: HTMLElement,
    options: { xLabel: string; yLabel: string; label: string; aspect?: number; role?: 'img' | 'group' },
  ) {
    this.frame = new PlotFrame(parent, { ...options, canvas: true });
    this.frame.layers.data.append(this.paths, this.marks);
    this.frame.onResize(() => {
      this.drawSurface();
      this.drawTracks();
    });
  }

  setFunction(f: (p: Float64Array) => number, domain: [Range, Range]): void {
    this.f = f;
    this.domain = domain;
    this.frame.setWindow(domain[0], domain[1]);
    this.drawSurface();
    this.drawTracks();
  }

  setTracks(tracks: Track[], step = Number.POSITIVE_INFINITY): void {
    this.tracks = tracks;
    this.step = step;
    this.drawTracks();
  }

  setStep(step: number): void {
    this.step = step;
    this.drawTracks();
  }

  private drawSurface(): void {
    const canvas = this.frame.canvas!;
    const context = canvas.getContext('2d');
    if (!context || !this.f) return;
    const { width, height } = this.frame;
    const ratio = canvas.width / width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    const a = this.frame.area;
    const nx = Math.max(8, Math.round(a.width / cell));
    const ny = Math.max(8, Math.round(a.height / cell));
    const values = new Float64Array(nx * ny);
    const point = new Float64Array(2);
    const [[x0, x1], [y0, y1]] = this.domain;
    let high = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < ny; j++) {
      // Row 0 is the top of the picture: the largest y.
      point[1] = y1 - ((j + 0.5) / ny) * (y1 - y0);
      for (let i = 0; i < nx; i++) {
        point[0] = x0 + ((i + 0.5) / nx) * (x1 - x0);
        const v = this.f(point);
        values[j * nx + i] = v;
        if (Number.isFinite(v) && v > high) high = v;
      }
    }
    // Where f is not a finite number the band is the highest: a wall, not a hole.
    for (let k = 0; k < values.length; k++) if (!Number.isFinite(values[k]!)) values[k] = high;
    const levels = contourLevels(values, 18);
    this.thresholds = levels.thresholds;
    const bands = contours().size([nx, ny]).thresholds(levels.thresholds)(Array.from(values));
    const sx = a.width / nx;
    const sy = a.height / ny;
    context.save();
    context.beginPath();
    context.rect(a.left, a.top, a.width, a.height);
    context.clip();
    context.fillStyle = rgb(paleAt(0));
    context.fillRect(a.left, a.top, a.width, a.height);
    bands.forEach((band, i) => {
      context.beginPath();
      for (const polygon of band.coordinates) {
        for (const ring of polygon) {
          ring.forEach(([cx, cy], k) => {
            const px = a.left + cx! * sx;
            const py = a.top + cy! * sy;
            if (k === 0) context.moveTo(px, py);
            else context.lineTo(px, py);
          });
          context.closePath();
        }
      }
      context.fillStyle = rgb(paleAt((i + 1) / Math.max(1, bands.length)));
      context.fill('evenodd');
      context.strokeStyle = 'rgba(90, 104, 118, 0.55)';
      context.lineWidth = 0.8;
      context.stroke();
    });
    context.restore();
  }

  private drawTracks(): void {
    const g = this.paths;
    while (g.firstChild) g.removeChild(g.firstChild);
    const { x, y } = this.frame;
    for (const track of this.tracks) {
      const count = Math.floor(track.points.length / 2);
      const last = Math.min(count - 1, this.step);
      const pixels: [number, number][] = [];
      for (let k = 0; k <= last; k++) pixels.push([x(track.points[2 * k]!), y(track.points[2 * k + 1]!)]);
      if (pixels.length === 0) continue;
      const [sx, sy] = pixels[0]!;
      const [ex, ey] = pixels[pixels.length - 1]!;
      g.append(
        s('path', {
          d: PlotFrame.line(pixels),
          fill: 'none',
          stroke: track.color,
          'stroke-width': 2.2,
          'stroke-dasharray': track.dash,
          'stroke-linejoin': 'round',
        }),
        s('circle', { cx: sx, cy: sy, r: 5, fill: '#ffffff', stroke: track.color, 'stroke-width': 2 }),
      );
      if (Number.isFinite(ex) && Number.isFinite(ey))
        g.append(
          s('circle', { cx: ex, cy: ey, r: 4.5, fill: track.color, stroke: '#ffffff', 'stroke-width': 1.5 }),
        );
    }
  }
}
