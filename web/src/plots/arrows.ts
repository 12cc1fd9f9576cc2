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
const shortestPixels = 6;

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
        s(
          'text',
          {
            x: x0 + dx + ux * 8,
            y: y0 + dy + uy * 8 + 4,
            fill: arrow.color,
            class: 'arrow-label',
            'text-anchor': ux < -0.3 ? 'end' : ux > 0.3 ? 'start' : 'middle',
          },
          arrow.label,
        ),
      );
    }
  }
}
