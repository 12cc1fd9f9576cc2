// What a guided tour is: steps, each setting up the page, pointing at parts of it, and saying why in numbers the library computed.

import type { OverlayMark } from '../plots/overlay.js';
import type { ModeId, PageState } from '../state.js';

/** The page a step sets up: a mode and the state keys it fixes (the rest are the mode's defaults). */
export type StepSetup = { mode: ModeId } & Partial<Omit<PageState, 'mode' | 'hide' | 'tour' | 'step'>>;

/** A part of the page a step points at: a CSS selector, and the words pinned on it. */
export interface Highlight {
  selector: string;
  label?: string;
}

/** What a step may do on the page once its mode has run, as a person would with the controls. */
export interface StepPage {
  /** Moves the playback to step k (clicks nothing else). */
  showStep(k: number): void;
  /** Clicks the element if it exists. */
  click(selector: string): void;
}

export interface TourStep {
  title: string;
  setup: StepSetup;
  highlight?: readonly Highlight[];
  /** Marks laid over the plot (a chord, a point), in data coordinates. */
  overlay?: () => OverlayMark[];
  /** Done on the page after its mode has finished running. */
  after?: (page: StepPage) => void;
  /** The words, built from numbers the library computes for this step's setting. */
  body: () => Node[];
}

export interface Tour {
  id: string;
  title: string;
  /** The source text it follows. */
  source: string;
  steps: readonly TourStep[];
}
