// customModel: a model a user writes — named parameter tensors and a forward function on autodiff tensors.

import { backward } from '../autodiff/backward.js';
import { variable, withoutGraph } from '../autodiff/graph.js';
import { jacobianColumns } from '../autodiff/jacobian.js';
import { formatShape } from '../autodiff/shape.js';
import { type NestedNumbers, Tensor, tensor } from '../autodiff/tensor.js';
import { InputError } from '../errors.js';
import { residualProblem } from './formula.js';
import type { Model, ReportedParams, Task, Trainer } from './model.js';
import { nestArray, paramLayout } from './params.js';

/**
 * What `customModel` builds a model from: inputs per row, named initial params, and a forward function of autodiff tensors.
 *
 * @example
 * const { add, mul } = autodiff;
 * const spec: CustomModelSpec<'w' | 'b'> = {
 *   inputs: 1,
 *   params: { w: 0, b: 0 },
 *   forward: ({ w, b }, x) => add(mul(x, w), b),
 * };
 * const data = parseCsvText('x,y\n0,1\n1,3\n2,5\n', { target: 'y' });
 * fit(data, { model: customModel(spec), optimizer: 'lbfgs' }).parameters; // → { w: 2, b: 1 }
 */
export interface CustomModelSpec<P extends string = string> {
  /** What results and checkpoints call it (default 'custom'); a resumed run must be given the same name. */
  readonly name?: string;
  /** Feature columns per row: the forward function sees x as a [rows, inputs] tensor. */
  readonly inputs: number;
  /** Initial values by name: numbers, nested arrays or tensors, in the order given. */
  readonly params: Readonly<Record<P, NestedNumbers | Tensor>>;
  /**
   * The outputs for the rows of x: [rows], [rows, 1] or [rows, outputs] — predictions, or logits for a
   * classifier. Written with autodiff ops (add, mul, matmul, exp, relu, …), it is differentiated in
   * reverse mode.
   */
  readonly forward: (params: Readonly<Record<P, Tensor>>, x: Tensor) => Tensor;
  /**
   * 'regression' (default) or 'classification'. A classifier's outputs are logits: left without a loss,
   * fit() trains one output per row with bce and one per class with ce.
   */
  readonly task?: Task;
  /** Numbers per row out (default 1; k logits for k classes with ce). */
  readonly outputs?: number;
  /** Params an L2 penalty spares (default: those whose name ends in "bias"). */
  readonly unpenalized?: readonly P[];
}

/**
 * A Model from named parameter tensors and a forward function over autodiff tensors (the way one
 * writes a network in PyTorch or JAX): fit() trains it with every optimizer that needs gradients only,
 * mini-batches, validation and checkpoints, as it trains the built-in models. Each step runs the
 * forward pass with the params tracked, the loss's ∂/∂prediction as the seed of one reverse walk
 * (micrograd's backward), and reads the gradient of every param tensor — one layer each for
 * gradient health. A regression model under mse also gives its residuals and their Jacobian
 * (jacobianColumns: about one reverse walk per parameter), so `lm` fits it as it fits a formula. The
 * built-in models stay the fast, fused path; this one is general.
 *
 * @example
 * const { add, exp, mul, neg } = autodiff;
 * const decay = customModel({
 *   inputs: 1,
 *   params: { a: 1, b: 1, c: 0 },
 *   forward: ({ a, b, c }, x) => add(mul(a, exp(neg(mul(b, x)))), c), // x is [rows, 1]
 * });
 * const t = [0, 0.5, 1, 1.5, 2, 3, 4];
 * const data = parseCsvText(`t,y\n${t.map((v) => `${v},${2 * Math.exp(-0.5 * v) + 0.1}`).join('\n')}\n`, { target: 'y' });
 * fit(data, { model: decay, optimizer: 'lbfgs', epochs: 200 }).parameters; // → { a: 2, b: 0.5, c: 0.1 }
 * fit(data, { model: decay, optimizer: 'lm' }).parameters; // → { a: 2, b: 0.5, c: 0.1 }
 */
export function customModel<P extends string>(spec: CustomModelSpec<P>): Model {
  const { inputs, forward } = spec;
  const name = spec.name ?? 'custom';
  const outputs = spec.outputs ?? 1;
  if (!(Number.isInteger(inputs) && inputs >= 1))
    throw new InputError(`model: inputs must be a whole number ≥ 1, got ${inputs}`, { key: 'model' });
  const initial = (Object.entries(spec.params) as [string, NestedNumbers | Tensor][]).map(([key, value]) => {
    const t = value instanceof Tensor ? value : tensor(value);
    return { name: key, tensor: new Tensor(Float64Array.from(t.data), t.shape) };
  });
  if (initial.length === 0)
    throw new InputError('model: a custom model needs at least one parameter', { key: 'model' });
  for (const p of initial) {
    const at = p.tensor.data.findIndex((v) => !Number.isFinite(v));
    if (at >= 0) {
      const where = p.tensor.size === 1 ? '' : ` (entry ${at + 1} of ${p.tensor.size})`;
      throw new InputError(
        `model: ${name}'s parameter "${p.name}" starts at ${p.tensor.data[at]}${where}; a start must be a finite number`,
        { key: 'model' },
      );
    }
  }
  const layout = paramLayout(initial.map((p) => ({ name: p.name, shape: p.tensor.shape })));
  const spared = new Set<string>(
    spec.unpenalized ?? initial.map((p) => p.name).filter((n) => /bias$/.test(n)),
  );
  const weightMask = new Uint8Array(layout.size);
  for (const entry of layout.entries)
    if (!spared.has(entry.name)) weightMask.fill(1, entry.offset, entry.offset + entry.size);
  const start = new Float64Array(layout.size);
  initial.forEach((p, k) => {
    start.set(p.tensor.data, layout.entries[k]!.offset);
  });

  /** The forward pass on flat params; `track` makes each param a variable of the reverse walk. */
  const run = (flat: Float64Array, x: Float64Array, track: boolean) => {
    const rows = x.length / inputs;
    const named: Record<string, Tensor> = {};
    const leaves = layout.entries.map((entry) => {
      const leaf = new Tensor(flat.slice(entry.offset, entry.offset + entry.size), entry.shape);
      const t = track ? variable(leaf) : leaf;
      named[entry.name] = t;
      return t;
    });
    const out = forward(named as Record<P, Tensor>, new Tensor(x, [rows, inputs]));
    if (out.size !== rows * outputs) {
      throw new InputError(
        `model: ${name}'s forward gave shape ${formatShape(out.shape)} for ${rows} rows; expected ${outputs === 1 ? `[${rows}]` : `[${rows}, ${outputs}]`}`,
        { key: 'model' },
      );
    }
    return { out, leaves };
  };
  const predict = (flat: Float64Array, x: Float64Array, pred: Float64Array): void => {
    pred.set(withoutGraph(() => run(flat, x, false).out.data));
  };
  /** The predictions and their column-major Jacobian with respect to the flat params. */
  const predictWithJacobian = (
    flat: Float64Array,
    x: Float64Array,
    pred: Float64Array,
    jac: Float64Array,
  ): void => {
    const { out, leaves } = run(flat, x, true);
    pred.set(out.data);
    jacobianColumns(out, leaves, (j, values) => jac.set(values, j * out.size));
  };

  return {
    spec: name,
    task: spec.task ?? 'regression',
    inputs,
    outputs,
    layout,
    weightMask,
    layers: layout.entries.map((e) => ({ name: e.name, offset: e.offset, size: e.size })),
    init: () => Float64Array.from(start),
    apply(params, x) {
      const flat = new Float64Array(layout.size);
      for (const entry of layout.entries) flat.set(params[entry.name]!, entry.offset);
      return Float64Array.from(withoutGraph(() => run(flat, x, false).out.data));
    },
    trainer(loss): Trainer {
      const classifier = loss.target !== 'regression';
      if (classifier !== (spec.task === 'classification')) {
        throw new InputError(
          (key) => `${key('loss')}: ${loss.name} does not suit ${name}, a ${spec.task ?? 'regression'} model`,
          { key: 'loss' },
        );
      }
      const trainer: Trainer = {
        valueAndGradient(params, x, y, grad) {
          const { out, leaves } = run(params, x, true);
          const seed = new Float64Array(out.size);
          const value = loss.evaluate(out.data, y, seed);
          const grads = withoutGraph(() => backward(out, leaves, new Tensor(seed, out.shape)));
          layout.entries.forEach((entry, k) => {
            grad.set(grads[k]!.data, entry.offset);
          });
          return value;
        },
        value: (params, x, y) =>
          loss.evaluate(
            withoutGraph(() => run(params, x, false).out.data),
            y,
          ),
        outputs: (params, x) => withoutGraph(() => run(params, x, false).out.data),
      };
      if (loss.name === 'mse' && outputs === 1) {
        trainer.leastSquares = (x, y) => residualProblem(x, y, layout.size, predict, predictWithJacobian);
      }
      return trainer;
    },
    report(params): ReportedParams {
      return Object.fromEntries(
        layout.entries.map((e) => [
          e.name,
          e.size === 1 && e.shape.length === 0
            ? params[e.offset]!
            : nestArray(params.slice(e.offset, e.offset + e.size), e.shape),
        ]),
      );
    },
  };
}
