// What a mode is to the page: a definition in the registry, and the view it builds into the shell's areas.

import type { Figure } from '../../../src/index.js';
import type { ModeId, PageState } from '../state.js';

export interface Verdict {
  /** The run the verdict is about, e.g. `gd lr 1`. */
  about: string;
  status: string;
  message: string;
  suggestedLr: number | null;
  /** The words and symbol for the rate where the mode calls it otherwise (direction: step size, η). */
  rateName?: string;
  rateSymbol?: string;
  /** Applies the suggested rate to that run. */
  apply?: () => void;
}

/** What the shell gives a mode. */
/** What the status line says of the run: `waiting` for a field that cannot be used, `error` for a run that failed. */
export type StatusKind = 'idle' | 'running' | 'done' | 'waiting' | 'error';

export interface ModeContext {
  /** The state; change it, then call save() so the URL follows. */
  readonly state: PageState;
  save(): void;
  /** The control column. */
  readonly controls: HTMLElement;
  /** The plot column. */
  readonly plots: HTMLElement;
  /** Room under the plots for explanations (the equations panel and tours build here). */
  readonly panel: HTMLElement;
  /**
   * The status line. `waiting` says a field cannot be used ("waiting for a start that can be used"):
   * the last run's verdicts stay up, headed as the last run's, until the next run replaces them.
   */
  setStatus(text: string, state: StatusKind): void;
  setVerdicts(verdicts: Verdict[]): void;
  /** Adds a visible note (a value that could not be used). */
  note(text: string): void;
}

/** What the shell asks of a mode's view. */
export interface ModeView {
  /** The library figure of what is on screen, drawn up to the step shown (PNG) or animated (GIF). */
  figure(): Figure | null;
  /** The runs as plain JSON. */
  json(): unknown;
  /** The `downhill …` command line(s) that reproduce the runs, or null when there is nothing to run. */
  command(): string | null;
  /** Where the command must run, when it names a file the page cannot put in it (a large upload). */
  commandNote?(): string | null;
  /** What a copied link leaves out, when the view holds something the URL cannot (an uploaded file's rows). */
  linkNote?(): string | null;
  /** A TypeScript snippet that reproduces the runs with the library. */
  code(): string | null;
  destroy(): void;
}

/** A mode's code (its tab's words live in the registry, so the page can show the tabs before any mode loads). */
export interface ModeDefinition {
  readonly id: ModeId;
  create(context: ModeContext): ModeView;
}
