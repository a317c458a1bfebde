/**
 * The toolbar gives way step by step when its content does not fit, whatever makes it long: a
 * narrow window, the panels' UI scale, a language with longer words (Russian labels are about a
 * third longer than English ones), or the run's numbers appearing. Each step is a level in the
 * toolbar's `data-fit` attribute that the style sheet acts on; the smallest level that fits wins:
 *
 *   0  everything at full length
 *   1  the brand's name goes, the buttons pack tighter
 *   2  Undo, Redo and Commands become symbols
 *   3  Open, Save, Save As and Export move into the first menu, which becomes “File”
 *   4  Arrange and Present become symbols, the speed loses its label
 *
 * Their names stay their accessible names and tooltips. The document's title gives way before
 * any of this (it shrinks with an ellipsis) but keeps at least a few letters.
 */
import { type RefObject, useLayoutEffect } from 'react';

export const FIT_LEVELS = 4;

/** The fewest pixels of the document's title that still show it is there. */
const TITLE_MIN = 40;

function fits(toolbar: HTMLElement): boolean {
  if (toolbar.scrollWidth > toolbar.clientWidth + 0.5) return false;
  const title = toolbar.querySelector<HTMLElement>('.doc-title');
  const name = title?.querySelector<HTMLElement>('.doc-name');
  if (!title || !name) return true;
  // The title at full length: what it shows plus the part of the name its ellipsis hides.
  const whole = title.scrollWidth + name.scrollWidth - name.clientWidth;
  return title.getBoundingClientRect().width + 0.5 >= Math.min(TITLE_MIN, whole);
}

/** Sets the toolbar to the smallest level at which it fits (the last one if none does); returns it. */
export function fitToolbar(toolbar: HTMLElement): number {
  for (let level = 0; level <= FIT_LEVELS; level++) {
    toolbar.dataset.fit = String(level);
    if (fits(toolbar)) return level;
  }
  return FIT_LEVELS;
}

/** The current level (for a menu deciding what it lists as it opens). */
export function fitLevel(toolbar: HTMLElement | null): number {
  return Number(toolbar?.dataset.fit ?? 0);
}

/**
 * Keeps the toolbar fitted: on a change of the window's or the toolbar's size, and of any of its
 * parts' sizes (a label in another language, the run's numbers growing).
 */
export function useToolbarFit(ref: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const toolbar = ref.current;
    if (!toolbar) return;
    fitToolbar(toolbar);
    if (typeof ResizeObserver === 'undefined') return;
    const refit = () => fitToolbar(toolbar);
    const observer = new ResizeObserver(refit);
    const observeAll = () => {
      observer.disconnect();
      observer.observe(toolbar);
      for (const child of toolbar.querySelectorAll(':scope > *, .training-controls > *')) observer.observe(child);
    };
    observeAll();
    // Parts come and go (the run's numbers, the rate): observe the new ones too.
    const mutations = new MutationObserver(() => {
      observeAll();
      refit();
    });
    mutations.observe(toolbar, { childList: true, subtree: true });
    return () => {
      observer.disconnect();
      mutations.disconnect();
    };
  }, [ref]);
}
