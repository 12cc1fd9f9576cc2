// The fit mode's equations panel: seed 001's E(m, c), its two partial derivatives worked out with the data's sums, and the step.
//
// For tours: the panel is the element `[data-testid="equations-panel"]` (id `equations`) inside the
// shell's explanations area; it is open whenever fit mode shows a line fit. To point at it, scroll it
// into view and add a class to it (e.g. `highlight`); each line has its own testid (`eq-cost`,
// `eq-sums`, `eq-dm`, `eq-dc`, `eq-step`) for pointing at ∂E/∂m or ∂E/∂c alone.

import { isOptimizerName, type LineSums, lineCost, lineSums, optimizerCatalog } from '../../../src/index.js';
import { h, replace } from '../dom.js';
import { renderMath, renderMathPieces } from '../math.js';
import type { RunSpec } from '../state.js';
import { deferredRender } from './deferred.js';
import { plainNumber, texNumber as t } from './tex.js';
import './panels.css';

export interface FitEquationsInput {
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** The line shown: slope and intercept at this frame. */
  readonly m: number;
  readonly c: number;
  readonly epoch: number;
  readonly run: RunSpec;
}

export interface FitEquations {
  readonly node: HTMLElement;
  /**
   * Shows this frame's numbers; null hides the panel (no line to work out). `live` while a playback
   * runs on: the maths then follows a few times a second, and not while the panel is off screen.
   */
  show(input: FitEquationsInput | null, live?: boolean): void;
  destroy(): void;
}

/** Builds the panel into `parent` (the mode's `panel` area). */
export function fitEquations(parent: HTMLElement): FitEquations {
  const line = (testid: string) => h('div', { class: 'eq-line', 'data-testid': testid, tabindex: 0 });
  const cost = line('eq-cost');
  const sums = line('eq-sums');
  const dm = line('eq-dm');
  const dc = line('eq-dc');
  const step = line('eq-step');
  const heading = h('h2', { id: 'equations-heading' }, 'The equations, with this step’s numbers');
  const lead = h('p', { class: 'hint' });
  const stepWords = h('p', { class: 'hint' });
  const node = h(
    'section',
    {
      id: 'equations',
      class: 'equations',
      'data-testid': 'equations-panel',
      'aria-labelledby': 'equations-heading',
      hidden: true,
    },
    heading,
    lead,
    cost,
    h('p', { class: 'hint' }, 'The data’s sums, which is all the derivatives need:'),
    sums,
    h('p', { class: 'hint' }, 'By the chain rule, the slope of E in each direction:'),
    dm,
    dc,
    stepWords,
    step,
  );
  parent.append(node);

  let sumsFor: readonly number[] | null = null;
  let sumsOf: LineSums | null = null;
  let wanted: FitEquationsInput | null = null;
  const drawing = deferredRender(node, () => draw(wanted));

  return {
    node,
    show(input, live = false) {
      wanted = input;
      drawing.request(live);
    },
    destroy: drawing.destroy,
  };

  function draw(input: FitEquationsInput | null): void {
    node.hidden = input === null;
    if (input === null) return;
    if (sumsFor !== input.x || sumsOf === null || sumsOf.n !== input.x.length) {
      sumsOf = lineSums(input.x, input.y);
      sumsFor = input.x;
    }
    const S = sumsOf;
    const { m, c } = input;
    const e = lineCost(S, m, c);
    const N = S.n;
    lead.textContent = `Epoch ${input.epoch}: the line y = m·x + c with m = ${plainNumber(m)} and c = ${plainNumber(c)}.`;
    renderMath(
      cost,
      `E(m, c) = \\frac{1}{N}\\sum_{i=1}^{N} \\bigl(y_i - (m\\,x_i + c)\\bigr)^2 = ${t(e.cost)}`,
    );
    renderMathPieces(sums, [
      `N = ${N}`,
      `\\textstyle\\sum x_i = ${t(S.sumX)}`,
      `\\textstyle\\sum y_i = ${t(S.sumY)}`,
      `\\textstyle\\sum x_i y_i = ${t(S.sumXY)}`,
      `\\textstyle\\sum x_i^2 = ${t(S.sumXX)}`,
    ]);
    renderMathPieces(
      dm,
      [
        `\\frac{\\partial E}{\\partial m} = -\\frac{2}{N}\\sum x_i\\bigl(y_i - (m\\,x_i + c)\\bigr)`,
        `= -\\frac{2}{N}\\Bigl(\\sum x_i y_i - m\\sum x_i^2 - c\\sum x_i\\Bigr)`,
        `= -\\frac{2}{${N}}\\bigl(${t(S.sumXY)} - ${t(m, 6, true)}\\cdot ${t(S.sumXX)} - ${t(c, 6, true)}\\cdot ${t(S.sumX)}\\bigr)`,
        `= ${t(e.dm)}`,
      ],
      'lines',
    );
    renderMathPieces(
      dc,
      [
        `\\frac{\\partial E}{\\partial c} = -\\frac{2}{N}\\sum \\bigl(y_i - (m\\,x_i + c)\\bigr)`,
        `= -\\frac{2}{N}\\Bigl(\\sum y_i - m\\sum x_i - N c\\Bigr)`,
        `= -\\frac{2}{${N}}\\bigl(${t(S.sumY)} - ${t(m, 6, true)}\\cdot ${t(S.sumX)} - ${N}\\cdot ${t(c, 6, true)}\\bigr)`,
        `= ${t(e.dc)}`,
      ],
      'lines',
    );
    const { optimizer, lr } = input.run;
    if (optimizer === 'gd' && lr !== null) {
      stepWords.textContent =
        'Step size = learning rate × derivative; the new value = the old one − the step. Repeat until the steps are nearly 0.';
      renderMathPieces(
        step,
        [
          `\\text{step}_m = \\eta\\,\\frac{\\partial E}{\\partial m} = ${t(lr)}\\cdot ${t(e.dm, 6, true)} = ${t(lr * e.dm)}`,
          `m \\leftarrow ${t(m)} - ${t(lr * e.dm, 6, true)} = ${t(m - lr * e.dm)}`,
          `\\text{step}_c = \\eta\\,\\frac{\\partial E}{\\partial c} = ${t(lr)}\\cdot ${t(e.dc, 6, true)} = ${t(lr * e.dc)}`,
          `c \\leftarrow ${t(c)} - ${t(lr * e.dc, 6, true)} = ${t(c - lr * e.dc)}`,
        ],
        'lines',
      );
    } else if (isOptimizerName(optimizer)) {
      stepWords.textContent = `${optimizer} does not step by learning rate × derivative alone; its rule, fed these two derivatives as ∇L = (∂E/∂m, ∂E/∂c):`;
      renderMathPieces(step, [optimizerCatalog[optimizer].rule.latex], 'lines');
    } else {
      stepWords.textContent = '';
      replace(step);
    }
  }
}
