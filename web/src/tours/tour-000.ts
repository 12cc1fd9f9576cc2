// Tour 000 (seed 000, "Math behind the Gradient Descent Algorithm"): the five parts of a learning setup, and why the step goes against the gradient.

import { directions, parsePoint } from '../../../src/index.js';
import { num } from '../dom.js';
import type { RunSpec } from '../state.js';
import { expression, gdRun } from './library.js';
import { tourTitle } from './list.js';
import type { StepSetup, Tour, TourStep } from './tour.js';
import { b, display, list, p, table, tex, texNum } from './words.js';

const L = 'x^2 + 3*y^2';
const at = 'x=1.5,y=1';
const eta = 0.1;
const gd = (lr: number): RunSpec => ({ optimizer: 'gd', lr, settings: {} });
const turn = (angle: number, step = eta): StepSetup => ({
  mode: 'direction',
  f: L,
  at,
  runs: [gd(step)],
  angle,
});

const theta = () => parsePoint(at, expression(L).variables, 'θ');
/** The library's sweep of every whole degree at θ (the direction mode's own call). */
const sweep = (step = eta) => directions(expression(L), theta(), { learningRate: step, every: 1 });
const gradient = (): Float64Array => {
  const g = new Float64Array(2);
  expression(L).valueAndGradient(theta(), g);
  return g;
};
const vec = (v: ArrayLike<number>): string => `(${num(v[0])}, ${num(v[1])})`;

const plot = { selector: '[data-testid="plot"]', label: 'L around θ, with the step u' };
const readout = { selector: '[data-testid="plot"] + .readout', label: 'the two changes' };

function parts(): TourStep {
  return {
    title: 'The five parts of a learning setup',
    setup: { mode: 'fit' },
    highlight: [
      { selector: 'fieldset[data-control="data"]', label: '① data' },
      { selector: '[data-control="model"]', label: '② model' },
      { selector: '[data-testid="partials"]', label: '③ parameters' },
      { selector: 'fieldset[data-control="optimizers"]', label: '④ learning algorithm' },
      { selector: '.plots .formula', label: '⑤ loss' },
    ],
    body: () => [
      p(
        'Every supervised learning setup has five parts. Here they are on a live example — fitting a line to points:',
      ),
      list(
        [b('① Data'), ': inputs x mapped to outputs Y — the rows on the left, the dots on the plot.'],
        [b('② Model'), ': an assumed form of the relation, Y = f(x) — here a straight line.'],
        [
          b('③ Parameters'),
          ': the numbers w that make the form a prediction, Y = f(x, w) — here the slope m and intercept c.',
        ],
        [b('④ Learning algorithm'), ': how the parameters are learnt from the data — here gradient descent.'],
        [b('⑤ Loss'), ': how wrong the predictions are — here the mean squared error E(m, c).'],
      ),
      p(
        'Each is marked on the page; change one and the others react. The rest of the tour asks one question about ④: why does gradient descent step against the gradient of ⑤?',
      ),
    ],
  };
}

function taylor(): TourStep {
  return {
    title: 'A small move: L(θ + ηu) ≈ L(θ) + η uᵀ∇L',
    setup: turn(135),
    highlight: [plot, readout],
    body() {
      const g = gradient();
      const d = sweep().directions[135]!;
      return [
        p(
          `Take a loss of two parameters, L(x, y) = x² + 3y², and stand at θ = ${vec(theta())}, where L = ${num(expression(L).value(theta()))}. Move a small distance η = ${eta} in some unit direction u. How does the loss change?`,
        ),
        p('The Taylor series answers: for small η, drop the terms in η² and smaller, and'),
        display('L(\\theta + \\eta u) \\approx L(\\theta) + \\eta\\, u^{\\mathsf T} \\nabla L(\\theta)'),
        p(
          `Here ∇L(θ) = ${vec(g)}. For the orange arrow the first-order change η·uᵀ∇L is ${num(d.firstOrder)}; the actual change L(θ + ηu) − L(θ) is ${num(d.actual)}. They are close because η is small — the gap is the η² term the approximation dropped.`,
        ),
      ];
    },
  };
}

function angle(): TourStep {
  return {
    title: 'The angle β between u and the gradient',
    setup: turn(90),
    highlight: [{ selector: '[data-testid="angle-input"]', label: 'β' }, plot, readout],
    body() {
      const s = sweep();
      const rows = [0, 45, 90, 135, 180, 270].map((a) => {
        const d = s.directions[a]!;
        const cos = Math.cos((a * Math.PI) / 180);
        // cos 90° is 6e−17 in floating point: shown as the 0 it stands for.
        return [`${a}°`, num(Math.abs(cos) < 1e-12 ? 0 : cos, 3), num(d.firstOrder), num(d.actual)];
      });
      return [
        p(
          'A dot product is the lengths times the cosine of the angle between the vectors. u has length 1, so',
        ),
        display(
          '\\eta\\, u^{\\mathsf T}\\nabla L = \\eta\\,\\lVert\\nabla L\\rVert \\cos\\beta = k\\cos\\beta, \\qquad k = \\eta\\,\\lVert\\nabla L\\rVert > 0',
        ),
        p(
          `where β is the angle between u and the gradient. Here k = ${num(eta)} × ${num(s.gradientNorm)} = ${num(eta * s.gradientNorm)}. At β = 90° (the arrow now) the step runs along the contour: cos β = 0, so to first order the loss does not change; the actual change, ${num(s.directions[90]!.actual)}, is the η² term alone.`,
        ),
        table(
          'The change in L for a few angles, from the library',
          ['β', 'cos β', 'first order k·cos β', 'actual'],
          rows,
        ),
      ];
    },
  };
}

function steepest(): TourStep {
  return {
    title: 'Why β = 180° decreases the loss fastest',
    setup: turn(180),
    highlight: [{ selector: '[data-testid="plot"] ~ .plot', label: 'change against β' }, plot],
    body() {
      const s = sweep();
      return [
        p(
          'The new loss is smaller only where k·cos β < 0, and we want it as negative as possible. k is positive, and cos β is at its lowest, −1, at β = 180°. So the fastest decrease is the direction opposite to the gradient:',
        ),
        display('u = -\\frac{\\nabla L(\\theta)}{\\lVert \\nabla L(\\theta)\\rVert}'),
        p(
          `On the chart the dashed first-order curve bottoms out at 180°, at −k = ${num(s.steepest.firstOrder)}. The actual change there is ${num(s.steepest.actual)}. (The actual curve’s lowest point is at ${s.bestActual.angle}°: for a finite step the curvature bends things a little — the η² term again.)`,
        ),
      ];
    },
  };
}

function theRule(): TourStep {
  const start = [1.5, 1];
  return {
    title: 'The rule: θ ← θ − η∇L',
    setup: { mode: '2d', f: L, start: at, runs: [gd(eta)], iter: 100 },
    highlight: [
      { selector: '[data-testid="formula"]', label: 'L and its gradient' },
      { selector: '[data-testid="plot"]', label: 'the path' },
      { selector: '[data-testid="status"]', label: 'status' },
    ],
    body() {
      const r = gdRun(L, start, eta, 100);
      const p1 = r.result.path!.points;
      return [
        p('Moving a step η along the opposite of the gradient, over and over, is gradient descent:'),
        display('\\theta_{\\text{new}} = \\theta - \\eta\\,\\nabla L(\\theta)'),
        p(
          'The first step from θ = (1.5, 1): ',
          tex(
            `(1.5, 1) - ${eta}\\cdot(${texNum(num(gradient()[0]))}, ${texNum(num(gradient()[1]))}) = (${texNum(num(p1[2]))}, ${texNum(num(p1[3]))})`,
          ),
          `. Repeated, the path walks down across the contours to the minimum (0, 0); the page says `,
          b(r.summary.status),
          ` after ${r.summary.iterations} steps.`,
        ),
      ];
    },
  };
}

function tryIt(): TourStep {
  return {
    title: 'Try it yourself',
    setup: turn(135, 0.5),
    highlight: [
      { selector: '[data-testid="angle-input"]', label: 'turn u' },
      { selector: '#eta-input', label: 'η' },
    ],
    body: () => [
      p(
        'The page is yours. Drag the orange arrow (or focus it and use the arrow keys) and watch the two changes follow k·cos β. The step size is η = 0.5 now: compare the first-order and actual curves, then make η smaller and watch them meet.',
      ),
      p(
        'Click the plot to stand somewhere else, or type another L — say x^2 + y^4 — and check that 180° still wins to first order.',
      ),
    ],
  };
}

export const tour000: Tour = {
  id: '000',
  title: tourTitle('000'),
  source: 'Math behind the Gradient Descent Algorithm',
  steps: [parts(), taylor(), angle(), steepest(), theRule(), tryIt()],
};
