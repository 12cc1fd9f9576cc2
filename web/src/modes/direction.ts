// The direction mode: seed 000's argument — turn a unit direction u around θ and compare L(θ+ηu) − L(θ) with η‖∇L‖cos β.

import {
  compileExpression,
  contourFigure,
  type Directions,
  directions,
  directionVerdict,
  type Expression,
  parsePoint,
} from '../../../src/index.js';
import { directionCode, directionCommand } from '../commands.js';
import { errorLine, field, logSlider, readNumber } from '../controls.js';
import { clause, h, num, replace, s } from '../dom.js';
import { renderMath } from '../math.js';
import { ContourPlot } from '../plots/contour.js';
import { LineChart, rangeOf } from '../plots/curve.js';
import type { Range } from '../plots/frame.js';
import { quote } from '../state.js';
import type { ModeDefinition, ModeView, Verdict } from './mode.js';

const colors = { firstOrder: '#0072B2', actual: '#D55E00', gradient: '#555555', steepest: '#009E73' };

const defaults = { f: 'x^2 + 3*y^2', at: 'x=1.5,y=1' };

/** The loss of this mode: a function of two variables, or the words that say why not. */
function twoVariables(text: string): Expression {
  const f = compileExpression(text);
  if (f.variables.length !== 2)
    throw new Error(
      `This mode turns a direction in a plane: it needs a function of two variables; this one has ${f.variables.length}.`,
    );
  return f;
}

export const directionMode: ModeDefinition = {
  id: 'direction',
  create(context): ModeView {
    const { state } = context;
    // A link's function or point that cannot be used is dropped with a note; the defaults take their place.
    if (state.f !== null) {
      try {
        twoVariables(state.f);
      } catch (error) {
        context.note(
          `Ignored f=${quote(state.f)}: ${clause((error as Error).message)}. The page shows its default function.`,
        );
        state.f = null;
      }
    }
    state.f ??= defaults.f;
    if (state.at !== null) {
      try {
        const f = twoVariables(state.f);
        if (!Number.isFinite(f.value(parsePoint(state.at, f.variables, 'θ'))))
          throw new Error('L is not a number there');
      } catch (error) {
        context.note(
          `Ignored at=${quote(state.at)}: ${clause((error as Error).message)}. The page turns at its default point.`,
        );
        state.at = null;
      }
    }
    state.at ??=
      state.f === defaults.f
        ? defaults.at
        : twoVariables(state.f)
            .variables.map((v) => `${v}=1`)
            .join(',');
    const eta0 = state.runs?.[0]?.lr ?? 0.5;
    let eta = eta0;
    let angle = state.angle ?? 135;

    const exprInput = h('input', {
      type: 'text',
      value: state.f,
      'data-testid': 'expr-input',
      spellcheck: 'false',
      class: 'expr',
    });
    const exprError = errorLine(exprInput, 'expr-error');
    const atInput = h('input', {
      type: 'text',
      value: state.at,
      'data-testid': 'start-input',
      spellcheck: 'false',
    });
    const atError = errorLine(atInput, 'start-error');
    const etaInput = h('input', {
      type: 'text',
      inputmode: 'decimal',
      value: String(eta),
      'data-testid': 'lr-input',
      class: 'number',
    });
    const etaError = errorLine(etaInput);
    const etaSlider = logSlider('step size η (log scale)', eta, -3, 1, (v) => {
      eta = v;
      etaInput.value = String(v);
      etaError.show(null);
      update();
    });
    const angleInput = h('input', {
      type: 'range',
      min: 0,
      max: 359,
      step: 1,
      value: angle,
      'data-testid': 'angle-input',
    });
    const angleOut = h('output', { class: 'counter' }, `${angle}°`);
    const runButton = h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'run-button' },
      'Sweep β from 0° to 360°',
    );
    context.controls.append(
      field('expr', 'L(x, y) =', exprInput, exprError.node),
      field('start', 'the point θ (or click the plot)', atInput, atError.node),
      h(
        'div',
        { class: 'field', 'data-control': 'lr' },
        h('label', { for: 'eta-input' }, 'step size η'),
        h('div', { class: 'setting-inputs' }, etaInput, etaSlider),
        etaError.node,
      ),
      h(
        'div',
        { class: 'field', 'data-control': 'playback' },
        h('label', { for: 'angle-input' }, 'angle β between u and ∇L (or drag the arrow)'),
        h('div', { class: 'setting-inputs' }, angleInput, angleOut),
      ),
      h('div', { class: 'actions' }, runButton),
    );
    etaInput.id = 'eta-input';
    angleInput.id = 'angle-input';

    const formula = h('div', { class: 'formula' });
    const plotHolder = h('div', { class: 'plot', 'data-testid': 'plot' });
    const readout = h('div', { class: 'readout', 'aria-live': 'polite' });
    const chartHolder = h('div', { class: 'plot' });
    const table = h('div', {
      class: 'table-wrap',
      tabindex: 0,
      role: 'region',
      'aria-label': 'the 24 directions',
    });
    context.plots.append(
      formula,
      plotHolder,
      readout,
      chartHolder,
      h(
        'details',
        {},
        h(
          'summary',
          {},
          'All 24 directions (as ',
          h('code', { class: 'command-words' }, 'downhill analyze --directions'),
          ' prints them)',
        ),
        table,
      ),
    );
    const contour = new ContourPlot(plotHolder, {
      xLabel: 'x',
      yLabel: 'y',
      label: 'contours of L around θ with the direction u',
      aspect: 0.8,
      role: 'group',
    });
    const chart = new LineChart(chartHolder, {
      xLabel: 'β (degrees)',
      yLabel: 'change in L',
      label: 'first-order and actual change against β',
      aspect: 0.45,
      maxHeight: 300,
    });
    const legend = h(
      'ul',
      { class: 'legend' },
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${colors.firstOrder}` }),
        'first order η‖∇L‖cos β (dashed)',
      ),
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: `background:${colors.actual}` }),
        'actual L(θ + ηu) − L(θ)',
      ),
    );
    chartHolder.append(legend);

    let f: Expression | null = null;
    let theta: Float64Array = new Float64Array(2);
    let fine: Directions | null = null;
    let coarse: Directions | null = null;
    let domain: [Range, Range] = [
      [-1, 1],
      [-1, 1],
    ];
    const g = new Float64Array(2);
    const p = new Float64Array(2);
    contour.frame.hover = (x, y) => {
      if (!f) return null;
      p[0] = x;
      p[1] = y;
      const v = f.valueAndGradient(p, g);
      return `(${num(x)}, ${num(y)})   L = ${num(v)}   ∇L = (${num(g[0])}, ${num(g[1])})`;
    };

    // The sweep: at the angle under the pointer, both changes and the slope of the first-order one.
    chart.frame.hover = (x) => {
      if (!fine) return null;
      const b = ((Math.round(x) % 360) + 360) % 360;
      const d = fine.directions[b]!;
      const slope = -eta * fine.gradientNorm * Math.sin((b * Math.PI) / 180) * (Math.PI / 180);
      return `β = ${b}°   first order = ${num(d.firstOrder)}   actual = ${num(d.actual)}\nd(first order)/dβ = ${num(slope)} per degree`;
    };

    function rebuild(): void {
      try {
        f = twoVariables(exprInput.value);
        exprError.show(null);
        state.f = exprInput.value;
      } catch (error) {
        f = null;
        exprError.show((error as Error).message);
        context.setStatus('waiting for a function that can be read', 'waiting');
        return;
      }
      try {
        theta = parsePoint(atInput.value, f.variables, 'θ');
        atError.show(null);
        state.at = atInput.value;
      } catch (error) {
        atError.show((error as Error).message);
        return;
      }
      renderMath(formula, `L(${f.variables.join(', ')}) = ${f.latex}`);
      update();
    }

    function update(): void {
      if (!f) return;
      try {
        fine = directions(f, theta, { learningRate: eta, every: 1 });
        coarse = directions(f, theta, { learningRate: eta });
      } catch (error) {
        atError.show((error as Error).message);
        context.setStatus('cannot turn here', 'error');
        return;
      }
      state.runs = [{ optimizer: 'gd', lr: eta, settings: {} }];
      state.angle = angle;
      context.save();
      const r = Math.max(eta * 2.2, 0.25);
      // One unit as many pixels across as up: this mode is about angles, and the η-circle must be a circle.
      const area = contour.frame.area;
      const wide = area.width > 0 && area.height > 0 ? area.width / area.height : 1.3;
      domain = [
        [theta[0]! - r * wide, theta[0]! + r * wide],
        [theta[1]! - r, theta[1]! + r],
      ];
      contour.frame.options.xLabel = f.variables[0]!;
      contour.frame.options.yLabel = f.variables[1]!;
      contour.setFunction((q) => f!.value(q), domain);
      const all = fine.directions.flatMap((d) => [d.firstOrder, d.actual]);
      chart.set(series(), [0, 360], rangeOf(all, 0.1));
      renderTable();
      draw();
    }

    const series = () => [
      {
        color: colors.firstOrder,
        label: 'first order',
        x: fine!.directions.map((d) => d.angle),
        y: fine!.directions.map((d) => d.firstOrder),
        dash: '7 4',
        width: 2.4,
      },
      {
        color: colors.actual,
        label: 'actual',
        x: fine!.directions.map((d) => d.angle),
        y: fine!.directions.map((d) => d.actual),
        width: 2.4,
      },
    ];

    function draw(): void {
      if (!f || !fine) return;
      const d = fine.directions[angle]!;
      angleInput.value = String(angle);
      angleOut.textContent = `${angle}°`;
      const { x, y } = contour.frame;
      const [tx, ty] = [x(theta[0]!), y(theta[1]!)];
      const to = (u: Record<string, number>, scale = 1): [number, number] => [
        x(theta[0]! + eta * scale * u[f!.variables[0]!]!),
        y(theta[1]! + eta * scale * u[f!.variables[1]!]!),
      ];
      const arrow = (
        from: [number, number],
        end: [number, number],
        color: string,
        width: number,
        dash?: string,
      ) => {
        const [ax, ay] = from;
        const [bx, by] = end;
        const a = Math.atan2(by - ay, bx - ax);
        const head = `M${bx},${by}L${bx - 10 * Math.cos(a - 0.4)},${by - 10 * Math.sin(a - 0.4)}L${bx - 10 * Math.cos(a + 0.4)},${by - 10 * Math.sin(a + 0.4)}Z`;
        return s(
          'g',
          {},
          s('line', {
            x1: ax,
            y1: ay,
            x2: bx,
            y2: by,
            stroke: color,
            'stroke-width': width,
            'stroke-dasharray': dash,
          }),
          s('path', { d: head, fill: color }),
        );
      };
      const rx = Math.abs(x(theta[0]! + eta) - tx);
      const ry = Math.abs(y(theta[1]! + eta) - ty);
      const steepest = fine.directions[180]!;
      const gradientDir = fine.directions[0]!;
      const [hx, hy] = to(d.direction);
      const handle = s('circle', {
        cx: hx,
        cy: hy,
        r: 9,
        fill: colors.actual,
        stroke: '#fff',
        'stroke-width': 2,
        class: 'handle',
        tabindex: 0,
        role: 'slider',
        'aria-label': 'direction u: angle from the gradient',
        'aria-valuemin': 0,
        'aria-valuemax': 359,
        'aria-valuenow': angle,
        'aria-valuetext': `${angle} degrees`,
      });
      handle.addEventListener('keydown', (e) => {
        const steps: Record<string, number> = {
          ArrowLeft: -1,
          ArrowDown: -1,
          ArrowRight: 1,
          ArrowUp: 1,
          PageUp: 15,
          PageDown: -15,
        };
        const dv = steps[e.key];
        if (dv === undefined) return;
        e.preventDefault();
        angle = (angle + dv + 360) % 360;
        draw();
        (contour.marks.querySelector('.handle') as SVGElement | null)?.focus();
      });
      replace(
        contour.marks,
        s('ellipse', { cx: tx, cy: ty, rx, ry, fill: 'none', stroke: '#333', 'stroke-dasharray': '3 3' }),
        arrow([tx, ty], to(gradientDir.direction), colors.gradient, 2, '5 3'),
        s(
          'text',
          { x: to(gradientDir.direction)[0] + 6, y: to(gradientDir.direction)[1] - 6, class: 'mark-label' },
          '∇L (β = 0°)',
        ),
        arrow([tx, ty], to(steepest.direction), colors.steepest, 3),
        s(
          'text',
          { x: to(steepest.direction)[0] + 6, y: to(steepest.direction)[1] + 16, class: 'mark-label' },
          '−∇L (β = 180°)',
        ),
        arrow([tx, ty], [hx, hy], colors.actual, 3.5),
        s('circle', { cx: tx, cy: ty, r: 4, fill: '#000' }),
        handle,
      );
      chart.marks.replaceChildren(
        s('line', {
          x1: chart.frame.x(angle),
          x2: chart.frame.x(angle),
          y1: chart.frame.area.top,
          y2: chart.frame.area.top + chart.frame.area.height,
          stroke: '#333',
          'stroke-width': 1.5,
        }),
        s('line', {
          x1: chart.frame.x(180),
          x2: chart.frame.x(180),
          y1: chart.frame.area.top,
          y2: chart.frame.area.top + chart.frame.area.height,
          stroke: colors.steepest,
          'stroke-dasharray': '4 3',
        }),
        s('circle', {
          cx: chart.frame.x(angle),
          cy: chart.frame.y(d.firstOrder),
          r: 5,
          fill: colors.firstOrder,
        }),
        s('circle', { cx: chart.frame.x(angle), cy: chart.frame.y(d.actual), r: 5, fill: colors.actual }),
      );
      replace(
        readout,
        h(
          'p',
          {},
          h('strong', {}, `β = ${angle}°  `),
          `first order η‖∇L‖cos β = ${num(eta)} × ${num(fine.gradientNorm)} × ${num(Math.cos((angle * Math.PI) / 180), 3)} = `,
          h('strong', {}, num(d.firstOrder)),
          ';  actual L(θ + ηu) − L(θ) = ',
          h('strong', {}, num(d.actual)),
          '.',
        ),
        h(
          'p',
          { class: 'hint' },
          `The first-order change is most negative at β = 180° (${num(steepest.firstOrder)}); the actual change is most negative at β = ${fine.bestActual.angle}° (${num(fine.bestActual.actual)}). The gap between them is the curvature term the Taylor step drops — it grows like η².`,
        ),
      );
      context.setStatus(
        `steepest first-order descent at β = 180° · actual decrease largest at β = ${fine.bestActual.angle}° · showing β = ${angle}°`,
        'done',
      );
      context.setVerdicts([verdictAt(fine, d)]);
      state.angle = angle;
      context.save();
    }

    /**
     * What the view shows at this point, in words: the change along u against its first-order
     * estimate, the steepest direction, and whether η is small enough for the estimate to hold
     * (directionVerdict judges it).
     */
    function verdictAt(all: Directions, d: Directions['directions'][number]): Verdict {
      const about = `η = ${num(eta)}, β = ${angle}°`;
      const at = `At θ = (${Array.from(theta, (v) => num(v)).join(', ')})`;
      const judged = directionVerdict(all);
      if (judged.status === 'stationary') {
        return {
          about,
          status: judged.status,
          message: `${at} the gradient is 0: every direction's first-order change is 0, and L moves only by its curvature (actual change here ${num(d.actual)}).`,
          suggestedLr: null,
        };
      }
      const steep = all.steepest;
      const gap = judged.relativeError!;
      const here = `${at}, ‖∇L‖ = ${num(all.gradientNorm)}. A step of η = ${num(eta)} along u at β = ${angle}° changes L by ${num(d.actual)}; the first-order estimate η‖∇L‖cos β says ${num(d.firstOrder)}. The steepest first-order descent is at β = 180°: −η‖∇L‖ = ${num(steep.firstOrder)}, and L actually changes by ${num(steep.actual)} there`;
      const suggested = judged.suggestedStepSize;
      if (judged.status === 'accurate' || suggested === null) {
        return {
          about,
          status: judged.status,
          message: `${here} — the estimate is within ${num(gap * 100, 2)}% at this η.`,
          suggestedLr: null,
        };
      }
      return {
        about,
        status: judged.status,
        message: `${here}, ${num(gap * 100, 3)}% off: ${
          judged.overshoots
            ? 'this η is too large for the estimate — the step overshoots, and L goes up even against the gradient.'
            : judged.status === 'approximate'
              ? 'the curvature the estimate drops is already visible at this η.'
              : 'this η is too large for the first-order estimate to hold.'
        } The error grows like η (exactly so where L is quadratic, to leading order elsewhere): below about η = ${num(suggested)} the estimate holds within 10%.`,
        suggestedLr: suggested,
        rateName: 'step size η',
        rateSymbol: 'η =',
        apply: () => setEta(suggested),
      };
    }

    function setEta(value: number): void {
      eta = value;
      etaInput.value = String(value);
      etaError.show(null);
      etaSlider.value = String(Math.round(Math.log10(value) * 40));
      update();
    }

    function renderTable(): void {
      if (!coarse) return;
      replace(
        table,
        h(
          'table',
          {},
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'β'),
              h('th', { scope: 'col' }, 'first order'),
              h('th', { scope: 'col' }, 'actual'),
            ),
          ),
          h(
            'tbody',
            {},
            ...coarse.directions.map((d) =>
              h(
                'tr',
                { class: d.angle === 180 ? 'steepest' : '' },
                h('td', {}, `${d.angle}°`),
                h('td', {}, num(d.firstOrder, 6)),
                h('td', {}, num(d.actual, 6)),
              ),
            ),
          ),
        ),
      );
    }

    // Dragging the arrow: the angle of the pointer around θ, measured from the gradient.
    let dragging = false;
    const angleAt = (event: PointerEvent): number | null => {
      const at = contour.frame.dataAt(event);
      if (!at || !fine) return null;
      const g0 = fine.directions[0]!.direction;
      const g90 = fine.directions[90]!.direction;
      const [vx, vy] = [at[0] - theta[0]!, at[1] - theta[1]!];
      const v0 = f!.variables[0]!;
      const v1 = f!.variables[1]!;
      const along = vx * g0[v0]! + vy * g0[v1]!;
      const across = vx * g90[v0]! + vy * g90[v1]!;
      return Math.round(((Math.atan2(across, along) * 180) / Math.PI + 360) % 360) % 360;
    };
    contour.frame.svg.addEventListener('pointerdown', (event) => {
      if ((event.target as Element).classList.contains('handle')) {
        dragging = true;
        contour.frame.svg.setPointerCapture(event.pointerId);
        event.preventDefault();
      }
    });
    // A drag reports more moves than the screen shows frames: draw once a frame, at the latest angle.
    let dragFrame: number | null = null;
    contour.frame.svg.addEventListener('pointermove', (event) => {
      if (!dragging) return;
      const a = angleAt(event);
      if (a === null) return;
      angle = a;
      dragFrame ??= requestAnimationFrame(() => {
        dragFrame = null;
        draw();
      });
    });
    contour.frame.svg.addEventListener('pointerup', () => {
      dragging = false;
    });
    contour.frame.svg.addEventListener('click', (event) => {
      if ((event.target as Element).classList.contains('handle') || !f) return;
      const at = contour.frame.dataAt(event);
      if (!at) return;
      atInput.value = `${f.variables[0]}=${Number(at[0].toPrecision(3))},${f.variables[1]}=${Number(at[1].toPrecision(3))}`;
      rebuild();
    });

    exprInput.addEventListener('input', rebuild);
    atInput.addEventListener('change', rebuild);
    etaInput.addEventListener('change', () => {
      const read = readNumber(etaInput.value, {
        label: 'step size η',
        kind: 'number',
        min: 0,
        minExclusive: true,
      });
      if (!read.ok) {
        etaError.show(read.message);
        return;
      }
      setEta(read.value);
    });
    angleInput.addEventListener('input', () => {
      angle = Number(angleInput.value);
      draw();
    });
    let sweep: number | null = null;
    runButton.addEventListener('click', () => {
      if (sweep !== null) cancelAnimationFrame(sweep);
      let a = 0;
      const tick = (): void => {
        angle = a;
        draw();
        a += 3;
        sweep = a < 360 ? requestAnimationFrame(tick) : null;
      };
      tick();
    });
    rebuild();

    return {
      figure() {
        if (!f || !fine) return null;
        const fn = f;
        const d = fine.directions[angle]!;
        const step = (u: Record<string, number>) => [
          theta[0]!,
          theta[1]!,
          theta[0]! + eta * u[fn.variables[0]!]!,
          theta[1]! + eta * u[fn.variables[1]!]!,
        ];
        const path = (label: string, u: Record<string, number>, change: number) => ({
          label,
          dimension: 2,
          points: step(u),
          values: [fn.value(theta), fn.value(theta) + change],
        });
        return contourFigure({
          f: (q) => fn.value(q),
          domain,
          variables: [fn.variables[0]!, fn.variables[1]!],
          title: `L = ${fn.source}: a step of η = ${num(eta)} at β = ${angle}°`,
          subtitle: `first order ${num(d.firstOrder)}, actual ${num(d.actual)}; steepest first order at 180°`,
          runs: [
            path(`u at β = ${angle}°`, d.direction, d.actual),
            path('−∇L (β = 180°)', fine.steepest.direction, fine.steepest.actual),
          ],
        });
      },
      json() {
        return {
          mode: 'direction',
          f: f?.source ?? null,
          at: state.at,
          stepSize: eta,
          angle,
          ...(coarse && {
            directions: coarse.directions,
            steepest: coarse.steepest,
            bestActual: coarse.bestActual,
          }),
        };
      },
      command() {
        return f ? directionCommand({ f: f.source, variables: f.variables, at: theta, eta }) : null;
      },
      code() {
        return f ? directionCode({ f: f.source, variables: f.variables, at: theta, eta }) : null;
      },
      destroy() {
        if (sweep !== null) cancelAnimationFrame(sweep);
        if (dragFrame !== null) cancelAnimationFrame(dragFrame);
      },
    };
  },
};
