/**
 * Closing a popup when the user presses the mouse outside it (a dialog's backdrop, a menu's
 * surroundings). The keyboard closes the same popups with Escape.
 */
import { useEffect, type RefObject } from 'react';

export function useDismissOnPointerDownOutside(
  ref: RefObject<HTMLElement | null>,
  onDismiss: (() => void) | null,
): void {
  useEffect(() => {
    if (!onDismiss) return;
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) onDismiss();
    };
    window.addEventListener('mousedown', onDown);
    return () => window.removeEventListener('mousedown', onDown);
  }, [ref, onDismiss]);
}
