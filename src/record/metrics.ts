// Metrics: how well a fitted model did on a set of rows, as a fit's record reports it.

/** Regression: `mse` and `r2`; classification: `accuracy` (a fraction) and `logLoss` (natural log). */
export type Metrics = { mse: number; r2: number } | { accuracy: number; logLoss: number };
