// Command: what each `downhill NAME` file exports — its name, help text, flags and run function.

import type { FlagSpec } from './args.js';
import type { Flag } from './flags.js';

/** One subcommand. `run` prints to stdout and throws InputError for bad input. */
export interface Command {
  readonly name: string;
  /** One line for `downhill --help`. */
  readonly summary: string;
  /** The whole `downhill NAME --help` text, examples included. */
  readonly help: string;
  /** The flags, from the catalog and the command line's own list: `flags` and the help's flag lines come from them. */
  readonly flagList: readonly Flag[];
  /** The flags it parses (shell completion lists them), `flagSpec(flagList)`. */
  readonly flags: FlagSpec;
  run(argv: string[]): Promise<void> | void;
}

/** A command as `downhill` lists it: loaded only when it runs. */
export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}
