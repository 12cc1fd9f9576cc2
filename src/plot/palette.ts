// Colours: the Okabe–Ito palette for runs (safe for colour-blind readers) and ramps for filled surfaces.

/**
 * Okabe & Ito's eight colours (https://jfly.uni-koeln.de/color/), ordered for lines on white: the
 * yellow, nearly invisible on white, comes last.
 *
 * @example
 * okabeIto[0]; // → '#0072B2'
 * okabeIto.length; // → 8
 */
export const okabeIto = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/**
 * The colour of the i-th run; past eight the colours repeat.
 *
 * @example
 * runColor(1); // → '#D55E00'
 */
export function runColor(i: number): string {
  return okabeIto[i % okabeIto.length]!;
}

type Rgb = readonly [number, number, number];

// viridis sampled at nine points (matplotlib's table): perceptually even and readable without hue.
const viridis: readonly Rgb[] = [
  [68, 1, 84],
  [71, 44, 122],
  [59, 81, 139],
  [44, 113, 142],
  [33, 144, 141],
  [39, 173, 129],
  [92, 200, 99],
  [170, 220, 50],
  [253, 231, 37],
];

// A pale ramp for contour bands: light enough that every Okabe–Ito path stays readable on it.
const pale: readonly Rgb[] = [
  [190, 210, 230],
  [222, 232, 240],
  [243, 242, 235],
  [251, 243, 222],
];

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const f = u - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/**
 * An RGB colour as `rgb(r,g,b)`, each channel scaled by `shade` (lighting) and clamped.
 *
 * @example
 * rgb([200, 100, 0], 0.5); // → 'rgb(100,50,0)'
 */
export function rgb(color: Rgb, shade = 1): string {
  const c = (v: number): number => Math.max(0, Math.min(255, Math.round(v * shade)));
  return `rgb(${c(color[0])},${c(color[1])},${c(color[2])})`;
}

/**
 * viridis at t ∈ [0, 1] (dark violet → yellow), for surfaces.
 *
 * @example
 * viridisAt(0); // → [68, 1, 84]
 */
export function viridisAt(t: number): Rgb {
  return interpolate(viridis, t);
}

/**
 * The contour-band colour at t ∈ [0, 1]: low values blue-grey, high values pale sand.
 *
 * @example
 * rgb(paleAt(0)); // → 'rgb(190,210,230)'
 */
export function paleAt(t: number): Rgb {
  return interpolate(pale, t);
}
