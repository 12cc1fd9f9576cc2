// The 3-D figure: f as a shaded mesh seen from above at an angle (painter's algorithm), with the paths on it.

import { scaleLinear } from 'd3-scale';
import { type Figure, figureSvg } from './figure.js';
import { formatValue } from './format.js';
import { layout, type Size } from './layout.js';
import { type LegendEntry, legendBox } from './legend.js';
import { rgb, viridisAt } from './palette.js';
import { lastIterate, runLegendEntry } from './path-marks.js';
import { runStyle } from './run-style.js';
import { type PathSeries, seriesLength, seriesSteps } from './series.js';
import { element, type Pixel, polylineData, text } from './svg.js';
import { padRange, pathView, type Range, robustRange } from './view.js';

/**
 * What a 3-D surface figure draws: f of two variables, descent paths, the window, labels, size and mesh resolution.
 *
 * @example
 * const options: SurfaceOptions = { f: (p) => p[0]! ** 2 + p[1]! ** 2, domain: [[-2, 2], [-2, 2]], resolution: 20 };
 * surfaceFigure(options).svg().startsWith('<svg'); // → true
 */
export interface SurfaceOptions {
  /** The function of two variables, given a point [x, y]. */
  readonly f: (point: Float64Array) => number;
  readonly runs?: readonly PathSeries[];
  /** The window; chosen from the runs (or ±5) when left out. */
  readonly domain?: readonly [Range, Range];
  /** Axis names (default `x`, `y`, `f`). */
  readonly variables?: readonly [string, string];
  readonly valueName?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly size?: Size;
  /** Mesh cells per side (default 40). */
  readonly resolution?: number;
}

type Vec3 = [number, number, number];

// Viewing angles: azimuth from the −y side, elevation above the ground plane.
const azimuth = (-35 * Math.PI) / 180;
const elevation = (30 * Math.PI) / 180;
// Height of the box relative to its half-width, so steep and flat functions both read as surfaces.
const heightScale = 1.35;
// Light from the upper left, towards the viewer.
const light = (() => {
  const v = [-0.5, -0.4, 0.77];
  const n = Math.hypot(v[0]!, v[1]!, v[2]!);
  return v.map((c) => c / n) as [number, number, number];
})();

/**
 * f over a window as a lit mesh projected to the page, far cells drawn first so near ones cover
 * them; values beyond a robust range are flattened onto its ceiling. Paths are drawn on top, with
 * `svg(k)` drawing them up to step k.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const fig = surfaceFigure({ f: (p) => p[0]! ** 2 + p[1]! ** 2, domain: [[-2, 2], [-2, 2]] });
 * writeFileSync('bowl.svg', fig.svg());
 * [fig.width, fig.height]; // → [800, 600]
 */
export function surfaceFigure(options: SurfaceOptions): Figure {
  const runs = options.runs ?? [];
  const [xName, yName] = options.variables ?? ['x', 'y'];
  const valueName = options.valueName ?? 'f';
  const frame = layout(options.size);
  const { area, font } = frame;
  const [xRange, yRange] =
    options.domain ??
    (runs.length > 0
      ? (pathView(runs, 2) as [Range, Range])
      : [
          [-5, 5],
          [-5, 5],
        ]);
  const n = options.resolution ?? 40;

  const grid = new Float64Array((n + 1) * (n + 1));
  const point = new Float64Array(2);
  for (let j = 0; j <= n; j++) {
    for (let i = 0; i <= n; i++) {
      point[0] = xRange[0] + (i / n) * (xRange[1] - xRange[0]);
      point[1] = yRange[0] + (j / n) * (yRange[1] - yRange[0]);
      grid[j * (n + 1) + i] = options.f(point);
    }
  }
  const zRange = padRange(robustRange(grid) ?? [0, 1], 0.02);
  const clampZ = (z: number): number =>
    Number.isFinite(z) ? Math.min(zRange[1], Math.max(zRange[0], z)) : zRange[1];

  // Model space: u, v ∈ [−1, 1] across the window, w ∈ [0, heightScale] up the value range.
  const model = (x: number, y: number, z: number): [number, number, number] => [
    ((x - xRange[0]) / (xRange[1] - xRange[0])) * 2 - 1,
    ((y - yRange[0]) / (yRange[1] - yRange[0])) * 2 - 1,
    ((clampZ(z) - zRange[0]) / (zRange[1] - zRange[0])) * heightScale,
  ];
  const ca = Math.cos(azimuth);
  const sa = Math.sin(azimuth);
  const ce = Math.cos(elevation);
  const se = Math.sin(elevation);
  // Screen x to the right, screen up, and depth (larger is farther from the viewer).
  const view = ([u, v, w]: readonly number[]): [number, number, number] => {
    const across = u! * ca - v! * sa;
    const away = u! * sa + v! * ca;
    return [across, w! * ce + away * se, away * ce - w! * se];
  };
  const corners: number[][] = [];
  for (const u of [-1, 1])
    for (const v of [-1, 1]) for (const w of [0, heightScale]) corners.push(view([u, v, w]));
  const minX = Math.min(...corners.map((c) => c[0]!));
  const maxX = Math.max(...corners.map((c) => c[0]!));
  const minY = Math.min(...corners.map((c) => c[1]!));
  const maxY = Math.max(...corners.map((c) => c[1]!));
  const inset = font.tick * 4;
  const scale = Math.min((area.width - 2 * inset) / (maxX - minX), (area.height - 2 * inset) / (maxY - minY));
  const cx = area.left + area.width / 2 - ((minX + maxX) / 2) * scale;
  const cy = area.top + area.height / 2 + ((minY + maxY) / 2) * scale;
  const project = (m: readonly number[]): Pixel => {
    const [sx, sy] = view(m);
    return [cx + sx * scale, cy - sy * scale];
  };

  const vertices = Array.from({ length: (n + 1) * (n + 1) }, (_, idx) => {
    const i = idx % (n + 1);
    const j = Math.floor(idx / (n + 1));
    return model(
      xRange[0] + (i / n) * (xRange[1] - xRange[0]),
      yRange[0] + (j / n) * (yRange[1] - yRange[0]),
      grid[idx]!,
    );
  });
  const cells: { depth: number; svg: string }[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const quad = [
        j * (n + 1) + i,
        j * (n + 1) + i + 1,
        (j + 1) * (n + 1) + i + 1,
        (j + 1) * (n + 1) + i,
      ].map((k) => vertices[k]!);
      const [a, b, c, d] = quad as [Vec3, Vec3, Vec3, Vec3];
      // The normal from the diagonals, for Lambert shading with some ambient light.
      const p = [c[0]! - a[0]!, c[1]! - a[1]!, c[2]! - a[2]!];
      const q = [d[0]! - b[0]!, d[1]! - b[1]!, d[2]! - b[2]!];
      const normal = [
        p[1]! * q[2]! - p[2]! * q[1]!,
        p[2]! * q[0]! - p[0]! * q[2]!,
        p[0]! * q[1]! - p[1]! * q[0]!,
      ];
      const length = Math.hypot(normal[0]!, normal[1]!, normal[2]!) || 1;
      const facing = Math.abs(normal[0]! * light[0] + normal[1]! * light[1] + normal[2]! * light[2]) / length;
      const shade = 0.55 + 0.5 * facing;
      const height = (a[2]! + b[2]! + c[2]! + d[2]!) / (4 * heightScale);
      const colour = viridisAt(height);
      const depth = quad.reduce((s, m) => s + view(m)[2], 0) / 4;
      const pixels = quad.map(project);
      const d0 = pixels.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
      cells.push({
        depth,
        svg: element('path', {
          d: `${d0}Z`,
          fill: rgb(colour, shade),
          stroke: rgb(colour, shade * 0.8),
          'stroke-width': 0.4,
        }),
      });
    }
  }
  cells.sort((p, q) => q.depth - p.depth);
  const mesh = element('g', { class: 'surface' }, ...cells.map((c) => c.svg));

  // Axes along the two front edges of the base and up the leftmost corner, with a few ticks each.
  const axisInk = '#333333';
  const edge = (from: number[], to: number[], range: Range, name: string, outward: number[]): string => {
    const a = project(from);
    const b = project(to);
    const parts = [element('line', { x1: a[0], y1: a[1], x2: b[0], y2: b[1], stroke: axisInk })];
    for (const t of scaleLinear().domain(range).ticks(4)) {
      const f = (t - range[0]) / (range[1] - range[0]);
      const m = from.map((c, k) => c + (to[k]! - c) * f + outward[k]! * 0.12);
      const [x, y] = project(m);
      parts.push(
        text(formatValue(t, 3), {
          x,
          y: y + font.tick * 0.35,
          'font-size': font.tick,
          'text-anchor': 'middle',
        }),
      );
    }
    const mid = project(from.map((c, k) => (c + to[k]!) / 2 + outward[k]! * 0.3));
    parts.push(
      text(name, {
        x: mid[0],
        y: mid[1] + font.label * 0.35,
        'font-size': font.label,
        'text-anchor': 'middle',
        class: 'axis-label',
      }),
    );
    return parts.join('');
  };
  const base = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
  ];
  const baseOutline = element('path', {
    d: `${polylineData([[...base, base[0]!].map(([u, v]) => project([u!, v!, 0]))])}`,
    fill: 'none',
    stroke: '#bbbbbb',
  });
  // The x edge and y edge nearest the viewer carry the labels.
  const vFront = view([0, -1, 0])[2] < view([0, 1, 0])[2] ? -1 : 1;
  const uFront = view([-1, 0, 0])[2] < view([1, 0, 0])[2] ? -1 : 1;
  const leftmost = base.reduce((best, c) =>
    project([c[0]!, c[1]!, 0])[0] < project([best[0]!, best[1]!, 0])[0] ? c : best,
  );
  const zAxis = edge(
    [leftmost[0]!, leftmost[1]!, 0],
    [leftmost[0]!, leftmost[1]!, heightScale],
    zRange,
    valueName,
    [leftmost[0]!, leftmost[1]!, 0],
  );
  const axesSvg = element(
    'g',
    { class: 'axes', fill: axisInk },
    edge([-1, vFront, 0], [1, vFront, 0], xRange, xName, [0, vFront, 0]),
    edge([uFront, -1, 0], [uFront, 1, 0], yRange, yName, [uFront, 0, 0]),
    zAxis,
  );

  const runPixels = runs.map((s) =>
    Array.from({ length: seriesLength(s) }, (_, k): Pixel => {
      const x = s.points[2 * k]!;
      const y = s.points[2 * k + 1]!;
      const inWindow =
        x >= xRange[0] && x <= xRange[1] && y >= yRange[0] && y <= yRange[1] && Number.isFinite(s.values[k]!);
      return inWindow ? project(model(x, y, s.values[k]!)) : [Number.NaN, Number.NaN];
    }),
  );
  const steps = Math.max(0, ...runs.map(seriesSteps));
  const styles = runs.map((_, i) => runStyle(i));
  const reserve = Math.max(
    0,
    ...runs.map((s, i) => runLegendEntry(s, styles[i]!, seriesSteps(s), valueName).label.length + 3),
  );
  const entriesAt = (step: number | undefined): LegendEntry[] =>
    runs.map((s, i) => runLegendEntry(s, styles[i]!, step, valueName));
  // The paths and the middle of the surface stay clear; one place for the still and every frame.
  const key = legendBox(
    frame,
    entriesAt(undefined),
    {
      lines: runPixels,
      points: [...runPixels.flat(), [area.left + area.width / 2, area.top + area.height / 2]],
    },
    reserve,
  );
  const page = { ...frame, height: frame.height + key.below };

  return {
    width: page.width,
    height: page.height,
    steps,
    svg(step) {
      const marks = runs.map((s, i) => {
        const pixels = runPixels[i]!.slice(0, lastIterate(s, step) + 1);
        // Break the line where the path leaves the window; a white casing keeps it legible on the mesh.
        const pieces: Pixel[][] = [[]];
        for (const p of pixels) {
          if (Number.isFinite(p[0])) pieces[pieces.length - 1]!.push(p);
          else if (pieces[pieces.length - 1]!.length > 0) pieces.push([]);
        }
        const d = polylineData(pieces);
        const last = pixels[pixels.length - 1];
        const first = pixels[0];
        return element(
          'g',
          { class: 'path' },
          d === ''
            ? ''
            : element('path', {
                d,
                fill: 'none',
                stroke: 'white',
                'stroke-width': 4.5,
                'stroke-linejoin': 'round',
              }),
          d === ''
            ? ''
            : element('path', {
                d,
                fill: 'none',
                stroke: styles[i]!.color,
                'stroke-dasharray': styles[i]!.dash,
                'stroke-width': 2.2,
                'stroke-linejoin': 'round',
              }),
          first && Number.isFinite(first[0])
            ? element('circle', {
                cx: first[0],
                cy: first[1],
                r: 6,
                fill: 'white',
                stroke: styles[i]!.color,
                'stroke-width': 2.2,
                class: 'start',
              })
            : '',
          pixels.length > 1 && last && Number.isFinite(last[0])
            ? element('circle', {
                cx: last[0],
                cy: last[1],
                r: 5.5,
                fill: styles[i]!.color,
                stroke: 'white',
                'stroke-width': 1.5,
                class: 'end',
              })
            : '',
        );
      });
      return figureSvg(page, {
        title: options.title ?? `${valueName}(${xName}, ${yName})`,
        ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
        ...(step !== undefined && { counter: `step ${Math.min(step, steps)} / ${steps}` }),
        clipped: baseOutline + mesh + marks.join(''),
        over: axesSvg + key.draw(entriesAt(step)),
      });
    },
  };
}
