// Arrows over a plot: the gradient, the momentum buffer and the step of a narrated step, drawn in the frame's data coordinates.

import { s } from '../dom.js';
import type { PlotFrame } from './frame.js';

export interface Arrow {
  /** Where it starts, in data coordinates. */
  readonly from: readonly [number, number];
  /** The vector it draws, in data coordinates. */
  readonly vector: readonly [number, number];
  /** 'true': drawn at its length (the step); 'direction': only its direction, at a fixed length on screen. */
  readonly scale: 'true' | 'direction';
  readonly color: string;
  /** Its name on the plot, e.g. −∇L. */
  readonly label: string;
  readonly dashed?: boolean;
}

// A direction arrow's length on screen, and the shortest a true-length arrow is drawn (so a tiny step still shows its way).
const directionPixels = 64;
/** The shortest a true-length arrow is drawn, so that a tiny step still shows (the captions say so). */
export const shortestPixels = 6;

/** A layer of arrows in `frame`'s over-layer, redrawn when the frame is resized. */
export class ArrowLayer {
  private readonly group = s('g', { class: 'arrows', 'aria-hidden': 'true' });
  private arrows: readonly Arrow[] = [];

  constructor(private readonly frame: PlotFrame) {
    frame.layers.over.append(this.group);
    frame.onResize(() => this.draw());
  }

  set(arrows: readonly Arrow[]): void {
    this.arrows = arrows;
    this.draw();
  }

  private draw(): void {
    const g = this.group;
    while (g.firstChild) g.removeChild(g.firstChild);
    const { x, y } = this.frame;
    const labels: { label: SVGTextElement; own: Segment }[] = [];
    for (const [i, arrow] of this.arrows.entries()) {
      const x0 = x(arrow.from[0]);
      const y0 = y(arrow.from[1]);
      let dx = x(arrow.from[0] + arrow.vector[0]) - x0;
      let dy = y(arrow.from[1] + arrow.vector[1]) - y0;
      const length = Math.hypot(dx, dy);
      if (!(length > 0) || !Number.isFinite(length)) continue;
      const wanted =
        arrow.scale === 'direction'
          ? directionPixels
          : Math.max(shortestPixels, Math.min(length, 4 * Math.max(this.frame.width, this.frame.height)));
      dx *= wanted / length;
      dy *= wanted / length;
      const id = `arrowhead-${i}-${Math.random().toString(36).slice(2, 8)}`;
      const head = s(
        'marker',
        { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto' },
        s('path', { d: 'M0,0 L10,5 L0,10 z', fill: arrow.color }),
      );
      const ux = dx / wanted;
      const uy = dy / wanted;
      const label = s(
        'text',
        {
          x: x0 + dx + ux * 8,
          y: y0 + dy + uy * 8 + 4,
          fill: arrow.color,
          class: 'arrow-label',
          'text-anchor': ux < -0.3 ? 'end' : ux > 0.3 ? 'start' : 'middle',
        },
        arrow.label,
      );
      g.append(
        s('defs', {}, head),
        s('line', {
          x1: x0,
          y1: y0,
          x2: x0 + dx,
          y2: y0 + dy,
          stroke: arrow.color,
          'stroke-width': arrow.scale === 'true' ? 3 : 2,
          'stroke-dasharray': arrow.dashed ? '5 3' : undefined,
          'marker-end': `url(#${id})`,
        }),
        label,
      );
      labels.push({ label, own: [x0, y0, x0 + dx, y0 + dy] });
    }
    // Once every arrow is drawn: each name clear of the names before it and of the other arrows.
    const placed: SVGTextElement[] = [];
    for (const { label, own } of labels) {
      moveClear(
        label,
        placed,
        labels.map((l) => l.own).filter((segment) => segment !== own),
      );
      placed.push(label);
    }
  }
}

/** An arrow's line on screen: x1, y1, x2, y2. */
type Segment = readonly [number, number, number, number];

/**
 * Moves a label a line up or down, then two, until it overlaps neither the labels already placed nor
 * the other arrows' lines: arrows that end near each other (−∇L and Δθ near a 1-D minimum on a narrow
 * screen) keep their names readable. Where nothing is clear within two lines it stays where it was.
 */
function moveClear(
  label: SVGTextElement,
  placed: readonly SVGTextElement[],
  lines: readonly Segment[],
): void {
  if (typeof label.getBBox !== 'function') return;
  const first = label.getBBox();
  if (!(first.height > 0)) return;
  const y = Number(label.getAttribute('y'));
  const others = placed.map((other) => other.getBBox());
  const clear = (shift: number): boolean => {
    const box = { x: first.x - 1, y: first.y + shift - 1, width: first.width + 2, height: first.height + 2 };
    return !others.some((b) => overlaps(box, b)) && !lines.some((line) => crosses(line, box));
  };
  for (const n of [0, -1, 1, -2, 2]) {
    const shift = n * (first.height + 1);
    if (clear(shift)) {
      if (shift !== 0) label.setAttribute('y', String(y + shift));
      return;
    }
  }
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlaps = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Whether a line passes through a box, checked at points 2 px apart along it. */
function crosses([x1, y1, x2, y2]: Segment, box: Box): boolean {
  const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / 2));
  for (let k = 0; k <= steps; k++) {
    const px = x1 + ((x2 - x1) * k) / steps;
    const py = y1 + ((y2 - y1) * k) / steps;
    if (px >= box.x && px <= box.x + box.width && py >= box.y && py <= box.y + box.height) return true;
  }
  return false;
}
