// Benchmark: a fresh `downhill minimize` process, start to exit, against a fresh python3 that imports scipy.optimize.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Bench, BenchRow } from './bench.js';
import { ensureScipy } from './optim.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const python = '/usr/bin/python3';
/** Fresh processes of each, interleaved so that a change in the machine's load hits them all alike. */
const REPETITIONS = 31;

const downhillStart = [`${repo}dist/cli/main.js`, 'minimize', 'x^2 - 4*x + 1', '--start', 'x=9'];
const scipyStart = [
  '-c',
  'from scipy.optimize import minimize\nprint(minimize(lambda v: v[0] ** 2 - 4 * v[0] + 1, [9.0]).x)',
];

/**
 * Where the environment sets NODE_EXTRA_CA_CERTS (this machine's does), Node parses that file and its own root
 * certificates before it runs any script, about 50 ms of CPU here: a cost of every Node process, which python3
 * does not pay. The notes then give the figures without it beside the headline ones.
 */
const withoutExtraCerts = (() => {
  const { NODE_EXTRA_CA_CERTS: _, ...rest } = process.env;
  return rest;
})();

/** Wall seconds of one fresh process, from spawn to exit; it must succeed. */
function wall(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = process.hrtime.bigint();
  const run = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (run.status !== 0)
    throw new Error(`cli-start: ${command} failed: ${run.stderr.toString().slice(0, 300)}`);
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function cliStart(): BenchRow {
  ensureScipy();
  const extraCerts = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const starts: Record<string, () => number> = {
    downhill: () => wall(process.execPath, downhillStart),
    pythonScipy: () => wall(python, scipyStart),
    floor: () => wall(process.execPath, ['-e', '0']),
    ...(extraCerts && {
      plainDownhill: () => wall(process.execPath, downhillStart, withoutExtraCerts),
      plainFloor: () => wall(process.execPath, ['-e', '0'], withoutExtraCerts),
    }),
  };
  // One warm-up each: the first run pays for the disk cache, which no later user start does, and writes
  // downhill's code cache beside its bundles, as a user's first run does.
  for (const start of Object.values(starts)) start();
  const times = Object.fromEntries(Object.keys(starts).map((name) => [name, [] as number[]]));
  for (let k = 0; k < REPETITIONS; k++) {
    for (const [name, start] of Object.entries(starts)) times[name]!.push(start());
  }
  const at = (name: string): number => median(times[name]!);
  const s = (seconds: number): number => Number(seconds.toFixed(4));
  const downhill = at('downhill');
  const pythonScipy = at('pythonScipy');
  return {
    name: 'cli-start',
    downhill,
    peers: { pythonScipy },
    bound: null,
    notes: {
      repetitions: REPETITIONS,
      'node -e 0 (the floor of any Node CLI), s': s(at('floor')),
      "downhill's own share (downhill − node -e 0), s": s(downhill - at('floor')),
      ...(extraCerts && {
        'downhill without NODE_EXTRA_CA_CERTS, s': s(at('plainDownhill')),
        'node -e 0 without NODE_EXTRA_CA_CERTS, s': s(at('plainFloor')),
      }),
      'speed-up over python3 + scipy': Number((pythonScipy / downhill).toFixed(2)),
    },
  };
}

export const bench: Bench = {
  name: 'cli-start',
  async run() {
    return [cliStart()];
  },
};
