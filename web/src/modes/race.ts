// The 1d and 2d modes: a typed function, runs racing on its curve or contours, playback, hover, verdicts.

import {
  compileExpression,
  contourFigure,
  curveFigure,
  type Expression,
  type Figure,
  type PathSeries,
  parseAssignments,
  parseDomain,
  parsePoint,
  runColor,
} from '../../../src/index.js';
import { optimizerEntry } from '../catalog.js';
import { raceCode, raceCommand } from '../commands.js';
import { type JobError, latestOnly, warmWorker } from '../compute.js';
import { errorLine, field, playback, runName, runsEditor, waitsOnSetting } from '../controls.js';
import { clause, h, num, replace, setText } from '../dom.js';
import type { RaceOutcome } from '../jobs.js';
import { renderMathPieces } from '../math.js';
import { narrationPanel } from '../panels/narration.js';
import { ContourPlot } from '../plots/contour.js';
import { LineChart, rangeOf } from '../plots/curve.js';
import type { Range } from '../plots/frame.js';
import { showOverlay } from '../plots/overlay.js';
import { quote, type RunSpec } from '../state.js';
import type { ModeContext, ModeDefinition, ModeView, Verdict } from './mode.js';

interface Preset {
  name: string;
  f: string;
  start: string;
  domain: string;
  runs: RunSpec[];
  iter: number;
}

const run = (optimizer: string, lr: number | null): RunSpec => ({ optimizer, lr, settings: {} });

// Seed 002's race: x² − 4x + 1 from x = 9 at its three rates, and 1.01 to show what divergence is.
export const presets1d: Preset[] = [
  {
    name: 'x² − 4x + 1 (seed 002)',
    f: 'x^2 - 4*x + 1',
    start: 'x=9',
    domain: 'x=-6:10',
    runs: [run('gd', 0.01), run('gd', 0.9), run('gd', 1), run('gd', 1.01)],
    iter: 100,
  },
  {
    name: 'x⁴ − 3x² (two valleys)',
    f: 'x^4 - 3*x^2',
    start: 'x=0.1',
    domain: 'x=-2:2',
    runs: [run('gd', 0.01), run('gd', 0.1), run('gd', 0.3)],
    iter: 100,
  },
  {
    name: 'sin(3x) + x²/4 (bumpy)',
    f: 'sin(3*x) + x^2/4',
    start: 'x=3',
    domain: 'x=-4:4',
    runs: [run('gd', 0.05), run('momentum', 0.05), run('adam', 0.3)],
    iter: 150,
  },
];

export const presets2d: Preset[] = [
  {
    name: 'Rosenbrock',
    f: '(1-x)^2 + 100*(y-x^2)^2',
    start: 'x=-1.2,y=1',
    domain: 'x=-2:2,y=-1:3',
    runs: [
      run('gd', 0.001),
      run('momentum', 0.001),
      run('nesterov', 0.001),
      run('adam', 0.02),
      run('lbfgs', null),
    ],
    iter: 2000,
  },
  {
    name: 'Beale',
    f: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2',
    start: 'x=1,y=1.4',
    domain: 'x=-4.5:4.5,y=-4.5:4.5',
    runs: [run('gd', 0.001), run('momentum', 0.001), run('adam', 0.01), run('rmsprop', 0.01)],
    iter: 2000,
  },
  {
    name: 'Himmelblau',
    f: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2',
    start: 'x=-0.3,y=-0.9',
    domain: 'x=-5:5,y=-5:5',
    runs: [run('gd', 0.01), run('momentum', 0.005), run('adam', 0.1), run('newton', null)],
    iter: 500,
  },
  {
    name: 'saddle x² − y²',
    f: 'x^2 - y^2',
    start: 'x=-1.5,y=0.01',
    domain: 'x=-2:2,y=-2:2',
    runs: [run('gd', 0.05), run('momentum', 0.05), run('adam', 0.05)],
    iter: 200,
  },
  {
    name: 'ill-conditioned bowl x² + 20y²',
    f: 'x^2 + 20*y^2',
    start: 'x=-4,y=2',
    domain: 'x=-5:5,y=-3:3',
    runs: [run('gd', 0.045), run('momentum', 0.01), run('adam', 0.1), run('adagrad', 1)],
    iter: 300,
  },
];

/** f and each partial derivative, one formula apiece so that a narrow header wraps between them. */
const latexOf = (f: Expression): string[] => {
  const grad = f.gradientLatex();
  const parts = [`f(${f.variables.join(', ')}) = ${f.latex}`];
  for (const v of f.variables) parts.push(`\\frac{\\partial f}{\\partial ${v}} = ${grad[v]}`);
  return parts;
};

/**
 * A start or window field (`x=9`, `x=-2:2,y=-1:3`) read for the variables `from` by the library's
 * parsePoint or parseDomain and written out for `to`'s names in the same order (a variable left out
 * reads as the library's default and is written out); a field that does not read for `from` is left as typed.
 */
function renamed(
  text: string,
  kind: 'start' | 'window',
  from: readonly string[],
  to: readonly string[],
): string {
  if (text.trim() === '' || from.length !== to.length || from.every((v, i) => v === to[i])) return text;
  try {
    if (kind === 'start') {
      const point = parsePoint(text, from, 'start');
      return to.map((v, i) => `${v}=${point[i]}`).join(',');
    }
    const domain = parseDomain(text, from, 'window');
    return to.map((v, i) => `${v}=${domain[i]![0]}:${domain[i]![1]}`).join(',');
  } catch {
    return text;
  }
}

/** The function of a race mode, or the words that say why it cannot race here. */
function compileFor(text: string, dimension: 1 | 2): Expression {
  const f = compileExpression(text);
  if (f.variables.length !== dimension) {
    const has = f.variables.length === 0 ? 'none' : `${f.variables.length} (${f.variables.join(', ')})`;
    throw new Error(
      dimension === 1
        ? `This mode needs a function of one variable; this one has ${has}. The 2d mode takes two.`
        : `This mode needs a function of two variables; this one has ${has}.`,
    );
  }
  return f;
}

/**
 * A link's function, start and window, each checked against the function: one that cannot be used is
 * dropped with a note saying so, and the page's default takes its place, so that every field opens
 * with a value that runs.
 */
function checkLink(state: ModeContext['state'], dimension: 1 | 2, note: (text: string) => void): void {
  const fallback = (dimension === 1 ? presets1d : presets2d)[0]!;
  let f: Expression | null = null;
  if (state.f !== null) {
    try {
      f = compileFor(state.f, dimension);
    } catch (error) {
      note(
        `Ignored f=${quote(state.f)}: ${clause((error as Error).message)}. The page shows its default function.`,
      );
      state.f = null;
    }
  }
  const variables = f?.variables ?? compileExpression(fallback.f).variables;
  const check = (key: 'start' | 'domain', read: () => void, what: string): void => {
    if (state[key] === null) return;
    try {
      read();
    } catch (error) {
      note(`Ignored ${key}=${quote(state[key]!)}: ${clause((error as Error).message)}. The page ${what}.`);
      state[key] = null;
    }
  };
  check(
    'start',
    () => {
      const p = parsePoint(state.start!, variables, 'start');
      if (f && !Number.isFinite(f.value(p))) throw new Error(`f is ${num(f.value(p))} there`);
    },
    'starts from its default',
  );
  // A variable the link leaves out starts at 0, as on the command line; said, since the link looks complete.
  if (state.start !== null && state.start.trim() !== '') {
    const named = parseAssignments(state.start, 'start');
    const missing = variables.filter((v) => !Object.hasOwn(named, v));
    if (missing.length > 0)
      note(
        `start=${quote(state.start)} gives no ${missing.join(' or ')}: the run starts ${missing.map((v) => `${v} at 0`).join(' and ')}.`,
      );
  }
  check('domain', () => parseDomain(state.domain!, variables, 'window'), 'fits the window to the start');
}

/** A start for a typed function with none given: the classic's when the names agree, else 1 for each. */
function startFor(f: Expression, preset: Preset): string {
  const names = compileExpression(preset.f).variables;
  return names.join() === f.variables.join() ? preset.start : f.variables.map((v) => `${v}=1`).join(',');
}

const windowText = (variables: readonly string[], domain: readonly Range[]): string =>
  variables
    .map((v, i) => `${v}=${Number(domain[i]![0].toPrecision(3))}:${Number(domain[i]![1].toPrecision(3))}`)
    .join(',');

function raceMode(dimension: 1 | 2, context: ModeContext): ModeView {
  warmWorker();
  const { state } = context;
  const presets = dimension === 1 ? presets1d : presets2d;
  checkLink(state, dimension, context.note);
  const preset = presets.find((p) => p.f === state.f) ?? (state.f === null ? presets[0]! : null);
  state.f ??= preset!.f;
  state.start ??= preset?.start ?? startFor(compileExpression(state.f), presets[0]!);
  state.domain ??= preset?.domain ?? null;
  state.runs ??= structuredClone(preset?.runs ?? presets[0]!.runs);
  state.iter ??= preset?.iter ?? 200;
  let runs = state.runs;

  // Controls.
  const exprInput = h('input', {
    type: 'text',
    value: state.f,
    'data-testid': 'expr-input',
    spellcheck: 'false',
    autocomplete: 'off',
    class: 'expr',
  });
  const exprError = errorLine(exprInput, 'expr-error');
  const presetSelect = h(
    'select',
    { 'data-testid': 'preset' },
    h('option', { value: '' }, 'choose a classic…'),
    ...presets.map((p, i) => h('option', { value: i, selected: p === preset }, p.name)),
  );
  const startInput = h('input', {
    type: 'text',
    value: state.start ?? '',
    'data-testid': 'start-input',
    spellcheck: 'false',
  });
  const startError = errorLine(startInput, 'start-error');
  const domainInput = h('input', {
    type: 'text',
    value: state.domain ?? '',
    'data-testid': 'domain-input',
    spellcheck: 'false',
  });
  const domainError = errorLine(domainInput);
  const iterInput = h('input', {
    type: 'number',
    min: 0,
    max: 100000,
    step: 1,
    value: state.iter,
    'data-testid': 'iter-input',
  });
  const iterError = errorLine(iterInput);
  const runButton = h(
    'button',
    { type: 'button', class: 'primary', 'data-testid': 'run-button' },
    'Run and play',
  );
  const fairButton =
    dimension === 2
      ? h(
          'button',
          { type: 'button', 'data-testid': 'fair-race', 'data-control': 'fair-race' },
          'Fair race: tune each rate first',
        )
      : null;
  const fairNote = h('p', {
    class: 'hint',
    'data-testid': 'fair-note',
    'data-control': 'fair-race',
    hidden: true,
  });
  const editorHolder = h('div');
  const renderEditor = (): void =>
    replace(
      editorHolder,
      runsEditor(runs, () => schedule(), { max: dimension === 1 ? 6 : 8, onInvalid: () => schedule() }),
    );
  renderEditor();

  context.controls.append(
    field('expr', dimension === 1 ? 'f(x) =' : 'f(x, y) =', exprInput, exprError.node),
    field('presets', 'classic functions', presetSelect),
    h('fieldset', { class: 'group', 'data-control': 'optimizers' }, h('legend', {}, 'runs'), editorHolder),
    field('start', 'start (or click the plot)', startInput, startError.node),
    field('domain', 'window', domainInput, domainError.node),
    field('iterations', 'iterations at most', iterInput, iterError.node),
    h('div', { class: 'actions' }, runButton, fairButton),
    fairNote,
  );

  // Plots.
  const formula = h('div', { class: 'formula', 'data-testid': 'formula' });
  const plotHolder = h('div', { class: 'plot', 'data-testid': 'plot' });
  const legend = h('ul', { class: 'legend', 'aria-label': 'runs' });
  const surfaceButton =
    dimension === 2
      ? h(
          'button',
          {
            type: 'button',
            'data-testid': 'surface-button',
            'data-control': 'surface',
            'aria-expanded': 'false',
          },
          'Show the 3-D surface',
        )
      : null;
  const surfaceHolder = h('div', { class: 'surface', hidden: true });
  const play = playback(
    (k, live) => drawStep(k, live),
    state.speed ?? (dimension === 1 ? 1 : 10),
    (v) => {
      state.speed = v;
      context.save();
    },
  );
  context.plots.append(formula, plotHolder, play.node, legend, surfaceButton ?? '', surfaceHolder);

  let f: Expression | null = null;
  // The variables the start and window fields were last used with.
  let fieldsFor: readonly string[] | null = null;
  let outcome: RaceOutcome | null = null;
  let domain: [Range, Range] = [
    [-5, 5],
    [-5, 5],
  ];
  const chart =
    dimension === 1
      ? new LineChart(plotHolder, { xLabel: 'x', yLabel: 'f(x)', label: 'f and the runs', aspect: 0.56 })
      : null;
  // Marks a tour lays over the curve (a chord).
  const redrawOverlay = chart ? showOverlay(chart.frame) : null;
  const slope =
    dimension === 1
      ? new LineChart(plotHolder, {
          xLabel: 'x',
          yLabel: 'f′(x)',
          label: 'the derivative',
          aspect: 0.25,
          maxHeight: 200,
          minHeight: 130,
        })
      : null;
  const contour =
    dimension === 2
      ? new ContourPlot(plotHolder, { xLabel: 'x', yLabel: 'y', label: 'contours of f and the runs' })
      : null;
  let surface: {
    setTracks(
      t: { color: string; points: ArrayLike<number>; values: ArrayLike<number> }[],
      step: number,
    ): void;
    setFunction(f: (p: Float64Array) => number, d: [Range, Range]): void;
  } | null = null;

  const point = new Float64Array(dimension);
  const grad = new Float64Array(dimension);
  const hoverText = (x: number, y: number): string | null => {
    if (!f || f.variables.length !== dimension) return null;
    point[0] = x;
    if (dimension === 2) point[1] = y;
    const v = f.valueAndGradient(point, grad);
    return dimension === 1
      ? `x = ${num(x)}   f = ${num(v)}   f′ = ${num(grad[0])}`
      : `(${f.variables[0]}, ${f.variables[1]}) = (${num(x)}, ${num(y)})   f = ${num(v)}   ∇f = (${num(grad[0])}, ${num(grad[1])})`;
  };
  const frameForClicks = chart?.frame ?? contour!.frame;
  const narration = narrationPanel(
    context.panel,
    frameForClicks,
    dimension,
    () => play.node.querySelector<HTMLButtonElement>('[data-testid="step-button"]')?.click(),
    (p) => (f ? f.value(p) : Number.NaN),
  );
  frameForClicks.hover = hoverText;
  if (slope) slope.frame.hover = (x) => hoverText(x, 0);
  frameForClicks.svg.addEventListener('click', (event) => {
    const at = frameForClicks.dataAt(event);
    if (!at || !f) return;
    const round = (v: number): number => Number(v.toPrecision(3));
    state.start =
      dimension === 1
        ? `${f.variables[0]}=${round(at[0])}`
        : `${f.variables[0]}=${round(at[0])},${f.variables[1]}=${round(at[1])}`;
    startInput.value = state.start;
    schedule(true);
  });

  const trackOf = (i: number) => {
    const r = outcome!.runs[i]!;
    return { color: runColor(i), label: runName(r.spec), points: r.points, values: r.values };
  };

  function drawStep(k: number, live = false): void {
    if (!outcome || !f) return;
    if (chart && slope) {
      chart.update(curveSeries(k));
      slope.update(slopeSeries(k));
    }
    contour?.setStep(k);
    surface?.setTracks(
      outcome.runs.map((_, i) => trackOf(i)),
      k,
    );
    renderLegend(k);
    narration.show(k, live);
  }

  const curve = { x: new Float64Array(0), y: new Float64Array(0), dy: new Float64Array(0) };
  function sampleCurve(): void {
    const [lo, hi] = domain[0];
    const count = 400;
    curve.x = Float64Array.from({ length: count + 1 }, (_, i) => lo + ((hi - lo) * i) / count);
    curve.y = new Float64Array(count + 1);
    curve.dy = new Float64Array(count + 1);
    curve.x.forEach((x, i) => {
      point[0] = x;
      curve.y[i] = f!.valueAndGradient(point, grad);
      curve.dy[i] = grad[0]!;
    });
  }
  const curveSeries = (k: number) => [
    { color: '#222', label: 'f', x: curve.x, y: curve.y, width: 2.5 },
    ...(outcome?.runs ?? []).map((r, i) => ({
      color: runColor(i),
      label: runName(r.spec),
      // One variable: the iterates are the x values themselves (the same array each step, so the chart only cuts it).
      x: r.points,
      y: r.values,
      dots: true,
      width: 1.4,
      upTo: k,
    })),
  ];
  const slopeSeries = (k: number) => [
    { color: '#555', label: 'f′', x: curve.x, y: curve.dy, width: 2, dash: '6 3' },
    ...(outcome?.runs ?? []).map((r, i) => {
      const last = Math.min(k, r.values.length - 1);
      point[0] = r.points[last]!;
      f!.valueAndGradient(point, grad);
      return { color: runColor(i), label: runName(r.spec), x: [point[0]], y: [grad[0]!], dots: true };
    }),
  ];

  // The legend is built once per race; a playback step only rewrites its numbers and badges.
  let legendCells: { value: HTMLElement; badge: HTMLElement }[] = [];
  let legendFor: RaceOutcome | null = null;
  function renderLegend(k: number): void {
    if (!outcome) return;
    if (legendFor !== outcome) {
      legendFor = outcome;
      legendCells = outcome.runs.map(() => ({
        value: h('span', { class: 'legend-value' }),
        badge: h('span'),
      }));
      replace(
        legend,
        ...outcome.runs.map((r, i) =>
          h(
            'li',
            {},
            h('span', { class: 'swatch', style: `background:${runColor(i)}`, 'aria-hidden': 'true' }),
            h('span', { class: 'legend-name' }, runName(r.spec)),
            legendCells[i]!.value,
            legendCells[i]!.badge,
          ),
        ),
      );
    }
    outcome.runs.forEach((r, i) => {
      const last = Math.min(k, r.values.length - 1);
      const done = k >= r.values.length - 1;
      const cell = legendCells[i]!;
      setText(cell.value, `f = ${num(r.values[last])}`);
      const badge = `badge ${done ? r.summary.status : 'running'}`;
      if (cell.badge.className !== badge) cell.badge.className = badge;
      setText(cell.badge, done ? r.summary.status : `step ${last}`);
    });
  }

  const latest = latestOnly();
  let timer: number | null = null;
  let fairRequested = false;
  function schedule(now = false, autoplay = false): void {
    if (timer !== null) clearTimeout(timer);
    timer = window.setTimeout(() => void recompute(autoplay), now ? 0 : 180);
  }

  async function recompute(autoplay: boolean): Promise<void> {
    timer = null;
    state.runs = runs;
    context.save();
    // The function.
    try {
      f = compileFor(exprInput.value, dimension);
      exprError.show(null);
      state.f = exprInput.value;
      // f(x) retyped as f(t): the start and window written for x now name t.
      if (fieldsFor !== null) {
        startInput.value = renamed(startInput.value, 'start', fieldsFor, f.variables);
        domainInput.value = renamed(domainInput.value, 'window', fieldsFor, f.variables);
      }
    } catch (error) {
      f = null;
      exprError.show((error as Error).message);
      context.setStatus('waiting for a function that can be read', 'waiting');
      return;
    }
    // The start and the window.
    let start: Float64Array;
    try {
      // An empty start is the origin; the field then shows it.
      if (startInput.value.trim() === '') startInput.value = f.variables.map((v) => `${v}=0`).join(',');
      start = parsePoint(startInput.value, f.variables, 'start');
      if (!Number.isFinite(f.value(start)))
        throw new Error(`f is ${num(f.value(start))} at this start; start where it is a number`);
      startError.show(null);
      state.start = startInput.value;
      fieldsFor = f.variables;
    } catch (error) {
      startError.show((error as Error).message);
      context.setStatus('waiting for a start that can be used', 'waiting');
      return;
    }
    try {
      const parsed =
        domainInput.value.trim() === '' ? null : parseDomain(domainInput.value, f.variables, 'window');
      domainError.show(null);
      domain = windowAround(parsed, start);
      // An empty window is worked out from the start; the field then shows the one used.
      if (parsed === null) domainInput.value = windowText(f.variables, domain.slice(0, dimension));
      state.domain = domainInput.value;
    } catch (error) {
      domainError.show((error as Error).message);
      context.setStatus('waiting for a window that can be used', 'waiting');
      return;
    }
    const iter = Number(iterInput.value);
    if (!(Number.isInteger(iter) && iter >= 0 && iter <= 100000)) {
      iterError.show('The iterations must be a whole number from 0 to 100000.');
      context.setStatus('waiting for a number of iterations that can be used', 'waiting');
      return;
    }
    iterError.show(null);
    state.iter = iter;
    if (waitsOnSetting(editorHolder, context)) return;
    context.save();

    const fair = fairRequested;
    fairRequested = false;
    context.setStatus(fair ? 'tuning each learning rate, then racing…' : 'running…', 'running');
    // The job goes to the worker first: it races while this thread sets the formula and draws the function.
    const job = latest({
      kind: 'race',
      f: f.source,
      start: Array.from(start),
      runs,
      maxIterations: iter,
      tol: state.tol ?? 1e-8,
      fair,
    });
    // A turn of the event loop first, so that a worker still starting can take the job.
    await new Promise((resolve) => setTimeout(resolve, 0));
    renderMathPieces(formula, latexOf(f));
    if (chart && slope) {
      sampleCurve();
      chart.set(curveSeries(0), domain[0], rangeOf(curve.y));
      redrawOverlay?.();
      slope.set(slopeSeries(0), domain[0], rangeOf(curve.dy));
    }
    contour?.setFunction((p) => f!.value(p), domain);
    surface?.setFunction((p) => f!.value(p), domain);

    try {
      const result = await job;
      if (result === null || result.kind !== 'race') return;
      outcome = result;
      if (fair) {
        runs = result.runs.map((r) => ({ ...r.spec, settings: { ...r.spec.settings } }));
        state.runs = runs;
        context.save();
        renderEditor();
        fairNote.hidden = false;
        fairNote.textContent = `Fair race — rates tuned on this function by a short sweep each: ${result.runs
          .map((r) =>
            r.tuned ? `${r.spec.optimizer} got ${num(r.tuned.lr)}` : `${r.spec.optimizer} needs none`,
          )
          .join(', ')}.`;
      }
      contour?.setTracks(result.runs.map((_, i) => trackOf(i)));
      narration.load(f, result.runs);
      const steps = Math.max(...result.runs.map((r) => r.values.length - 1));
      play.load(steps, autoplay ? 'start' : 'end');
      if (autoplay) play.play();
      report(result);
    } catch (error) {
      const e = error as JobError;
      context.setStatus(e.input ? 'could not run' : 'something went wrong', 'error');
      context.setVerdicts([]);
      context.note(e.message);
    }
  }

  function windowAround(parsed: [number, number][] | null, start: Float64Array): [Range, Range] {
    if (parsed !== null) return [parsed[0]!, parsed[1] ?? [-5, 5]];
    const around = (v: number): Range => {
      const r = Math.max(5, Math.abs(v) * 1.5);
      return [Math.min(-r, v - 1), Math.max(r, v + 1)];
    };
    return [around(start[0]!), dimension === 2 ? around(start[1]!) : [-5, 5]];
  }

  function report(result: RaceOutcome): void {
    const words = result.runs.map((r) => `${runName(r.spec)}: ${r.summary.status}`);
    context.setStatus(words.join(' · '), 'done');
    context.setVerdicts(
      result.runs.map((r, i): Verdict => {
        const suggested = r.summary.suggestedLr;
        return {
          about: runName(r.spec),
          status: r.summary.status,
          message: r.summary.message,
          suggestedLr: suggested,
          ...(suggested !== null &&
            optimizerEntry(r.spec.optimizer)?.usesLearningRate && {
              apply: () => {
                runs[i] = { ...runs[i]!, lr: Number(suggested.toPrecision(4)) };
                renderEditor();
                schedule(true);
              },
            }),
        };
      }),
    );
  }

  exprInput.addEventListener('input', () => schedule());
  presetSelect.addEventListener('change', () => {
    const p = presets[Number(presetSelect.value)];
    if (!p) return;
    exprInput.value = p.f;
    startInput.value = p.start;
    domainInput.value = p.domain;
    iterInput.value = String(p.iter);
    runs = structuredClone(p.runs);
    renderEditor();
    schedule(true);
  });
  for (const input of [startInput, domainInput, iterInput])
    input.addEventListener('change', () => schedule(true));
  runButton.addEventListener('click', () => schedule(true, true));
  fairButton?.addEventListener('click', () => {
    fairRequested = true;
    schedule(true, true);
  });
  surfaceButton?.addEventListener('click', async () => {
    const open = surfaceHolder.hidden;
    surfaceHolder.hidden = !open;
    surfaceButton.setAttribute('aria-expanded', String(open));
    surfaceButton.textContent = open ? 'Hide the 3-D surface' : 'Show the 3-D surface';
    if (open && surface === null) {
      const { SurfacePlot } = await import('../plots/surface3d.js');
      const plot = new SurfacePlot(surfaceHolder, {
        label: '3-D surface of f with the runs; drag or use the arrow keys to turn it',
      });
      plot.hover = hoverText;
      surface = plot;
      if (f) surface.setFunction((p) => f!.value(p), domain);
      if (outcome)
        surface.setTracks(
          outcome.runs.map((_, i) => trackOf(i)),
          play.step,
        );
    }
  });
  schedule(true);

  const series = (): PathSeries[] =>
    (outcome?.runs ?? []).map((r) => ({
      label: runName(r.spec),
      dimension,
      points: r.points,
      values: r.values,
      status: r.summary.status,
    }));

  return {
    figure(): Figure | null {
      if (!f || !outcome) return null;
      const fn = f;
      const title = `f(${fn.variables.join(', ')}) = ${fn.source}`;
      if (dimension === 1) {
        const p = new Float64Array(1);
        const g = new Float64Array(1);
        return curveFigure({
          f: (x) => {
            p[0] = x;
            return fn.value(p);
          },
          derivative: (x) => {
            p[0] = x;
            fn.valueAndGradient(p, g);
            return g[0]!;
          },
          runs: series(),
          domain: domain[0],
          variable: fn.variables[0]!,
          title,
        });
      }
      return contourFigure({
        f: (p) => fn.value(p),
        runs: series(),
        domain,
        variables: [fn.variables[0]!, fn.variables[1]!],
        title,
      });
    },
    json() {
      return {
        mode: dimension === 1 ? '1d' : '2d',
        f: f?.source ?? null,
        runs: (outcome?.runs ?? []).map((r) => ({
          ...r.summary,
          ...(r.tuned && { tunedLr: r.tuned.lr }),
          path: Array.from({ length: r.values.length }, (_, k) =>
            Array.from(r.points.slice(k * dimension, (k + 1) * dimension)),
          ),
        })),
      };
    },
    command() {
      if (!f || !outcome) return null;
      return raceCommand(commandInput());
    },
    code() {
      if (!f || !outcome) return null;
      return raceCode(commandInput());
    },
    destroy() {
      play.pause();
      narration.destroy();
      if (timer !== null) clearTimeout(timer);
    },
  };

  function commandInput() {
    const start = outcome!.runs[0]!.points.slice(0, dimension);
    return {
      f: f!.source,
      variables: f!.variables,
      start,
      runs: outcome!.runs.map((r) => r.spec),
      maxIterations: state.iter ?? 200,
      tol: state.tol ?? 1e-8,
    };
  }
}

export const oneD: ModeDefinition = {
  id: '1d',
  create: (context) => raceMode(1, context),
};

export const twoD: ModeDefinition = {
  id: '2d',
  create: (context) => raceMode(2, context),
};
