// LineSearchResult: where a line search stopped — what every line search returns.

/** Where a line search stopped along x + step·direction. */
export interface LineSearchResult {
  /** The accepted step length α; 0 when no acceptable point was found. */
  readonly step: number;
  /** f(x + α·d) (f(x) when α is 0). */
  readonly value: number;
  /** ∇f(x + α·d) (∇f(x) when α is 0). */
  readonly grad: Float64Array;
  /** Objective evaluations the search made. */
  readonly evaluations: number;
  /** Whether the returned step satisfies the search's conditions. */
  readonly ok: boolean;
}
