// RunRecord: what a minimization run recorded along the way, as its verdict reads it.

/** What a run recorded, as the verdict needs it. */
export interface RunRecord {
  /** f at every iterate, the start first. */
  values: Float64Array;
  /** ‖x‖ at every iterate. */
  pointNorms: Float64Array;
  /** How many steps reversed the direction of the one before (negative dot product), per step. */
  reversals: Uint8Array;
  gradientNormStart: number;
  gradientNormEnd: number;
  /** Largest secant curvature |Δg|/|Δx| met, or null. */
  curvature: number | null;
  /** The learning rate, when the method has a single fixed one. */
  learningRate: number | null;
  optimizer: string;
}
