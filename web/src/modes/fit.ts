// The fit mode: seed 001's line through points you place or a CSV you upload, its (m, c) cost surface and loss curve.

import {
  compileExpression,
  type Expression,
  lineFitFigure,
  lossCurvesFigure,
  parseCsvText,
  runColor,
} from '../../../src/index.js';
import { fitCode, fitCommand } from '../commands.js';
import { type JobError, latestOnly } from '../compute.js';
import { errorLine, field, playback, runName, runsEditor } from '../controls.js';
import { h, num, replace, s } from '../dom.js';
import type { FitOutcome } from '../jobs.js';
import { renderMath } from '../math.js';
import { ContourPlot } from '../plots/contour.js';
import { LineChart, rangeOf } from '../plots/curve.js';
import type { ModeDefinition, ModeView } from './mode.js';

// Seed 001's picture: a handful of points near a rising line.
const defaultPoints: [number, number][] = [
  [0.5, 1.9],
  [1, 3.2],
  [1.5, 3.6],
  [2, 5.1],
  [2.5, 5.8],
  [3, 7.2],
  [3.5, 7.9],
  [4, 9.1],
];

// Beyond this many rows the cost surface and the partial derivatives are not worked out as a formula.
const formulaRows = 400;

const csvOf = (points: readonly [number, number][]): string =>
  `x,y\n${points.map(([x, y]) => `${x},${y}`).join('\n')}\n`;

export const fitMode: ModeDefinition = {
  id: 'fit',
  label: 'Fit: a line to data',
  summary:
    'Seed 001: fit y = m·x + c by the mean squared error. Click to add points, drag to move, double-click to delete — or upload a CSV.',
  create(context): ModeView {
    const { state } = context;
    state.points ??= defaultPoints.map(([x, y]) => [x, y]);
    state.model ??= 'linear';
    state.runs ??= [{ optimizer: 'gd', lr: 0.05, settings: {} }];
    state.epochs ??= 200;
    const runs = state.runs.slice(0, 1);
    let points = state.points;
    let uploaded: { text: string; name: string } | null = null;

    const upload = h('input', { type: 'file', accept: '.csv,text/csv', 'data-testid': 'csv-upload' });
    const csvArea = h('textarea', { rows: 6, spellcheck: 'false', 'data-testid': 'csv-text', class: 'csv' });
    csvArea.value = csvOf(points);
    const csvError = errorLine(csvArea, 'csv-error');
    upload.setAttribute('aria-describedby', csvArea.getAttribute('aria-describedby')!);
    const targetSelect = h('select', { 'data-testid': 'target-select' });
    const modelSelect = h(
      'select',
      { 'data-testid': 'model-select' },
      ...['linear', 'poly:2', 'poly:3', 'poly:5'].map((m) =>
        h(
          'option',
          { value: m, selected: m === state.model },
          m === 'linear' ? 'line y = m·x + c' : `polynomial of degree ${m.slice(5)}`,
        ),
      ),
    );
    const epochsInput = h('input', {
      type: 'number',
      min: 0,
      max: 100000,
      value: state.epochs,
      'data-testid': 'iter-input',
    });
    const epochsError = errorLine(epochsInput);
    const runButton = h(
      'button',
      { type: 'button', class: 'primary', 'data-testid': 'run-button' },
      'Fit and play',
    );
    const downloadButton = h(
      'button',
      { type: 'button', class: 'secondary', 'data-testid': 'download-data' },
      'Download the data as CSV',
    );
    const editorHolder = h('div');
    const renderEditor = (): void =>
      replace(
        editorHolder,
        runsEditor(runs, () => schedule(), { max: 1 }),
      );
    renderEditor();
    context.controls.append(
      h(
        'fieldset',
        { class: 'group', 'data-control': 'data' },
        h('legend', {}, 'data'),
        field('data', 'upload a CSV with a header row', upload),
        field('data', 'or edit the rows (x,y)', csvArea, csvError.node),
        field('data', 'target column', targetSelect),
        downloadButton,
      ),
      field('model', 'model', modelSelect),
      h(
        'fieldset',
        { class: 'group', 'data-control': 'optimizers' },
        h('legend', {}, 'optimizer'),
        editorHolder,
      ),
      field('iterations', 'epochs at most', epochsInput, epochsError.node),
      h('div', { class: 'actions' }, runButton),
    );

    const formula = h('div', { class: 'formula' });
    const plotHolder = h('div', { class: 'plot', 'data-testid': 'plot' });
    const partials = h('div', { class: 'readout', 'data-testid': 'partials', 'aria-live': 'off' });
    const lossHolder = h(
      'div',
      { class: 'plot' },
      h('h3', {}, 'Loss by epoch (mean squared error, log scale)'),
    );
    const surfaceHolder = h(
      'div',
      { class: 'plot', 'data-control': 'surface' },
      h('h3', {}, 'Cost E(m, c), path from m = 1, c = 0'),
    );
    const play = playback(
      (k) => drawStep(k),
      state.speed ?? 2,
      (v) => {
        state.speed = v;
        context.save();
      },
    );
    context.plots.append(
      formula,
      plotHolder,
      play.node,
      partials,
      h('div', { class: 'pair' }, lossHolder, surfaceHolder),
    );
    const scatter = new LineChart(plotHolder, {
      xLabel: 'x',
      yLabel: 'y',
      label: 'the data and the fitted line',
      aspect: 0.6,
    });
    const loss = new LineChart(lossHolder, {
      xLabel: 'epoch',
      yLabel: 'log₁₀ of the loss',
      label: 'loss by epoch',
      aspect: 0.7,
      maxHeight: 320,
    });
    const surface = new ContourPlot(surfaceHolder, {
      xLabel: 'slope m',
      yLabel: 'intercept c',
      label: 'the cost E(m, c) with the path of (m, c)',
      aspect: 0.7,
    });

    let data: { x: number[]; y: number[]; featureName: string; targetName: string } | null = null;
    let outcome: FitOutcome | null = null;
    // The loss falls by orders of magnitude: drawn as log₁₀ so the late epochs stay visible.
    let logLoss: number[] = [];
    let cost: Expression | null = null;
    let costWindow: [[number, number], [number, number]] = [
      [0, 2],
      [-1, 1],
    ];
    // Its variables sort by name, c before m; the plots put m across and c up.
    const costAt = (q: Float64Array): number => cost!.value(Float64Array.of(q[1]!, q[0]!));
    let surface3d: import('../plots/surface3d.js').SurfacePlot | null = null;
    let grid: number[] = [];
    let xRange: [number, number] = [0, 1];
    let yRange: [number, number] = [0, 1];
    const source = (): { text: string; name: string } =>
      uploaded ?? { text: csvArea.value, name: 'the rows' };

    /** Reads the CSV with the library's reader: the same rules and messages as `downhill fit`. */
    function readData(): boolean {
      const { text, name } = source();
      try {
        const header = text.split(/\r?\n/, 1)[0] ?? '';
        const columns = header.split(',').map((c) => c.trim());
        if (
          targetSelect.options.length !== columns.length ||
          Array.from(targetSelect.options).some((o, i) => o.value !== columns[i])
        ) {
          const chosen = targetSelect.value || columns[columns.length - 1];
          replace(targetSelect, ...columns.map((c) => h('option', { value: c, selected: c === chosen }, c)));
        }
        const dataset = parseCsvText(
          text,
          targetSelect.value === '' ? {} : { target: targetSelect.value },
          name,
        );
        if (dataset.classes !== null)
          throw new Error(
            `the target column "${dataset.targetName}" holds labels, not numbers: this mode fits numbers`,
          );
        if (dataset.featureNames.length !== 1)
          throw new Error(
            `this mode draws one feature against the target; the file has ${dataset.featureNames.length} feature columns (${dataset.featureNames.join(', ')})`,
          );
        data = {
          x: Array.from(dataset.features),
          y: Array.from(dataset.target),
          featureName: dataset.featureNames[0]!,
          targetName: dataset.targetName,
        };
        csvError.show(null);
        return true;
      } catch (error) {
        data = null;
        csvError.show((error as Error).message);
        context.setStatus('waiting for data that can be read', 'error');
        return false;
      }
    }

    function setUpPlots(): void {
      if (!data) return;
      xRange = rangeOf(data.x, 0.08);
      yRange = rangeOf(data.y, 0.12);
      grid = Array.from({ length: 121 }, (_, i) => xRange[0] + ((xRange[1] - xRange[0]) * i) / 120);
      scatter.frame.options.xLabel = data.featureName;
      scatter.frame.options.yLabel = data.targetName;
      scatter.set(scatterSeries(0), xRange, yRange);
      drawPoints();
      cost = null;
      const linear = state.model === 'linear';
      surfaceHolder.hidden = !linear || state.hide.includes('surface');
      if (linear && data.x.length <= formulaRows) {
        // Seed 001's E(m, c) = (1/n)·Σ (yᵢ − (m·xᵢ + c))², typed out as a formula the library differentiates.
        const terms = data.x.map((x, i) => `(${data!.y[i]} - (m*${x} + c))^2`);
        cost = compileExpression(`(${terms.join(' + ')}) / ${data.x.length}`);
        renderMathOf(
          `E(m, c) = \\frac{1}{${data.x.length}}\\sum_{i=1}^{${data.x.length}} \\bigl(y_i - (m\\,x_i + c)\\bigr)^2`,
        );
      } else {
        renderMathOf(
          linear
            ? 'E(m, c) = \\frac{1}{n}\\sum_i \\bigl(y_i - (m\\,x_i + c)\\bigr)^2'
            : `E = \\frac{1}{n}\\sum_i \\bigl(y_i - p(x_i)\\bigr)^2,\\ p \\text{ of degree } ${state.model!.slice(5)}`,
        );
      }
    }

    const renderMathOf = (tex: string): void => renderMath(formula, tex);

    const mc = (k: number): [number, number] | null => {
      const p = outcome?.parameters[k];
      if (!p || !data || state.model !== 'linear') return null;
      return [p[data.featureName] as number, p.intercept as number];
    };

    const scatterSeries = (k: number) => {
      const curve = outcome?.curves[Math.min(k, (outcome?.curves.length ?? 1) - 1)];
      return [...(curve ? [{ color: runColor(1), label: 'fit', x: grid, y: curve, width: 3 }] : [])];
    };

    function drawPoints(): void {
      if (!data) return;
      const { x, y } = scatter.frame;
      const dots = data.x.length > 2000 ? data.x.slice(0, 2000) : data.x;
      replace(
        scatter.marks,
        ...dots.map((xi, i) =>
          s('circle', {
            cx: x(xi),
            cy: y(data!.y[i]!),
            r: uploaded ? 3 : 6,
            fill: runColor(0),
            'fill-opacity': 0.85,
            stroke: '#fff',
            'stroke-width': 1.5,
            class: uploaded ? '' : 'point',
            'data-index': i,
          }),
        ),
      );
    }

    function drawStep(k: number): void {
      if (!outcome || !data) return;
      scatter.update(scatterSeries(k));
      const epochs = outcome.epochs;
      const epoch = epochs[Math.min(k, epochs.length - 1)]!;
      const lossX = Array.from(outcome.loss, (_, i) => i);
      loss.update([{ color: runColor(1), label: 'loss', x: lossX, y: logLoss, width: 2, upTo: epoch }]);
      const path = outcome.parameters.map((_, i) => mc(i)).filter((v): v is [number, number] => v !== null);
      if (path.length > 0) {
        surface.setTracks([{ color: runColor(1), label: runName(runs[0]!), points: path.flat() }], k);
        const values = path.map(([m, c]) => costAt(Float64Array.of(m, c)));
        surface3d?.setTracks([{ color: runColor(1), points: path.flat(), values }], k);
      }
      const now = mc(k);
      const p = outcome.parameters[Math.min(k, outcome.parameters.length - 1)]!;
      if (now && cost) {
        const g = new Float64Array(2);
        // Variables sort by name: c before m.
        const at = Float64Array.of(now[1], now[0]);
        const e = cost.valueAndGradient(at, g);
        const lr = runs[0]!.lr;
        replace(
          partials,
          h(
            'p',
            {},
            h('strong', {}, `epoch ${epoch}: `),
            `m = ${num(now[0])}, c = ${num(now[1])}, E = ${num(e)}`,
          ),
          h(
            'p',
            {},
            `∂E/∂m = −(2/n)·Σ xᵢ(yᵢ − (m·xᵢ + c)) = `,
            h('strong', {}, num(g[1])),
            `;  ∂E/∂c = −(2/n)·Σ (yᵢ − (m·xᵢ + c)) = `,
            h('strong', {}, num(g[0])),
          ),
          lr === null
            ? null
            : h(
                'p',
                { class: 'hint' },
                `step sizes: learning rate × derivative = ${num(lr * g[1]!)} for m and ${num(lr * g[0]!)} for c (new = old − step).`,
              ),
        );
      } else {
        replace(
          partials,
          h(
            'p',
            {},
            h('strong', {}, `epoch ${epoch}: `),
            Object.entries(p)
              .map(
                ([k2, v]) =>
                  `${k2} = ${Array.isArray(v) ? v.map((x) => num(x as number)).join(', ') : num(v as number)}`,
              )
              .join('; '),
          ),
        );
      }
    }

    const latest = latestOnly();
    let timer: number | null = null;
    function schedule(now = false, autoplay = false): void {
      if (timer !== null) clearTimeout(timer);
      timer = window.setTimeout(() => void recompute(autoplay), now ? 0 : 200);
    }

    async function recompute(autoplay: boolean): Promise<void> {
      timer = null;
      state.runs = runs;
      state.model = modelSelect.value;
      if (!readData()) return;
      const epochs = Number(epochsInput.value);
      if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 100000)) {
        epochsError.show('The epochs must be a whole number from 1 to 100000.');
        return;
      }
      epochsError.show(null);
      state.epochs = epochs;
      state.points = uploaded ? null : points;
      context.save();
      setUpPlots();
      context.setStatus('fitting…', 'running');
      try {
        const result = await latest({
          kind: 'fit',
          csv: source().text,
          source: source().name,
          target: targetSelect.value || null,
          model: state.model!,
          run: runs[0]!,
          epochs,
          tol: state.tol ?? 1e-8,
          grid,
        });
        if (result === null || result.kind !== 'fit') return;
        outcome = result;
        logLoss = Array.from(result.loss, (v) => (v > 0 ? Math.log10(v) : Number.NaN));
        loss.set([], [0, Math.max(1, logLoss.length - 1)], rangeOf(logLoss, 0.08));
        const path = result.parameters.map((_, i) => mc(i)).filter((v): v is [number, number] => v !== null);
        if (cost && path.length > 0) {
          const ms = path.map((v) => v[0]);
          const cs = path.map((v) => v[1]);
          const mr = rangeOf(ms.concat(ms.map((m) => 2 * (ms.at(-1) ?? m) - m)), 0.25);
          const cr = rangeOf(cs.concat(cs.map((c) => 2 * (cs.at(-1) ?? c) - c)), 0.25);
          costWindow = [mr, cr];
          surface.setFunction(costAt, costWindow);
          surface3d?.setFunction(costAt, costWindow);
        }
        play.load(result.parameters.length - 1, autoplay ? 'start' : 'end');
        if (autoplay) play.play();
        context.setStatus(`${runName(runs[0]!)} on ${state.model}: ${result.status}`, 'done');
        context.setVerdicts([
          { about: runName(runs[0]!), status: result.status, message: result.message, suggestedLr: null },
        ]);
      } catch (error) {
        const e = error as JobError;
        context.setStatus('could not fit', 'error');
        if (e.input) csvError.show(e.message);
        else context.note(e.message);
      }
    }

    // Points: click to add, drag to move, double-click (or Delete on a focused point) to remove.
    let dragging: number | null = null;
    const svg = scatter.frame.svg;
    svg.addEventListener('pointerdown', (event) => {
      const target = event.target as Element;
      if (target.classList.contains('point')) {
        dragging = Number(target.getAttribute('data-index'));
        svg.setPointerCapture(event.pointerId);
        event.preventDefault();
      }
    });
    svg.addEventListener('pointermove', (event) => {
      if (dragging === null) return;
      const at = scatter.frame.dataAt(event);
      if (!at) return;
      points[dragging] = [Number(at[0].toPrecision(3)), Number(at[1].toPrecision(3))];
      const el = svg.querySelector(`[data-index="${dragging}"]`);
      el?.setAttribute('cx', String(scatter.frame.x(points[dragging]![0])));
      el?.setAttribute('cy', String(scatter.frame.y(points[dragging]![1])));
    });
    svg.addEventListener('pointerup', () => {
      if (dragging === null) return;
      dragging = null;
      csvArea.value = csvOf(points);
      schedule(true);
    });
    svg.addEventListener('click', (event) => {
      if (uploaded || (event.target as Element).classList.contains('point')) return;
      const at = scatter.frame.dataAt(event);
      if (!at) return;
      points.push([Number(at[0].toPrecision(3)), Number(at[1].toPrecision(3))]);
      csvArea.value = csvOf(points);
      schedule(true);
    });
    svg.addEventListener('dblclick', (event) => {
      const target = event.target as Element;
      if (!target.classList.contains('point') || points.length <= 2) return;
      points.splice(Number(target.getAttribute('data-index')), 1);
      csvArea.value = csvOf(points);
      schedule(true);
    });
    scatter.frame.hover = (x, y) => `x = ${num(x)}, y = ${num(y)}`;
    surface.frame.hover = (m, c) => {
      if (!cost) return null;
      const g = new Float64Array(2);
      const e = cost.valueAndGradient(Float64Array.of(c, m), g);
      return `m = ${num(m)}, c = ${num(c)}   E = ${num(e)}   ∂E/∂m = ${num(g[1])}, ∂E/∂c = ${num(g[0])}`;
    };
    // Seed 001's figure 3: the same E(m, c) as a 3-D surface, loaded when asked for.
    const surfaceButton = h(
      'button',
      { type: 'button', 'aria-expanded': 'false', 'data-testid': 'surface-button' },
      'Show E(m, c) in 3-D',
    );
    const surface3dHolder = h('div', { hidden: true });
    surfaceHolder.append(surfaceButton, surface3dHolder);
    surfaceButton.addEventListener('click', async () => {
      const open = surface3dHolder.hidden;
      surface3dHolder.hidden = !open;
      surfaceButton.setAttribute('aria-expanded', String(open));
      surfaceButton.textContent = open ? 'Hide the 3-D surface' : 'Show E(m, c) in 3-D';
      if (open && surface3d === null) {
        const { SurfacePlot } = await import('../plots/surface3d.js');
        surface3d = new SurfacePlot(surface3dHolder, {
          label: 'E(m, c) in 3-D with the path of (m, c); drag or use the arrow keys to turn it',
        });
        if (cost) surface3d.setFunction(costAt, costWindow);
        drawStep(play.step);
      }
    });

    csvArea.addEventListener('input', () => {
      uploaded = null;
      const rows = csvArea.value.trim().split(/\r?\n/).slice(1);
      const parsed = rows.map((r) => r.split(',').map(Number));
      if (parsed.every((r) => r.length === 2 && r.every(Number.isFinite)))
        points = parsed as [number, number][];
      schedule();
    });
    upload.addEventListener('change', async () => {
      const file = upload.files?.[0];
      if (!file) return;
      const text = await file.text();
      uploaded = { text, name: file.name };
      csvArea.value =
        text.length > 200_000
          ? `${text.slice(0, 2000)}\n… (${file.name}: ${file.size} bytes, shown in part)`
          : text;
      replace(targetSelect);
      schedule(true);
    });
    targetSelect.addEventListener('change', () => schedule(true));
    modelSelect.addEventListener('change', () => schedule(true));
    epochsInput.addEventListener('change', () => schedule(true));
    runButton.addEventListener('click', () => schedule(true, true));
    downloadButton.addEventListener('click', () => {
      const url = URL.createObjectURL(new Blob([source().text], { type: 'text/csv' }));
      const a = h('a', { href: url, download: 'data.csv' });
      document.body.append(a);
      a.click();
      a.remove();
    });
    schedule(true);

    const commandInput = () => ({
      file: 'data.csv',
      target: data?.targetName ?? 'y',
      model: state.model!,
      run: runs[0]!,
      epochs: state.epochs!,
      tol: state.tol ?? 1e-8,
    });
    return {
      figure() {
        if (!outcome || !data) return null;
        const path = outcome.parameters.map((_, i) => mc(i)).filter((v): v is [number, number] => v !== null);
        if (path.length > 0) {
          return lineFitFigure({
            x: data.x,
            y: data.y,
            path,
            xLabel: data.featureName,
            yLabel: data.targetName,
            title: `${data.targetName} = m·${data.featureName} + c, fitted by ${runName(runs[0]!)}`,
          });
        }
        return lossCurvesFigure({
          series: [{ label: 'training loss', values: outcome.loss }],
          valueName: 'mse loss',
          xLabel: 'epoch',
          title: `${state.model} fitted by ${runName(runs[0]!)}`,
        });
      },
      json() {
        return {
          mode: 'fit',
          data: data && { x: data.x, y: data.y },
          result: outcome?.summary ?? null,
          path: outcome?.parameters ?? [],
          loss: outcome ? Array.from(outcome.loss) : [],
        };
      },
      command() {
        return outcome
          ? `${fitCommand(commandInput())}    # data.csv: the "Download the data as CSV" button`
          : null;
      },
      code() {
        return outcome ? fitCode({ ...commandInput(), csv: source().text }) : null;
      },
      destroy() {
        play.pause();
      },
    };
  },
};
