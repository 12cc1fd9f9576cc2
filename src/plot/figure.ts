// Figure: what every figure function returns, and the SVG document around a figure's parts.

import type { Layout } from './layout.js';
import { element, text } from './svg.js';

/**
 * A drawn figure. Paths can be drawn up to any iterate, so one figure gives both the still picture
 * (`svg()`) and every frame of its animation (`svg(k)`).
 *
 * @example
 * const fig: Figure = curveFigure({ f: (x) => x * x });
 * [fig.width, fig.height]; // → [800, 600]
 * fig.svg().startsWith('<svg'); // → true
 */
export interface Figure {
  readonly width: number;
  readonly height: number;
  /** The last iterate any path reaches (0 when there are no paths). */
  readonly steps: number;
  /** The SVG document with every path drawn up to iterate `step` (all of it when left out). */
  svg(step?: number): string;
}

/** The parts of a figure, each an SVG fragment. */
export interface FigureParts {
  readonly title: string;
  readonly subtitle?: string;
  /** Top right, e.g. `step 12 / 100` in an animation. */
  readonly counter?: string;
  /** Drawn first, under the data (grid lines, filled contours). */
  readonly under?: string;
  /** The data, clipped to the plot area. */
  readonly clipped: string;
  /** Drawn last, unclipped (axes, legend, colour bar). */
  readonly over: string;
}

export const fontFamily = 'DejaVu Sans, Helvetica, Arial, sans-serif';
const clipId = 'downhill-plot-area';

/**
 * The whole SVG document: white background, title, subtitle, counter, and the data clipped to the
 * plot area so that a path leaving the window stops at its edge.
 *
 * @example
 * figureSvg(layout(), { title: 'x² − 4·x + 1', clipped: curve, over: axesSvg });
 */
export function figureSvg(frame: Layout, parts: FigureParts): string {
  const { area, font, width, height } = frame;
  const header = [
    text(parts.title, {
      x: area.left,
      y: font.title * 1.45,
      'font-size': font.title,
      'font-weight': 'bold',
      class: 'title',
    }),
  ];
  if (parts.subtitle) {
    header.push(
      text(parts.subtitle, {
        x: area.left,
        y: font.title * 1.45 + font.label * 1.45,
        'font-size': font.label,
        fill: '#555555',
      }),
    );
  }
  if (parts.counter) {
    header.push(
      text(parts.counter, {
        x: area.left + area.width,
        y: font.title * 1.45,
        'font-size': font.label,
        'text-anchor': 'end',
        class: 'counter',
      }),
    );
  }
  const clip = element(
    'clipPath',
    { id: clipId },
    element('rect', { x: area.left, y: area.top, width: area.width, height: area.height }),
  );
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'font-family': fontFamily,
    },
    element('defs', {}, clip),
    element('rect', { width, height, fill: 'white' }),
    parts.under ?? '',
    element('g', { 'clip-path': `url(#${clipId})`, class: 'data' }, parts.clipped),
    parts.over,
    ...header,
  );
}
