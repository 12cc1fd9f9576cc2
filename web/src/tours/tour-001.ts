// Tour 001 (seed 001, "Understanding the Gradient Descent"): a line fitted from slope 1 and intercept 0, one derivative at a time.

import { analyze, fit, lineCost, lineSums, parseCsvText } from '../../../src/index.js';
import { num } from '../dom.js';
import { defaultPoints } from '../modes/fit.js';
import type { OverlayMark } from '../plots/overlay.js';
import { tourTitle } from './list.js';
import type { StepSetup, Tour, TourStep } from './tour.js';
import { b, display, p, table, tex, texNum } from './words.js';

const points = defaultPoints;
const xs = points.map(([x]) => x);
const ys = points.map(([, y]) => y);
const lr = 0.05;
const n = points.length;
const setup = (epochs: number): StepSetup => ({
  mode: 'fit',
  points: points.map(([x, y]) => [x, y]),
  model: 'linear',
  runs: [{ optimizer: 'gd', lr, settings: {} }],
  epochs,
});

const sums = () => lineSums(xs, ys);
const atStart = () => lineCost(sums(), 1, 0);
/** The loss of one example: the cost of a data set of that one point. */
const lossOf = (i: number): number => lineCost(lineSums([xs[i]!], [ys[i]!]), 1, 0).cost;

interface Trained {
  /** (m, c) after each epoch, the start first. */
  path: [number, number][];
  status: string;
  message: string;
}
const trained = new Map<number, Trained>();
/** The library's fit on the page's data, as the fit mode runs it. */
function train(epochs: number): Trained {
  let t = trained.get(epochs);
  if (t === undefined) {
    const csv = `x,y\n${points.map(([x, y]) => `${x},${y}`).join('\n')}\n`;
    const path: [number, number][] = [];
    const result = fit(parseCsvText(csv, {}, 'the rows'), {
      model: 'linear',
      optimizer: 'gd',
      optimizerOptions: { learningRate: lr },
      epochs,
      tol: 1e-8,
      onStart: (params) => path.push([params[0]!, params[1]!]),
      onEpoch: (info) => path.push([info.params[0]!, info.params[1]!]),
    });
    t = { path, status: result.status, message: result.message };
    trained.set(epochs, t);
  }
  return t;
}

const example = 3;
const residuals = (): OverlayMark[] =>
  points.map(([x, y], i) => ({
    kind: 'segment',
    from: [x, y],
    to: [x, 1 * x + 0],
    color: i === example ? '#CC79A7' : '#6b6b6b',
    ends: false,
    ...(i !== example && { dash: '4 3' }),
    ...(i === example && { label: `error ${num(y - x)}`, labelAt: 'above' as const }),
  }));

const plot = { selector: '[data-testid="plot"]', label: 'the data and the line' };
const panel = (id: string, label: string) => ({ selector: `[data-testid="${id}"]`, label });

function line(): TourStep {
  return {
    title: 'A line through the data, from slope 1 and intercept 0',
    setup: setup(200),
    after: (page) => page.showStep(0),
    highlight: [plot, { selector: 'fieldset[data-control="data"]', label: 'the data' }],
    body: () => [
      p(
        `The blue dots are ${n} examples (x, y). We want the straight line y = m·x + c that passes closest to them: m is the slope (how steep), c the intercept (where it crosses x = 0).`,
      ),
      p(
        'Gradient descent needs somewhere to start. As in the text, it starts from slope 1 and intercept 0: the orange line is y = 1·x + 0. It runs below every dot — a poor fit, which the next steps measure and then improve.',
      ),
    ],
  };
}

function loss(): TourStep {
  return {
    title: 'The loss of one example, and the cost of all',
    setup: setup(200),
    after: (page) => page.showStep(0),
    overlay: residuals,
    highlight: [plot, panel('eq-cost', 'the cost E')],
    body() {
      const [x, y] = points[example]!;
      const rows = points.map(([xi, yi], i) => [num(xi), num(yi), num(yi - xi), num(lossOf(i))]);
      return [
        p(
          `Each grey line is one example’s error: its y minus the line’s prediction m·x + c. For the example at x = ${num(x)} (pink) the line predicts 1·${num(x)} + 0 = ${num(x)}, but y = ${num(y)}. Its `,
          b('loss'),
          ' is that error squared:',
          tex(`(${texNum(num(y))} - ${texNum(num(x))})^2 = ${texNum(num(lossOf(example)))}`),
          '.',
        ),
        p(
          'The ',
          b('cost'),
          ` E is the mean of all ${n} losses — one number for how wrong the whole line is:`,
        ),
        display(
          `E(m, c) = \\frac{1}{n}\\sum_{i=1}^{n} \\bigl(y_i - (m\\,x_i + c)\\bigr)^2 = ${texNum(num(atStart().cost))}\\ \\text{at } m = 1,\\ c = 0`,
        ),
        table('Each example at m = 1, c = 0', ['x', 'y', 'error y − (m·x + c)', 'loss (error²)'], rows),
      ];
    },
  };
}

function dc(): TourStep {
  return {
    title: '∂E/∂c: how the cost changes when the intercept moves',
    setup: setup(200),
    after: (page) => page.showStep(0),
    highlight: [
      panel('partials', '∂E/∂c at m = 1, c = 0'),
      panel('eq-dc', '∂E/∂c worked out'),
      panel('eq-sums', 'the data’s sums'),
    ],
    body() {
      const s = sums();
      const g = atStart();
      return [
        p(
          '∂E/∂c is the slope of the cost when only the intercept c changes and m stays put: lift the line by a small amount and E changes by about ∂E/∂c times that amount.',
        ),
        p(
          'By the chain rule each squared error (yᵢ − (m·xᵢ + c))² changes at the rate 2·(yᵢ − (m·xᵢ + c))·(−1) as c moves. Averaged over the examples, with the data’s sums:',
        ),
        display(
          `\\frac{\\partial E}{\\partial c} = -\\frac{2}{n}\\sum \\bigl(y_i - (m\\,x_i + c)\\bigr) = -\\frac{2}{${n}}\\bigl(${texNum(num(s.sumY))} - 1\\cdot ${texNum(num(s.sumX))} - ${n}\\cdot 0\\bigr) = ${texNum(num(g.dc))}`,
        ),
        p(
          `It is negative: raising c lowers the cost. That is the direction to go — the panel below works the same numbers out, and updates as the line moves.`,
        ),
      ];
    },
  };
}

function dm(): TourStep {
  return {
    title: '∂E/∂m: how the cost changes when the slope tilts',
    setup: setup(200),
    after: (page) => page.showStep(0),
    highlight: [
      panel('partials', '∂E/∂m at m = 1, c = 0'),
      panel('eq-dm', '∂E/∂m worked out'),
      panel('eq-sums', 'the data’s sums'),
    ],
    body() {
      const s = sums();
      const g = atStart();
      return [
        p(
          '∂E/∂m is the slope of the cost when only m changes and c stays put: tilt the line a little steeper and E changes by about ∂E/∂m times the tilt.',
        ),
        p(
          'By the chain rule each squared error changes at the rate 2·(yᵢ − (m·xᵢ + c))·(−xᵢ) as m moves — each error now weighted by its xᵢ, because tilting moves the line most far from x = 0. Averaged:',
        ),
        display(
          `\\frac{\\partial E}{\\partial m} = -\\frac{2}{n}\\sum x_i\\bigl(y_i - (m\\,x_i + c)\\bigr) = -\\frac{2}{${n}}\\bigl(${texNum(num(s.sumXY))} - 1\\cdot ${texNum(num(s.sumXX))} - 0\\cdot ${texNum(num(s.sumX))}\\bigr) = ${texNum(num(g.dm))}`,
        ),
        p(
          `Also negative, and bigger in size than ∂E/∂c (${num(g.dc)}): at this start, tilting the line steeper lowers the cost faster than lifting it. The readout under the plot shows both numbers; the equations panel further down works them out from the same sums.`,
        ),
      ];
    },
  };
}

function step(): TourStep {
  return {
    title: 'Step size = learning rate × derivative; new = old − step',
    setup: setup(200),
    after: (page) => page.showStep(1),
    highlight: [
      panel('eq-step', 'the step'),
      { selector: '.setting[data-control="lr"]', label: 'learning rate' },
    ],
    body() {
      const g = atStart();
      const [m1, c1] = train(1).path[1]!;
      return [
        p(
          `The learning rate is fixed in advance; here it is ${lr}. Multiply each derivative by it to get the step size, and subtract:`,
        ),
        display(
          `\\begin{aligned}\\text{step}_c &= ${lr} \\times (${texNum(num(g.dc))}) = ${texNum(num(lr * g.dc))}\\\\ c_{\\text{new}} &= 0 - (${texNum(num(lr * g.dc))}) = ${texNum(num(c1))}\\end{aligned}`,
        ),
        display(
          `\\begin{aligned}\\text{step}_m &= ${lr} \\times (${texNum(num(g.dm))}) = ${texNum(num(lr * g.dm))}\\\\ m_{\\text{new}} &= 1 - (${texNum(num(lr * g.dm))}) = ${texNum(num(m1))}\\end{aligned}`,
        ),
        p(
          `A negative derivative gives a negative step, so subtracting it raises the value. After this one step the line is y = ${num(m1)}·x + ${num(c1)} (the library’s fit after one epoch), and the page now shows epoch 1 with the new derivatives worked out below.`,
        ),
      ];
    },
  };
}

function repeat(): TourStep {
  const epochs = 1000;
  return {
    title: 'Repeat until the step is nearly 0',
    setup: setup(epochs),
    highlight: [
      { selector: '.pair .plot:first-child', label: 'the cost, epoch by epoch' },
      { selector: '[data-testid="verdict"]', label: 'why it stopped' },
    ],
    body() {
      const t = train(epochs);
      const at = [1, 2, 5, 10, 50, 100, 200, 500, t.path.length - 1].filter((k) => k < t.path.length);
      const rows = at.map((k) => {
        const [m0, c0] = t.path[k - 1]!;
        const [m1, c1] = t.path[k]!;
        return [String(k), num(c0 - c1), num(m0 - m1), num(lineCost(sums(), m1, c1).cost, 3)];
      });
      const [m, c] = t.path.at(-1)!;
      return [
        p(
          'Feed the new m and c back into the two derivatives, take a step, and again. Near the bottom the derivatives are small, so the steps are small too: big steps far from the minimum, little steps near it — with the learning rate never changing.',
        ),
        table(
          'Each epoch’s steps (learning rate × derivative = old − new), from the library’s fit',
          ['epoch', 'c step', 'm step', 'E'],
          rows,
        ),
        p(
          `The run stops when the step is nearly 0 — below 10⁻⁸: the page says `,
          b(t.status),
          ` (${t.message}). The line is then y = ${num(m)}·x + ${num(c)}.`,
        ),
      ];
    },
  };
}

function surface(): TourStep {
  return {
    title: 'The (m, c) surface with the path',
    setup: setup(1000),
    after: (page) => page.click('[data-testid="surface-button"][aria-expanded="false"]'),
    highlight: [{ selector: '[data-control="surface"]', label: 'E over (m, c)' }],
    body() {
      const t = train(1000);
      const [m, c] = t.path.at(-1)!;
      return [
        p(
          'The text’s figure 3: every possible line is one point (m, c), and the height there is its cost E. For a line fit this surface is a bowl. The contour map shows it from above and the 3-D view from the side (drag it, or use the arrow keys, to turn it).',
        ),
        p(
          `The path starts at (1, 0) with E = ${num(atStart().cost)} and walks downhill — always against the two derivatives — to the bottom at m = ${num(m)}, c = ${num(c)}, where E = ${num(lineCost(sums(), m, c).cost)} and both derivatives are 0.`,
        ),
      ];
    },
  };
}

function tryIt(): TourStep {
  return {
    title: 'Try it yourself',
    setup: setup(200),
    highlight: [
      plot,
      { selector: '.setting[data-control="lr"]', label: 'learning rate' },
      { selector: '[data-testid="run-button"]', label: 'fit and watch' },
    ],
    body() {
      const s = sums();
      const cost = `((${points.map(([x, y]) => `(${y} - (m*${x} + c))^2`).join(' + ')}) / ${n})`;
      const stable = analyze(cost, {
        domain: [
          [-10, 10],
          [-10, 10],
        ],
      }).learningRate.stableBelow;
      return [
        p(
          'The page is yours: drag a dot and the fit starts again from slope 1 and intercept 0; click to add a dot, double-click to remove one. Press “Fit and play” to watch the line settle, and the derivatives below shrink.',
        ),
        p(
          `Try other learning rates: 0.01 is slow, 0.2 is quicker. For these ${s.n} points the library’s analysis of E says the steps stay stable only below ${num(stable)} — try a rate just above it and watch the fit fly off.`,
        ),
      ];
    },
  };
}

export const tour001: Tour = {
  id: '001',
  title: tourTitle('001'),
  source: 'Understanding the Gradient Descent',
  steps: [line(), loss(), dc(), dm(), step(), repeat(), surface(), tryIt()],
};
