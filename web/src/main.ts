// The playground shell: header, mode switches, notes, status and verdict, share and export; modes fill the rest.

import 'katex/dist/katex.min.css';
import './style.css';
import { warmWorker } from './compute.js';
import { h, num, prose, replace } from './dom.js';
import type { ModeContext, ModeDefinition, ModeView, Verdict } from './modes/mode.js';
import { modes } from './modes/registry.js';
import { emptyState, type ModeId, type PageState, readState, writeState } from './state.js';
import { tourList } from './tours/list.js';
import type { TourRunner } from './tours/runner.js';

const app = document.getElementById('app')!;
const parsed = readState(window.location.search);
let state: PageState = parsed.state;

const notes = h('ul', { class: 'notes', 'data-testid': 'url-note', 'aria-live': 'polite' });
const addNote = (text: string): void => {
  notes.append(h('li', {}, text));
  notesBox.hidden = false;
};
const dismiss = h('button', { type: 'button', class: 'secondary small' }, 'Dismiss notes');
const notesBox = h(
  'div',
  { class: 'notes-box', role: 'region', 'aria-label': 'notes about the link' },
  notes,
  dismiss,
);
dismiss.addEventListener('click', () => {
  replace(notes);
  notesBox.hidden = true;
});

const tabs = h('nav', { class: 'modes', 'aria-label': 'modes', 'data-control': 'modes' });
// Guided tours (issue 10): buttons here, the runner and its steps loaded when one starts.
const tourHost = h('div', { class: 'tour-host' });
const tourButtons = h(
  'div',
  { class: 'tour-buttons', role: 'group', 'aria-label': 'guided tours' },
  h('span', { class: 'row-label' }, 'Guided tours'),
  ...tourList.map((t) =>
    h(
      'button',
      { type: 'button', class: 'secondary small', 'data-testid': `tour-${t.id}`, 'data-tour': t.id },
      `${t.id} · ${t.title}`,
    ),
  ),
);
const summary = h('p', { class: 'mode-summary' });
const controls = h('section', { class: 'controls', 'aria-label': 'controls' });
const plots = h('section', { class: 'plots', 'aria-label': 'plots' });
const panel = h('section', { class: 'panel', 'aria-label': 'explanations' });
const status = h(
  'p',
  { class: 'status', 'data-testid': 'status', role: 'status', 'aria-live': 'polite' },
  'starting…',
);
const verdict = h('div', { class: 'verdict', 'data-testid': 'verdict', 'data-control': 'verdict' });

const exportButtons = {
  png: h('button', { type: 'button', 'data-testid': 'export-png' }, 'PNG'),
  gif: h('button', { type: 'button', 'data-testid': 'export-gif' }, 'GIF'),
  json: h('button', { type: 'button', 'data-testid': 'export-json' }, 'JSON'),
};
const shareButtons = {
  link: h('button', { type: 'button', 'data-testid': 'copy-link' }, 'Copy link'),
  command: h('button', { type: 'button', 'data-testid': 'copy-command' }, 'Copy as command'),
  code: h('button', { type: 'button', 'data-testid': 'copy-code' }, 'Copy as code'),
};
const shareOutput = h('pre', {
  class: 'share-output',
  'data-testid': 'share-output',
  tabindex: 0,
  hidden: true,
});
const shareMessage = h('p', {
  class: 'hint',
  role: 'status',
  'aria-live': 'polite',
  'data-testid': 'share-message',
});
const share = h(
  'section',
  { class: 'share', 'aria-label': 'share and export' },
  h(
    'div',
    { class: 'button-row', 'data-control': 'export' },
    h('span', { class: 'row-label' }, 'Export'),
    exportButtons.png,
    exportButtons.gif,
    exportButtons.json,
  ),
  h(
    'div',
    { class: 'button-row', 'data-control': 'share' },
    h('span', { class: 'row-label' }, 'Share'),
    shareButtons.link,
    shareButtons.command,
    shareButtons.code,
  ),
  shareMessage,
  shareOutput,
);

app.append(
  h(
    'header',
    { class: 'top' },
    h('h1', {}, h('span', { class: 'brand' }, 'downhill'), ' playground'),
    h(
      'p',
      { class: 'tagline' },
      'Gradient descent you can see and touch: every number on this page comes from the downhill library.',
    ),
    tourButtons,
    tabs,
  ),
  h(
    'main',
    { id: 'main', tabindex: -1 },
    tourHost,
    notesBox,
    summary,
    h(
      'div',
      { class: 'layout' },
      controls,
      h('div', { class: 'right' }, plots, status, verdict, panel, share),
    ),
  ),
  h(
    'footer',
    {},
    h(
      'p',
      {},
      'downhill — a TypeScript library, a command line and this page. The same run gives the same numbers in all three.',
    ),
  ),
);

let view: ModeView | null = null;

const context = (): ModeContext => ({
  get state() {
    return state;
  },
  save: () => {
    history.replaceState(null, '', writeState(state));
  },
  controls,
  plots,
  panel,
  setStatus(text, kind) {
    status.textContent = text;
    status.dataset.state = kind;
    const heading = verdict.querySelector('h2');
    if (heading !== null)
      heading.textContent =
        kind === 'waiting'
          ? 'What happened in the last run, before the change marked in red'
          : 'What happened';
    // The first finished run: what `npm run bench -- --only playground` times the first load to.
    if (kind === 'done' && performance.getEntriesByName('playground:first-run').length === 0)
      performance.mark('playground:first-run');
  },
  setVerdicts: renderVerdicts,
  note: addNote,
});

function renderVerdicts(list: Verdict[]): void {
  replace(
    verdict,
    list.length === 0 ? null : h('h2', {}, 'What happened'),
    ...list.map((v) => {
      const apply = v.apply
        ? h(
            'button',
            { type: 'button', class: 'secondary small', 'data-testid': 'apply-suggestion' },
            `Use ${v.rateSymbol ?? 'lr'} ${num(v.suggestedLr)}`,
          )
        : null;
      apply?.addEventListener('click', () => v.apply?.());
      return h(
        'div',
        { class: `verdict-item ${v.status}` },
        h(
          'p',
          {},
          h('strong', {}, `${v.about}: `),
          h('span', { class: `badge ${v.status}` }, v.status),
          ' ',
          prose(v.message),
        ),
        v.suggestedLr === null
          ? null
          : h(
              'p',
              { class: 'suggest' },
              `Suggested ${v.rateName ?? 'learning rate'}: ${num(v.suggestedLr)}. `,
              apply,
            ),
      );
    }),
  );
}

function applyHidden(): void {
  for (const node of document.querySelectorAll<HTMLElement>('[data-control]')) {
    node.hidden = state.hide.includes(node.dataset.control!);
  }
  shareOutput.hidden = shareOutput.textContent === '';
}

// Each mount counts: a mode whose code arrives after another tab was chosen is not built.
let mounts = 0;

/** Builds mode `id` into the shell, fetching its code first when it has not been loaded yet. */
async function mount(id: ModeId): Promise<void> {
  const mine = ++mounts;
  view?.destroy();
  view = null;
  replace(controls);
  replace(plots);
  replace(panel);
  renderVerdicts([]);
  // Until the mode's code has arrived and started, nothing on the page is the last mode's result.
  status.textContent = 'loading…';
  status.dataset.state = 'idle';
  const entry = modes.find((m) => m.id === id)!;
  summary.textContent = entry.summary;
  for (const button of tabs.querySelectorAll('button'))
    button.setAttribute('aria-pressed', String(button.dataset.mode === id));
  let definition: ModeDefinition;
  try {
    definition = await entry.load();
  } catch (error) {
    if (mine === mounts)
      context().setStatus(`the ${entry.label} mode could not load: ${(error as Error).message}`, 'error');
    return;
  }
  if (mine !== mounts) return;
  view = definition.create(context());
  history.replaceState(null, '', writeState(state));
  applyHidden();
  // The controls are on screen: what `npm run bench -- --only playground` times the first load to.
  if (performance.getEntriesByName('playground:controls').length === 0)
    performance.mark('playground:controls');
}

for (const m of modes) {
  const button = h(
    'button',
    { type: 'button', 'data-testid': `mode-${m.id}`, 'data-mode': m.id, 'aria-pressed': 'false' },
    m.label,
  );
  button.addEventListener('click', () => {
    if (state.mode === m.id) return;
    if (state.tour !== null) void tourRunner().then((r) => r.leave());
    state = { ...emptyState(m.id), hide: state.hide };
    void mount(m.id);
  });
  tabs.append(button);
}

function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A command or snippet as shown: a line breaks at spaces, not after a flag's hyphens (a narrow screen
 * read "--" / "max-iter"); a word too long for a line (a link) still breaks anywhere. The text is unchanged.
 */
function atSpaces(text: string): (Node | string)[] {
  return text
    .split(/(\s+)/)
    .map((word) => (word.includes('-') && word.length <= 30 ? h('span', { class: 'word' }, word) : word));
}

async function copy(text: string, what: string): Promise<void> {
  replace(shareOutput, ...atSpaces(text));
  shareOutput.hidden = false;
  try {
    await navigator.clipboard.writeText(text);
    shareMessage.textContent = `${what} copied to the clipboard.`;
  } catch {
    shareMessage.textContent = `${what} is below; the browser did not allow copying it for you.`;
  }
}

const busy = async (button: HTMLButtonElement, work: () => Promise<void>): Promise<void> => {
  button.disabled = true;
  try {
    await work();
  } catch (error) {
    shareMessage.textContent = `Could not export: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
};

const fileStem = (): string => `downhill-${state.mode}`;

exportButtons.png.addEventListener('click', () =>
  busy(exportButtons.png, async () => {
    const figure = view?.figure();
    if (!figure) {
      shareMessage.textContent = 'Nothing to export yet: run something first.';
      return;
    }
    const { figurePng } = await import('./export.js');
    download(`${fileStem()}.png`, await figurePng(figure));
    shareMessage.textContent = 'PNG saved.';
  }),
);
exportButtons.gif.addEventListener('click', () =>
  busy(exportButtons.gif, async () => {
    const figure = view?.figure();
    if (!figure) {
      shareMessage.textContent = 'Nothing to animate yet: run something first.';
      return;
    }
    shareMessage.textContent = 'Encoding the GIF…';
    const { figureGif } = await import('./export-gif.js');
    download(`${fileStem()}.gif`, await figureGif(figure));
    shareMessage.textContent = 'GIF saved.';
  }),
);
exportButtons.json.addEventListener('click', () =>
  busy(exportButtons.json, async () => {
    const data = { version: 1, link: window.location.href, ...(view?.json() as object) };
    const text = JSON.stringify(data, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2);
    download(`${fileStem()}.json`, new Blob([text], { type: 'application/json' }));
    shareMessage.textContent = 'JSON saved.';
  }),
);
shareButtons.link.addEventListener('click', () => {
  const left = view?.linkNote?.() ?? null;
  void copy(window.location.href, 'The link').then(() => left && shareMessage.append(` ${left}`));
});
shareButtons.command.addEventListener('click', () => {
  const text = view?.command();
  const where = view?.commandNote?.() ?? null;
  if (text) void copy(text, 'The command').then(() => where && shareMessage.append(` ${where}`));
  else shareMessage.textContent = 'Nothing to copy yet: run something first.';
});
shareButtons.code.addEventListener('click', () => {
  const text = view?.code();
  if (text) void copy(text, 'The code');
  else shareMessage.textContent = 'Nothing to copy yet: run something first.';
});

let tours: Promise<TourRunner> | null = null;
const tourRunner = (): Promise<TourRunner> =>
  (tours ??= import('./tours/runner.js').then(({ createTourRunner }) =>
    createTourRunner({
      host: tourHost,
      root: app,
      status,
      current: () => state,
      show(next) {
        state = next;
        return mount(next.mode);
      },
      save: () => history.replaceState(null, '', writeState(state)),
      note: addNote,
    }),
  ));
for (const button of tourButtons.querySelectorAll<HTMLButtonElement>('button'))
  button.addEventListener('click', () => void tourRunner().then((r) => r.start(button.dataset.tour!, 1)));

// The modes that compute in the worker start it before their own code arrives: both load at once.
if (['1d', '2d', 'fit'].includes(state.mode)) warmWorker();
for (const note of parsed.notes) addNote(note);
notesBox.hidden = parsed.notes.length === 0;
if (state.tour === null) void mount(state.mode);
else {
  const link = new URLSearchParams(window.location.search);
  tourRunner()
    .then((r) => r.start(state.tour!, state.step ?? 1, link))
    .catch((error: Error) => {
      addNote(`The guided tour could not open: ${error.message}`);
      void mount(state.mode);
    });
}
