// How runs are told apart: the Okabe–Ito colour, then a dash pattern and a marker shape once the eight colours are used.

import { runColor } from './palette.js';
import { type Attributes, element, svgNumber as round } from './svg.js';

/** The shape of a run's dots: circles for the first eight runs, then squares, triangles, diamonds. */
export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond';

/** A run's ink: its colour, the dash pattern of its line (solid when left out) and its dots' shape. */
export interface RunStyle {
  readonly color: string;
  /** An SVG `stroke-dasharray`, e.g. `8 4`. */
  readonly dash?: string;
  readonly marker: MarkerShape;
}

// One entry per pass through the eight colours: run i and run i + 8 share a colour, never a dash and shape.
const cycles: readonly { dash?: string; marker: MarkerShape }[] = [
  { marker: 'circle' },
  { dash: '8 4', marker: 'square' },
  { dash: '2 3', marker: 'triangle' },
  { dash: '10 3 2 3', marker: 'diamond' },
];

/**
 * The style of the i-th run: 32 runs are told apart by colour, dash and marker together; past that
 * the styles repeat.
 *
 * @example
 * runStyle(0); // { color: '#0072B2', marker: 'circle' }
 * runStyle(8); // { color: '#0072B2', dash: '8 4', marker: 'square' }
 */
export function runStyle(i: number): RunStyle {
  const cycle = cycles[Math.floor(i / 8) % cycles.length]!;
  return { color: runColor(i), ...cycle };
}

/**
 * A marker of the given shape centred on (x, y), about as large as a circle of radius r.
 *
 * @example
 * marker('square', 10, 10, 3, { fill: '#0072B2' }); // '<rect x="7.34" y="7.34" width="5.32" height="5.32" fill="#0072B2"/>'
 */
export function marker(shape: MarkerShape, x: number, y: number, r: number, attributes: Attributes): string {
  switch (shape) {
    case 'circle':
      return element('circle', { cx: x, cy: y, r, ...attributes });
    case 'square': {
      // The same area as the circle: side r·√π.
      const half = (r * Math.sqrt(Math.PI)) / 2;
      return element('rect', { x: x - half, y: y - half, width: 2 * half, height: 2 * half, ...attributes });
    }
    case 'triangle': {
      const s = r * 1.35;
      return element('polygon', {
        points: `${round(x)},${round(y - s)} ${round(x + s * 0.87)},${round(y + s * 0.5)} ${round(x - s * 0.87)},${round(y + s * 0.5)}`,
        ...attributes,
      });
    }
    case 'diamond': {
      const s = r * 1.25;
      return element('polygon', {
        points: `${round(x)},${round(y - s)} ${round(x + s)},${round(y)} ${round(x)},${round(y + s)} ${round(x - s)},${round(y)}`,
        ...attributes,
      });
    }
  }
}
