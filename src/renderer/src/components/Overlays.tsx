/** Modal dialogs and toasts, rendered from the UI store. */
import { useCallback, useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { uiStore } from '../ui.js';
import { useDismissOnPointerDownOutside } from './dismiss.js';

export function ModalHost() {
  const modals = useStore(uiStore, (s) => s.modals);
  const top = modals.at(-1);
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useCallback(() => top?.resolve(top.cancelId), [top]);
  useDismissOnPointerDownOutside(dialog, top ? cancel : null);
  // Focus moves into the dialog, to its default button (as a native dialog's does).
  useEffect(() => {
    if (!top) return;
    const buttons = dialog.current?.querySelectorAll<HTMLButtonElement>('.modal-buttons button');
    (dialog.current?.querySelector<HTMLButtonElement>('.modal-buttons .primary') ?? buttons?.[0])?.focus();
  }, [top]);
  useEffect(() => {
    if (!top) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') top.resolve(top.cancelId);
      if (e.key === 'Enter' && !(e.target instanceof HTMLTextAreaElement)) {
        const primary = top.buttons.find((b) => b.primary);
        if (primary) {
          e.preventDefault();
          top.resolve(primary.id);
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [top]);
  if (!top) return null;
  return (
    <div className="modal-backdrop">
      <div ref={dialog} className="modal" role="dialog" aria-modal="true" aria-labelledby={`modal-${top.key}`}>
        <h2 id={`modal-${top.key}`}>{top.title}</h2>
        <div className="modal-body">{top.body}</div>
        <div className="modal-buttons">
          {top.buttons.map((b) => (
            <button
              type="button"
              key={b.id}
              className={b.primary ? 'primary' : b.danger ? 'danger' : ''}
              onClick={() => top.resolve(b.id)}
            >
              {b.label}
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}

export function Toasts() {
  const toasts = useStore(uiStore, (s) => s.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.key} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
          {t.message}
        </div>
      ))}
    </div>
  );
}
