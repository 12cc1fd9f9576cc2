// Pointing at parts of the page: an outline and a pinned label on each element a tour step names.

import type { Highlight } from './tour.js';

const marked = 'tour-highlight';

/** Marks the elements under `root` that the highlights select (re-callable: it only adds what is missing). */
export function applyHighlights(root: ParentNode, list: readonly Highlight[]): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (const { selector, label } of list) {
    for (const named of root.querySelectorAll<HTMLElement>(selector)) {
      if (named.closest('.tour') !== null) continue;
      // A form control shows no ::after, so its label would never appear: its box around it takes the mark.
      const node = isControl(named) && named.parentElement !== null ? named.parentElement : named;
      node.classList.add(marked);
      if (label !== undefined && !found.includes(node)) node.dataset.tourLabel = label;
      found.push(node);
    }
  }
  return found;
}

/** Removes every mark. */
export function clearHighlights(root: ParentNode): void {
  for (const node of root.querySelectorAll<HTMLElement>(`.${marked}`)) {
    node.classList.remove(marked);
    delete node.dataset.tourLabel;
  }
}

const isControl = (node: HTMLElement): boolean =>
  node instanceof HTMLInputElement ||
  node instanceof HTMLSelectElement ||
  node instanceof HTMLTextAreaElement;
