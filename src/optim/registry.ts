// The named optimizers as the commands know them: a name and flag values in, a Method out.

import { InputError } from '../errors.js';
import type { MethodInfo } from '../record/method-info.js';
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
import { lm } from './lm.js';
import type { Method } from './method.js';
import { momentum } from './momentum.js';
import { nadam } from './nadam.js';
import { nesterov } from './nesterov.js';
import { newton } from './newton.js';
import { isPlateau, parsePlateau, parseSchedule } from './parse-schedule.js';
import { type ReduceOnPlateauState, reduceOnPlateau } from './reduce-on-plateau.js';
import { rmsprop } from './rmsprop.js';
import { type Rate, rateAt } from './schedule.js';
import { type SkipNonFiniteState, skipNonFinite } from './skip-non-finite.js';
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
  'lm',
];

/**
 * The learning rate each first-order optimizer uses when `--lr` is not given: the `lr` default
 * documented for its namesake in torch.optim — SGD (gd, momentum, nesterov) 1e-3, Adagrad 1e-2,
 * Adadelta 1.0, RMSprop 1e-2, Adam, AMSGrad and AdamW 1e-3, Adamax and NAdam 2e-3. These are tuned
 * for training networks over many mini-batches, so on a typed function they often creep: give `--lr`
 * (or a line search) to move faster. newton and lbfgs have no learning rate: their line search
 * starts from step 1.
 */
export const defaultLearningRates: Readonly<Record<string, number>> = {
  gd: 1e-3,
  momentum: 1e-3,
  nesterov: 1e-3,
  adagrad: 1e-2,
  adadelta: 1,
  rmsprop: 1e-2,
  adam: 1e-3,
  adamax: 2e-3,
  nadam: 2e-3,
  amsgrad: 1e-3,
  adamw: 1e-3,
};

/** The flag a person types for each option, for messages. */
export const optionFlags: Readonly<Record<keyof OptimizerOptions, string>> = {
  learningRate: '--lr',
  momentum: '--momentum',
  b1: '--beta1',
  b2: '--beta2',
  eps: '--eps',
  rho: '--rho',
  weightDecay: '--weight-decay',
  centered: '--centered',
  amsgrad: '--amsgrad',
  convention: '--convention',
  schedule: '--schedule',
  lineSearch: '--line-search',
  history: '--history',
  clipValue: '--clip-value',
  clipNorm: '--clip-norm',
  skipNonFinite: '--skip-non-finite',
};

type OptionName = keyof OptimizerOptions;
const everyFirstOrder: readonly OptionName[] = [
  'learningRate',
  'weightDecay',
  'schedule',
  'lineSearch',
  'clipValue',
  'clipNorm',
  'skipNonFinite',
];
const sgd = [...everyFirstOrder, 'momentum'] as const;
// --convention matters wherever PyTorch and TensorFlow.js differ, which is every optimizer with an eps.
const adamFamily = [...everyFirstOrder, 'b1', 'b2', 'eps', 'convention'] as const;

/**
 * The options each optimizer takes; createMethod refuses any other, so no flag is silently
 * ignored. gd is SGD without momentum, so `--momentum` does not apply to it; newton and lbfgs
 * size their steps by a line search and take no learning rate or schedule; lm sizes them by its
 * trust region and takes none (its tolerances come from the fit's tol).
 */
export const optimizerOptions: Readonly<Record<string, readonly OptionName[]>> = {
  gd: everyFirstOrder,
  momentum: sgd,
  nesterov: sgd,
  adagrad: [...everyFirstOrder, 'eps', 'convention'],
  adadelta: [...everyFirstOrder, 'rho', 'eps', 'convention'],
  rmsprop: [...everyFirstOrder, 'rho', 'eps', 'momentum', 'centered', 'convention'],
  adam: [...adamFamily, 'amsgrad'],
  adamax: adamFamily,
  nadam: adamFamily,
  amsgrad: [...adamFamily, 'amsgrad'],
  adamw: [...adamFamily, 'amsgrad'],
  newton: ['lineSearch'],
  lbfgs: ['lineSearch', 'history'],
  lm: [],
};

/**
 * The options that were given: set to something other than undefined or false (a switch left off
 * asks for the default, which every optimizer has).
 *
 * @example
 * givenOptions({ learningRate: 0.1, centered: false }); // ['learningRate']
 */
export function givenOptions(options: OptimizerOptions): OptionName[] {
  return (Object.keys(options) as OptionName[]).filter(
    (key) => key in optionFlags && options[key] !== undefined && options[key] !== false,
  );
}

/**
 * Builds the named optimizer. Bad input names its flag: an unknown name, an option the optimizer
 * does not take (see optimizerOptions), a value out of range (`--beta1: must be in [0, 1), got 1`).
 * Hyperparameters not given take PyTorch's defaults (learning rates: defaultLearningRates). The
 * Method's info reports the effective values (`{ name: 'adam', lr: 0.001, b1: 0.9, … }`);
 * weightDecay and convention appear only when they change the rule. Its `learningRate(step, state)`
 * gives the rate a step uses once a schedule or reduce-on-plateau has scaled it.
 *
 * @example
 * const method = createMethod('rmsprop', { learningRate: 0.01, centered: true });
 */
export function createMethod(name: string, options: OptimizerOptions = {}): Method {
  // Own keys only: "constructor" is no optimizer.
  const taken = Object.hasOwn(optimizerOptions, name) ? optimizerOptions[name] : undefined;
  const base = Object.hasOwn(defaultLearningRates, name) ? defaultLearningRates[name] : undefined;
  if (taken === undefined) {
    throw new InputError(`--optimizer: unknown optimizer "${name}" (known: ${optimizerNames.join(', ')})`);
  }
  for (const key of givenOptions(options)) {
    if (!taken.includes(key)) {
      throw new InputError(
        `${optionFlags[key]} does not apply to ${name} (${taken.length === 0 ? 'it takes no settings: its trust region sizes the steps' : `it takes ${taken.map((k) => optionFlags[k]).join(', ')}`})`,
      );
    }
  }
  validate(options);
  if (name === 'lm') return lm();
  if (base === undefined) return secondOrder(name as 'newton' | 'lbfgs', options);
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
  const scheduled = (step: number): number => rateAt(rate, step);
  // reduceOnPlateau is the chain's last part, inside skipNonFinite's wrapper when there is one.
  const plateauScale = (state: unknown): number => {
    const states = (
      options.skipNonFinite === true ? (state as SkipNonFiniteState<unknown>).inner : state
    ) as unknown[];
    return (states[states.length - 1] as ReduceOnPlateauState).scale;
  };
  return firstOrder(info as MethodInfo, whole, {
    lineSearch: search,
    learningRate: plateau ? (step, state) => scheduled(step) * plateauScale(state) : scheduled,
  });
}

function secondOrder(name: 'newton' | 'lbfgs', options: OptimizerOptions): Method {
  const search = options.lineSearch ?? (name === 'newton' ? 'armijo' : 'strong-wolfe');
  if (search === 'none')
    throw new InputError(`--line-search: ${name} needs a line search (armijo or strong-wolfe)`);
  return (
    name === 'newton'
      ? newton({ lineSearch: search })
      : lbfgs({ history: options.history ?? 10, lineSearch: search })
  ) as Method;
}

/**
 * Every range check of the optimizer flags, in one place and one form: `--beta1: must be in [0, 1),
 * got 1`. The ranges are torch.optim's (its constructors refuse the rest), except that momentum,
 * β and ρ stop short of 1, where the running averages would never forget.
 */
function validate(o: OptimizerOptions): void {
  const check = (key: OptionName, ok: (v: number) => boolean, wanted: string) => {
    const value = o[key];
    if (typeof value === 'number' && !(Number.isFinite(value) && ok(value))) {
      throw new InputError(`${optionFlags[key]}: must be ${wanted}, got ${value}`);
    }
  };
  const unit = (v: number) => v >= 0 && v < 1;
  check('learningRate', (v) => v > 0, 'above 0');
  check('momentum', unit, 'in [0, 1)');
  check('b1', unit, 'in [0, 1)');
  check('b2', unit, 'in [0, 1)');
  check('eps', (v) => v >= 0, 'at least 0');
  check('rho', unit, 'in [0, 1)');
  check('weightDecay', (v) => v >= 0, 'at least 0');
  check('history', (v) => Number.isInteger(v) && v >= 1 && v <= 1000, 'a whole number in [1, 1000]');
  check('clipValue', (v) => v > 0, 'above 0');
  check('clipNorm', (v) => v > 0, 'above 0');
  const conventions: readonly string[] = ['pytorch', 'tfjs'];
  if (o.convention !== undefined && !conventions.includes(o.convention)) {
    throw new InputError(`--convention: must be pytorch or tfjs, got "${o.convention}"`);
  }
  const searches: readonly string[] = ['none', 'armijo', 'strong-wolfe'];
  if (o.lineSearch !== undefined && !searches.includes(o.lineSearch)) {
    throw new InputError(`--line-search: must be none, armijo or strong-wolfe, got "${o.lineSearch}"`);
  }
}
