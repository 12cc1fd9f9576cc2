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
  private drawn: {
    path: SVGPathElement;
    end: SVGCircleElement;
    d: string;
    ends: Uint32Array;
    pixels: Float64Array;
  }[] = [];
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
    this.moveTracks();
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

  /**
   * Builds each track's elements once, with its whole path as one `d` string and the offset where
   * each iterate's segment ends, so that a playback step only cuts the string and moves the end dot.
   */
  private drawTracks(): void {
    const g = this.paths;
    while (g.firstChild) g.removeChild(g.firstChild);
    this.drawn = [];
    const { x, y } = this.frame;
    const clamp = (v: number): number => Math.max(-1e5, Math.min(1e5, v));
    for (const track of this.tracks) {
      const count = Math.floor(track.points.length / 2);
      if (count === 0) continue;
      let d = '';
      const ends = new Uint32Array(count);
      const pixels = new Float64Array(2 * count);
      for (let k = 0; k < count; k++) {
        const px = x(track.points[2 * k]!);
        const py = y(track.points[2 * k + 1]!);
        pixels[2 * k] = px;
        pixels[2 * k + 1] = py;
        if (Number.isFinite(px) && Number.isFinite(py))
          d += `${d === '' ? 'M' : 'L'}${clamp(px).toFixed(1)},${clamp(py).toFixed(1)}`;
        ends[k] = d.length;
      }
      const path = s('path', {
        fill: 'none',
        stroke: track.color,
        'stroke-width': 2.2,
        'stroke-dasharray': track.dash,
        'stroke-linejoin': 'round',
      });
      const end = s('circle', { r: 4.5, fill: track.color, stroke: '#ffffff', 'stroke-width': 1.5 });
      g.append(
        path,
        s('circle', {
          cx: pixels[0]!,
          cy: pixels[1]!,
          r: 5,
          fill: '#ffffff',
          stroke: track.color,
          'stroke-width': 2,
        }),
        end,
      );
      this.drawn.push({ path, end, d, ends, pixels });
    }
    this.moveTracks();
  }

  private moveTracks(): void {
    for (const { path, end, d, ends, pixels } of this.drawn) {
      const k = Math.min(ends.length - 1, Math.max(0, Math.floor(this.step)));
      path.setAttribute('d', d.slice(0, ends[k]));
      const ex = pixels[2 * k]!;
      const ey = pixels[2 * k + 1]!;
      const shown = Number.isFinite(ex) && Number.isFinite(ey) && Math.abs(ex) < 1e5 && Math.abs(ey) < 1e5;
      end.setAttribute('visibility', shown ? 'visible' : 'hidden');
      if (shown) {
        end.setAttribute('cx', ex.toFixed(1));
        end.setAttribute('cy', ey.toFixed(1));
      }
    }
  }
}
