// minimize(): the descent loop θ ← θ + step(θ) with stopping rules and an honest verdict on the run.

import { falseMinimum } from '../diagnose/descent-probe.js';
import { nondifferentiablePoints } from '../diagnose/nondifferentiable.js';
import { judgeRun } from '../diagnose/run-verdict.js';
import { InputError } from '../errors.js';
import type { Expression } from '../expr/expression.js';
import { formatNumber } from '../numeric/format.js';
import { symmetricEigen } from '../numeric/symmetric-eigen.js';
import { allFinite, norm } from '../numeric/vector.js';
import { gdSpec } from '../optim/gd.js';
import type { Method, Objective } from '../optim/method.js';
import { methodFromSpec } from '../optim/method-from-spec.js';
import { reuseLastEvaluation } from '../optim/reuse-last-evaluation.js';
import type { Differentiability } from '../record/differentiability.js';
import type { MinimizeResult, RunStatus } from '../record/run-result.js';
import { checkSetting } from '../setting.js';
import type { Minimizable } from './minimizable.js';
import { refuseUnknownOptions } from './option-names.js';
import { RecentSteps } from './recent-steps.js';
import { trainSettings } from './settings.js';
import { type TensorFunction, tensorObjective } from './tensor-objective.js';
import { ThinnedRecord } from './thinned-record.js';

/**
 * minimize's options: the start, the optimizer, the step limit and tolerance, and what to record along the way.
 *
 * @example
 * const options: MinimizeOptions = { start: Float64Array.of(9), method: createMethod('gd', { learningRate: 0.1 }), maxIterations: 200, tol: 1e-10 };
 * minimize(compileExpression('x^2 - 4*x + 1'), options).point; // → [2.00000]
 */
export interface MinimizeOptions {
  /** Where to start; zeros when left out. */
  start?: Float64Array;
  /** The optimizer; gradient descent at PyTorch's default rate (createMethod('gd')) when left out. */
  method?: Method;
  /** Steps at most (setting maxIter, default 1000); 0 evaluates the start only. */
  maxIterations?: number;
  /** Stop when a step or the gradient norm falls below it (default 1e-8); 0 turns the test off. */
  tol?: number;
  /**
   * Record the iterates in `result.path` (for plots): every one up to `pathLimit`, then an evenly
   * thinned set that keeps the start, the end and the extremes, so memory stays bounded.
   */
  recordPath?: boolean;
  /** Iterates `result.path` holds before it is thinned (default 5000; it holds at most about twice that). */
  pathLimit?: number;
  /**
   * Hears every iterate, the start included (iteration 0), to stream the whole path (a trace file)
   * without keeping it: read `x` during the call, it changes afterwards.
   */
  onIterate?: (iteration: number, x: Float64Array, value: number, gradientNorm: number) => void;
}

const optionNames: readonly string[] = [
  'start',
  'method',
  'maxIterations',
  'tol',
  'recordPath',
  'pathLimit',
  'onIterate',
] satisfies readonly (keyof MinimizeOptions)[];

/**
 * Runs an optimizer on a function until a stopping rule fires: the step size falls below `tol`
 * (seed 001's rule), the gradient norm falls below `tol`, or `maxIterations` is used up — then judges
 * the run: `diverged` from sustained growth (not only overflow), `oscillating` for bouncing without
 * progress, `stalled` for steps that stopped while the gradient did not vanish.
 *
 * @example
 * const f = compileExpression('x^2 - 4*x + 1');
 * const run = minimize(f, { start: new Float64Array([9]), method: createMethod('gd', { learningRate: 0.1 }) });
 * run.status; // → 'converged'
 * run.point; // → [2.0000]
 * // Or a function of autodiff tensors (gradient by reverse mode, newton's Hessian by nesting):
 * minimize((v) => autodiff.sum(autodiff.square(v)), { start: Float64Array.of(3, 4), method: createMethod('newton') }).point; // → [0, 0]
 */
export function minimize(fn: Minimizable | TensorFunction, options: MinimizeOptions = {}): MinimizeResult {
  refuseUnknownOptions('minimize', options, optionNames, (key) =>
    key === 'maxIter' ? ' (the iteration limit is maxIterations)' : '',
  );
  if (typeof fn === 'function' && options.start === undefined) {
    throw new InputError(
      (name) => `${name('start')}: a function of tensors needs a start, which gives its number of variables`,
      { key: 'start' },
    );
  }
  const given: unknown = options.start;
  if (given !== undefined && (typeof given !== 'object' || given === null || !('length' in given))) {
    throw new InputError(
      (name) => `${name('start')}: expected the coordinates as numbers, got ${JSON.stringify(given)}`,
      {
        key: 'start',
      },
    );
  }
  const f = typeof fn === 'function' ? tensorObjective(fn, options.start!.length) : fn;
  const n = f.dimension ?? f.variables?.length ?? options.start?.length ?? 0;
  const variables = f.variables ?? Array.from({ length: n }, (_, i) => `x${i + 1}`);
  const chosen: unknown = options.method;
  if (
    chosen !== undefined &&
    (typeof chosen !== 'object' || chosen === null || typeof (chosen as Method).step !== 'function')
  ) {
    const hint = typeof chosen === 'string' ? ` (createMethod(${JSON.stringify(chosen)}) makes one)` : '';
    throw new InputError(`method: expected a Method${hint}, got ${JSON.stringify(chosen)}`, {
      key: 'method',
    });
  }
  // gd from its own spec, not by name: a bundle that never names another optimizer carries none.
  const method = options.method ?? methodFromSpec(gdSpec);
  const maxIterations = checkSetting(
    trainSettings.maxIter,
    options.maxIterations ?? trainSettings.maxIter.default,
  );
  const tol = checkSetting(trainSettings.tol, options.tol ?? trainSettings.tol.default);
  const evaluations = { value: 0, gradient: 0, hessian: 0 };
  const counted: Objective = {
    dimension: n,
    value(x) {
      evaluations.value++;
      return f.value(x);
    },
    valueAndGradient(x, grad) {
      evaluations.value++;
      evaluations.gradient++;
      return f.valueAndGradient(x, grad);
    },
    ...(f.hessian && {
      hessian(x: Float64Array, out: Float64Array) {
        evaluations.hessian++;
        f.hessian!(x, out);
      },
    }),
  };
  // A line search has already evaluated the point it accepts: the loop gets it from memory, uncounted.
  const objective = reuseLastEvaluation(counted);

  const x = options.start ? Float64Array.from(options.start) : new Float64Array(n);
  if (x.length !== n) {
    throw new InputError(
      (name) =>
        `${name('start')}: ${x.length} coordinate${x.length === 1 ? '' : 's'} for a function of ${n} variable${n === 1 ? '' : 's'}`,
      {
        key: 'start',
      },
    );
  }
  const bad = x.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new InputError(
      (name) =>
        `${name('start')}: ${variables[bad]} must start at a finite number, got ${formatNumber(x[bad]!)}`,
      { key: 'start' },
    );
  }
  const g = new Float64Array(n);
  const previousG = new Float64Array(n);
  const previousStep = new Float64Array(n);
  const stepBuffer = new Float64Array(n);
  const recent = new RecentSteps();
  // A row per iterate: the coordinates, the value and the gradient norm; the picture's frame comes
  // from the extremes of the value and of the first two coordinates, so thinning keeps those.
  const path = options.recordPath
    ? new ThinnedRecord(n + 2, {
        ...(options.pathLimit !== undefined && { limit: options.pathLimit }),
        tracked: [n, ...(n <= 2 ? Array.from({ length: n }, (_, i) => i) : [])],
      })
    : null;
  const row = path ? new Float64Array(n + 2) : null;
  const onIterate = options.onIterate;

  let value = objective.valueAndGradient(x, g);
  let gradientNorm = norm(g);
  const gradientNormStart = gradientNorm;
  let iterations = 0;
  let reversedStep = false;
  const record = (): void => {
    recent.push(value, norm(x), reversedStep);
    if (path && row) {
      row.set(x);
      row[n] = value;
      row[n + 1] = gradientNorm;
      path.push(iterations, row);
    }
    onIterate?.(iterations, x, value, gradientNorm);
  };
  record();

  const start = Float64Array.from(x);
  const startValue = value;
  const best = Float64Array.from(x);
  let bestValue = value;
  let state = method.init(x, objective);
  // Secant curvatures |Δg|/|Δx|: of the first step, and the largest among steps that stay within the
  // start's sublevel set — where a stable run lives — so a blow-up's huge values do not count.
  let firstSecant: number | null = null;
  let insideSecant: number | null = null;
  let ended: { status: RunStatus; message: string } | null = null;
  const after = (): string => `after ${iterations} iteration${iterations === 1 ? '' : 's'}`;

  while (ended === null) {
    if (!Number.isFinite(value) || !allFinite(x) || !allFinite(g)) {
      ended = { status: 'diverged', message: leftFinite(f, start, x, value, previousStep, iterations) };
      break;
    }
    if (tol > 0 && gradientNorm <= tol) {
      ended = { status: 'converged', message: `gradient norm fell below ${tol} ${after()}` };
      break;
    }
    if (iterations >= maxIterations) break;

    let step: Float64Array = stepBuffer;
    if (method.stepInto !== undefined) state = method.stepInto(x, value, g, state, objective, stepBuffer);
    else [step, state] = method.step(x, value, g, state, objective);
    const stepNorm = norm(step);
    let dot = 0;
    let moved = false;
    for (let i = 0; i < n; i++) {
      dot += step[i]! * previousStep[i]!;
      previousStep[i] = step[i]!;
      previousG[i] = g[i]!;
      const next = x[i]! + step[i]!;
      if (next !== x[i]) moved = true;
      x[i] = next;
    }
    iterations++;
    reversedStep = dot < 0;
    const valueBefore = value;
    value = objective.valueAndGradient(x, g);
    gradientNorm = norm(g);
    if (stepNorm > 0) {
      let dg = 0;
      for (let i = 0; i < n; i++) dg += (g[i]! - previousG[i]!) ** 2;
      const secant = Math.sqrt(dg) / stepNorm;
      if (Number.isFinite(secant)) {
        firstSecant ??= secant;
        if (valueBefore <= startValue && value <= startValue)
          insideSecant = Math.max(insideSecant ?? 0, secant);
      }
    }
    if (value < bestValue) {
      bestValue = value;
      best.set(x);
    }
    record();

    if (!moved && Number.isFinite(value)) {
      ended =
        gradientNorm <= 1e-6 * Math.max(1, gradientNormStart)
          ? {
              status: 'converged',
              message: `reached a fixed point ${after()}: the steps no longer change x in floating point`,
            }
          : {
              status: 'stalled',
              message: frozenStep(method.info.name, gradientNorm, after()),
            };
    } else if (tol > 0 && stepNorm <= tol && Number.isFinite(value)) {
      const small = gradientNorm <= Math.sqrt(tol) * (1 + Math.abs(value));
      ended = small
        ? { status: 'converged', message: `step size fell below ${tol} ${after()}` }
        : {
            status: 'stalled',
            message: `steps fell below ${tol} ${after()} while the gradient norm is still ${formatNumber(gradientNorm, 4)}: the steps are too small to make progress`,
          };
    }
  }

  if (ended?.status === 'converged' && iterations >= 4) {
    const { reversed, of } = recent.reversals();
    if (reversed >= 0.5 * of)
      ended.message += `; it zig-zagged: ${reversed} of ${of === iterations ? '' : 'the last '}${of} steps reversed direction`;
  }

  // Where the run ended without an ordinary gradient, the function's tree can say why (expressions do).
  const why = allFinite(x) ? (f.differentiability?.(x) ?? null) : null;
  if (why?.kind === 'undefined' && ended !== null) {
    ended.message = ended.message.replace(/where f is not defined$/, `$& (${why.cause})`);
    if (!ended.message.includes(why.cause)) ended.message += ` (${why.cause})`;
  } else if (why !== null && ended?.status === 'diverged' && Number.isFinite(value) && !allFinite(g)) {
    // The gradient failed, not the run: a start at sqrt's 0 is no divergence.
    ended =
      why.kind !== 'overflow'
        ? { status: 'stalled', message: noDirection(why, after()) }
        : iterations === 0
          ? {
              status: 'stalled',
              message: `no step was taken: ${why.reason} — start nearer the minimum or rescale the function`,
            }
          : { status: 'diverged', message: `the gradient is not finite ${after()}: ${why.reason}` };
  }

  // A run that stepped out of f's domain across an edge f falls towards, where its slope is unbounded
  // (sqrt at 0) or f itself is (log at 0): no fixed rate gets there, so no rate is suggested.
  const edge =
    why?.kind === 'undefined' && ended?.status === 'diverged' && Number.isNaN(value) && iterations > 0
      ? steepEdge(
          f,
          Float64Array.from(x, (v, i) => v - previousStep[i]!),
          x,
        )
      : null;

  const rate = method.learningRate?.(iterations, state);
  if (ended?.status === 'stalled' && method.info.schedule !== undefined && rate !== undefined) {
    const base = method.info.lr;
    if (typeof base !== 'number' || rate < base) {
      ended.message += `; the schedule brought the learning rate down to ${formatNumber(rate, 3)}`;
    }
  }
  // The Hessian's top eigenvalue where the run did best: the curvature there, a valley's steepness, or a cusp's sign.
  const topAtBest = topEigenvalue(f, best);
  const exact = maxPositive([topEigenvalue(f, start), topAtBest]);
  const curvature = exact ?? insideSecant ?? firstSecant;
  const learningRate = typeof method.info.lr === 'number' ? method.info.lr : null;
  let suggestedLr: number | null = null;
  if (ended?.status === 'diverged' && !Number.isFinite(startValue)) {
    ended.message = `the function is not finite at the start: its value is ${formatNumber(startValue)}`;
  } else if (ended === null) {
    const verdict = judgeRun({
      ...recent.view(),
      gradientNormStart,
      gradientNormEnd: gradientNorm,
      curvature,
      curvatureAtBest: maxPositive([topAtBest]),
      learningRate,
      optimizer: method.info.name,
    });
    ended = verdict;
    suggestedLr = verdict.suggestedLr;
    // The gradient jumps where the Hessian says the function is flat on both sides: a kink (abs).
    const secant = insideSecant ?? firstSecant;
    if (
      verdict.status === 'oscillating' &&
      f.hessian &&
      secant !== null &&
      (exact === null || 10 * exact < secant)
    ) {
      const at = variables.map((name, i) => `${name} = ${formatNumber(best[i]!, 4)}`).join(', ');
      suggestedLr = learningRate === null ? null : learningRate / 10;
      // Concave where the run came closest: a cusp (sqrt(|x|) at 0), whose slope grows toward the point; else a corner (|x|).
      const kink =
        topAtBest !== null && topAtBest < 0
          ? 'a cusp, where f is concave on both sides and its slope grows without bound toward the point'
          : 'a corner, with no curvature on either side';
      ended = {
        status: 'oscillating',
        message: `the iterates bounce back and forth across a kink near ${at}: the gradient jumps there (${kink}), so no fixed learning rate converges to the point exactly — the bounce is about lr × |gradient| wide${learningRate === null ? '' : `; a step schedule that decays the rate, or a smaller rate such as ${formatNumber(learningRate / 10, 4)}, narrows it`}`,
      };
    }
  } else if (ended.status === 'diverged' && edge !== null) {
    ended.message += `; ${edge}`;
  } else if (ended.status === 'diverged' && value === Number.NEGATIVE_INFINITY) {
    // Falling to −∞ is f's doing, not the step's: a smaller rate only takes longer (x³, −eˣ, log at 0).
    ended.message +=
      '; f is unbounded below along the run, so there is no minimum there for any learning rate to reach';
  } else if (ended.status === 'diverged' && learningRate !== null && curvature !== null && curvature > 0) {
    // Only a rate below the one that failed: the curvature's 1/L where that is smaller, else a tenth.
    suggestedLr = 1 / curvature < learningRate ? 1 / curvature : learningRate / 10;
    const L = formatNumber(curvature, 4);
    const lr = formatNumber(learningRate, 4);
    // Plain gradient descent's limit is 2/L exactly (seed 002): a step multiplies the distance by |1 − lr·L|.
    ended.message +=
      method.info.name === 'gd' && learningRate >= 2 / curvature
        ? `; lr ${lr} is ${learningRate > 2 / curvature ? 'above' : 'at'} the stable limit 2/L = ${formatNumber(2 / curvature, 4)} for the curvature L = ${L} met along the way (each step there multiplies the distance to the minimum by |1 − lr·L| = ${formatNumber(Math.abs(1 - learningRate * curvature), 4)}) — try lr ${formatNumber(suggestedLr, 4)}`
        : 1 / curvature < learningRate
          ? `; the curvature L = ${L} met along the way makes lr below 2/L stable — try lr ${formatNumber(suggestedLr, 4)}`
          : `; lr ${lr} took steps too long for the function's shape here — try lr ${formatNumber(suggestedLr, 4)}`;
  }

  if (ended.status === 'converged' && why === null && Number.isFinite(value)) {
    // A vanishing gradient is not yet a minimum: eˣ's underflows on the way to its infimum 0.
    const probe = falseMinimum((p) => f.value(p), x, g, variables);
    if (probe !== null)
      ended = { status: 'stalled', message: `${ended.message}, yet this is no minimum: ${probe.reason}` };
  }

  if (why !== null) ended = withDifferentiability(ended, why, gradientNorm);
  else if (ended.status === 'stalled' && allFinite(x)) {
    // Stopped a hair beside a kink (newton on abs(x) + abs(y) ends 1e-9 off it): the gradient there is
    // ordinary, so the point itself has nothing to say; the kink next to it does.
    const beside = kinkBeside(f, x, norm(previousStep));
    if (beside !== null) {
      ended = {
        ...ended,
        message: `${ended.message}; it stopped ${formatNumber(beside.distance, 3)} from a point where f has no gradient — ${beside.why.reason}`,
      };
    }
  }

  const result: MinimizeResult = {
    status: ended.status,
    message: ended.message,
    variables,
    point: x,
    value,
    gradient: g,
    gradientNorm,
    iterations,
    evaluations,
    optimizer: method.info,
    suggestedLr,
    curvature,
    ...(why !== null && { differentiability: why }),
  };
  if (path) {
    const kept = path.state();
    const points = new Float64Array(path.length * n);
    for (let i = 0; i < path.length; i++) points.set(kept.rows.subarray(i * (n + 2), i * (n + 2) + n), i * n);
    result.path = {
      dimension: n,
      iterations: kept.steps,
      points,
      values: path.column(n),
      gradientNorms: path.column(n + 1),
    };
  }
  return result;
}

/**
 * What a run that left the finite numbers did: stepped out of the function's domain (a NaN value at a
 * finite point, as log(x) at x < 0), onto a pole or an overflow (±∞) — after iterates that ran away (x² at
 * lr 1.5 doubles ‖x‖ a step until x² overflows) or near where they began — or off to non-finite iterates.
 * `step` is the last step, so the point before it is x − step.
 */
function leftFinite(
  f: Minimizable,
  start: Float64Array,
  x: Float64Array,
  value: number,
  step: Float64Array,
  iterations: number,
): string {
  const after = `after ${iterations} iteration${iterations === 1 ? '' : 's'}`;
  if (!allFinite(x)) return `the iterates left the finite numbers ${after}`;
  const names = f.variables ?? Array.from(x, (_, i) => `x${i + 1}`);
  const point = (p: ArrayLike<number>): string =>
    names.map((name, i) => `${name} = ${formatNumber(p[i]!, 4)}`).join(', ') || 'the start';
  const before = Float64Array.from(x, (v, i) => v - step[i]!);
  const from = iterations > 0 ? ` from ${point(before)}` : '';
  if (Number.isNaN(value))
    return `the run left the function's domain ${after}: a step${from} reached ${point(x)}, where f is not defined`;
  if (!Number.isFinite(value)) {
    // Iterates that grew a millionfold before f overflowed ran away: that is the divergence, not a pole.
    const reach = norm(x);
    const origin = norm(start);
    if (iterations > 0 && reach >= 1e6 * Math.max(1, origin)) {
      const rate =
        origin > 0 ? ` (about ×${formatNumber((reach / origin) ** (1 / iterations), 3)} a step)` : '';
      return `the iterates grew without bound: ‖x‖ went from ${formatNumber(origin, 4)} to ${formatNumber(reach, 4)} in ${iterations} iteration${iterations === 1 ? '' : 's'}${rate}, until f's value at ${point(x)} overflowed to ${formatNumber(value)}`;
    }
    const overflow = f.differentiability?.(x)?.differentiable === true;
    return overflow
      ? `f's value overflowed to ${formatNumber(value)} at ${point(x)} ${after}`
      : `the value is ${formatNumber(value)} at ${point(x)} ${after}: the run reached a pole or overflowed`;
  }
  return `the gradient is not finite at ${point(x)} ${after}: the function is not differentiable there or its slope overflowed`;
}

/**
 * Where f stops being defined between `inside` (f finite) and `outside` (f not a number): the last
 * point before the edge, found by bisection and snapped to a round number within 1e-12 of the step
 * (0 rather than 5e-324). When f falls from `inside` towards that edge and, at it, f is −∞ (log at 0)
 * or has an unbounded slope (sqrt at 0), says so: every fixed rate steps across such an edge sooner or
 * later, since the slope grows faster than the distance left shrinks. Otherwise null.
 */
const FALL_SAMPLES = 64;

function steepEdge(f: Minimizable, inside: Float64Array, outside: Float64Array): string | null {
  if (!f.differentiability) return null;
  const fInside = f.value(inside);
  if (!Number.isFinite(fInside)) return null;
  const at = (t: number): Float64Array => Float64Array.from(inside, (v, i) => v + t * (outside[i]! - v));
  let a = 0;
  let b = 1;
  for (let k = 0; k < 200; k++) {
    const mid = a + (b - a) / 2;
    if (mid === a || mid === b) break;
    if (Number.isFinite(f.value(at(mid)))) a = mid;
    else b = mid;
  }
  const near = at(a);
  const snapped = near.map((v, i) => {
    const span = Math.abs(outside[i]! - inside[i]!);
    if (span === 0) return v;
    const step = 10 ** Math.floor(Math.log10(1e-12 * span));
    const rounded = Number((Math.round(v / step) * step).toPrecision(12)) + 0;
    return Math.abs(rounded - v) <= 1e-12 * span ? rounded : v;
  });
  const edge = f.value(snapped) === f.value(near) || !Number.isNaN(f.value(snapped)) ? snapped : near;
  const fEdge = f.value(edge);
  // f must fall all the way to the edge: a minimum on the way (sqrt(x) + 10(x − 1)² from 2.1) is one a
  // smaller rate reaches.
  let previous = fInside;
  for (let k = 1; k <= FALL_SAMPLES; k++) {
    const t = k / FALL_SAMPLES;
    const v = f.value(Float64Array.from(inside, (u, i) => u + t * (edge[i]! - u)));
    if (!(v <= previous + 1e-12 * Math.abs(previous))) return null;
    previous = v;
  }
  const why = f.differentiability(edge);
  const names = f.variables ?? Array.from(edge, (_, i) => `x${i + 1}`);
  const where = names.map((name, i) => `${name} = ${formatNumber(edge[i]!, 4)}`).join(', ');
  if (fEdge === Number.NEGATIVE_INFINITY) {
    return `f falls all the way from there to the edge of its domain at ${where}, without bound${
      why === null ? '' : ` (${why.cause})`
    }: along this path it has no minimum, and a fixed learning rate steps across the edge sooner or later`;
  }
  if (why?.kind === 'unbounded') {
    return `f falls all the way from there to the edge of its domain at ${where}, where its slope is unbounded (${why.cause}): a fixed learning rate steps across such an edge sooner or later, and f's lowest value along this path is at the edge itself, f = ${formatNumber(fEdge, 4)}`;
  }
  return null;
}

/**
 * The nearest point within a small box around x (100 times the last step, at least 1e-6 of x's size)
 * where f, an expression, has no ordinary gradient — a kink, a cusp, an edge (nondifferentiablePoints) —
 * and its distance from x; null for a function without a tree or with no such point that near.
 */
function kinkBeside(
  f: Minimizable,
  x: Float64Array,
  lastStep: number,
): { why: Differentiability; distance: number } | null {
  if (!isExpression(f)) return null;
  let size = 1;
  for (const v of x) size = Math.max(size, Math.abs(v));
  const radius = Math.max(1e-6 * size, 100 * lastStep);
  const box = Array.from(x, (v) => ({ lo: v - radius, hi: v + radius }));
  let nearest: { why: Differentiability; distance: number } | null = null;
  for (const why of nondifferentiablePoints(f, box)) {
    if (why.kind === 'undefined' || why.kind === 'overflow') continue;
    let squares = 0;
    f.variables.forEach((name, i) => {
      squares += (why.point[name]! - x[i]!) ** 2;
    });
    const distance = Math.sqrt(squares);
    if (nearest === null || distance < nearest.distance) nearest = { why, distance };
  }
  return nearest;
}

/** Whether f is a typed expression, whose syntax tree can be searched for the points without a gradient. */
function isExpression(f: Minimizable): f is Expression {
  return 'tree' in f && 'source' in f && Array.isArray(f.variables);
}

/** Why a run stopped at a point where the gradient is not finite because f has no slope there. */
function noDirection(why: Differentiability, after: string): string {
  const bottom = why.risesAlongEachVariable
    ? '; f rises from here along each variable (where it is defined), so the point is a minimum along each of them'
    : '';
  const stopped = after === 'after 0 iterations' ? 'no step was taken' : `the run stopped ${after}`;
  return `${stopped}: ${why.reason} — the gradient there is not a finite direction to step along${bottom}`;
}

/**
 * A verdict that names a point without an ordinary gradient where the run ended. A gradient the rules
 * picked at a kink (abs′(0) = 0) can read as converged where f still falls on one side: that is no
 * minimum, and the run is stalled, not converged.
 */
function withDifferentiability(
  ended: { status: RunStatus; message: string },
  why: Differentiability,
  gradientNorm: number,
): { status: RunStatus; message: string } {
  if (why.kind === 'undefined' || ended.message.includes(why.reason) || ended.message.includes(why.cause))
    return ended;
  if (!Number.isFinite(gradientNorm)) return { ...ended, message: `${ended.message}; ${why.reason}` };
  if (ended.status === 'converged' && why.risesAlongEachVariable === false) {
    return {
      status: 'stalled',
      message: `the gradient norm is ${formatNumber(gradientNorm, 4)} only because the derivative rules pick a slope where none exists: ${why.reason}; f falls from here along some variable, so the point is not a minimum`,
    };
  }
  const bottom = why.risesAlongEachVariable
    ? '; f rises on both sides of it along each variable, so the point is a minimum along each of them'
    : '';
  return {
    ...ended,
    message: `${ended.message}; ${why.reason} (the gradient shown is the slope the derivative rules pick there${bottom})`,
  };
}

/**
 * Why a run stopped moving while its gradient did not vanish. A gradient past about 1.3e154 has a
 * square beyond float64: adaptive methods divide by a running average of squares (which is then ∞)
 * and step 0; a line search meets ∞ on every trial step.
 */
function frozenStep(optimizer: string, gradientNorm: number, after: string): string {
  const size = formatNumber(gradientNorm, 4);
  if (gradientNorm > 1.3e154) {
    const how =
      optimizer === 'lbfgs' || optimizer === 'newton'
        ? 'its line search met ∞ on every trial step'
        : 'its running average of squared gradients overflowed to ∞';
    return `the optimizer made no move ${after}: the gradient norm is ${size}, whose square overflows float64 — ${optimizer}'s step became 0 because ${how}, not because a minimum was reached; start nearer the minimum or rescale the function`;
  }
  return `the optimizer made no move ${after} although the gradient norm is ${size}`;
}

/** The largest eigenvalue of f's Hessian at `point`, or null without exact second derivatives or a finite Hessian. */
function topEigenvalue(f: Minimizable, point: Float64Array): number | null {
  if (!f.hessian) return null;
  const n = point.length;
  const h = new Float64Array(n * n);
  f.hessian(point, h);
  return allFinite(h) ? Math.max(...symmetricEigen(h, n).values) : null;
}

/**
 * The largest of the positive curvatures given (the Hessian's top eigenvalue where the run began and
 * where it did best), or null: the curvature that bounds a stable gradient step (2/L), measured at
 * those points rather than estimated from steps that may have flown off.
 */
function maxPositive(tops: readonly (number | null)[]): number | null {
  let largest: number | null = null;
  for (const top of tops) if (top !== null && top > 0) largest = Math.max(largest ?? 0, top);
  return largest;
}
