// numberText: number texts of every shape the exact CSV reader accepts, for the property tests of the fast readers.

import fc from 'fast-check';

/** Number texts of every shape the exact reader accepts: signs, points, exponents, long and short mantissas. */
export const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => x.toFixed(6)),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc
    .tuple(
      fc.constantFrom('', '+', '-'),
      fc.stringMatching(/^\d{0,20}$/),
      fc.constantFrom('', '.'),
      fc.stringMatching(/^\d{0,20}$/),
      fc.constantFrom('', 'e', 'E', 'e-', 'e+'),
      fc.integer({ min: 0, max: 330 }),
    )
    .filter(
      ([, whole, point, fraction]) =>
        whole.length + fraction.length > 0 && (point === '.' || fraction === ''),
    )
    .map(([sign, whole, point, fraction, e, power]) =>
      e === '' ? `${sign}${whole}${point}${fraction}` : `${sign}${whole}${point}${fraction}${e}${power}`,
    )
    .filter((text) => Number.isFinite(Number(text))),
);
