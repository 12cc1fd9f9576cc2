// RunRecord: what a minimization run recorded along the way, as its verdict reads it.

/** What a run recorded, as the verdict needs it: its last stretch of iterates (RecentSteps). */
export interface RunRecord {
  /** Steps taken in all. */
  steps: number;
  /** f at the start. */
  first: number;
  /** The best f among the iterates before those held (+∞ when every iterate is held). */
  bestBefore: number;
  /** f at the last iterates held (every iterate of a run that is short enough, the start first). */
  values: Float64Array;
  /** ‖x‖ at the same iterates. */
  pointNorms: Float64Array;
  /** Per iterate held, 1 when the step into it reversed the direction of the one before (negative dot product). */
  reversals: Uint8Array;
  gradientNormStart: number;
  gradientNormEnd: number;
  /** Largest secant curvature |Δg|/|Δx| met, or null. */
  curvature: number | null;
  /** The learning rate, when the method has a single fixed one. */
  learningRate: number | null;
  optimizer: string;
}
