// Command: what each `downhill NAME` file exports — its name, help text and run function.

/** One subcommand. `run` prints to stdout and throws InputError for bad input. */
export interface Command {
  readonly name: string;
  /** One line for `downhill --help`. */
  readonly summary: string;
  /** The whole `downhill NAME --help` text, examples included. */
  readonly help: string;
  run(argv: string[]): Promise<void> | void;
}
