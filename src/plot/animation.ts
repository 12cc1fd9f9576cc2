// Animation frames: a figure drawn at chosen steps, with the delay each frame is shown for.

import type { Figure } from './figure.js';

/** One frame: the SVG and how long it stays, in milliseconds. */
export interface AnimationFrame {
  readonly svg: string;
  readonly delay: number;
}

export interface AnimationOptions {
  /** At most this many frames (default 100); longer runs are sampled evenly. */
  readonly maxFrames?: number;
  /** Milliseconds per frame (default 80). */
  readonly delay?: number;
  /** Milliseconds the last frame stays, so the end can be read before the loop restarts (default 2000). */
  readonly hold?: number;
}

/**
 * The steps an animation shows: every step when there are few enough, else evenly spaced ones,
 * always the first and the last.
 *
 * @example
 * frameSteps(4, 100); // [0, 1, 2, 3, 4]
 * frameSteps(1000, 3); // [0, 500, 1000]
 */
export function frameSteps(steps: number, maxFrames = 100): number[] {
  const count = Math.max(1, Math.min(steps + 1, Math.floor(maxFrames)));
  if (count === 1) return [steps];
  return Array.from({ length: count }, (_, i) => Math.round((i * steps) / (count - 1)));
}

/**
 * When each frame of a figure's animation shows and for how long: the steps of frameSteps, each with
 * its delay (the last one held). A caller that renders one frame at a time (encodeGifFrames) reads it
 * instead of holding every frame's SVG.
 *
 * @example
 * animationSchedule({ steps: 40 } as Figure, { maxFrames: 3 }); // → [{ step: 0, delay: 80 }, { step: 20, delay: 80 }, { step: 40, delay: 2000 }]
 */
export function animationSchedule(
  figure: Pick<Figure, 'steps'>,
  options: AnimationOptions = {},
): { step: number; delay: number }[] {
  const steps = frameSteps(figure.steps, options.maxFrames ?? 100);
  const delay = options.delay ?? 80;
  const hold = options.hold ?? 2000;
  return steps.map((step, i) => ({ step, delay: i === steps.length - 1 ? hold : delay }));
}

/**
 * The frames of a figure's animation: the same figure with its paths drawn up to successive steps.
 *
 * @example
 * const f = compileExpression('x^2 + 10*y^2');
 * const runs = compare(f, [createMethod('gd', { learningRate: 0.05 })], { start: Float64Array.of(4, 1), maxIterations: 40, recordPath: true });
 * const frames = animationFrames(contourFigure({ f: (p) => f.value(p), runs: runSeries(runs) }), { maxFrames: 10 });
 * frames.length; // → 10
 * frames.at(-1)?.delay; // → 2000
 */
export function animationFrames(figure: Figure, options: AnimationOptions = {}): AnimationFrame[] {
  return animationSchedule(figure, options).map(({ step, delay }) => ({ svg: figure.svg(step), delay }));
}
