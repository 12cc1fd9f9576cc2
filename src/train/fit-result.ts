// What a fit reports: CONTRACT's result object plus the fitted model, its history and final state.

import type { Determination } from '../diagnose/fit-uncertainty.js';
import type { LayerHealth } from '../diagnose/gradient-health.js';
import type { Model, ReportedParams } from '../models/model.js';
import type { MethodInfo } from '../record/method-info.js';
import type { Metrics } from '../record/metrics.js';
import type { RunStatus } from '../record/run-result.js';
import type { Standardizer } from '../record/standardizer.js';
import type { FitCheckpoint } from './checkpoint.js';
import type { FitConfig } from './fit-config.js';
import type { FitHistory } from './fit-history.js';

/**
 * What fit returns: how it ended, the fitted params by name, the loss and metrics, the history and the diagnostics.
 *
 * @example
 * const result: FitResult = fit(parseCsvText('x,y\n0,1\n1,3\n2,5\n', { target: 'y' }), { optimizer: 'lbfgs' });
 * result.status; // → 'converged'
 * result.parameters; // → { intercept: 1, x: 2 }
 */
export interface FitResult {
  status: RunStatus;
  /** Why it ended: the stopping rule that fired or what went wrong. */
  message: string;
  config: FitConfig;
  model: Model;
  optimizer: MethodInfo;
  /** The fitted params, flat, as the model uses them (on standardized inputs with `standardize`). */
  params: Float64Array;
  /** The params by name in the units of the original data. */
  parameters: ReportedParams;
  /** How inputs were standardized before the model saw them, or null. */
  scaling: Standardizer | null;
  /** Class labels in output order for a classifier, else null. */
  classes: readonly string[] | null;
  /**
   * The training loss (penalty excluded): with full batches at `params` on every training row; with
   * mini-batches the mean over the last (or restored) epoch's batches, each row scored once by the
   * params its batch stepped from (as Keras's epoch loss and scikit-learn's `loss_`), which costs no
   * pass after the last epoch.
   */
  loss: number;
  /** Epochs run in all, a resumed run's earlier epochs included. */
  epochs: number;
  /** The metrics on the training rows, taken as `loss` is. */
  metrics: Metrics;
  /** The same metrics on the validation rows at `params`, or null without a validation split. */
  validation: Metrics | null;
  /** The epoch whose params were restored as best on validation, or null. */
  bestEpoch: number | null;
  /** Per-layer gradient norms at `params` for an mlp, else null. */
  gradientHealth: LayerHealth[] | null;
  /**
   * For an mse fit of a formula, or of a custom model by lm: each parameter's standard error by name (an
   * array param's entries as `w[0]`, `w[1]`, …), √diag(s²(JᵀJ)⁻¹) with
   * s² = SSE/(n − p) (scipy curve_fit's convention), null where JᵀJ is singular; else null.
   */
  standardErrors: Record<string, number | null> | null;
  /** For the fits that have standard errors: how well the data determine the parameters, and which trade off. */
  determination: {
    verdict: Determination;
    /** λmax/λmin of JᵀJ with unit-length columns (null when singular). */
    condition: number | null;
    tradeOff: string[];
    message: string;
  } | null;
  /** For lm: residual and Jacobian evaluations, counted as MINPACK counts nfev and njev; else null. */
  evaluations: { residual: number; jacobian: number } | null;
  /** Training loss per epoch (mean over its batches, before each step); validation loss after each epoch. */
  history: FitHistory;
  timing: { trainSeconds: number };
  /** The final training state, as the last checkpoint holds it (made when first read). */
  readonly checkpoint: FitCheckpoint;
  /** Model outputs (predictions, or logits for classifiers) for rows of the original features. */
  predict(x: Float64Array): Float64Array;
}
