// The 1d and 2d modes' step-by-step panel: one run's step told in words, its rule typeset with this step's numbers, arrows on the plot.
//
// Every number comes from the library's narrateStep on the run's own method (createMethod with the
// run's settings), one step at a time from the start, so the panel shows what the optimizer's state
// holds after step t — m, v, the buffer — not a second copy of its formula. For tours: the panel is
// `[data-testid="narration-panel"]` (id `narration`); `narrate-step` advances one step with it.

import {
  createMethod,
  type Expression,
  isOptimizerName,
  type NarratedQuantity,
  type NarratedStep,
  narrateStep,
  optimizerCatalog,
  substituteNumbers,
} from '../../../src/index.js';
import { runName } from '../controls.js';
import { h, replace, setText } from '../dom.js';
import { renderMath, renderMathPieces } from '../math.js';
import { type Arrow, ArrowLayer, shortestPixels } from '../plots/arrows.js';
import type { PlotFrame } from '../plots/frame.js';
import { onOverlayChange, overlayMarks } from '../plots/overlay.js';
import type { RunSpec } from '../state.js';
import { deferredRender } from './deferred.js';
import './panels.css';
import { texNumber as t } from './tex.js';

export interface NarratedRun {
  readonly spec: RunSpec;
  /** The iterates the race recorded, (steps + 1) × dimension. */
  readonly points: Float64Array;
}

export interface Narration {
  readonly node: HTMLElement;
  /** A new race on f: the runs that can be narrated. */
  load(f: Expression, runs: readonly NarratedRun[]): void;
  /**
   * Shows step k of the chosen run (from iterate k − 1 to k); k = 0 shows the start. `live` while a
   * playback runs on: the panel then keeps up a few times a second, and not at all off screen.
   */
  show(k: number, live?: boolean): void;
  destroy(): void;
}

const dimensionOf = (f: Expression): number => f.variables.length;

/** Builds the panel into `parent`; arrows go over `frame`; `step()` advances the playback one step. */
export function narrationPanel(
  parent: HTMLElement,
  frame: PlotFrame,
  dimension: 1 | 2,
  step: () => void,
  value: (x: Float64Array) => number,
): Narration {
  const arrows = new ArrowLayer(frame);
  const runSelect = h('select', { 'data-testid': 'narrate-run', id: 'narrate-run' });
  const stepButton = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'narrate-step' },
    'Step, explained',
  );
  const arrowsToggle = h('input', { type: 'checkbox', id: 'narrate-arrows', checked: true });
  const heading = h('h2', { id: 'narration-heading' }, 'One step, explained');
  const rule = h('div', { class: 'eq-line', 'data-testid': 'rule', tabindex: 0 });
  const now = h('div', { class: 'eq-line', 'data-testid': 'eq-now', tabindex: 0 });
  const lead = h('p', { class: 'hint', 'data-testid': 'narration-lead' });
  const list = h('ol', { 'data-testid': 'narration-steps' });
  const key = h(
    'p',
    { class: 'hint' },
    `On the plot: −∇L (downhill) and the momentum’s direction are drawn at a fixed length, to show their way; the step Δθ is drawn at its true length (a step shorter than ${shortestPixels} px at ${shortestPixels} px, so that it still shows).`,
  );
  const node = h(
    'section',
    {
      id: 'narration',
      class: 'narration',
      'data-testid': 'narration-panel',
      'aria-labelledby': 'narration-heading',
      'data-control': 'narration',
    },
    heading,
    h(
      'div',
      { class: 'controls-row' },
      h('label', { for: 'narrate-run' }, 'explain the run'),
      runSelect,
      stepButton,
      h('label', {}, arrowsToggle, ' arrows on the plot'),
    ),
    h('p', { class: 'hint' }, 'The update rule:'),
    rule,
    lead,
    now,
    list,
    key,
  );
  parent.append(node);

  let f: Expression | null = null;
  let runs: readonly NarratedRun[] = [];
  let chosen = 0;
  let shown = 0;
  // Narrated steps of the chosen run, computed from the start as far as asked.
  let cache: { method: ReturnType<typeof createMethod>; steps: NarratedStep[]; state: unknown } | null = null;

  const names = (): readonly string[] => f?.variables ?? ['x', 'y'];
  const vector = (v: ArrayLike<number>): string =>
    v.length === 1 ? t(v[0]!) : `\\bigl(${Array.from(v, (x) => t(x)).join(',\\ ')}\\bigr)`;
  const valueTex = (q: NarratedQuantity): string => {
    const v = q.value;
    if (typeof v === 'number') return t(v);
    const n = dimensionOf(f!);
    if (q.quantity === 'H' && v.length === n * n && n > 1) {
      const rows = Array.from({ length: n }, (_, i) =>
        Array.from({ length: n }, (_, j) => t(v[i * n + j]!)).join(' & '),
      );
      return `\\begin{pmatrix}${rows.join('\\\\')}\\end{pmatrix}`;
    }
    return vector(v);
  };

  function narrated(k: number): NarratedStep | null {
    const run = runs[chosen];
    if (!f || !run || k < 1) return null;
    const count = run.points.length / dimensionOf(f) - 1;
    const upTo = Math.min(k, count);
    if (upTo < 1) return null;
    if (cache === null) {
      const { spec } = run;
      if (!isOptimizerName(spec.optimizer)) return null;
      const method = createMethod(spec.optimizer, {
        ...spec.settings,
        ...(spec.lr !== null && { learningRate: spec.lr }),
      } as never);
      const start = run.points.slice(0, dimensionOf(f));
      cache = { method, steps: [], state: method.init(start, { dimension: start.length, ...bound(f) }) };
    }
    while (cache.steps.length < upTo) {
      const last = cache.steps.at(-1);
      const from = last ? last.next : run.points.slice(0, dimensionOf(f));
      const s = narrateStep(cache.method, bound(f), from, cache.state, cache.steps.length + 1);
      cache.steps.push(s);
      cache.state = s.state;
    }
    return cache.steps[upTo - 1] ?? null;
  }

  function renderRunChoices(): void {
    replace(
      runSelect,
      ...runs.map((r, i) =>
        h('option', { value: i, selected: i === chosen }, `${i + 1}: ${runName(r.spec)}`),
      ),
    );
  }

  // The maths follows the playback a few times a second, outside its animation frames.
  const drawing = deferredRender(node, () => show(shown));
  function asked(k: number, live = false): void {
    shown = k;
    drawing.request(live);
  }

  // The rule and each sub-step's general formula stay the same from step to step: set again only when they change.
  let ruleFor: string | null = null;
  const items = new Map<
    string,
    { li: HTMLElement; words: HTMLElement; general: HTMLElement; filled: HTMLElement; latex: string }
  >();

  function show(k: number): void {
    shown = k;
    const run = runs[chosen];
    if (!f || !run) {
      node.hidden = true;
      return;
    }
    node.hidden = false;
    const optimizer = run.spec.optimizer;
    if (!isOptimizerName(optimizer)) return;
    if (ruleFor !== optimizer) {
      renderMath(rule, optimizerCatalog[optimizer].rule.latex);
      ruleFor = optimizer;
    }
    const s = narrated(k);
    if (s === null) {
      const start = run.points.slice(0, dimensionOf(f));
      const g = new Float64Array(start.length);
      const v = f.valueAndGradient(start, g);
      heading.textContent = `The start of ${runName(run.spec)}`;
      lead.textContent =
        'Before the first step: the start θ₀, the loss there and its gradient. Press “Step, explained”.';
      renderMathPieces(now, [
        `\\theta_0 = ${vector(start)}`,
        `L(\\theta_0) = ${t(v)}`,
        `\\nabla L(\\theta_0) = ${vector(g)}`,
      ]);
      replace(list);
      drawArrows(start, g, null, null);
      return;
    }
    setText(heading, `Step ${s.t} of ${runName(run.spec)}, explained`);
    setText(
      lead,
      `From θ${sub(s.t - 1)} to θ${sub(s.t)} (θ is the point ${dimension === 1 ? names()[0] : `(${names().join(', ')})`}; L is f):`,
    );
    setText(
      key,
      secondArrow(s, optimizer) === null
        ? `On the plot: −∇L (downhill) is drawn at a fixed length, to show its way; the step Δθ at its true length (a step shorter than ${shortestPixels} px at ${shortestPixels} px, so that it still shows).`
        : `On the plot: −∇L (downhill) and the second dashed arrow (the momentum’s way, or the method’s direction) are drawn at a fixed length, to show their way; the step Δθ at its true length (a step shorter than ${shortestPixels} px at ${shortestPixels} px, so that it still shows).`,
    );
    renderMathPieces(now, [
      `\\theta_{${s.t - 1}} = ${vector(s.theta)}`,
      `L(\\theta_{${s.t - 1}}) = ${t(s.value)}`,
      `\\nabla L(\\theta_{${s.t - 1}}) = ${vector(s.grad)}`,
      ...(s.learningRate === null ? [] : [`\\eta = ${t(s.learningRate)}`]),
    ]);
    const seen = new Set<string>();
    const lis = s.quantities.map((q) => {
      seen.add(q.quantity);
      let item = items.get(q.quantity);
      if (item === undefined) {
        const words = h('p', { class: 'words' });
        const general = h('div', { class: 'eq-line', tabindex: 0 });
        const filled = h('div', { class: 'eq-line', 'data-testid': `eq-${q.quantity}`, tabindex: 0 });
        const li = h('li', { 'data-quantity': q.quantity }, words, general, filled);
        item = { li, words, general, filled, latex: '' };
        items.set(q.quantity, item);
      }
      setText(item.words, q.words);
      if (item.latex !== q.latex) {
        renderMath(item.general, q.latex);
        item.latex = q.latex;
      }
      const { filled } = item;
      const n = typeof q.value === 'number' ? 1 : dimensionOf(f!);
      const lines =
        q.quantity === 'H' || typeof q.value === 'number'
          ? [null]
          : Array.from({ length: n }, (_, i) => substituteNumbers(s, q, i, 6));
      if (lines.every((x) => x !== null) && lines[0] !== null) {
        renderMathPieces(
          filled,
          lines.map((line, i) => (n === 1 ? line! : `${names()[i]}:\\ ${line!}`)),
          'lines',
        );
      } else {
        renderMathPieces(filled, [`${q.symbol} = ${valueTex(q)}`], 'lines');
      }
      return item.li;
    });
    for (const key of items.keys()) if (!seen.has(key)) items.delete(key);
    // Only a change in which sub-steps there are touches the list itself.
    if (lis.length !== list.children.length || lis.some((li, i) => list.children[i] !== li))
      list.replaceChildren(...lis);
    drawArrows(s.theta, s.grad, secondArrow(s, optimizer), s.step);
  }

  function drawArrows(
    theta: Float64Array,
    grad: Float64Array,
    second: { vector: Float64Array; label: string } | null,
    move: Float64Array | null,
  ): void {
    // A tour's own marks (a chord and its points) take the plot: the step's arrows would cover them.
    if (!arrowsToggle.checked || overlayMarks().length > 0) {
      arrows.set([]);
      return;
    }
    const at = (p: Float64Array): [number, number] => (dimension === 1 ? [p[0]!, value(p)] : [p[0]!, p[1]!]);
    const from = at(theta);
    const list: Arrow[] = [
      {
        from,
        vector: dimension === 1 ? [-grad[0]!, 0] : [-grad[0]!, -grad[1]!],
        scale: 'direction',
        color: '#b2182b',
        label: '−∇L',
        dashed: true,
      },
    ];
    if (second !== null) {
      const v = second.vector;
      list.push({
        from,
        vector: dimension === 1 ? [v[0]!, 0] : [v[0]!, v[1]!],
        scale: 'direction',
        color: '#5e3c99',
        label: second.label,
        dashed: true,
      });
    }
    if (move !== null) {
      const to = Float64Array.from(theta, (v, i) => v + move[i]!);
      const end = at(to);
      list.push({
        from,
        vector: [end[0] - from[0], end[1] - from[1]],
        scale: 'true',
        color: '#1b1b1b',
        label: 'Δθ',
      });
    }
    arrows.set(list);
  }

  runSelect.addEventListener('change', () => {
    chosen = Number(runSelect.value);
    cache = null;
    ruleFor = null;
    asked(shown);
  });
  stepButton.addEventListener('click', () => step());
  arrowsToggle.addEventListener('change', () => asked(shown));
  const stopOverlay = onOverlayChange(() => asked(shown));

  return {
    node,
    load(fn, next) {
      f = fn;
      runs = next;
      if (chosen >= runs.length) chosen = 0;
      cache = null;
      ruleFor = null;
      renderRunChoices();
    },
    show: asked,
    destroy() {
      stopOverlay();
      drawing.destroy();
    },
  };
}

/** An Expression's evaluations, bound so they survive being passed around as plain functions. */
function bound(f: Expression) {
  return {
    value: (x: Float64Array) => f.value(x),
    valueAndGradient: (x: Float64Array, g: Float64Array) => f.valueAndGradient(x, g),
    ...(f.hessian && { hessian: (x: Float64Array, out: Float64Array) => f.hessian!(x, out) }),
  };
}

/**
 * The arrow beside −∇L: the momentum buffer's way (−b, −m, where the step heads because of it), or a
 * second-order method's direction (p, d), when the step has one.
 */
function secondArrow(s: NarratedStep, optimizer: string): { vector: Float64Array; label: string } | null {
  const negate = (v: Float64Array): Float64Array => v.map((x) => -x);
  if (s.values.b instanceof Float64Array) return { vector: negate(s.values.b), label: '−b' };
  if (s.values.m instanceof Float64Array) return { vector: negate(s.values.m), label: '−m' };
  if (s.values.p instanceof Float64Array) return { vector: s.values.p, label: 'p' };
  if (optimizer === 'lbfgs' && s.values.d instanceof Float64Array) return { vector: s.values.d, label: 'd' };
  return null;
}

const subscripts = '₀₁₂₃₄₅₆₇₈₉';
const sub = (n: number): string => String(n).replace(/\d/g, (d) => subscripts[Number(d)]!);
