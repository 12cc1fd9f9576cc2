// RunRecord: what a minimization run recorded along the way, as its verdict reads it.

/**
 * What a run recorded, as the verdict needs it: its last stretch of iterates (RecentSteps).
 *
 * @example
 * // 9, −5, 9, −5, …: gradient descent at lr 1 on x² − 4x + 1 bounces for ever
 * const values = Float64Array.from({ length: 11 }, () => 46);
 * const record: RunRecord = {
 *   steps: 10, first: 46, bestBefore: Infinity, values,
 *   pointNorms: Float64Array.from(values, (_, k) => (k % 2 === 0 ? 9 : 5)),
 *   reversals: Uint8Array.from(values, (_, k) => (k > 0 ? 1 : 0)),
 *   gradientNormStart: 14, gradientNormEnd: 14, curvature: 2, learningRate: 1, optimizer: 'gd',
 * };
 * judgeRun(record).status; // → 'oscillating'
 */
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
  /**
   * The Hessian's largest eigenvalue at the best iterate, where f has exact second derivatives and it is
   * positive: steep curvature there, across the way the run goes, is a narrow valley, not a plateau.
   */
  curvatureAtBest?: number | null;
  /** The learning rate, when the method has a single fixed one. */
  learningRate: number | null;
  optimizer: string;
}
