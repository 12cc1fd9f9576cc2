// SoftmaxKernel: softmax regression's fused full-batch gradient bound to one data set — the interface its backends share.

/** A data set's cross-entropy and unscaled gradient at any params (see softmaxGradient for the layout). */
export interface SoftmaxKernel {
  /** Writes Σ_i r_i ⊗ [x_i, 1] into grad and returns Σ_i of the cross-entropy. */
  gradient(params: Float64Array, grad: Float64Array): number;
  /**
   * The rows the params of the last gradient classified right: those whose largest logit (the first of equal
   * ones) is their class. Kernels that do not count leave it out.
   */
  correct?(): number;
  /** Lets the kernel's copy of the data go. */
  close(): void;
}
