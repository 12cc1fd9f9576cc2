// createModel: a model from its spec (the model setting) and what the data says (columns, classes).

import { InputError } from '../errors.js';
import type { LossName } from '../losses/loss.js';
import { type ActivationName, activation } from './activation.js';
import { formulaModel } from './formula.js';
import { type InitScheme, parseInit } from './init.js';
import { linear } from './linear.js';
import { logistic } from './logistic.js';
import { mlp } from './mlp.js';
import type { Model } from './model.js';
import { polynomial } from './polynomial.js';
import { modelSpecs } from './settings.js';
import { softmax } from './softmax.js';

/** What a model is built for. */
export interface ModelContext {
  readonly featureNames: readonly string[];
  /** Class labels of a classification target, or null for numbers. */
  readonly classes: readonly string[] | null;
  /** The loss it will be trained with (decides an mlp's outputs). */
  readonly loss: LossName;
  readonly activation?: string;
  /** `he`, `xavier` or `normal:STD`; the mlp default when left out. */
  readonly init?: string;
  /** Training inputs, for models that take statistics of them (poly). */
  readonly x?: Float64Array;
  /** The target column (a formula may not read it). */
  readonly targetName?: string;
  /** A formula model's formula and its parameters' starting values. */
  readonly formula?: string;
  readonly start?: Readonly<Record<string, number>>;
}

/**
 * Reads a spec — `linear`, `poly:D`, `logistic`, `softmax`, `mlp:H1,H2,…` — and builds the model;
 * a malformed spec is bad input with key 'model'.
 *
 * @example
 * const model = createModel('mlp:16,16', { featureNames: ['x', 'y'], classes: ['a', 'b'], loss: 'bce' });
 * [model.inputs, model.outputs, model.layout.size]; // → [2, 1, 337]
 */
export function createModel(spec: string, context: ModelContext): Model {
  const inputs = context.featureNames.length;
  const featureNames = context.featureNames;
  const [kind, argument] = splitSpec(spec);
  const classes = context.classes?.length ?? 0;
  // What the target holds, in a refusal's words: numbers, or its count of classes (one class is no classification).
  const found = classes === 0 ? 'numbers' : `${classes} class${classes === 1 ? '' : 'es'}`;
  if (kind !== 'mlp') {
    if (context.activation !== undefined)
      throw new InputError((name) => `${name('activation')} applies to mlp models only, not ${spec}`, {
        key: 'activation',
      });
    if (context.init !== undefined)
      throw new InputError((name) => `${name('init')} applies to mlp models only, not ${spec}`, {
        key: 'init',
      });
  }
  switch (kind) {
    case 'formula':
      if (argument !== undefined || context.formula === undefined) break;
      numericTarget(spec, context);
      return formulaModel(context.formula, {
        featureNames,
        ...(context.targetName !== undefined && { targetName: context.targetName }),
        ...(context.start !== undefined && { start: context.start }),
      });
    case 'linear':
      if (argument !== undefined) break;
      numericTarget(spec, context);
      return linear(inputs, { featureNames });
    case 'poly': {
      if (argument === undefined || !/^\d+$/.test(argument)) break;
      numericTarget(spec, context);
      return polynomial(Number(argument), inputs, {
        featureNames,
        ...(context.x !== undefined && { x: context.x }),
      });
    }
    case 'logistic':
      if (argument !== undefined) break;
      if (classes !== 2) {
        throw new InputError(
          (name) =>
            `${name('model')} logistic needs a target with 2 classes, found ${found}${classes > 2 ? ' (try softmax)' : ''}`,
          { key: 'model' },
        );
      }
      return logistic(inputs, { featureNames });
    case 'softmax':
      if (argument !== undefined) break;
      if (classes < 2)
        throw new InputError(
          (name) => `${name('model')} softmax needs a target with 2 classes or more, found ${found}`,
          { key: 'model' },
        );
      return softmax(inputs, classes);
    case 'mlp': {
      if (argument === undefined || !/^\d+(,\d+)*$/.test(argument)) break;
      const hidden = argument.split(',').map(Number);
      const act = activation(context.activation ?? 'relu').name as ActivationName;
      const init: InitScheme | undefined = context.init === undefined ? undefined : parseInit(context.init);
      const classifier = context.loss === 'bce' || context.loss === 'ce';
      if (classifier && classes < 2)
        throw new InputError(
          (name) => `${name('loss')} ${context.loss} needs a target with 2 classes or more, found ${found}`,
          { key: 'loss' },
        );
      if (!classifier) numericTarget(spec, context);
      if (context.loss === 'bce' && classes !== 2) {
        throw new InputError(
          (name) => `${name('loss')} bce needs a target with 2 classes, found ${classes} (use ce)`,
          { key: 'loss' },
        );
      }
      return mlp(inputs, {
        hidden,
        activation: act,
        task: classifier ? 'classification' : 'regression',
        outputs: context.loss === 'ce' ? classes : 1,
        ...(init !== undefined && { init }),
      });
    }
  }
  throw new InputError((name) => `${name('model')}: "${spec}" is not a model (known: ${modelSpecs})`, {
    key: 'model',
  });
}

/**
 * The loss a model trains with when the loss setting is left out: mse for regression, bce for logistic
 * (and an mlp on two classes), ce for softmax (and an mlp on more). A Model object (customModel) is
 * read by its task and outputs: a classifier's single output is a logit for bce, k outputs are k
 * logits for ce.
 *
 * @example
 * defaultLoss('softmax', ['a', 'b', 'c']); // → 'ce'
 * defaultLoss({ task: 'classification', outputs: 1 }, ['no', 'yes']); // → 'bce'
 */
export function defaultLoss(
  model: string | Pick<Model, 'task' | 'outputs'>,
  classes: readonly string[] | null,
): LossName {
  if (typeof model !== 'string') {
    if (model.task === 'regression') return 'mse';
    return model.outputs === 1 ? 'bce' : 'ce';
  }
  const [kind] = splitSpec(model);
  if (kind === 'logistic') return 'bce';
  if (kind === 'softmax') return 'ce';
  if (kind === 'mlp' && classes !== null) return classes.length === 2 ? 'bce' : 'ce';
  return 'mse';
}

/**
 * Whether a spec (with `loss`, when given) makes a classifier, which decides how the target column is read.
 *
 * @example
 * isClassifier('mlp:8', 'ce'); // → true
 */
export function isClassifier(spec: string, loss: string | undefined): boolean {
  const [kind] = splitSpec(spec);
  return kind === 'logistic' || kind === 'softmax' || (kind === 'mlp' && (loss === 'bce' || loss === 'ce'));
}

function splitSpec(spec: string): [string, string | undefined] {
  const colon = spec.indexOf(':');
  return colon < 0 ? [spec, undefined] : [spec.slice(0, colon), spec.slice(colon + 1)];
}

function numericTarget(spec: string, context: ModelContext): void {
  if (context.classes !== null && spec === 'formula') {
    // The user typed a formula, not a model name: the message names the setting they gave.
    throw new InputError(
      (name) =>
        `${name('formula')} predicts numbers, but the target holds labels (to classify, try ${name('model')} logistic, softmax or an mlp with ${name('loss')} ce)`,
      { key: 'formula' },
    );
  }
  if (context.classes !== null) {
    throw new InputError(
      (name) =>
        `${name('model')} ${spec} predicts numbers, but the target holds labels (try logistic, softmax or an mlp with ${name('loss')} ce)`,
      { key: 'model' },
    );
  }
}
