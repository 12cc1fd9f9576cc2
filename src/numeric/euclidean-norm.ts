// euclideanNorm: ‖x‖₂ without overflow or underflow, the way MINPACK's enorm sums in three ranges.

// MINPACK's thresholds: squares of components between them neither overflow nor underflow.
const SMALL = 3.834e-20;
const LARGE = 1.304e19;

/**
 * The Euclidean norm of `length` numbers of `x` from `offset`, with a `stride` between them (1 for a
 * vector, the row count for a row of a column-major matrix). Components are summed in three ranges
 * — small, intermediate and large — each scaled so that no square overflows or underflows, as
 * MINPACK's `enorm` does (Moré, Garbow & Hillstrom, User Guide for MINPACK-1, ANL-80-74, 1980);
 * Levenberg–Marquardt compares these norms against each other, so every norm it takes is this one.
 *
 * @example
 * euclideanNorm(Float64Array.of(3, 4)); // 5
 * euclideanNorm(Float64Array.of(3e200, 4e200)); // 5e200, where Math.hypot's naive sum would overflow
 */
export function euclideanNorm(x: Float64Array, offset = 0, length = x.length - offset, stride = 1): number {
  let large = 0;
  let middle = 0;
  let small = 0;
  let largeMax = 0;
  let smallMax = 0;
  const giant = LARGE / Math.max(length, 1);
  for (let k = 0; k < length; k++) {
    const value = Math.abs(x[offset + k * stride]!);
    if (value > SMALL && value < giant) {
      middle += value * value;
    } else if (value <= SMALL) {
      if (value > smallMax) {
        small = 1 + small * (smallMax / value) ** 2;
        smallMax = value;
      } else if (value !== 0) {
        small += (value / smallMax) ** 2;
      }
    } else if (value > largeMax) {
      large = 1 + large * (largeMax / value) ** 2;
      largeMax = value;
    } else {
      large += (value / largeMax) ** 2;
    }
  }
  if (large !== 0) return largeMax * Math.sqrt(large + middle / largeMax / largeMax);
  if (middle !== 0) {
    return middle >= smallMax
      ? Math.sqrt(middle * (1 + (smallMax / middle) * (smallMax * small)))
      : Math.sqrt(smallMax * (middle / smallMax + smallMax * small));
  }
  return smallMax * Math.sqrt(small);
}
