// Figures to files: the format from the file's ending, PNG and GIF rendered through resvg, and --plot for runs.

import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  animationSchedule,
  type CompiledFunction,
  contourFigure,
  curveFigure,
  encodeGifFrames,
  type Figure,
  lossCurvesFigure,
  type MinimizeResult,
  runSeries,
  type Size,
} from '../index.js';
import { formatValue, prettyFormula } from '../internal.js';
import { writeFileAtomic } from './output.js';
import { type PlotFormat, plotFormat } from './plot-format.js';

const require = createRequire(import.meta.url);

/** Renders an SVG to pixels with resvg (system fonts; DejaVu Sans or Helvetica where present). */
function rasterize(svg: string): { rgba: Uint8Array; png(): Uint8Array } {
  // Required on first use, so that a command without a PNG or GIF never loads the native renderer.
  const { Resvg } = require('@resvg/resvg-js') as typeof import('@resvg/resvg-js');
  const image = new Resvg(svg, { font: { loadSystemFonts: true }, logLevel: 'off' }).render();
  return { rgba: image.pixels, png: () => image.asPng() };
}

/**
 * The bytes of a figure in a format: the SVG text, a PNG of it, or a GIF animating its paths
 * (a figure without paths gives a one-frame GIF). A GIF's frames take seconds: once `signal` is
 * aborted (Ctrl-C) the drawing stops before its next frame with the signal's reason.
 *
 * @example
 * writeFileSync('f.png', await figureBytes(curveFigure({ f: Math.sin }), 'png'));
 */
export async function figureBytes(
  figure: Figure,
  format: PlotFormat,
  signal?: AbortSignal,
): Promise<string | Uint8Array> {
  switch (format) {
    case 'svg':
      return figure.svg();
    case 'png':
      return rasterize(figure.svg()).png();
    case 'gif': {
      // One frame drawn, rasterized, encoded and dropped at a time. resvg's images live in native memory
      // that V8 neither counts nor frees until a collection and a turn of the event loop (where Node runs
      // their finalizers): both come before each frame, so memory stays flat however many frames.
      const frames = animationSchedule(figure);
      const collect = garbageCollector();
      return encodeGifFrames(frames.length, figure.width, figure.height, async (k) => {
        collect();
        await new Promise((resolve) => setImmediate(resolve));
        signal?.throwIfAborted();
        return { rgba: rasterize(figure.svg(frames[k]!.step)).rgba, delay: frames[k]!.delay };
      });
    }
  }
}

/** V8's collector as a function (as jest-leak-detector gets it), exposed once on first use. */
let gc: (() => void) | null = null;
function garbageCollector(): () => void {
  if (gc === null) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  return gc;
}

/**
 * Writes a figure to `file` in the format its ending names, atomically; `flag` names the flag in errors,
 * `signal` stops a GIF before its next frame (figureBytes), leaving no file.
 *
 * @example
 * await writeFigure('bowl.png', surfaceFigure({ f }), '--output');
 */
export async function writeFigure(
  file: string,
  figure: Figure,
  flag: string,
  signal?: AbortSignal,
): Promise<void> {
  const format = plotFormat(file, flag);
  writeFileAtomic(file, await figureBytes(figure, format, signal), flag);
}

/**
 * `--plot FILE` for minimize and compare: runs of a function of one variable on its curve, of two on
 * its contours, of more as value curves by iteration. A GIF races the runs; `.svg` and `.png` show
 * the whole paths. The ending is checked before any drawing, and nothing is written on failure.
 * The runs must be recorded with `recordPath: true`.
 *
 * @example
 * const runs = compare(f, methods, { start, recordPath: true });
 * await writeRunPlot('race.gif', f, runs, { size: [800, 600] });
 */
export async function writeRunPlot(
  file: string,
  f: CompiledFunction,
  runs: readonly MinimizeResult[],
  options: { size?: Size; flag?: string } = {},
): Promise<void> {
  const flag = options.flag ?? '--plot';
  writeFileAtomic(file, await runPlotBytes(file, f, runs, options.size, flag), flag);
}

/** The bytes `writeRunPlot` would write, in the format the file name asks for; `signal` stops a GIF (figureBytes). */
export function runPlotBytes(
  file: string,
  f: CompiledFunction,
  runs: readonly MinimizeResult[],
  size: Size | undefined,
  flag = '--plot',
  signal?: AbortSignal,
): Promise<string | Uint8Array> {
  const format = plotFormat(file, flag);
  return figureBytes(runFigure(f, runs, size), format, signal);
}

function runFigure(f: CompiledFunction, runs: readonly MinimizeResult[], size: Size | undefined): Figure {
  const variables = f.variables;
  const title = `f(${variables.join(', ')}) = ${prettyFormula(f.source)}`;
  const series = runSeries(runs);
  const first = runs[0]?.path;
  const start = first ? variables.map((v, i) => `${v} = ${formatValue(first.points[i]!, 6)}`).join(', ') : '';
  const subtitle = `${runs.length} run${runs.length === 1 ? '' : 's'}${start ? ` from ${start}` : ''}`;
  const shared = { title, subtitle, ...(size !== undefined && { size }) };
  if (variables.length === 1) {
    const point = new Float64Array(1);
    const value = (x: number): number => {
      point[0] = x;
      return f.value(point);
    };
    return curveFigure({ f: value, runs: series, variable: variables[0]!, ...shared });
  }
  if (variables.length === 2) {
    return contourFigure({
      f: (p) => f.value(p),
      runs: series,
      variables: [variables[0]!, variables[1]!],
      ...shared,
    });
  }
  // f may be negative; on a log scale the gap to the best value found, f − min f, is what shrinks.
  let best = Number.POSITIVE_INFINITY;
  let positive = true;
  for (const s of series) {
    for (const v of Array.from(s.values)) {
      if (!Number.isFinite(v)) continue;
      best = Math.min(best, v);
      if (v <= 0) positive = false;
    }
  }
  // Just below the best, so the run that found it ends at the bottom of the axis rather than vanishing at 0.
  const shift = positive ? 0 : best - Math.max(Math.abs(best), 1) * 1e-15;
  return lossCurvesFigure({
    series: series.map((s) => ({
      label: s.label,
      values: Array.from(s.values, (v) => v - shift),
      ...(s.iterations !== undefined && { iterations: s.iterations }),
    })),
    valueName: positive ? 'f' : 'f − min f',
    ...shared,
  });
}
