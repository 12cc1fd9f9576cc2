// The shape of a benchmark: a name and a run that measures downhill and its peers on the same data.

import type { BoundSpread } from './bandwidth.js';

/** One row of `npm run bench -- --json` (CONTRACT): seconds per unit of work, peers measured in the same run. */
export interface BenchRow {
  name: string;
  downhill: number;
  peers: Record<string, number>;
  bound: number | null;
  /** What `downhill` and the peers measure when not seconds (the bundle row holds bytes). */
  unit?: 'bytes';
  /** How the bound moved with the bandwidth trials (STREAM-style: best, median and worst of ten). */
  boundSpread?: BoundSpread;
  /** Anything else worth printing: rates, ratios, counts. */
  notes?: Record<string, number | string>;
}

export interface Bench {
  name: string;
  run(): Promise<BenchRow[]>;
}
