// Building page elements: text always goes in as text (never parsed as markup), so URL values and CSV cells stay inert.

import { formatNumber } from '../../src/index.js';

type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;
type Child = Node | string | null | undefined | false;

/**
 * An element with attributes and children; strings become text nodes. Attributes set to false or
 * undefined are left out, true sets an empty attribute.
 *
 * @example
 * h('button', { type: 'button', 'data-testid': 'run-button' }, 'Run');
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, ...children);
  return node;
}

/** Appends children, strings as text. */
export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, ...children);
}

/** Sets a node's text only when it differs: an unchanged readout then costs no layout. */
export function setText(node: Node, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

const svgNs = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (SVGElement | string | null | false)[]
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === false) continue;
    node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

let nextId = 0;
/** A page-unique id for label/input pairs. */
export const uid = (prefix: string): string => `${prefix}-${++nextId}`;

/** A number for people: the library's formatNumber with up to `digits` significant digits, − for minus. */
export function num(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined) return '—';
  // 6.335e65 and −1.5e−7: every minus a minus sign (a hyphen in 5e-7 lets a line break there).
  return formatNumber(value, digits).replaceAll('-', '−');
}

/**
 * A sentence of the library's (a verdict, a note) for the page: a hyphen that is a number's minus
 * becomes a minus sign, so no line break splits 5e-301 after its hyphen and −2.138 reads as the
 * legend's numbers do.
 */
export function prose(text: string): string {
  return text.replace(/(^|[^\p{L}\p{N}_)\]])-(?=\.?\d|∞)|(?<=\de)-(?=\d)/gu, '$1−');
}

/** A message put inside a sentence of the page's, without its own full stop ("has 1 (x).. The page" read twice). */
export const clause = (text: string): string => text.replace(/\.\s*$/, '');
