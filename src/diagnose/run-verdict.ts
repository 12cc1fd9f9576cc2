// The verdict on a run that used up its iterations: still descending, diverging, oscillating or stuck.

import { formatNumber } from '../numeric/format.js';
import type { RunRecord } from '../record/run-record.js';
import type { RunStatus } from '../record/run-result.js';

/**
 * How a run ended: its status, the reason in words, and a learning rate to try when the one given was too large.
 *
 * @example
 * const run = minimize(compileExpression('x^2 - 4*x + 1'), {
 *   start: Float64Array.of(9), method: createMethod('gd', { learningRate: 1.01 }), maxIterations: 100,
 * });
 * const verdict: Verdict = { status: run.status, message: run.message, suggestedLr: run.suggestedLr };
 * verdict.status; // → 'diverged'
 * verdict.suggestedLr !== null && verdict.suggestedLr < 1; // → true
 */
export interface Verdict {
  status: RunStatus;
  message: string;
  suggestedLr: number | null;
}

/** Methods whose steps carry momentum, which can run them past a minimum. */
const withMomentum = new Set(['momentum', 'nesterov', 'adam', 'adamw']);

/** Methods whose step is lr × (a momentum-smoothed) gradient: curvature bounds their stable rate. */
const curvatureBound = new Set(['gd', 'momentum', 'nesterov']);

/**
 * Judges a run that stopped at its iteration limit from its last window of iterates (the second half,
 * at least 4 steps, at most the iterates held): sustained growth of the value is divergence (gradient descent at lr 1.01 on
 * x² − 4x + 1 grows 2 % a step and never overflows in 100 steps); no progress while the steps keep
 * reversing is oscillation (lr 1.0 bounces 9, −5, 9, … for ever); progress is "max-iterations".
 *
 * @example
 * // gradient descent at lr 1.01 on x² − 4x + 1: the distance to the minimum grows 2 % a step
 * const values = Float64Array.from({ length: 11 }, (_, k) => 49 * 1.02 ** (2 * k) - 3);
 * const verdict = judgeRun({
 *   steps: 10, first: values[0]!, bestBefore: Infinity, values,
 *   pointNorms: Float64Array.from(values, (v) => Math.sqrt(v + 3) + 2),
 *   reversals: Uint8Array.from(values, (_, k) => (k > 0 ? 1 : 0)),
 *   gradientNormStart: 14, gradientNormEnd: 17, curvature: 2, learningRate: 1.01, optimizer: 'gd',
 * });
 * verdict.status; // → 'diverged'
 */
export function judgeRun(record: RunRecord): Verdict {
  const { values, reversals, steps } = record;
  const held = values.length - 1;
  const limit = `after ${steps} iteration${steps === 1 ? '' : 's'}`;
  if (steps < 4)
    return {
      status: 'max-iterations',
      message: `stopped at the iteration limit ${limit}`,
      suggestedLr: null,
    };

  const window = Math.min(Math.max(4, Math.floor(steps / 2)), held);
  const from = held - window;
  let rises = 0;
  let reversed = 0;
  let bestBefore = record.bestBefore;
  let bestIn = Number.POSITIVE_INFINITY;
  let worstIn = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= from; k++) bestBefore = Math.min(bestBefore, values[k]!);
  for (let k = from + 1; k <= held; k++) {
    if (values[k]! > values[k - 1]!) rises++;
    if (reversals[k]) reversed++;
    bestIn = Math.min(bestIn, values[k]!);
    worstIn = Math.max(worstIn, values[k]!);
  }
  const first = record.first;
  const last = values[held]!;
  const best = Math.min(bestBefore, bestIn);
  const scale = Math.max(1, Math.abs(best));
  const lr = record.learningRate;
  const advice = suggestion(record);

  const gapGrowth = (last - best) / Math.max(values[from]! - best, Number.MIN_VALUE);
  if (rises >= 0.8 * window && last > first && gapGrowth > 1.5) {
    const rate = (gapGrowth ** (1 / window) - 1) * 100;
    return {
      status: 'diverged',
      message: `the value grew in ${rises} of the last ${window} steps, about ${formatNumber(rate, 2)}% a step, to ${formatNumber(last, 4)} ${limit}${advice.text}`,
      suggestedLr: advice.lr,
    };
  }

  let away = 0;
  let falls = 0;
  for (let k = from + 1; k <= held; k++) {
    if (record.pointNorms[k]! > record.pointNorms[k - 1]!) away++;
    if (values[k]! < values[k - 1]!) falls++;
  }
  // Moving away and down for a while is also how a far minimum is approached (sin(x)/x from 9 at lr 0.01
  // creeps 0.1 in 100 steps): only a run that also went far, from the oldest iterate held, or fell far from
  // its start is called so.
  const moved = record.pointNorms[held]! - record.pointNorms[0]!;
  const far = moved >= Math.max(1, record.pointNorms[0]!) || first - last >= Math.max(1, Math.abs(first));
  if (
    far &&
    away >= 0.9 * window &&
    falls >= 0.9 * window &&
    record.gradientNormEnd >= record.gradientNormStart
  ) {
    return {
      status: 'diverged',
      message: `the iterates run away (‖x‖ grew to ${formatNumber(record.pointNorms[held]!, 4)}) while the value keeps falling, to ${formatNumber(last, 4)} ${limit}, and the gradient does not shrink: the function appears unbounded below`,
      suggestedLr: null,
    };
  }

  const settled = record.gradientNormEnd <= 1e-6 * Math.max(1, record.gradientNormStart);
  const noProgress = bestIn >= bestBefore - 1e-12 * scale;
  // Bouncing without a trend, though a landing now and then sets a new best: the value rises often and
  // stays, on average, as far above the window's best in its second half as in its first (gradient
  // descent from 1 on sqrt(|x|) at lr 0.1 slides toward the cusp, overshoots and slides back, for ever).
  const half = Math.floor(window / 2);
  let early = 0;
  let late = 0;
  for (let k = 1; k <= half; k++) {
    early += values[from + k]! - bestIn;
    late += values[held - half + k]! - bestIn;
  }
  const bouncing = !settled && rises >= 0.1 * window && reversed >= 0.2 * window && late >= 0.5 * early;
  if (bouncing && !(noProgress && reversed >= 0.5 * window)) {
    return {
      status: 'oscillating',
      message: `the iterates bounce back and forth without settling: ${reversed} of the last ${window} steps reversed direction, the value rose in ${rises} of them and stayed between ${formatNumber(bestIn, 4)} and ${formatNumber(worstIn, 4)}, on average no lower at the end than at the start${advice.text}`,
      suggestedLr: advice.lr,
    };
  }
  if (noProgress && !settled) {
    if (reversed >= 0.5 * window) {
      return {
        status: 'oscillating',
        message: `the iterates bounce back and forth with no progress: ${reversed} of the last ${window} steps reversed direction and ${formatNumber(bestIn, 4) === formatNumber(worstIn, 4) ? `the value stayed at ${bestIn === worstIn ? '' : 'about '}${formatNumber(bestIn, 4)}` : `the value stayed between ${formatNumber(bestIn, 4)} and ${formatNumber(worstIn, 4)}`}${advice.text}`,
        suggestedLr: advice.lr,
      };
    }
    // Falling all the while, yet above a value met before: the run left lower ground. A run that turned
    // back after its best overshot it (momentum on x⁴ from 1 at lr 0.01 passes 0, climbs to −0.375 and
    // creeps back); one that never turned was carried off (1/x from −1 at lr 0.1 reaches −2.919 at
    // −0.3426, then jumps across the pole to 0.51 and slides down toward 0 from above).
    const sliding = falls >= 0.9 * window;
    let bestAt = -1;
    for (let k = 0; k <= held; k++)
      if (values[k]! <= best && (bestAt < 0 || values[k]! < values[bestAt]!)) bestAt = k;
    let turned = false;
    for (let k = bestAt + 1; bestAt >= 0 && k <= held; k++) if (reversals[k]) turned = true;
    const metAt = bestAt < 0 ? 'earlier' : `at iteration ${steps - held + bestAt}`;
    const cause = turned
      ? `the run overshot lower ground (${withMomentum.has(record.optimizer) ? 'momentum' : 'a long step'} carried it past) and turned back, and the slope back is shallow (gradient norm ${formatNumber(record.gradientNormEnd, 4)}), so it returns slowly`
      : bestAt < 0
        ? 'the run left lower ground and has not come back'
        : `a step carried the run off lower ground and it never turned back (across a pole, a ridge or an edge of f's domain)`;
    return {
      status: 'stalled',
      message: sliding
        ? `no progress in the last ${window} steps: the value fell in ${falls} of them, to ${formatNumber(last, 4)}, yet stays above the best value ${formatNumber(best, 4)} met ${metAt} — ${cause}`
        : `no progress in the last ${window} steps (best value ${formatNumber(best, 4)}) while the gradient norm is still ${formatNumber(record.gradientNormEnd, 4)}`,
      suggestedLr: null,
    };
  }

  let slow = '';
  let misleading = false;
  if (
    lr !== null &&
    record.curvature !== null &&
    record.curvature > 0 &&
    curvatureBound.has(record.optimizer)
  ) {
    const L = record.curvature;
    const fastest = 1 / L;
    // Where the curvatures are at most L, a gradient step of lr < 1/L shrinks the gradient by at least
    // 1 − lr·L a step (each eigen-component by 1 − lr·λ). One that shrank far faster met larger
    // curvature on the way, and L is no guide to a faster rate: tanh from 1 at lr 0.5 passes
    // tanh″ = 0.77 at −0.66, while L = 0.001 where the run did best.
    // Past lr·L = 1 no shrink is promised: 1 − lr·L < 0 would make the floor's sign follow the step count.
    const floor = record.gradientNormStart * Math.max(0, 1 - lr * L) ** steps;
    const representative = record.optimizer !== 'gd' || record.gradientNormEnd >= 0.5 * floor;
    // In a bowl the gradient shrinks geometrically, to about that floor; one that faded far more
    // slowly (exp(x) from 0 at lr 0.1: 0.0099 against 0.9^1000 = 1.7e-46) is on a plateau, where a
    // larger rate finds no minimum either.
    const plateau = record.optimizer === 'gd' && record.gradientNormEnd > 100 * floor;
    misleading = !representative || plateau;
    if (lr < 0.2 * fastest && !misleading) {
      slow = `; lr ${formatNumber(lr, 4)} is small for the curvature L = ${formatNumber(L, 4)} met along the way (stable below 2/L = ${formatNumber(2 / L, 4)}, fastest near 1/L = ${formatNumber(fastest, 4)})`;
    }
  }
  // Moving steadily outward while f falls and its gradient fades, faster than a bowl of the curvature
  // met allows: f may have no minimum that way (tanh(x) toward −∞, exp(−x²) toward ±∞), only a value
  // it approaches.
  const bowl = record.curvature !== null && record.curvature > 0 && !misleading;
  if (
    !bowl &&
    lr !== null &&
    record.gradientNormEnd <= 0.1 * record.gradientNormStart &&
    away >= 0.9 * window &&
    falls >= 0.9 * window &&
    reversed <= 0.1 * window
  ) {
    const across = record.curvatureAtBest ?? null;
    const outward = `the iterates move steadily outward (‖x‖ from ${formatNumber(record.pointNorms[from]!, 4)} to ${formatNumber(record.pointNorms[held]!, 4)} in the last ${window} steps) while f falls ever more slowly and its gradient fades (from ${formatNumber(record.gradientNormStart, 4)} to ${formatNumber(record.gradientNormEnd, 4)})`;
    // A plateau is flat at the scale of a step in every direction (tanh far out: lr·L = 0.0005); where the
    // best point still curves steeply one way (Rosenbrock's valley: L ≈ 500 at lr 0.001), the run is held in
    // a narrow valley whose floor falls gently, and the minimum may well lie ahead.
    slow =
      across !== null && lr * across >= 0.01
        ? `; ${outward}, yet f curves steeply across the way the run goes (L = ${formatNumber(across, 4)} at the best point, so lr stays below 2/L = ${formatNumber(2 / across, 4)}): a narrow valley whose floor falls gently, which gd follows slowly — momentum or lbfgs go faster along it`
        : `; ${outward}: f may have no minimum this way, only a lower value it approaches as ‖x‖ grows, which no learning rate reaches`;
  }
  return {
    status: 'max-iterations',
    message: `still descending ${limit}: the value fell from ${formatNumber(first, 4)} to ${formatNumber(last, 4)}, gradient norm ${formatNumber(record.gradientNormEnd, 4)}${slow}`,
    suggestedLr: null,
  };
}

function suggestion(record: RunRecord): { lr: number | null; text: string } {
  const lr = record.learningRate;
  if (lr === null) return { lr: null, text: '' };
  const L = record.curvature;
  if (curvatureBound.has(record.optimizer) && L !== null && L > 0 && Number.isFinite(L)) {
    const stable = 2 / L;
    // A rate the curvature calls stable but that already failed says the curvature was misread:
    // only a rate below the failing one is worth suggesting.
    if (1 / L >= lr) {
      return {
        lr: lr / 10,
        text: `; the curvature L = ${formatNumber(L, 4)} met along the way allows lr up to 2/L = ${formatNumber(stable, 4)}, yet lr ${formatNumber(lr, 4)} failed — try lr ${formatNumber(lr / 10, 4)}`,
      };
    }
    // Where the curvature is L a gradient step multiplies the distance to the minimum by 1 − lr·L: −1 at
    // lr·L = 2, a bounce for ever (x² at lr 1), and beyond −1 above it. Momentum's factor is another.
    const product = lr * L;
    const met = `the curvature L = ${formatNumber(L, 4)} met along the way`;
    const why =
      record.optimizer !== 'gd' || product < 2 - 1e-9
        ? `lr ${formatNumber(lr, 4)} is ${lr >= stable ? 'at or above' : 'near'} the stable limit 2/L = ${formatNumber(stable, 4)} for ${met}`
        : product <= 2 + 1e-9
          ? `lr ${formatNumber(lr, 4)} is the stable limit 2/L = ${formatNumber(stable, 4)} for ${met}: lr·L = 2, so each step there multiplies the distance to the minimum by 1 − lr·L = −1 and the iterates bounce between the same two points for ever`
          : `lr ${formatNumber(lr, 4)} is above the stable limit 2/L = ${formatNumber(stable, 4)} for ${met}: lr·L = ${formatNumber(product, 4)} > 2, so each step there multiplies the distance to the minimum by |1 − lr·L| = ${formatNumber(product - 1, 4)} > 1 and the run cannot settle there`;
    return { lr: 1 / L, text: `; ${why} — try lr ${formatNumber(1 / L, 4)}` };
  }
  if (curvatureBound.has(record.optimizer)) return { lr: null, text: '' };
  // Adaptive methods step about lr per coordinate whatever the curvature: a tenth is the usual cure.
  return {
    lr: lr / 10,
    text: `; ${record.optimizer}'s steps are about lr = ${formatNumber(lr, 4)} long, too long here — try lr ${formatNumber(lr / 10, 4)}`,
  };
}
