// The plot API: figures as SVG strings (no DOM), their animation frames and GIF encoding.

export {
  type AnimationFrame,
  type AnimationOptions,
  animationFrames,
  animationSchedule,
  frameSteps,
} from './animation.js';
export { type ContourOptions, contourFigure } from './contour.js';
export { type CostSurfaceOptions, costSurfaceFigure } from './cost-surface.js';
export { type CurveOptions, curveFigure } from './curve.js';
export { type DecisionMapOptions, decisionMapFigure } from './decision-map.js';
export type { Figure } from './figure.js';
export { type FittedCurveOptions, fittedCurveFigure } from './fitted-curve.js';
export { formatValue, prettyFormula } from './format.js';
export { encodeGif, encodeGifFrames, type RasterFrame } from './gif.js';
export { defaultSize, type Size } from './layout.js';
export { contourLevels, type Levels } from './levels.js';
export { type LineFitOptions, lineFitFigure, lineMse } from './line-fit.js';
export { type LossCurvesOptions, type LossSeries, lossCurvesFigure } from './loss-curves.js';
export { okabeIto, paleAt, rgb, runColor, viridisAt } from './palette.js';
export { type PathSeries, runSeries } from './series.js';
export { type SurfaceOptions, surfaceFigure } from './surface.js';
export { pathView, type Range } from './view.js';
