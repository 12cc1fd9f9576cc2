// The NIST StRD nonlinear regression problems shipped in test/datasets/nist/, read for tests.

import { readFileSync } from 'node:fs';

export interface NistProblem {
  readonly name: string;
  readonly formula: string;
  readonly data: readonly (readonly [number, number])[];
  readonly start1: readonly number[];
  readonly start2: readonly number[];
  readonly certified: {
    readonly parameters: readonly number[];
    readonly standardDeviations: readonly number[];
    readonly residualSumOfSquares: number;
  };
}

export const nistProblems: readonly NistProblem[] = (
  JSON.parse(readFileSync(new URL('../datasets/nist/nist_strd_six.json', import.meta.url), 'utf8')) as {
    problems: NistProblem[];
  }
).problems;

/** The fewest significant digits to which x agrees with the certified values: −log₁₀ of the largest relative error. */
export function digitsReached(x: ArrayLike<number>, certified: readonly number[]): number {
  let fewest = Number.POSITIVE_INFINITY;
  certified.forEach((c, k) => {
    const error = Math.abs((x[k]! - c) / c);
    fewest = Math.min(fewest, error === 0 ? 16 : -Math.log10(error));
  });
  return fewest;
}
