// Loss curves: one line per run of value against iteration (or epoch), on a log scale.

import { scaleLinear, scaleLog } from 'd3-scale';
import { axes } from './axes.js';
import { clipPolyline } from './clip.js';
import { type Figure, figureSvg } from './figure.js';
import { formatValue } from './format.js';
import { layout, type Size } from './layout.js';
import { type LegendEntry, legendBox } from './legend.js';
import { runStyle } from './run-style.js';
import { iterationAt, recordedUpTo, seriesSteps } from './series.js';
import { element, type Pixel, polylineData } from './svg.js';

/**
 * One curve: a label and a positive value per recorded iteration.
 *
 * @example
 * const series: LossSeries[] = [
 *   { label: 'gd', values: [10, 5, 2.5, 1.2] },
 *   { label: 'adam', values: [10, 3, 0.9, 0.2] },
 * ];
 * lossCurvesFigure({ series }).steps; // → 3
 */
export interface LossSeries {
  readonly label: string;
  readonly values: ArrayLike<number>;
  /** The iteration (or epoch) of each value, ascending; 0, 1, 2, … when left out. */
  readonly iterations?: ArrayLike<number>;
}

export interface LossCurvesOptions {
  readonly series: readonly LossSeries[];
  /** The y-axis label (default `loss`). */
  readonly valueName?: string;
  /** What one step along the x-axis is (default `iteration`; fit's curves are by `epoch`). */
  readonly xLabel?: string;
  readonly title?: string;
  readonly subtitle?: string;
  readonly size?: Size;
}

/**
 * Each series against its iteration on a log y-axis; values that are zero, negative or not finite
 * leave a gap. The y-range runs from the smallest value up to a little above the largest starting
 * value, so a diverging series climbs out of the top instead of squashing the others.
 *
 * @example
 * import { writeFileSync } from 'node:fs';
 * const fig = lossCurvesFigure({ series: [{ label: 'adam', values: [10, 3, 1, 0.2] }, { label: 'gd', values: [10, 6, 4, 3] }] });
 * writeFileSync('loss.svg', fig.svg());
 * fig.svg().includes('adam'); // → true
 */
export function lossCurvesFigure(options: LossCurvesOptions): Figure {
  const frame = layout(options.size);
  const { area } = frame;
  const valueName = options.valueName ?? 'loss';
  const xLabel = options.xLabel ?? 'iteration';
  const steps = Math.max(1, ...options.series.map(seriesSteps));
  const positive = options.series.flatMap((s) =>
    Array.from(s.values).filter((v) => Number.isFinite(v) && v > 0),
  );
  const starts = options.series.map((s) => s.values[0]!).filter((v) => Number.isFinite(v) && v > 0);
  // Loops, not Math.max(...values): a long run has more values than a call has room for arguments.
  let largest = 1e-300;
  let smallest = Number.POSITIVE_INFINITY;
  for (const v of positive) {
    if (v > largest) largest = v;
    if (v < smallest) smallest = v;
  }
  const top = Math.min(largest, Math.max(...starts, Number.MIN_VALUE) * 3) || 1;
  let bottom = Math.min(smallest, top / 10);
  // A range past about 16 decades is rounding noise of float64; the rest says more.
  bottom = Math.max(bottom, top * 1e-16);
  const x = scaleLinear([0, steps], [area.left, area.left + area.width]);
  const y = scaleLog([bottom / 2, top * 1.5], [area.top + area.height, area.top]);
  const { under, over } = axes(
    frame,
    { kind: 'linear', scale: x },
    { kind: 'log', scale: y },
    { x: xLabel, y: valueName },
  );
  const pixels = options.series.map((s) =>
    Array.from(
      s.values,
      (v, k): Pixel =>
        Number.isFinite(v) && v > 0 ? [x(iterationAt(s, k)), y(v)] : [Number.NaN, Number.NaN],
    ),
  );
  const bounds = { left: area.left - 5, top: area.top - 5, width: area.width + 10, height: area.height + 10 };
  const styles = options.series.map((_, i) => runStyle(i));
  const entriesAt = (k: number): LegendEntry[] =>
    options.series.map((s, i) => ({
      color: styles[i]!.color,
      label: `${s.label}: ${formatValue(s.values[recordedUpTo(s, k)]!)}`,
      mark: 'line' as const,
      ...(styles[i]!.dash && { dash: styles[i]!.dash }),
    }));
  // One place for the still and every frame: a value may grow longer as it falls (3 → 2.5e−5).
  const key = legendBox(
    frame,
    entriesAt(steps),
    { lines: pixels, points: [] },
    Math.max(...options.series.map((s) => s.label.length + 14)),
  );
  const page = { ...frame, height: frame.height + key.below };

  return {
    width: page.width,
    height: page.height,
    steps,
    svg(step) {
      const k = Math.floor(step ?? steps);
      const lines = pixels.map((p, i) =>
        element('path', {
          d: polylineData(clipPolyline(p.slice(0, recordedUpTo(options.series[i]!, k) + 1), bounds)),
          fill: 'none',
          stroke: styles[i]!.color,
          'stroke-width': 2,
          'stroke-dasharray': styles[i]!.dash,
        }),
      );
      return figureSvg(page, {
        title: options.title ?? `${valueName} by ${xLabel}`,
        ...(options.subtitle !== undefined && { subtitle: options.subtitle }),
        ...(step !== undefined && {
          counter: `${xLabel === 'iteration' ? 'step' : xLabel} ${Math.min(k, steps)} / ${steps}`,
        }),
        under,
        clipped: lines.join(''),
        over: over + key.draw(entriesAt(k)),
      });
    },
  };
}
