// Tour 002 (seed 002, "Understanding Gradient Descent"): x² − 4x + 1 at four learning rates, why, convexity, and sick gradients.

import { explodingNorm } from '../../../src/index.js';
import { clause, num } from '../dom.js';
import type { RunSpec } from '../state.js';
import { analysis, expression, gdRun, slopeAt, valueAt } from './library.js';
import { tourTitle } from './list.js';
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
        p('The page says ', b(r.summary.status), `: ${clause(r.summary.message)}.`),
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

function secondDerivative(): TourStep {
  return {
    title: 'Convex, by the second derivative',
    setup: race(0.5),
    highlight: [
      { selector: '[data-testid="plot"] .plot-frame:nth-child(2)', label: 'f′ only rises' },
      { selector: '[data-testid="formula"]', label: 'f and f′' },
    ],
    body() {
      const a = facts();
      return [
        p(
          'Gradient descent is at its best on a convex function: a bowl, curving upwards everywhere, with one lowest point and no other valley to get stuck in. The simple test is the second derivative — the slope of the slope:',
        ),
        display("f''(x) > 0 \\ \\text{for every } x \\quad\\Rightarrow\\quad f \\text{ is convex}"),
        p(
          `For f(x) = x² − 4x + 1 the derivative f′(x) = 2x − 4 is the dashed line in the lower plot: it only ever rises. The library’s analysis: `,
          b(a.convexity.verdict),
          ` — ${a.convexity.reason}.`,
        ),
        p(
          `That constant curvature is what made every step multiply x − 2 by the same 1 − 2α. The run shown uses α = 0.5, where that factor is 0: ${path(0.5, 3)}, the minimum in one step.`,
        ),
      ];
    },
  };
}

const chordEnds: [number, number] = [-4, 6];
function chord(): TourStep {
  return {
    title: 'Convex, by the chord: the straight line lies above the curve',
    setup: race(0.01),
    overlay() {
      const [x1, x2] = chordEnds;
      const mid = (x1 + x2) / 2;
      const [y1, y2] = [valueAt(f, x1), valueAt(f, x2)];
      return [
        { kind: 'segment', from: [x1, y1], to: [x2, y2], color: '#CC79A7', label: 'chord' },
        { kind: 'point', at: [mid, (y1 + y2) / 2], color: '#CC79A7', label: `chord: ${num((y1 + y2) / 2)}` },
        {
          kind: 'point',
          at: [mid, valueAt(f, mid)],
          color: '#009E73',
          label: `curve: ${num(valueAt(f, mid))}`,
        },
      ];
    },
    highlight: [{ selector: '[data-testid="plot"] .plot-frame:first-child', label: 'the chord (pink)' }],
    body() {
      const [x1, x2] = chordEnds;
      const mid = (x1 + x2) / 2;
      const [y1, y2] = [valueAt(f, x1), valueAt(f, x2)];
      return [
        p('The text’s definition: f is convex if, for any two points x₁, x₂ and any λ between 0 and 1,'),
        display('f\\bigl(\\lambda x_1 + (1-\\lambda) x_2\\bigr) \\le \\lambda f(x_1) + (1-\\lambda) f(x_2)'),
        p(
          `In words: the straight line (the chord) joining two points of the curve never dips below the curve. The pink chord joins x₁ = ${num(x1)} (f = ${num(y1)}) and x₂ = ${num(x2)} (f = ${num(y2)}). Halfway, λ = ½, the curve is at f(${num(mid)}) = ${num(valueAt(f, mid))}, below the chord’s ${num((y1 + y2) / 2)}. Any other pair of points does the same.`,
        ),
      ];
    },
  };
}

const wavy = 'x^4 - 3*x^2';
const wavyDomain: [number, number] = [-2, 2];
const wavyEnds: [number, number] = [-1.2, 1.2];
function notConvex(): TourStep {
  return {
    title: 'Not convex: a chord that dips below the curve',
    setup: {
      mode: '1d',
      f: wavy,
      start: 'x=-0.5',
      domain: `x=${wavyDomain[0]}:${wavyDomain[1]}`,
      iter: 200,
      runs: [gd(0.02)],
    },
    overlay() {
      const [x1, x2] = wavyEnds;
      const mid = (x1 + x2) / 2;
      const [y1, y2] = [valueAt(wavy, x1), valueAt(wavy, x2)];
      return [
        { kind: 'segment', from: [x1, y1], to: [x2, y2], color: '#CC79A7', label: 'chord' },
        { kind: 'point', at: [mid, valueAt(wavy, mid)], color: '#009E73', label: 'curve above the chord' },
      ];
    },
    highlight: [
      { selector: '[data-testid="plot"] .plot-frame:first-child', label: 'the chord (pink)' },
      { selector: '[data-testid="status"]', label: 'where the run ended' },
    ],
    body() {
      const a = analysis(wavy, [wavyDomain]);
      const [x1, x2] = wavyEnds;
      const r = gdRun(wavy, [-0.5], 0.02, 200);
      const from = gdRun(wavy, [0.5], 0.02, 200);
      return [
        p(
          `Now f(x) = x⁴ − 3x², two valleys with a hump between. The chord from x = ${num(x1)} to x = ${num(x2)} is flat at f = ${num(valueAt(wavy, x1))}, and the curve in the middle, f(0) = ${num(valueAt(wavy, 0))}, rises above it: the chord dips below the curve, so f is not convex.`,
        ),
        p('The second derivative agrees. The library: ', b(a.convexity.verdict), ` — ${a.convexity.reason}.`),
        p(
          `For gradient descent this means the valley you reach depends on where you start: from x = −0.5 the run ends at x = ${num(r.xs.at(-1))}; from x = 0.5 it would end at ${num(from.xs.at(-1))}. Both are minima (f = ${num(a.minima[0]?.value)}), but on other functions one valley can be much worse than another.`,
        ),
      ];
    },
  };
}

const deep = '8,8,8,8,8,8,8,8,8,8';
function vanishing(): TourStep {
  return {
    title: 'Vanishing gradients: the first layers stop learning',
    setup: {
      mode: 'nn',
      nn: { data: 'circle', layers: deep, act: 'sigmoid' },
      runs: [gd(0.01)],
      epochs: 300,
    },
    highlight: [
      { selector: '[data-testid="health"]', label: 'gradient size, layer by layer' },
      { selector: '[data-testid="health-advice"]', label: 'what to do' },
    ],
    body() {
      const s = slopeAt('sigmoid(x)', 0);
      return [
        p(
          `The text ends with two problems of neural networks. This one has ${deep.split(',').length} hidden layers of sigmoid units, learning to tell the inside of a circle from the outside. The error is passed back from the output to the first layer by the chain rule — one multiplication per layer.`,
        ),
        p(
          `A sigmoid’s slope is at most ${num(s)} (at 0; the library’s derivative). Ten such factors make at most ${num(s ** 10)}: the gradient reaching the first layers has `,
          b('vanished'),
          ', so their weights barely move and the net learns slowly, if at all.',
        ),
        p(
          'The bars show the size of each layer’s gradient after training, first layer first; red ones are flagged. The advice under them names remedies — relu units, fewer layers, a better initialization.',
        ),
      ];
    },
  };
}

function exploding(): TourStep {
  return {
    title: 'Exploding gradients: a huge initialization',
    setup: {
      mode: 'nn',
      nn: { data: 'circle', layers: '16,16,16,16', act: 'relu', init: 'normal:3' },
      runs: [gd(0.0001)],
      epochs: 100,
    },
    highlight: [
      { selector: '[data-testid="health"]', label: 'gradient size, layer by layer' },
      { selector: '[data-testid="health-advice"]', label: 'what to do' },
      { selector: '[data-testid="status"]', label: 'status' },
    ],
    body: () => [
      p(
        'The opposite failure. Here the four relu layers start with weights drawn with a standard deviation of 3 — far too large for layers of 16 units. Now each layer multiplies the gradient by a factor bigger than 1, and the factors compound.',
      ),
      p(
        'Passed back through the layers, the gradient has ',
        b('exploded'),
        `: steps become huge and the training becomes unstable, even at the tiny learning rate 0.0001. The bars go red at the other end of their scale for each layer whose gradient passes ${num(explodingNorm)} (one near the input, fed by only two coordinates, can stay just below); the advice names the remedies — a smaller (He or Xavier) initialization, gradient clipping, a smaller rate.`,
      ),
    ],
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
  title: tourTitle('002'),
  source: 'Understanding Gradient Descent',
  steps: [
    rule(),
    slow(),
    zigzag(),
    bounce(),
    diverge(),
    why(),
    secondDerivative(),
    chord(),
    notConvex(),
    vanishing(),
    exploding(),
    tryIt(),
  ],
};
