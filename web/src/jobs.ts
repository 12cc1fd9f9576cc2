// What the page asks the worker to compute and what comes back: plain, cloneable records.

import type { RunSummary } from '../../src/index.js';
import type { RunSpec } from './state.js';

export interface RaceJob {
  kind: 'race';
  f: string;
  start: number[];
  runs: RunSpec[];
  maxIterations: number;
  tol: number;
  /** Tune each learning rate first (the fair race). */
  fair: boolean;
}

export interface FitJob {
  kind: 'fit';
  csv: string;
  source: string;
  target: string | null;
  model: string;
  /** A formula model's formula and its parameters' starts; null for the named models. */
  formula: string | null;
  params: Record<string, number> | null;
  run: RunSpec;
  epochs: number;
  tol: number;
  /** Where to draw the fitted curve (x values of the one feature). */
  grid: number[];
}

export type Job = RaceJob | FitJob;

/** One finished run with its whole path. */
export interface RunOutcome {
  spec: RunSpec;
  summary: RunSummary;
  /** (steps + 1) × dimension. */
  points: Float64Array;
  values: Float64Array;
  /** The rate the fair race tuned, when it did. */
  tuned: { lr: number; tried: number } | null;
}

export interface RaceOutcome {
  kind: 'race';
  runs: RunOutcome[];
  seconds: number;
}

export interface FitOutcome {
  kind: 'fit';
  status: string;
  message: string;
  summary: Record<string, unknown>;
  /** Reported parameters after each recorded epoch, the start first. */
  parameters: Record<string, unknown>[];
  /** Loss per epoch. */
  loss: Float64Array;
  /** Predictions on the grid after each recorded epoch. */
  curves: Float64Array[];
  /** The epoch of each recorded frame. */
  epochs: number[];
  featureNames: string[];
  targetName: string;
  seconds: number;
}

export type Outcome = RaceOutcome | FitOutcome;

export type Reply =
  | { id: number; ok: true; outcome: Outcome }
  | { id: number; ok: false; message: string; key: string | null; input: boolean };
