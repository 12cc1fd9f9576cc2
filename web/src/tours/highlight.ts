// Pointing at parts of the page: an outline and a pinned label on each element a tour step names.

import type { Highlight } from './tour.js';

const marked = 'tour-highlight';

/** Marks the elements under `root` that the highlights select (re-callable: it only adds what is missing). */
export function applyHighlights(root: ParentNode, list: readonly Highlight[]): HTMLElement[] {
  const found: HTMLElement[] = [];
  for (const { selector, label } of list) {
    for (const node of root.querySelectorAll<HTMLElement>(selector)) {
      if (node.closest('.tour') !== null) continue;
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
