// The named optimizers as the commands know them: a name and flag values in, a Method out.

import { InputError } from '../errors.js';
import { adadelta } from './adadelta.js';
import { adagrad } from './adagrad.js';
import { adam } from './adam.js';
import { adamax } from './adamax.js';
import { adamw } from './adamw.js';
import { amsgrad } from './amsgrad.js';
import { chain } from './chain.js';
import { clip } from './clip.js';
import { clipByGlobalNorm } from './clip-by-global-norm.js';
import { type Convention, defaultEps } from './convention.js';
import { firstOrder } from './first-order.js';
import { gd } from './gd.js';
import { lbfgs } from './lbfgs.js';
import type { LineSearchName } from './line-search.js';
import type { Method, MethodInfo } from './method.js';
import { momentum } from './momentum.js';
import { nadam } from './nadam.js';
import { nesterov } from './nesterov.js';
import { newton } from './newton.js';
import { isPlateau, parsePlateau, parseSchedule } from './parse-schedule.js';
import { reduceOnPlateau } from './reduce-on-plateau.js';
import { rmsprop } from './rmsprop.js';
import type { Rate } from './schedule.js';
import { skipNonFinite } from './skip-non-finite.js';
import type { GradientTransformation } from './transform.js';

/** Hyperparameters as they come from flags; each optimizer reads the ones it has. */
export interface OptimizerOptions {
  /** η (`--lr`); default per optimizer, see defaultLearningRates. */
  learningRate?: number;
  /** μ for momentum, nesterov (default 0.9) and rmsprop (default 0). */
  momentum?: number;
  b1?: number;
  b2?: number;
  eps?: number;
  /** Decay of the running means of adadelta (0.9) and rmsprop (PyTorch's alpha, 0.99). */
  rho?: number;
  /** L2 decay; decoupled for adamw (default 0, adamw 0.01). */
  weightDecay?: number;
  /** rmsprop: divide by the running standard deviation (default false). */
  centered?: boolean;
  /** adam, adamw: use AMSGrad's second moment (the name `amsgrad` implies it). */
  amsgrad?: boolean;
  /** Whose rule where PyTorch and TensorFlow.js differ (default 'pytorch'); see Convention. */
  convention?: Convention;
  /** A `--schedule` text (parseSchedule's syntax, or plateau[:PATIENCE[:FACTOR]]) multiplying η. */
  schedule?: string;
  /** First-order: 'none' (default), 'armijo' or 'strong-wolfe'; newton: 'armijo' (default) or 'strong-wolfe'; lbfgs: 'strong-wolfe' (default) or 'armijo'. */
  lineSearch?: 'none' | LineSearchName;
  /** lbfgs: pairs kept (default 10). */
  history?: number;
  /** Clip each gradient coordinate to [−clipValue, clipValue] first. */
  clipValue?: number;
  /** Rescale the gradient to norm at most clipNorm first. */
  clipNorm?: number;
  /** Skip (and count) steps whose gradient is not finite. */
  skipNonFinite?: boolean;
}

/** Every name `--optimizer` accepts. */
export const optimizerNames: readonly string[] = [
  'gd',
  'momentum',
  'nesterov',
  'adagrad',
  'adadelta',
  'rmsprop',
  'adam',
  'adamax',
  'nadam',
  'amsgrad',
  'adamw',
  'newton',
  'lbfgs',
];

/**
 * The learning rate each first-order optimizer uses when `--lr` is not given. PyTorch's defaults
 * are tuned for training networks over thousands of mini-batches; the commands minimize functions
 * a person types, over a few units of distance, within about a thousand iterations. So: 0.1 for
 * the gradient-descent family (the commands' convention; PyTorch 1e-3); 0.01 for the Adam family
 * and rmsprop, whose steps are about η long whatever the gradient's scale, so a unit is crossed in
 * ~100 steps (PyTorch: adam/adamw/amsgrad 1e-3, adamax/nadam 2e-3, rmsprop 0.01); 0.1 for adagrad,
 * whose steps shrink as 1/√t (PyTorch 0.01); 1.0 for adadelta, which sizes its own steps (PyTorch
 * 1.0). newton and lbfgs have no learning rate: their line search starts from step 1.
 */
export const defaultLearningRates: Readonly<Record<string, number>> = {
  gd: 0.1,
  momentum: 0.1,
  nesterov: 0.1,
  adagrad: 0.1,
  adadelta: 1,
  rmsprop: 0.01,
  adam: 0.01,
  adamax: 0.01,
  nadam: 0.01,
  amsgrad: 0.01,
  adamw: 0.01,
};

/**
 * Builds the named optimizer; an unknown name or an out-of-range value is bad input naming its
 * flag. Hyperparameters not given take PyTorch's defaults (learning rates: defaultLearningRates).
 * The Method's info reports the effective values (`{ name: 'adam', lr: 0.01, b1: 0.9, … }`);
 * weightDecay and convention appear only when they change the rule.
 *
 * @example
 * const method = createMethod('rmsprop', { learningRate: 0.01, centered: true });
 */
export function createMethod(name: string, options: OptimizerOptions = {}): Method {
  validate(options);
  if (name === 'newton' || name === 'lbfgs') return secondOrder(name, options);
  const base = defaultLearningRates[name];
  if (base === undefined) {
    throw new InputError(`--optimizer: unknown optimizer "${name}" (known: ${optimizerNames.join(', ')})`);
  }
  const lr = options.learningRate ?? base;
  const convention = options.convention ?? 'pytorch';
  const scheduleText = options.schedule;
  const plateau = scheduleText !== undefined && isPlateau(scheduleText);
  let rate: Rate = lr;
  if (scheduleText !== undefined && !plateau) {
    const factor = parseSchedule(scheduleText);
    rate = (step) => lr * factor(step);
  }
  const weightDecay = options.weightDecay ?? (name === 'adamw' ? 1e-2 : 0);
  const info: Record<string, number | string | boolean> = { name, lr };
  const moments = () => {
    const b1 = options.b1 ?? 0.9;
    const b2 = options.b2 ?? 0.999;
    const eps = options.eps ?? defaultEps(convention, 1e-8);
    Object.assign(info, { b1, b2, eps });
    return { b1, b2, eps, weightDecay, convention };
  };

  let transform: GradientTransformation<unknown>;
  switch (name) {
    case 'gd':
      transform = gd(rate, { weightDecay });
      break;
    case 'momentum':
    case 'nesterov': {
      const mu = options.momentum ?? 0.9;
      info.momentum = mu;
      transform = (name === 'momentum' ? momentum : nesterov)(rate, { momentum: mu, weightDecay });
      break;
    }
    case 'adagrad': {
      const eps = options.eps ?? defaultEps(convention, 1e-10);
      info.eps = eps;
      transform = adagrad(rate, { eps, weightDecay, convention });
      break;
    }
    case 'adadelta': {
      const rho = options.rho ?? 0.9;
      const eps = options.eps ?? defaultEps(convention, 1e-6);
      Object.assign(info, { rho, eps });
      transform = adadelta(rate, { rho, eps, weightDecay, convention });
      break;
    }
    case 'rmsprop': {
      const rho = options.rho ?? 0.99;
      const eps = options.eps ?? defaultEps(convention, 1e-8);
      const mu = options.momentum ?? 0;
      const centered = options.centered ?? false;
      Object.assign(info, { rho, eps, momentum: mu, centered });
      transform = rmsprop(rate, { rho, eps, momentum: mu, centered, weightDecay, convention });
      break;
    }
    case 'adam':
      if (options.amsgrad === true) {
        info.amsgrad = true;
        transform = amsgrad(rate, moments());
      } else {
        transform = adam(rate, moments());
      }
      break;
    case 'amsgrad':
      transform = amsgrad(rate, moments());
      break;
    case 'adamw': {
      const settings = moments();
      const useAmsgrad = options.amsgrad ?? false;
      if (useAmsgrad) info.amsgrad = true;
      transform = adamw(rate, { ...settings, amsgrad: useAmsgrad });
      break;
    }
    case 'adamax':
      transform = adamax(rate, moments());
      break;
    default:
      transform = nadam(rate, moments());
  }
  if (weightDecay !== 0 || name === 'adamw') info.weightDecay = weightDecay;
  if (convention !== 'pytorch') info.convention = convention;
  if (scheduleText !== undefined) info.schedule = scheduleText.trim();

  const parts: GradientTransformation<unknown>[] = [];
  if (options.clipValue !== undefined) {
    parts.push(clip(options.clipValue));
    info.clipValue = options.clipValue;
  }
  if (options.clipNorm !== undefined) {
    parts.push(clipByGlobalNorm(options.clipNorm));
    info.clipNorm = options.clipNorm;
  }
  parts.push(transform);
  if (plateau) parts.push(reduceOnPlateau(parsePlateau(scheduleText)));
  let whole: GradientTransformation<unknown> = parts.length === 1 ? transform : chain(...parts);
  if (options.skipNonFinite === true) {
    whole = skipNonFinite(whole);
    info.skipNonFinite = true;
  }
  const search = options.lineSearch ?? 'none';
  if (search !== 'none') info.lineSearch = search;
  return firstOrder(info as MethodInfo, whole, { lineSearch: search });
}

function secondOrder(name: 'newton' | 'lbfgs', options: OptimizerOptions): Method {
  const search = options.lineSearch ?? (name === 'newton' ? 'armijo' : 'strong-wolfe');
  if (search === 'none')
    throw new InputError(`--line-search: ${name} needs a line search (armijo or strong-wolfe)`);
  if (options.schedule !== undefined) {
    throw new InputError(
      `--schedule: ${name} takes line-searched steps and has no learning rate to schedule`,
    );
  }
  return (
    name === 'newton'
      ? newton({ lineSearch: search })
      : lbfgs({ history: options.history ?? 10, lineSearch: search })
  ) as Method;
}

/** Range checks, each naming the flag a person would have typed. */
function validate(o: OptimizerOptions): void {
  const check = (flag: string, value: number | undefined, ok: (v: number) => boolean, wanted: string) => {
    if (value !== undefined && !(Number.isFinite(value) && ok(value))) {
      throw new InputError(`${flag} must be ${wanted}, got ${value}`);
    }
  };
  check('--lr', o.learningRate, (v) => v > 0, 'a positive number');
  check('--momentum', o.momentum, (v) => v >= 0 && v < 1, 'in [0, 1)');
  check('--beta1', o.b1, (v) => v >= 0 && v < 1, 'in [0, 1)');
  check('--beta2', o.b2, (v) => v >= 0 && v < 1, 'in [0, 1)');
  check('--eps', o.eps, (v) => v >= 0, 'a number ≥ 0');
  check('--rho', o.rho, (v) => v >= 0 && v < 1, 'in [0, 1)');
  check('--weight-decay', o.weightDecay, (v) => v >= 0, 'a number ≥ 0');
  check('--history', o.history, (v) => Number.isInteger(v) && v >= 1, 'a positive whole number');
  check('--clip-value', o.clipValue, (v) => v > 0, 'a positive number');
  check('--clip-norm', o.clipNorm, (v) => v > 0, 'a positive number');
  const conventions: readonly string[] = ['pytorch', 'tfjs'];
  if (o.convention !== undefined && !conventions.includes(o.convention)) {
    throw new InputError(`--convention must be pytorch or tfjs, got "${o.convention}"`);
  }
  const searches: readonly string[] = ['none', 'armijo', 'strong-wolfe'];
  if (o.lineSearch !== undefined && !searches.includes(o.lineSearch)) {
    throw new InputError(`--line-search must be none, armijo or strong-wolfe, got "${o.lineSearch}"`);
  }
}
