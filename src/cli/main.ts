#!/usr/bin/env node
// The `downhill` executable: picks the command, prints help and version, maps errors to exit codes.

import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Command } from './command.js';
import { compareCommand } from './compare.js';
import { datasetsCommand } from './datasets.js';
import { minimizeCommand } from './minimize.js';
import { plotCommand } from './plot.js';
import { storyCommand } from './story.js';

const commands: readonly Command[] = [
  minimizeCommand,
  compareCommand,
  plotCommand,
  datasetsCommand,
  storyCommand,
];

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'downhill — gradient descent you can run, compare, diagnose and watch',
    '',
    'Usage: downhill COMMAND [ARGS] [FLAGS]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `downhill COMMAND --help` for its flags and examples; `downhill --version` prints the version.',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    throw new InputError(`unknown command "${name}" (commands: ${commands.map((c) => c.name).join(', ')})`);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help);
    return 0;
  }
  await command.run(rest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof InputError) {
      process.stderr.write(`downhill: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const detail = process.env.DOWNHILL_DEBUG && error instanceof Error ? error.stack : String(error);
    process.stderr.write(`downhill: internal error, please report it: ${detail}\n`);
    process.exitCode = 1;
  },
);
