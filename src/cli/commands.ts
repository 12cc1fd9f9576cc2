// The commands of `downhill`, by name, each loaded only when it runs.

import type { CommandEntry } from './command.js';

/** Commands load on demand, so `downhill minimize` never pays for the plotting or CSV libraries it does not use. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'minimize',
    summary: 'minimize a function you type, with exact derivatives',
    load: async () => (await import('./minimize.js')).minimizeCommand,
  },
  {
    name: 'compare',
    summary: 'run several optimizers or learning rates from the same start and compare them',
    load: async () => (await import('./compare.js')).compareCommand,
  },
  {
    name: 'analyze',
    summary: 'derivatives, convexity, curvature, stable learning rates and minima of a function',
    load: async () => (await import('./analyze.js')).analyzeCommand,
  },
  {
    name: 'fit',
    summary: 'fit a model to a CSV file or a built-in dataset by gradient descent',
    load: async () => (await import('./fit.js')).fitCommand,
  },
  {
    name: 'plot',
    summary: 'draw a function (and its derivative) as SVG, PNG or GIF',
    load: async () => (await import('./plot.js')).plotCommand,
  },
  {
    name: 'datasets',
    summary: 'list the built-in datasets',
    load: async () => (await import('./datasets.js')).datasetsCommand,
  },
  {
    name: 'completion',
    summary: 'print a bash, zsh or fish completion script for downhill',
    load: async () => (await import('./completion.js')).completionCommand(commands),
  },
  {
    name: 'story',
    summary: "play seed 002's learning-rate story on x² − 4x + 1",
    load: async () => (await import('./story.js')).storyCommand,
  },
];
