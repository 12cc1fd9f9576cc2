// The modes the page offers, in tab order: each tab's words here, its code loaded only when the mode opens.

import type { ModeId } from '../state.js';
import type { ModeDefinition } from './mode.js';

export interface ModeEntry {
  readonly id: ModeId;
  /** The tab's words. */
  readonly label: string;
  /** One line under the title. */
  readonly summary: string;
  /** The mode's code: a chunk of its own, fetched the first time the mode opens. */
  load(): Promise<ModeDefinition>;
}

export const modes: readonly ModeEntry[] = [
  {
    id: '1d',
    label: '1-D: learning rates',
    summary: 'Type f(x), click to set the start, and race learning rates along the curve.',
    load: () => import('./race.js').then((m) => m.oneD),
  },
  {
    id: '2d',
    label: '2-D: optimizers',
    summary: 'Race any optimizers over the contours of f(x, y), each with its own settings.',
    load: () => import('./race.js').then((m) => m.twoD),
  },
  {
    id: 'fit',
    label: 'Fit: a line to data',
    summary:
      'Seed 001: fit y = m·x + c (or a polynomial, or a formula you type) by the mean squared error. Click to add points, drag to move, double-click to delete — or upload a CSV.',
    load: () => import('./fit.js').then((m) => m.fitMode),
  },
  {
    id: 'nn',
    label: 'Neural net',
    summary:
      'Seed 002’s last lesson: a small network learns to tell classes apart. Watch its decision map, its loss and each layer’s gradient — and make them vanish or explode.',
    load: () => import('./nn.js').then((m) => m.nnMode),
  },
  {
    id: 'direction',
    label: 'Direction: why −∇',
    summary:
      'Seed 000: turn a step of size η around θ. The first-order change η‖∇L‖cos β is most negative at β = 180°.',
    load: () => import('./direction.js').then((m) => m.directionMode),
  },
];
