// Tour 002 (seed 002, "Understanding Gradient Descent"): x² − 4x + 1 at four learning rates, why, convexity, and sick gradients.

import { num } from '../dom.js';
import type { RunSpec } from '../state.js';
import { analysis, expression, gdRun, slopeAt, valueAt } from './library.js';
import type { Tour, TourStep } from './tour.js';
import { b, display, p, table, tex, texNum } from './words.js';

const f = 'x^2 - 4*x + 1';
const start = 9;
const iter = 100;
const domain: [number, number] = [-6, 10];
const gd = (lr: number): RunSpec => ({ optimizer: 'gd', lr, settings: {} });
const race = (...rates: number[]) => ({
  mode: '1d' as const,
  f,
  start: `x=${start}`,
  domain: `x=${domain[0]}:${domain[1]}`,
  iter,
  runs: rates.map(gd),
});

const facts = () => analysis(f, [domain]);
const minimum = () => facts().minima[0]!;
const run = (lr: number) => gdRun(f, [start], lr, iter);
const path = (lr: number, count: number): string =>
  run(lr)
    .xs.slice(0, count)
    .map((x) => num(x))
    .join(' → ');

const plot = { selector: '[data-testid="plot"] .plot-frame:first-child', label: 'f and the run' };
const statusLine = { selector: '[data-testid="status"]', label: 'the run’s status' };
const rateInputs = { selector: '.setting[data-control="lr"]', label: 'learning rate' };

function rule(): TourStep {
  return {
    title: 'The function and the rule',
    setup: race(0.01),
    highlight: [
      { selector: '[data-testid="formula"]', label: 'f and its derivative' },
      { selector: '[data-control="expr"]', label: 'the function' },
      { selector: '[data-control="start"]', label: 'the start' },
    ],
    body() {
      const x1 = run(0.01).xs[1]!;
      const m = minimum();
      return [
        p(
          'Gradient descent finds the lowest point of a function by walking downhill. Each step moves the parameter against the gradient, by the learning rate α times the gradient:',
        ),
        display('\\theta_{i+1} = \\theta_i - \\alpha\\,\\nabla J(\\theta_i)'),
        p(
          'Here the parameter is one number x and the function is ',
          tex(`f(x) = ${expression(f).latex}`),
          '. Its gradient is the derivative ',
          tex(`f'(x) = ${expression(f).gradientLatex().x}`),
          `. The lowest point is at x = ${num(m.point.x)}, where f = ${num(m.value)}.`,
        ),
        p(
          `Start at x = ${start}. There the slope is f′(${start}) = ${num(slopeAt(f, start))}, so with α = 0.01 the first step goes to `,
          tex(`${start} - 0.01 \\times ${texNum(num(slopeAt(f, start)))} = ${texNum(num(x1))}`),
          '.',
        ),
      ];
    },
  };
}

function slow(): TourStep {
  return {
    title: 'α = 0.01: slow',
    setup: race(0.01),
    highlight: [plot, rateInputs, statusLine],
    body() {
      const r = run(0.01);
      const last = r.xs.at(-1)!;
      return [
        p(
          `With α = 0.01 every step is small: ${path(0.01, 4)} … After ${r.summary.iterations} steps x is `,
          b(num(last)),
          ` and f is ${num(r.summary.value)} — still above the minimum ${num(minimum().value)} at x = ${num(minimum().point.x)}.`,
        ),
        p(
          'The page says ',
          b(r.summary.status),
          ': it stopped at the step limit while still going downhill. A learning rate that is too small is safe, but slow.',
        ),
      ];
    },
  };
}

function zigzag(): TourStep {
  return {
    title: 'α = 0.9: zig-zag',
    setup: race(0.9),
    highlight: [plot, rateInputs, statusLine],
    body() {
      const r = run(0.9);
      return [
        p(
          `With α = 0.9 each step jumps over the minimum to the other side: ${path(0.9, 5)} … Every landing is closer to x = ${num(minimum().point.x)} than the one before, so the zig-zag closes in.`,
        ),
        p('The page says ', b(r.summary.status), `: ${r.summary.message}.`),
      ];
    },
  };
}

function bounce(): TourStep {
  return {
    title: 'α = 1.0: a bounce for ever',
    setup: race(1),
    highlight: [plot, rateInputs, statusLine, { selector: '[data-testid="verdict"]', label: 'why' }],
    body() {
      const r = run(1);
      const [x0, x1] = [r.xs[0]!, r.xs[1]!];
      return [
        p(
          `With α = 1.0 the walk goes ${path(1, 6)} … It jumps from ${num(x0)} to ${num(x1)} and straight back, for ever. Both points have the same height, f(${num(x0)}) = f(${num(x1)}) = ${num(valueAt(f, x0))}: it never gets closer to the minimum, and never further away.`,
        ),
        p(
          'The page calls this run ',
          b(r.summary.status),
          ': a bounce, not a divergence. The text’s animation at 1.0, and its closing sentence that it “may eventually diverge”, leave the impression that 1.0 runs away. Run it for as long as you like: it keeps bouncing between the same two points. Running away takes a rate above 1.0 — the next step.',
        ),
      ];
    },
  };
}

function diverge(): TourStep {
  return {
    title: 'α = 1.01: diverges',
    setup: race(1.01),
    highlight: [plot, rateInputs, statusLine],
    body() {
      const r = run(1.01);
      return [
        p(
          `Just above 1.0 the bounce grows: ${path(1.01, 5)} … Each landing is a little further out than the last, and after ${r.summary.iterations} steps f is ${num(r.summary.value)}.`,
        ),
        p(
          'The page says ',
          b(r.summary.status),
          '. This — not 1.0 — is what the text means by overshooting and diverging.',
        ),
      ];
    },
  };
}

function why(): TourStep {
  const rates = [0.01, 0.5, 0.9, 1, 1.01];
  return {
    title: 'Why: each step multiplies x − 2 by 1 − 2α',
    setup: race(...rates),
    highlight: [plot, { selector: '.legend', label: 'all five runs' }, statusLine],
    body() {
      const m = minimum().point.x!;
      const rows = rates.map((lr) => {
        const r = run(lr);
        const ratio = (r.xs[1]! - m) / (r.xs[0]! - m);
        return [num(lr), num(1 - 2 * lr), num(ratio), r.summary.status];
      });
      return [
        p('Put the derivative into the rule and measure the distance from the minimum x = 2:'),
        display('x_{\\text{new}} - 2 = x - \\alpha\\,(2x - 4) - 2 = (1 - 2\\alpha)\\,(x - 2)'),
        p(
          'So every step multiplies the distance to the minimum by the same factor 1 − 2α. If its size is below 1 the distance shrinks (a negative factor means it changes side: the zig-zag). At exactly −1 — α = 1 — the distance keeps its size and only flips sign: the bounce. Above 1 in size it grows: divergence.',
        ),
        table(
          'The factor, and what the library measured on its first step',
          ['α', '1 − 2α', '(x₁ − 2) / (x₀ − 2), measured', 'status'],
          rows,
        ),
        p(
          `The library’s analysis says the same from the curvature f″ = ${num(facts().curvature.max)}: rates are stable below 2/f″ = ${num(facts().learningRate.stableBelow)}, and fastest at 1/f″ = ${num(facts().learningRate.fastest)}, where the factor is 0 and one step lands on the minimum.`,
        ),
      ];
    },
  };
}

function tryIt(): TourStep {
  return {
    title: 'Try it yourself',
    setup: race(0.01, 0.9, 1, 1.01),
    highlight: [
      rateInputs,
      { selector: '[data-control="expr"]', label: 'type your own' },
      { selector: '[data-testid="run-button"]', label: 'run and watch' },
    ],
    body() {
      return [
        p(
          'The page is yours now: the four rates of the text race from x = 9. Press “Run and play” to watch them step by step.',
        ),
        p(
          'Things to try: set a rate to 0.5 and see it land in one step; try 0.99 and 1.001 on either side of the bounce; click the curve to start somewhere else (the factor 1 − 2α does not care where); type x^4 - 3*x^2 and find a start that ends in the other valley.',
        ),
      ];
    },
  };
}

export const tour002: Tour = {
  id: '002',
  title: 'Learning rates on x² − 4x + 1, convexity, and gradients that vanish or explode',
  source: 'Understanding Gradient Descent',
  steps: [rule(), slow(), zigzag(), bounce(), diverge(), why(), tryIt()],
};
