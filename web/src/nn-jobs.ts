// What the nn page and its worker say to each other: plain, cloneable records.

import type { Dataset, FitSettings, LayerHealth } from '../../src/index.js';

/** The grid the decision map is sampled on: `size` × `size` points over the window, row 0 at the top. */
export interface NnGrid {
  x: [number, number];
  y: [number, number];
  size: number;
}

export type NnRequest =
  /** A new network on this data; it trains to `epochs` when `play`, else waits. */
  | {
      kind: 'start';
      run: number;
      data: Dataset;
      settings: FitSettings;
      grid: NnGrid;
      epochs: number;
      play: boolean;
    }
  /** Train on to `epochs` (play), or `epochs` more at once and stop (step). */
  | { kind: 'play'; run: number; epochs: number }
  | { kind: 'step'; run: number; epochs: number }
  | { kind: 'pause'; run: number }
  /** The mode is left: end the helpers, then the worker itself. */
  | { kind: 'close' };

/** The network as it is now, sent after each slice of training. */
export interface NnSnapshot {
  kind: 'snapshot';
  run: number;
  epoch: number;
  /** The mean training loss of each epoch since the last snapshot. */
  losses: number[];
  loss: number;
  accuracy: number;
  health: LayerHealth[];
  /** Class probabilities on the grid: size × size × classes, row-major, row 0 at the top. */
  probabilities: Float64Array;
  diverged: string | null;
  /** Whether training goes on (false: paused, done or diverged). */
  training: boolean;
  /** Epochs per second over the last slice. */
  rate: number;
  /** Threads the last slice could train on (helper Web Workers and the worker itself), whichever count ran faster. */
  threads: number;
}

export type NnReply =
  | NnSnapshot
  | { kind: 'error'; run: number; message: string; key: string | null; input: boolean };
