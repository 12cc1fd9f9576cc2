// diagnose's public names: analyze and its parts — convexity, curvature, minima, interval bounds — and run verdicts.

export {
  type Analysis,
  type AnalyzeOptions,
  analyze,
  type PointReport,
} from './analyze.js';
export { type CompassSearchOptions, compassSearch } from './compass-search.js';
export { constantHessian } from './constant-hessian.js';
export {
  type Convexity,
  type ConvexityOptions,
  type ConvexityVerdict,
  convexity,
  type SymbolicFunction,
  symbolicFunction,
} from './convexity.js';
export {
  type CurvatureOptions,
  type CurvatureSearch,
  curvatureOnDomain,
  type Extreme,
} from './curvature.js';
export {
  type DirectionCheck,
  type DirectionVerdict,
  type DirectionVerdictStatus,
  directionVerdict,
} from './direction-verdict.js';
export { type DirectionChange, type Directions, type DirectionsOptions, directions } from './directions.js';
export { hessianEigenvalues, limitEigenvalues } from './eigen.js';
export { type Box, encloser } from './enclosure.js';
export type { Interval } from './interval.js';
export * as interval from './interval.js';
export { kinksOn } from './kinks.js';
export { localMinima, type MinimaOptions, type Minimum } from './minima.js';
export { type PsdProof, type PsdProofOptions, provePositiveSemidefinite } from './psd-proof.js';
export { judgeRun, type Verdict } from './run-verdict.js';
export { samplePoints } from './sample-points.js';
export {
  type UnboundedCurvature,
  type UnboundedCurvatureSearch,
  unboundedCurvaturePoints,
} from './unbounded-curvature.js';
