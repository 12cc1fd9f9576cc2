// Building a tour step's words: paragraphs, bold numbers and KaTeX formulas, all as inert text.

import { h } from '../dom.js';
import { renderMath } from '../math.js';

type Part = Node | string;

/** A paragraph of text and nodes. */
export const p = (...parts: Part[]): HTMLParagraphElement => h('p', {}, ...parts);

/** A list, one item a line. */
export const list = (...items: (Part | Part[])[]): HTMLUListElement =>
  h(
    'ul',
    { class: 'tour-list' },
    ...items.map((item) => h('li', {}, ...(Array.isArray(item) ? item : [item]))),
  );

/** A number or phrase set in bold. */
export const b = (text: string): HTMLElement => h('strong', {}, text);

/** An inline formula set by KaTeX. */
export function tex(source: string): HTMLElement {
  const node = h('span', { class: 'tour-math' });
  renderMath(node, source);
  return node;
}

/** A formula on a line of its own. */
export function display(source: string): HTMLElement {
  const node = h('div', { class: 'tour-math display' });
  renderMath(node, source);
  return node;
}

/** A small table: a header row and rows of cells. */
export function table(caption: string, head: string[], rows: string[][]): HTMLElement {
  return h(
    'table',
    { class: 'tour-table' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c))))),
  );
}

/** A number for KaTeX: the page's formatting with a real minus sign. */
export const texNum = (text: string): string => text.replace('−', '-');
