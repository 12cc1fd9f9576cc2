// The frame every figure shares: its size, the plot area inside the margins, and font sizes.

/** A rectangle in pixels. */
export interface Rect {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Width and height in pixels; every figure defaults to 800 × 600.
 *
 * @example
 * const size: Size = [400, 300];
 * const fig = curveFigure({ f: Math.sin, size });
 * [fig.width, fig.height]; // → [400, 300]
 */
export type Size = readonly [number, number];

export const defaultSize: Size = [800, 600];

export interface Layout {
  readonly width: number;
  readonly height: number;
  /** Where the data goes; axes sit on its left and bottom edges. */
  readonly area: Rect;
  readonly font: {
    readonly title: number;
    readonly label: number;
    readonly tick: number;
    readonly legend: number;
  };
}

/**
 * Margins and fonts for a figure of the given size; `right` reserves room for a colour bar.
 * Fonts grow and shrink with the figure, within limits that keep small figures legible.
 *
 * @example
 * layout([800, 600]).area; // { left: 68, top: 60, width: 708, height: 488 }
 */
export function layout(size: Size = defaultSize, options: { right?: number } = {}): Layout {
  const [width, height] = size;
  const s = Math.min(2, Math.max(0.75, Math.min(width / 800, height / 600)));
  const left = Math.round(68 * s);
  const top = Math.round(60 * s);
  const right = Math.round((24 + (options.right ?? 0)) * s);
  const bottom = Math.round(52 * s);
  return {
    width,
    height,
    area: {
      left,
      top,
      width: Math.max(10, width - left - right),
      height: Math.max(10, height - top - bottom),
    },
    font: { title: 18 * s, label: 13 * s, tick: 11 * s, legend: 12 * s },
  };
}

/** True when a pixel lies inside the rectangle grown by `margin` on every side. */
export function inside(rect: Rect, x: number, y: number, margin = 0): boolean {
  return (
    x >= rect.left - margin &&
    x <= rect.left + rect.width + margin &&
    y >= rect.top - margin &&
    y <= rect.top + rect.height + margin
  );
}
