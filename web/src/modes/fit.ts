// The fit mode: seed 001's line through points you place or a CSV you upload, its (m, c) cost surface and loss curve.

import {
  compileExpression,
  type Expression,
  type ExprNode,
  formatExpression,
  lineFitFigure,
  lossCurvesFigure,
  parseAssignments,
  parseCsvText,
  parseExpression,
  runColor,
} from '../../../src/index.js';
import { fileCommand, fitCode, fitCommand } from '../commands.js';
import { type JobError, latestOnly, warmWorker } from '../compute.js';
import { errorLine, field, playback, runName, runsEditor, waitsOnSetting } from '../controls.js';
import { h, num, replace, s } from '../dom.js';
import type { FitOutcome } from '../jobs.js';
import { renderMath } from '../math.js';
import { fitEquations } from '../panels/equations.js';
import { ContourPlot } from '../plots/contour.js';
import { LineChart, rangeOf } from '../plots/curve.js';
import { showOverlay } from '../plots/overlay.js';
import type { ModeDefinition, ModeView } from './mode.js';

// Seed 001's picture: a handful of points near a rising line.
export const defaultPoints: [number, number][] = [
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

// A formula to start from that suits seed 001's points: a power law, two parameters, so its surface shows.
const defaultFormula = { formula: 'a*x^b', params: 'a=1,b=0.5' };

// Data up to this size travel inside the copied command; a larger upload is named by its file.
const inlineBytes = 64 * 1024;

/** The tree with every use of the variable `name` replaced by the number `value`. */
function substitute(node: ExprNode, name: string, value: number): ExprNode {
  switch (node.kind) {
    case 'variable':
      if (node.name !== name) return node;
      return value < 0
        ? { kind: 'negate', arg: { kind: 'number', value: -value } }
        : { kind: 'number', value };
    case 'negate':
    case 'call':
      return { ...node, arg: substitute(node.arg, name, value) };
    case 'binary':
      return {
        ...node,
        left: substitute(node.left, name, value),
        right: substitute(node.right, name, value),
      };
    default:
      return node;
  }
}

export const fitMode: ModeDefinition = {
  id: 'fit',
  create(context): ModeView {
    warmWorker();
    const { state } = context;
    state.points ??= defaultPoints.map(([x, y]) => [x, y]);
    state.model ??= 'linear';
    state.runs ??= [{ optimizer: 'gd', lr: state.model === 'formula' ? 0.01 : 0.05, settings: {} }];
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
      ...['linear', 'poly:2', 'poly:3', 'poly:5', 'formula'].map((m) =>
        h(
          'option',
          { value: m, selected: m === state.model },
          m === 'linear'
            ? 'line y = m·x + c'
            : m === 'formula'
              ? 'a formula you type'
              : `polynomial of degree ${m.slice(5)}`,
        ),
      ),
    );
    if (!Array.from(modelSelect.options).some((o) => o.value === state.model)) {
      modelSelect.append(
        h('option', { value: state.model, selected: true }, `polynomial of degree ${state.model.slice(5)}`),
      );
    }
    const formulaInput = h('input', {
      type: 'text',
      value: state.formula ?? defaultFormula.formula,
      'data-testid': 'formula-input',
      spellcheck: 'false',
      autocomplete: 'off',
      class: 'expr',
    });
    const formulaError = errorLine(formulaInput, 'formula-error');
    const paramsInput = h('input', {
      type: 'text',
      value: state.params ?? (state.formula === null ? defaultFormula.params : ''),
      'data-testid': 'params-input',
      spellcheck: 'false',
      autocomplete: 'off',
    });
    const paramsError = errorLine(paramsInput, 'params-error');
    const formulaFields = h(
      'div',
      { class: 'formula-fields', 'data-control': 'model' },
      field('model', 'y =', formulaInput, formulaError.node),
      field('model', 'starting values (a parameter left out starts at 1)', paramsInput, paramsError.node),
      h(
        'p',
        { class: 'hint' },
        'Names that are columns of the data are the inputs; every other name is a parameter to fit.',
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
        runsEditor(runs, () => schedule(), { max: 1, onInvalid: () => schedule() }),
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
      formulaFields,
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
      h('h2', {}, 'Loss by epoch (mean squared error, log scale)'),
    );
    const surfaceTitle = h('h2', {}, 'Cost E(m, c) with the path of (m, c)');
    const surfaceNote = h('p', { class: 'hint', 'data-testid': 'surface-note', hidden: true });
    const surfaceHolder = h('div', { class: 'plot', 'data-control': 'surface' }, surfaceTitle);
    const play = playback(
      (k, live) => drawStep(k, live),
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
      surfaceNote,
    );
    const equations = fitEquations(context.panel);
    const scatter = new LineChart(plotHolder, {
      xLabel: 'x',
      yLabel: 'y',
      label: 'the data and the fitted line',
      aspect: 0.6,
    });
    // Marks a tour lays over the data (the error of each example).
    const redrawOverlay = showOverlay(scatter.frame);
    const loss = new LineChart(lossHolder, {
      xLabel: 'epoch',
      yLabel: 'loss',
      label: 'loss by epoch',
      // Drawn as log₁₀ of the loss, labelled with the loss itself: 10, 1, 0.1 rather than 1, 0, −1.
      yTick: (t) => num(10 ** t, 2),
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
    let lossX: number[] = [];
    // E as a typed expression of the parameters, written out over the rows, so the library differentiates it.
    let cost: Expression | null = null;
    // The reported parameter each of the cost's variables stands for (linear: c is the intercept, m the slope).
    let costKeys: string[] = [];
    // The two parameters across and up the surface, or null when the model has another number of them.
    let axes: { keys: [string, string]; names: [string, string] } | null = null;
    let costWindow: [[number, number], [number, number]] = [
      [0, 2],
      [-1, 1],
    ];
    const costPoint = new Float64Array(2);
    const costAt = (q: Float64Array): number => {
      const [a, b] = axes!.keys;
      for (const [i, key] of costKeys.entries()) costPoint[i] = key === a ? q[0]! : key === b ? q[1]! : 0;
      return cost!.value(costPoint);
    };
    /** E and its gradient at a reported parameter record, in the order of costKeys. */
    const costGradient = (p: Record<string, unknown>): { value: number; gradient: Float64Array } | null => {
      if (!cost || costKeys.some((k) => typeof p[k] !== 'number')) return null;
      const gradient = new Float64Array(costKeys.length);
      const value = cost.valueAndGradient(
        Float64Array.from(costKeys, (k) => p[k] as number),
        gradient,
      );
      return { value, gradient };
    };
    let surface3d: import('../plots/surface3d.js').SurfacePlot | null = null;
    let grid: number[] = [];
    let xRange: [number, number] = [0, 1];
    let yRange: [number, number] = [0, 1];
    const source = (): { text: string; name: string } =>
      uploaded ?? { text: csvArea.value, name: 'the rows' };
    const isFormula = (): boolean => modelSelect.value === 'formula';
    let formulaParameters: string[] = [];
    let formulaStarts: Record<string, number> | null = null;

    /** Reads the formula and its starts as the library will: parse errors beside each field. */
    function readFormula(): boolean {
      formulaFields.hidden = !isFormula() || state.hide.includes('model');
      if (!isFormula() || !data) return true;
      let ok = true;
      try {
        const f = compileExpression(formulaInput.value);
        formulaParameters = f.variables.filter((v) => v !== data!.featureName);
        if (!f.variables.includes(data.featureName))
          throw new Error(
            `formula: it uses no column of the data — the column here is "${data.featureName}" (every name in it would be a parameter)`,
          );
        if (f.variables.includes(data.targetName))
          throw new Error(`formula: "${data.targetName}" is the target column; a formula predicts it`);
        if (formulaParameters.length === 0) throw new Error('formula: it has no parameters to fit');
        formulaError.show(null);
        state.formula = formulaInput.value;
      } catch (error) {
        formulaError.show((error as Error).message.replace(/^expression: /, 'formula: '));
        ok = false;
      }
      try {
        formulaStarts =
          paramsInput.value.trim() === '' ? null : parseAssignments(paramsInput.value, 'params');
        const stray = Object.keys(formulaStarts ?? {}).filter((k) => !formulaParameters.includes(k));
        if (ok && stray.length > 0)
          throw new Error(
            `params: "${stray[0]}" is not a parameter of the formula (its parameters: ${formulaParameters.join(', ')})`,
          );
        paramsError.show(null);
        state.params = paramsInput.value.trim() === '' ? null : paramsInput.value;
      } catch (error) {
        paramsError.show((error as Error).message);
        ok = false;
      }
      if (!ok) context.setStatus('waiting for a formula that can be fitted', 'waiting');
      return ok;
    }

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
          // A new file without the column chosen before gets its last column, as the reader's default, not its first.
          const chosen = columns.includes(targetSelect.value)
            ? targetSelect.value
            : columns[columns.length - 1];
          replace(targetSelect, ...columns.map((c) => h('option', { value: c, selected: c === chosen }, c)));
        }
        // This mode fits numbers: a word in the target is an error where it stands, not labels to classify.
        const target = targetSelect.value === '' ? {} : { target: targetSelect.value };
        const dataset = parseCsvText(text, { ...target, targetKind: 'numeric' }, name);
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
        context.setStatus('waiting for data that can be read', 'waiting');
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
      redrawOverlay();
      drawPoints();
      cost = null;
      costKeys = [];
      axes = null;
      const linear = state.model === 'linear';
      const formulaModel = state.model === 'formula';
      const small = data.x.length <= formulaRows;
      const rows = data.x.length;
      if (linear) {
        axes = { keys: [data.featureName, 'intercept'], names: ['m', 'c'] };
        if (small) {
          // Seed 001's E(m, c) = (1/n)·Σ (yᵢ − (m·xᵢ + c))², typed out as a formula the library differentiates.
          const terms = data.x.map((x, i) => `(${data!.y[i]} - (m*${x} + c))^2`);
          cost = compileExpression(`(${terms.join(' + ')}) / ${rows}`);
          // Its variables sort by name: c (the intercept) before m.
          costKeys = ['intercept', data.featureName];
        }
        renderMathOf(
          small
            ? `E(m, c) = \\frac{1}{${rows}}\\sum_{i=1}^{${rows}} \\bigl(y_i - (m\\,x_i + c)\\bigr)^2`
            : 'E(m, c) = \\frac{1}{n}\\sum_i \\bigl(y_i - (m\\,x_i + c)\\bigr)^2',
        );
      } else if (formulaModel) {
        const tree = parseExpression(formulaInput.value);
        if (formulaParameters.length === 2)
          axes = {
            keys: [formulaParameters[0]!, formulaParameters[1]!],
            names: [formulaParameters[0]!, formulaParameters[1]!],
          };
        if (small) {
          // The formula with each row's x put in, squared against its y: E in the parameters alone.
          const terms = data.x.map(
            (x, i) => `(${data!.y[i]} - (${formatExpression(substitute(tree, data!.featureName, x))}))^2`,
          );
          cost = compileExpression(`(${terms.join(' + ')}) / ${rows}`);
          costKeys = [...cost.variables];
        }
        renderMathOf(
          `E(${formulaParameters.join(', ')}) = \\frac{1}{${rows}}\\sum_{i=1}^{${rows}} \\bigl(y_i - f(x_i)\\bigr)^2,\\quad f(${data.featureName}) = ${compileExpression(formulaInput.value).latex}`,
        );
      } else {
        renderMathOf(
          `E = \\frac{1}{n}\\sum_i \\bigl(y_i - p(x_i)\\bigr)^2,\\ p \\text{ of degree } ${state.model!.slice(5)}`,
        );
      }
      const count = linear ? 2 : formulaModel ? formulaParameters.length : Number(state.model!.slice(5)) + 1;
      surfaceHolder.hidden = axes === null || cost === null || state.hide.includes('surface');
      surfaceNote.hidden = !surfaceHolder.hidden || state.hide.includes('surface');
      surfaceNote.textContent =
        axes === null
          ? `No cost surface for this model: it has ${count} parameters, and a surface over a plane shows E against exactly two (the line's m and c, or a formula of two parameters).`
          : `No cost surface: with more than ${formulaRows} rows E is not written out as a formula here.`;
      if (axes) {
        const [a, b] = axes.names;
        surfaceTitle.textContent = `Cost E(${a}, ${b}) with the path of (${a}, ${b})`;
        if (surface3dHolder.hidden) surfaceButton.textContent = `Show E(${a}, ${b}) in 3-D`;
        surface.frame.options.xLabel = linear ? 'slope m' : a;
        surface.frame.options.yLabel = linear ? 'intercept c' : b;
      }
    }

    const renderMathOf = (tex: string): void => renderMath(formula, tex);

    // The two surface parameters at recorded frame k (m and c for the line).
    const mc = (k: number): [number, number] | null => {
      const p = outcome?.parameters[k];
      if (!p || !data || axes === null) return null;
      return [p[axes.keys[0]] as number, p[axes.keys[1]] as number];
    };

    const scatterSeries = (k: number) => {
      const curve = outcome?.curves[Math.min(k, (outcome?.curves.length ?? 1) - 1)];
      return [...(curve ? [{ color: runColor(1), label: 'fit', x: grid, y: curve, width: 3 }] : [])];
    };

    function drawPoints(): void {
      if (!data) return;
      const { x, y } = scatter.frame;
      const dots = data.x.length > 2000 ? data.x.slice(0, 2000) : data.x;
      // As large as the built-in points while few; smaller as they crowd, so a cloud still shows its shape.
      const r = dots.length <= 60 ? 6 : dots.length <= 500 ? 4 : 2.5;
      replace(
        scatter.marks,
        ...dots.map((xi, i) =>
          s('circle', {
            cx: x(xi),
            cy: y(data!.y[i]!),
            r,
            fill: runColor(0),
            'fill-opacity': 0.85,
            stroke: '#fff',
            'stroke-width': r > 3 ? 1.5 : 0.5,
            class: uploaded ? '' : 'point',
            'data-index': i,
          }),
        ),
      );
    }

    // The path of (m, c) over the surface, worked out once a fit: a playback step only cuts it.
    let track: { for: FitOutcome; points: number[]; values: number[] } | null = null;

    function drawStep(k: number, live = false): void {
      if (!outcome || !data) return;
      scatter.update(scatterSeries(k));
      const epochs = outcome.epochs;
      const epoch = epochs[Math.min(k, epochs.length - 1)]!;
      loss.update([{ color: runColor(1), label: 'loss', x: lossX, y: logLoss, width: 2, upTo: epoch }]);
      if (track?.for !== outcome) {
        const path = outcome.parameters.map((_, i) => mc(i)).filter((v): v is [number, number] => v !== null);
        track = {
          for: outcome,
          points: path.flat(),
          values: path.length > 0 ? path.map(([m, c]) => costAt(Float64Array.of(m, c))) : [],
        };
        if (path.length > 0)
          surface.setTracks([{ color: runColor(1), label: runName(runs[0]!), points: track.points }], k);
      }
      if (track.points.length > 0) {
        surface.setStep(k);
        surface3d?.setTracks([{ color: runColor(1), points: track.points, values: track.values }], k);
      }
      const now = mc(k);
      equations.show(
        now && state.model === 'linear'
          ? { x: data.x, y: data.y, m: now[0], c: now[1], epoch, run: runs[0]! }
          : null,
        live,
      );
      const p = outcome.parameters[Math.min(k, outcome.parameters.length - 1)]!;
      const at = costGradient(p);
      if (now && at && state.model === 'linear') {
        const { value: e, gradient: g } = at;
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
      } else if (at) {
        const lr = runs[0]!.lr;
        replace(
          partials,
          h(
            'p',
            {},
            h('strong', {}, `epoch ${epoch}: `),
            `${costKeys.map((key) => `${key} = ${num(p[key] as number)}`).join(', ')}, E = ${num(at.value)}`,
          ),
          h(
            'p',
            {},
            ...costKeys.flatMap((key, i) => [
              i === 0 ? '' : ';  ',
              `∂E/∂${key} = `,
              h('strong', {}, num(at.gradient[i])),
            ]),
          ),
          lr === null
            ? null
            : h(
                'p',
                { class: 'hint' },
                `step sizes: learning rate × derivative = ${costKeys.map((key, i) => `${num(lr * at.gradient[i]!)} for ${key}`).join(', ')} (new = old − step).`,
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
      if (!isFormula()) {
        state.formula = null;
        state.params = null;
      }
      if (!readData() || !readFormula()) return;
      const epochs = Number(epochsInput.value);
      if (!(Number.isInteger(epochs) && epochs >= 1 && epochs <= 100000)) {
        epochsError.show('The epochs must be a whole number from 1 to 100000.');
        context.setStatus('waiting for a number of epochs that can be used', 'waiting');
        return;
      }
      epochsError.show(null);
      state.epochs = epochs;
      if (waitsOnSetting(editorHolder, context)) return;
      state.points = uploaded ? null : points;
      context.save();
      outcome = null;
      setUpPlots();
      context.setStatus('fitting…', 'running');
      try {
        const result = await latest({
          kind: 'fit',
          csv: source().text,
          source: source().name,
          target: targetSelect.value || null,
          model: state.model!,
          formula: isFormula() ? formulaInput.value : null,
          params: isFormula() ? formulaStarts : null,
          run: runs[0]!,
          epochs,
          tol: state.tol ?? 1e-8,
          grid,
        });
        if (result === null || result.kind !== 'fit') return;
        outcome = result;
        logLoss = Array.from(result.loss, (v) => (v > 0 ? Math.log10(v) : Number.NaN));
        lossX = logLoss.map((_, i) => i);
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
        if (e.input && /^formula: /.test(e.message)) formulaError.show(e.message);
        else if (e.input && /^params: /.test(e.message)) paramsError.show(e.message);
        else if (e.input) csvError.show(e.message);
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
    // The data plot: the point under the pointer, and the fitted curve's value and slope at its x.
    scatter.frame.hover = (x, y) => {
      const here = `${data?.featureName ?? 'x'} = ${num(x)}, ${data?.targetName ?? 'y'} = ${num(y)}`;
      const curve = outcome?.curves[Math.min(play.step, outcome.curves.length - 1)];
      if (!curve || grid.length < 2) return here;
      const step = grid[1]! - grid[0]!;
      const i = Math.max(0, Math.min(grid.length - 2, Math.floor((x - grid[0]!) / step)));
      const t = (x - grid[i]!) / step;
      const fitted = curve[i]! + t * (curve[i + 1]! - curve[i]!);
      const slope = (curve[i + 1]! - curve[i]!) / step;
      return `${here}\nfit ŷ = ${num(fitted)}, slope dŷ/d${data?.featureName ?? 'x'} ≈ ${num(slope)}`;
    };
    // The loss curve: the loss at that epoch, and E's gradient at the parameters recorded nearest it.
    loss.frame.hover = (x) => {
      if (!outcome || outcome.loss.length === 0) return null;
      const epoch = Math.max(0, Math.min(outcome.loss.length - 1, Math.round(x)));
      const words = [`epoch ${epoch}: loss = ${num(outcome.loss[epoch])}`];
      let nearest = 0;
      for (const [k, e] of outcome.epochs.entries())
        if (Math.abs(e - epoch) < Math.abs(outcome.epochs[nearest]! - epoch)) nearest = k;
      const at = costGradient(outcome.parameters[nearest]!);
      if (at) {
        const norm = Math.hypot(...at.gradient);
        words.push(
          `at epoch ${outcome.epochs[nearest]}: ${costKeys
            .map(
              (key, i) =>
                `∂E/∂${axes?.keys[0] === key ? axes.names[0] : axes?.keys[1] === key ? axes.names[1] : key} = ${num(at.gradient[i])}`,
            )
            .join(', ')}; ‖∇E‖ = ${num(norm)}`,
        );
      }
      return words.join('\n');
    };
    surface.frame.hover = (u, v) => {
      if (!cost || !axes) return null;
      const [a, b] = axes.names;
      const at = costGradient({ [axes.keys[0]]: u, [axes.keys[1]]: v });
      if (!at) return null;
      const ga = at.gradient[costKeys.indexOf(axes.keys[0])];
      const gb = at.gradient[costKeys.indexOf(axes.keys[1])];
      return `${a} = ${num(u)}, ${b} = ${num(v)}   E = ${num(at.value)}   ∂E/∂${a} = ${num(ga)}, ∂E/∂${b} = ${num(gb)}`;
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
      surfaceButton.textContent = open
        ? 'Hide the 3-D surface'
        : `Show E(${axes?.names[0] ?? 'm'}, ${axes?.names[1] ?? 'c'}) in 3-D`;
      if (open && surface3d === null) {
        const { SurfacePlot } = await import('../plots/surface3d.js');
        surface3d = new SurfacePlot(surface3dHolder, {
          label: `E in 3-D over (${axes?.names.join(', ') ?? 'm, c'}) with the path; drag or use the arrow keys to turn it`,
        });
        surface3d.hover = surface.frame.hover;
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
    formulaInput.addEventListener('input', () => schedule());
    paramsInput.addEventListener('change', () => schedule(true));
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
      file: uploaded && uploaded.text.length > inlineBytes ? uploaded.name : 'data.csv',
      target: data?.targetName ?? 'y',
      model: state.model!,
      formula: isFormula() ? formulaInput.value : null,
      params: isFormula() ? paramsInput.value.trim() : '',
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
        if (!outcome) return null;
        const input = commandInput();
        // The data travel in the command (a here-document writes the CSV); a large upload is named instead.
        const text = source().text;
        return text.length > inlineBytes
          ? fitCommand(input)
          : `${fileCommand(input.file, text)}\n${fitCommand(input)}`;
      },
      commandNote() {
        return uploaded && uploaded.text.length > inlineBytes
          ? `It reads ${uploaded.name} (${Math.round(uploaded.text.length / 1024)} KB, too large to travel in the command): run it in the folder that holds that file.`
          : null;
      },
      linkNote() {
        return uploaded
          ? `It does not carry the rows of ${uploaded.name}: it opens with the built-in points (the command and the code carry the rows).`
          : null;
      },
      code() {
        return outcome ? fitCode({ ...commandInput(), csv: source().text }) : null;
      },
      destroy() {
        play.pause();
        equations.destroy();
      },
    };
  },
};
