// downhill's internal entry: what the command line and the playground share with the library beyond its public API.
//
// Not part of the package's exports (package.json names `.` and `./node` only) and free to change between
// releases: these are the front ends' needs — figure text, the streamed fit behind `fit --memory`, the shape
// of reported params — not promises to users. It runs in browsers as index.ts does, so nothing here needs
// Node. Front ends import the library from src/index.ts, src/node.ts and this file only
// (test/layering.test.ts holds them to it).
//
// @example
// import { prettyFormula } from '../internal.js';
// prettyFormula('x^2 - 4*x + 1'); // 'x² − 4·x + 1'

export { fileProblem } from './data/file-problem.js';
export type { RowWindows } from './data/row-windows.js';
export type { NestedArray } from './models/params.js';
export { modelSpecs } from './models/settings.js';
export { formatValue, prettyFormula, superscript } from './plot/format.js';
export type { Range } from './plot/view.js';
export {
  fitWindows,
  fitWindowsInterruptibly,
  type WindowFitOptions,
  type WindowFitResult,
  type WindowProgress,
} from './train/fit-windows.js';
export {
  decodeWindowCheckpoint,
  encodeWindowCheckpoint,
  type WindowCheckpoint,
} from './train/window-checkpoint.js';
