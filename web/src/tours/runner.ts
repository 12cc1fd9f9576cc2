// The tour runner: a card over the page with the step's words, sets the page up for each step, keys and links to steps.

import { h, replace } from '../dom.js';
import { setOverlay } from '../plots/overlay.js';
import { emptyState, type PageState } from '../state.js';
import { applyHighlights, clearHighlights } from './highlight.js';
import type { StepPage, Tour, TourStep } from './tour.js';
import { tour000 } from './tour-000.js';
import { tour001 } from './tour-001.js';
import { tour002 } from './tour-002.js';
import { p } from './words.js';

const tours: Readonly<Record<string, Tour>> = { '000': tour000, '001': tour001, '002': tour002 };

/** What the page shell lends the runner. */
export interface TourShell {
  /** Where the card goes. */
  readonly host: HTMLElement;
  /** The page, where highlights are looked for. */
  readonly root: HTMLElement;
  readonly status: HTMLElement;
  current(): PageState;
  /** Replaces the page state and mounts its mode; resolves once the mode is built. */
  show(next: PageState): Promise<void>;
  /** Writes the current state to the URL. */
  save(): void;
  note(text: string): void;
}

export interface TourRunner {
  /** Opens a tour at a step (1-based); `link` is the query the page was opened with, to say what it could not use. */
  start(id: string, step: number, link?: URLSearchParams): Promise<void>;
  /** Leaves the tour (finished: from its last step); the page stays as it is. */
  leave(finished?: boolean): void;
}

const linkOf = (id: string, step: number, hide: readonly string[]): string =>
  `?tour=${id}&step=${step}${hide.length > 0 ? `&hide=${hide.join(',')}` : ''}`;

const typing = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.closest('input, textarea, select, [contenteditable], [role="slider"]') !== null ||
    target.isContentEditable);

export function createTourRunner(shell: TourShell): TourRunner {
  let tour: Tour | null = null;
  let index = 0;
  let generation = 0;

  const kicker = h('p', { class: 'tour-kicker' });
  const title = h('h2', { class: 'tour-title', tabindex: -1 });
  // The words scroll where the card's height is bounded: a scrolling region takes focus, so keys can scroll it.
  const text = h('div', {
    class: 'tour-text',
    'data-testid': 'tour-text',
    'aria-live': 'polite',
    tabindex: 0,
  });
  const back = h('button', { type: 'button', class: 'secondary', 'data-testid': 'tour-prev' }, '← Back');
  const next = h('button', { type: 'button', class: 'primary', 'data-testid': 'tour-next' }, 'Next →');
  const leave = h(
    'button',
    { type: 'button', class: 'secondary', 'data-testid': 'tour-leave' },
    'Leave the tour',
  );
  const link = h('a', { class: 'tour-link', 'data-testid': 'tour-link' }, 'Link to this step');
  const steps = h('ol', { class: 'tour-steps' });
  const stepsNav = h('nav', { class: 'tour-steps-nav' }, steps);
  const keys = h(
    'p',
    { class: 'tour-keys' },
    'Keys: → or n for the next step, ← or p to go back, Esc to leave the tour.',
  );
  const card = h(
    'section',
    { class: 'tour', 'data-testid': 'tour', role: 'region' },
    h('div', { class: 'tour-head' }, kicker, title),
    text,
    h('div', { class: 'tour-nav' }, back, next, link, leave),
    stepsNav,
    keys,
  );
  const ended = h('p', { class: 'tour-ended', role: 'status' });

  const step = (): TourStep => tour!.steps[index]!;
  const last = (): boolean => tour !== null && index === tour.steps.length - 1;

  const page: StepPage = {
    showStep(k) {
      const scrub = shell.root.querySelector<HTMLInputElement>('[data-testid="scrub"]');
      if (!scrub) return;
      scrub.value = String(k);
      scrub.dispatchEvent(new Event('input', { bubbles: true }));
    },
    click(selector) {
      shell.root.querySelector<HTMLElement>(selector)?.click();
    },
  };

  let pending = 0;
  const observer = new MutationObserver(() => {
    if (tour === null || pending !== 0) return;
    pending = requestAnimationFrame(() => {
      pending = 0;
      if (tour !== null) applyHighlights(shell.root, step().highlight ?? []);
    });
  });

  /** Waits until the mode's status has been done (or an error, or waiting on a field) for a moment: its run has landed. */
  async function settled(mine: number): Promise<boolean> {
    const deadline = performance.now() + 30_000;
    let quiet: number | null = null;
    while (mine === generation && performance.now() < deadline) {
      const state = shell.status.dataset.state;
      if (state === 'done' || state === 'error' || state === 'waiting') {
        quiet ??= performance.now();
        if (performance.now() - quiet > 150) return true;
      } else quiet = null;
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    return false;
  }

  function words(s: TourStep): Node[] {
    try {
      return s.body();
    } catch (error) {
      return [p(`This step could not work out its numbers: ${(error as Error).message}`)];
    }
  }

  function renderCard(): void {
    const t = tour!;
    const s = step();
    const hide = shell.current().hide;
    card.setAttribute('aria-label', `guided tour ${t.id}`);
    // The tour's own name, as its button reads, and the text it follows (left out on a phone, for room).
    replace(
      kicker,
      `Tour ${t.id} · ${t.title}`,
      h('span', { class: 'tour-source' }, ` · from “${t.source}”`),
      ` · step ${index + 1} of ${t.steps.length}`,
    );
    title.textContent = s.title;
    replace(text, ...words(s));
    back.disabled = index === 0;
    next.textContent = last() ? 'Finish the tour' : 'Next →';
    link.href = linkOf(t.id, index + 1, hide);
    stepsNav.setAttribute('aria-label', `steps of tour ${t.id}`);
    replace(
      steps,
      ...t.steps.map((other, i) => {
        const a = h(
          'a',
          {
            href: linkOf(t.id, i + 1, hide),
            'aria-label': `step ${i + 1}: ${other.title}`,
            title: other.title,
            'data-step': i + 1,
            ...(i === index && { 'aria-current': 'step' }),
          },
          String(i + 1),
        );
        a.addEventListener('click', (event) => {
          event.preventDefault();
          void go(i);
        });
        return h('li', {}, a);
      }),
    );
  }

  async function go(k: number, link?: URLSearchParams): Promise<void> {
    const t = tour!;
    index = Math.max(0, Math.min(t.steps.length - 1, k));
    const mine = ++generation;
    const s = step();
    card.dataset.ready = 'false';
    clearHighlights(shell.root);
    setOverlay([]);
    const { mode, ...rest } = s.setup;
    const state: PageState = {
      ...emptyState(mode),
      ...structuredClone(rest),
      hide: shell.current().hide,
      tour: t.id,
      step: index + 1,
    };
    shell.status.dataset.state = '';
    await shell.show(state);
    if (mine !== generation) return;
    renderCard();
    setOverlay(s.overlay?.() ?? []);
    const first = applyHighlights(shell.root, s.highlight ?? [])[0];
    first?.scrollIntoView({ block: 'nearest' });
    if (!(await settled(mine))) return;
    s.after?.(page);
    applyHighlights(shell.root, s.highlight ?? [])[0]?.scrollIntoView({ block: 'nearest' });
    if (link) reportUnused(link);
    card.dataset.ready = 'true';
  }

  // A link that carries settings of its own next to tour and step: the step sets the page, so say what was not used.
  function reportUnused(link: URLSearchParams): void {
    const now = new URLSearchParams(window.location.search);
    const unused = [...new Set(link.keys())].filter(
      (key) => !['v', 'tour', 'step', 'hide'].includes(key) && link.get(key) !== now.get(key),
    );
    if (unused.length > 0)
      shell.note(
        `This link opens tour ${tour!.id} at step ${index + 1}, which sets the page up itself; the link’s own ${unused.join(', ')} ${unused.length === 1 ? 'was' : 'were'} not used.`,
      );
  }

  function onKey(event: KeyboardEvent): void {
    if (tour === null || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      runner.leave();
      return;
    }
    if (typing(event.target)) return;
    if (event.key === 'ArrowRight' || event.key === 'n') {
      event.preventDefault();
      forward();
    } else if ((event.key === 'ArrowLeft' || event.key === 'p') && index > 0) {
      event.preventDefault();
      void go(index - 1);
    }
  }

  function forward(): void {
    if (last()) runner.leave(true);
    else void go(index + 1);
  }

  back.addEventListener('click', () => {
    if (index > 0) void go(index - 1);
  });
  next.addEventListener('click', forward);
  leave.addEventListener('click', () => runner.leave());

  const runner: TourRunner = {
    async start(id: string, at: number, link?: URLSearchParams): Promise<void> {
      const t = tours[id];
      if (t === undefined) return;
      let k = at;
      if (!Number.isInteger(k) || k < 1 || k > t.steps.length) {
        shell.note(`Ignored step=${at}: tour ${id} has steps 1 to ${t.steps.length}; it opens at step 1.`);
        k = 1;
      }
      const fresh = tour === null;
      tour = t;
      ended.remove();
      shell.host.replaceChildren(card);
      if (fresh) {
        document.body.classList.add('touring');
        document.addEventListener('keydown', onKey);
        observer.observe(shell.root, { childList: true, subtree: true });
      }
      const opening = go(k - 1, link);
      title.focus({ preventScroll: true });
      await opening;
    },
    leave(finished = false): void {
      if (tour === null) return;
      const t = tour;
      const hadFocus = card.contains(document.activeElement);
      tour = null;
      generation++;
      document.removeEventListener('keydown', onKey);
      document.body.classList.remove('touring');
      observer.disconnect();
      clearHighlights(shell.root);
      setOverlay([]);
      const state = shell.current();
      state.tour = null;
      state.step = null;
      shell.save();
      const again = h('button', { type: 'button', class: 'secondary small' }, 'Back to the tour');
      again.addEventListener('click', () => void runner.start(t.id, finished ? 1 : index + 1));
      replace(
        ended,
        finished
          ? `You finished tour ${t.id}. The page stays as the last step left it: it is yours to change. `
          : `You left tour ${t.id}; the page stays as it is. `,
        again,
      );
      shell.host.replaceChildren(ended);
      if (hadFocus) again.focus();
    },
  };
  return runner;
}
