// A panel drawn outside the animation frame: KaTeX and the layout of what it builds are the slow part of a playback step.

export interface DeferredRender {
  /**
   * Asks for a redraw. `live` while a playback runs on: then at most one every `every` ms, and none
   * while the panel is off screen (it catches up when scrolled to). Otherwise in the next task.
   */
  request(live: boolean): void;
  destroy(): void;
}

/**
 * Runs `render` in a task of its own, for the last state asked, so that an animation frame only
 * moves the plots and the maths follows a few times a second.
 *
 * @example
 * const panel = deferredRender(node, () => renderMath(node, tex)); panel.request(false);
 */
export function deferredRender(node: Element, render: () => void, every = 250): DeferredRender {
  let last = Number.NEGATIVE_INFINITY;
  let pending: number | null = null;
  let stale = false;
  let onScreen = true;
  const cancel = (): void => {
    if (pending !== null) clearTimeout(pending);
    pending = null;
  };
  const request = (live: boolean): void => {
    stale = true;
    // A step asked for by hand does not wait for the playback's next slot.
    if (!live) cancel();
    if (pending !== null || (live && !onScreen)) return;
    pending = window.setTimeout(
      () => {
        pending = null;
        if (!stale) return;
        stale = false;
        last = performance.now();
        render();
      },
      live ? Math.max(0, last + every - performance.now()) : 0,
    );
  };
  const visibility = new IntersectionObserver((entries) => {
    onScreen = entries.at(-1)?.isIntersecting ?? onScreen;
    if (onScreen && stale) request(false);
  });
  visibility.observe(node);
  return {
    request,
    destroy() {
      visibility.disconnect();
      cancel();
    },
  };
}
