// A decision map: each class's probability over the plane as its colour, paler where the network is unsure, with the data points on top.

import { okabeIto } from '../../../src/index.js';
import { s } from '../dom.js';
import { PlotFrame, type Range } from './frame.js';

/** The colour of class c (Okabe–Ito, safe for colour-blind readers); shapes tell the classes apart too. */
export const classColor = (c: number): string => okabeIto[c % okabeIto.length]!;

const hex = (color: string): [number, number, number] => [
  Number.parseInt(color.slice(1, 3), 16),
  Number.parseInt(color.slice(3, 5), 16),
  Number.parseInt(color.slice(5, 7), 16),
];

/** A point's mark: circle, square, diamond, triangle by class. */
export function classMark(
  c: number,
  x: number,
  y: number,
  r: number,
  attributes: Record<string, string | number> = {},
): SVGElement {
  const common = { fill: classColor(c), stroke: '#fff', 'stroke-width': 1.4, ...attributes };
  switch (c % 4) {
    case 0:
      return s('circle', { cx: x, cy: y, r, ...common });
    case 1:
      return s('rect', { x: x - r * 0.9, y: y - r * 0.9, width: r * 1.8, height: r * 1.8, ...common });
    case 2:
      return s('path', {
        d: `M${x},${y - r * 1.25}L${x + r * 1.25},${y}L${x},${y + r * 1.25}L${x - r * 1.25},${y}Z`,
        ...common,
      });
    default:
      return s('path', {
        d: `M${x},${y - r * 1.3}L${x + r * 1.2},${y + r * 0.9}L${x - r * 1.2},${y + r * 0.9}Z`,
        ...common,
      });
  }
}

export class DecisionMap {
  readonly frame: PlotFrame;
  readonly marks = s('g', { class: 'marks' });
  private probabilities: Float64Array | null = null;
  private size = 0;
  private classes = 2;
  private points: { x: ArrayLike<number>; labels: ArrayLike<number> } | null = null;
  private readonly off = document.createElement('canvas');
  /** The palette slot (colour and shape) of each class index: by default class c gets slot c. */
  slots: number[] = [0, 1, 2, 3];

  constructor(parent: HTMLElement, options: { label: string; xLabel: string; yLabel: string }) {
    this.frame = new PlotFrame(parent, {
      ...options,
      canvas: true,
      aspect: 1,
      maxHeight: 560,
      minHeight: 260,
    });
    this.frame.layers.data.append(this.marks);
    this.frame.onResize(() => {
      this.drawMap();
      this.drawPoints();
    });
  }

  setWindow(x: Range, y: Range): void {
    this.frame.setWindow(x, y);
    this.drawMap();
    this.drawPoints();
  }

  /** Probabilities on a size × size grid (row 0 at the top), `classes` per cell. */
  setProbabilities(probabilities: Float64Array | null, size: number, classes: number): void {
    this.probabilities = probabilities;
    this.size = size;
    this.classes = classes;
    this.drawMap();
  }

  /** The data: x as (x1, x2) pairs, labels as class indices. */
  setPoints(x: ArrayLike<number>, labels: ArrayLike<number>): void {
    this.points = { x, labels };
    this.drawPoints();
  }

  private drawMap(): void {
    const canvas = this.frame.canvas!;
    const context = canvas.getContext('2d');
    if (!context) return;
    const { width, height } = this.frame;
    const ratio = canvas.width / width;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    const p = this.probabilities;
    if (p === null || this.size === 0) return;
    const n = this.size;
    const k = this.classes;
    this.off.width = n;
    this.off.height = n;
    const offContext = this.off.getContext('2d')!;
    const image = offContext.createImageData(n, n);
    const colors = Array.from({ length: k }, (_, c) => hex(classColor(this.slots[c] ?? c)));
    for (let cell = 0; cell < n * n; cell++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (p[cell * k + c]! > p[cell * k + best]!) best = c;
      // Confidence 0 at a tie of all classes, 1 when one class is certain; the colour fades to white with it.
      const confidence = Number.isFinite(p[cell * k + best]!)
        ? (p[cell * k + best]! - 1 / k) / (1 - 1 / k)
        : 0;
      const t = 0.12 + 0.6 * Math.max(0, Math.min(1, confidence));
      const [r, g, b] = colors[best]!;
      image.data[4 * cell] = 255 + (r - 255) * t;
      image.data[4 * cell + 1] = 255 + (g - 255) * t;
      image.data[4 * cell + 2] = 255 + (b - 255) * t;
      image.data[4 * cell + 3] = 255;
    }
    offContext.putImageData(image, 0, 0);
    const a = this.frame.area;
    context.imageSmoothingEnabled = true;
    context.drawImage(this.off, a.left, a.top, a.width, a.height);
  }

  private drawPoints(): void {
    const g = this.marks;
    while (g.firstChild) g.removeChild(g.firstChild);
    if (this.points === null) return;
    const { x, labels } = this.points;
    const fx = this.frame.x;
    const fy = this.frame.y;
    const r = labels.length > 600 ? 2.6 : 4;
    for (let i = 0; i < labels.length; i++) {
      const slot = this.slots[labels[i]!] ?? labels[i]!;
      g.append(classMark(slot, fx(x[2 * i]!), fy(x[2 * i + 1]!), r));
    }
  }
}
