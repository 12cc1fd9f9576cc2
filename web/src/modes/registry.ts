// The modes the page offers, in tab order; a new mode (issue 10's nn) is one more entry here.

import { directionMode } from './direction.js';
import { fitMode } from './fit.js';
import type { ModeDefinition } from './mode.js';
import { nnMode } from './nn.js';
import { oneD, twoD } from './race.js';

export const modes: readonly ModeDefinition[] = [oneD, twoD, fitMode, nnMode, directionMode];
