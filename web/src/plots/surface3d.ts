// The 3-D surface of f(x, y) on a canvas, turned by dragging or the arrow keys, with the runs on it (loaded on demand).

import { rgb, viridisAt } from '../../../src/index.js';
import { h } from '../dom.js';
import type { Range } from './frame.js';

interface SurfaceTrack {
  color: string;
  points: ArrayLike<number>;
  values: ArrayLike<number>;
}

const grid = 40;

export class SurfacePlot {
  private readonly canvas: HTMLCanvasElement;
  private yaw = -0.7;
  private pitch = 0.95;
  private heights = new Float64Array(0);
  private domain: [Range, Range] = [
    [-5, 5],
    [-5, 5],
  ];
  private lift: (v: number) => number = (v) => v;
  private tracks: SurfaceTrack[] = [];
  private step = Number.POSITIVE_INFINITY;
  private readonly observer: ResizeObserver;
  // The cells as last drawn, back to front, in canvas pixels, with their grid corners: what the pointer is over.
  private drawnCells: { corners: [number, number][]; grid: [number, number][] }[] = [];
  private offset = 0;
  private readonly tip: HTMLDivElement;
  private readonly marker: HTMLDivElement;
  /** Words for the point (x, y) of the domain under the pointer: its value and gradient. */
  hover: ((x: number, y: number) => string | null) | null = null;

  constructor(parent: HTMLElement, options: { label: string }) {
    this.canvas = h('canvas', {
      tabindex: 0,
      role: 'img',
      'aria-label': options.label,
      class: 'surface-canvas',
      'data-testid': 'surface',
    });
    this.tip = h('div', { class: 'plot-tip', 'data-testid': 'surface-tip', hidden: true });
    this.marker = h('div', { class: 'surface-marker', hidden: true });
    parent.append(
      h('div', { class: 'surface-frame' }, this.canvas, this.marker, this.tip),
      h(
        'p',
        { class: 'hint' },
        'Drag to turn the surface; arrow keys turn it too. Height is the value of the function, compressed where it spans many orders of magnitude.',
      ),
    );
    let drag: { x: number; y: number } | null = null;
    this.canvas.addEventListener('pointerdown', (e) => {
      drag = { x: e.clientX, y: e.clientY };
      this.canvas.setPointerCapture(e.pointerId);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!drag) {
        this.showTip(e);
        return;
      }
      this.tip.hidden = true;
      this.marker.hidden = true;
      this.turn((e.clientX - drag.x) * 0.01, (e.clientY - drag.y) * 0.01);
      drag = { x: e.clientX, y: e.clientY };
    });
    this.canvas.addEventListener('pointerleave', () => {
      this.tip.hidden = true;
      this.marker.hidden = true;
    });
    this.canvas.addEventListener('pointerup', () => {
      drag = null;
    });
    this.canvas.addEventListener('keydown', (e) => {
      const turns: Record<string, [number, number]> = {
        ArrowLeft: [-0.15, 0],
        ArrowRight: [0.15, 0],
        ArrowUp: [0, -0.1],
        ArrowDown: [0, 0.1],
      };
      const t = turns[e.key];
      if (!t) return;
      e.preventDefault();
      this.turn(t[0], t[1]);
    });
    this.observer = new ResizeObserver(() => this.draw());
    this.observer.observe(parent);
  }

  /** The domain point under a canvas pixel: the front-most cell holding it, interpolated in its triangle. */
  pointAt(px: number, py: number): [number, number] | null {
    const x = px - this.offset;
    for (let k = this.drawnCells.length - 1; k >= 0; k--) {
      const { corners, grid: g } = this.drawnCells[k]!;
      for (const [a, b, c] of [
        [0, 1, 2],
        [0, 2, 3],
      ] as const) {
        const [ax, ay] = corners[a]!;
        const [bx, by] = corners[b]!;
        const [cx, cy] = corners[c]!;
        const det = (by - cy) * (ax - cx) + (cx - bx) * (ay - cy);
        if (Math.abs(det) < 1e-9) continue;
        const wa = ((by - cy) * (x - cx) + (cx - bx) * (py - cy)) / det;
        const wb = ((cy - ay) * (x - cx) + (ax - cx) * (py - cy)) / det;
        const wc = 1 - wa - wb;
        if (wa < 0 || wb < 0 || wc < 0) continue;
        const i = wa * g[a]![0] + wb * g[b]![0] + wc * g[c]![0];
        const j = wa * g[a]![1] + wb * g[b]![1] + wc * g[c]![1];
        const [[x0, x1], [y0, y1]] = this.domain;
        return [x0 + ((x1 - x0) * i) / grid, y0 + ((y1 - y0) * j) / grid];
      }
    }
    return null;
  }

  private showTip(event: PointerEvent): void {
    const box = this.canvas.getBoundingClientRect();
    const px = event.clientX - box.left;
    const py = event.clientY - box.top;
    const at = this.hover ? this.pointAt(px, py) : null;
    const text = at && this.hover ? this.hover(at[0], at[1]) : null;
    this.tip.hidden = text === null;
    this.marker.hidden = text === null;
    if (text === null) return;
    this.tip.textContent = text;
    const right = px > box.width * 0.55;
    this.tip.style.left = right ? '' : `${px + 14}px`;
    this.tip.style.right = right ? `${box.width - px + 14}px` : '';
    this.tip.style.top = `${Math.max(0, py - 40)}px`;
    this.marker.style.left = `${px}px`;
    this.marker.style.top = `${py}px`;
  }

  private turn(dYaw: number, dPitch: number): void {
    this.yaw += dYaw;
    this.pitch = Math.max(0.15, Math.min(1.5, this.pitch + dPitch));
    this.draw();
  }

  setFunction(f: (p: Float64Array) => number, domain: [Range, Range]): void {
    this.domain = domain;
    const values = new Float64Array((grid + 1) * (grid + 1));
    const p = new Float64Array(2);
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (let j = 0; j <= grid; j++) {
      for (let i = 0; i <= grid; i++) {
        p[0] = domain[0][0] + ((domain[0][1] - domain[0][0]) * i) / grid;
        p[1] = domain[1][0] + ((domain[1][1] - domain[1][0]) * j) / grid;
        const v = f(p);
        values[j * (grid + 1) + i] = v;
        if (Number.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    const sorted = Array.from(values)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? lo;
    // A wide range (Rosenbrock's walls) is drawn on log(1 + (f − min)/scale) so the valley keeps its shape.
    const wide = median - lo > 0 && (hi - lo) / (median - lo) > 10;
    const scale = Math.max(1e-12, (median - lo) / 4);
    const raw = (v: number): number => (wide ? Math.log1p(Math.max(0, v - lo) / scale) : v - lo);
    const top = Math.max(1e-12, raw(hi));
    this.lift = (v) => Math.min(1.2, raw(Number.isFinite(v) ? v : hi) / top);
    this.heights = values.map((v) => this.lift(v));
    this.draw();
  }

  setTracks(tracks: SurfaceTrack[], step: number): void {
    this.tracks = tracks;
    this.step = step;
    this.draw();
  }

  private project(u: number, v: number, z: number, size: number): [number, number, number] {
    // u, v in [−1, 1], z in [0, 1.2]; turn about the vertical axis, then tilt toward the viewer.
    const c = Math.cos(this.yaw);
    const s = Math.sin(this.yaw);
    const x = u * c - v * s;
    const y = u * s + v * c;
    const zz = z * 0.9 - 0.45;
    const depth = y * Math.cos(this.pitch) - zz * Math.sin(this.pitch);
    const screenY = y * Math.sin(this.pitch) + zz * Math.cos(this.pitch);
    return [size / 2 + x * size * 0.34, size * 0.55 - screenY * size * 0.34, depth];
  }

  private draw(): void {
    const width = Math.max(240, this.canvas.parentElement?.clientWidth ?? 400);
    const height = Math.round(Math.min(480, width * 0.8));
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.heights.length === 0) return;
    this.offset = (width - height) * 0.5;
    ctx.setTransform(ratio, 0, 0, ratio, this.offset * ratio, 0);
    ctx.clearRect(-width, 0, width * 3, height);
    const size = height;
    const quads: {
      depth: number;
      corners: [number, number][];
      grid: [number, number][];
      z: number;
      shade: number;
    }[] = [];
    const at = (i: number, j: number) => this.heights[j * (grid + 1) + i]!;
    for (let j = 0; j < grid; j++) {
      for (let i = 0; i < grid; i++) {
        const cell: [number, number][] = [
          [i, j],
          [i + 1, j],
          [i + 1, j + 1],
          [i, j + 1],
        ];
        const corners = cell.map(([a, b]) =>
          this.project((a / grid) * 2 - 1, (b / grid) * 2 - 1, at(a, b), size),
        );
        const z = (at(i, j) + at(i + 1, j) + at(i + 1, j + 1) + at(i, j + 1)) / 4;
        // Lambert-like shade from the slope across the cell.
        const dzdu = (at(i + 1, j) - at(i, j)) * grid;
        const dzdv = (at(i, j + 1) - at(i, j)) * grid;
        const shade = 0.75 + 0.25 / Math.sqrt(1 + 0.02 * (dzdu * dzdu + dzdv * dzdv));
        quads.push({
          depth: corners.reduce((d, c) => d + c[2], 0) / 4,
          corners: corners.map(([x, y]) => [x, y]),
          grid: cell,
          z,
          shade,
        });
      }
    }
    quads.sort((a, b) => b.depth - a.depth);
    this.drawnCells = quads;
    for (const q of quads) {
      ctx.beginPath();
      for (const [k, [x, y]] of q.corners.entries()) {
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
      ctx.closePath();
      ctx.fillStyle = rgb(viridisAt(Math.min(1, q.z)), q.shade);
      ctx.fill();
      ctx.strokeStyle = 'rgba(255,255,255,0.18)';
      ctx.lineWidth = 0.5;
      ctx.stroke();
    }
    const [[x0, x1], [y0, y1]] = this.domain;
    for (const track of this.tracks) {
      const n = Math.min(track.values.length - 1, this.step);
      ctx.beginPath();
      let started = false;
      for (let k = 0; k <= n; k++) {
        const u = ((track.points[2 * k]! - x0) / (x1 - x0)) * 2 - 1;
        const v = ((track.points[2 * k + 1]! - y0) / (y1 - y0)) * 2 - 1;
        if (!(Math.abs(u) <= 1 && Math.abs(v) <= 1)) continue;
        const [px, py] = this.project(u, v, this.lift(track.values[k]!) + 0.01, size);
        if (started) ctx.lineTo(px, py);
        else ctx.moveTo(px, py);
        started = true;
      }
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 4.5;
      ctx.stroke();
      ctx.strokeStyle = track.color;
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
  }
}
