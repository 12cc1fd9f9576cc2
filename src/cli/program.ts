// The `downhill` program that main.ts starts: picks the command, prints help and version, maps errors to exit codes.

import { readFileSync } from 'node:fs';
import { InputError } from '../index.js';
import { commands } from './commands.js';
import { flagFor } from './flag-names.js';
import { nearestName } from './nearest.js';

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

function find(name: string): (typeof commands)[number] {
  const entry = commands.find((c) => c.name === name);
  if (entry !== undefined) return entry;
  // A flag where the command goes (`downhill --versio`) is an unknown flag of downhill itself.
  if (name.startsWith('-')) throw new InputError(`unknown flag ${name.slice(0, 40)} (see downhill --help)`);
  const near = nearestName(
    name,
    commands.map((c) => c.name),
  );
  throw new InputError(
    `unknown command "${name.slice(0, 40)}"${near === undefined ? '' : ` — did you mean ${near}?`} (commands: ${commands.map((c) => c.name).join(', ')})`,
  );
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    throw new InputError(
      `missing COMMAND (commands: ${commands.map((c) => c.name).join(', ')}; see downhill --help)`,
    );
  }
  if (name === 'help' && rest[0] !== undefined && !rest[0].startsWith('-')) {
    // `downhill help fit` is `downhill fit --help`, as git and npm do it.
    process.stdout.write((await find(rest[0]).load()).help);
    return 0;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(overview());
    return 0;
  }
  if (name === '--version' || name === '-v' || rest.includes('--version')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const command = await find(name).load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help);
    return 0;
  }
  await command.run(rest);
  return 0;
}

/**
 * Calls `hook` with process[name] when something first uses it. Node makes the stream on first use,
 * and making one loads what it needs (a pipe's loads the net library, some milliseconds): a run that
 * never writes to stderr need not pay for it.
 */
function onFirstUse(name: 'stdout' | 'stderr', hook: (stream: NodeJS.WriteStream) => void): void {
  const node = Object.getOwnPropertyDescriptor(process, name);
  if (node?.get === undefined || node.configurable !== true) {
    hook(process[name]);
    return;
  }
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: node.enumerable ?? true,
    get() {
      Object.defineProperty(process, name, node);
      const stream = process[name];
      hook(stream);
      return stream;
    },
  });
}

// A reader that stops early (`| head`, `| true`) closes the pipe: that ends the command quietly, as
// it ends any Unix tool, rather than as a crash.
for (const name of ['stdout', 'stderr'] as const) {
  onFirstUse(name, (stream) =>
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    }),
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode ??= code;
  },
  (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return;
    if (error instanceof InputError) {
      process.stderr.write(`downhill: ${error.describe(flagFor)}\n`);
      process.exitCode = 2;
      return;
    }
    const detail = process.env.DOWNHILL_DEBUG && error instanceof Error ? error.stack : String(error);
    process.stderr.write(`downhill: internal error, please report it: ${detail}\n`);
    process.exitCode = 1;
  },
);
