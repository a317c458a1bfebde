/** Transient UI state: modal dialogs (promise-based) and toasts. */
import type { ReactNode } from 'react';
import { createStore } from 'zustand/vanilla';

export interface ModalButton {
  id: string;
  label: string;
  primary?: boolean;
  danger?: boolean;
}

export interface ModalRequest {
  title: string;
  body: ReactNode;
  buttons: ModalButton[];
  /** The button chosen by Escape / clicking outside. */
  cancelId: string;
}

interface OpenModal extends ModalRequest {
  key: number;
  resolve(id: string): void;
}

export interface Toast {
  key: number;
  kind: 'info' | 'error' | 'success';
  message: string;
}

interface UiState {
  modals: OpenModal[];
  toasts: Toast[];
}

export const uiStore = createStore<UiState>(() => ({ modals: [], toasts: [] }));
let key = 0;

export function showModal(request: ModalRequest): Promise<string> {
  return new Promise((resolve) => {
    const modal: OpenModal = {
      ...request,
      key: ++key,
      resolve: (id) => {
        uiStore.setState((s) => ({ modals: s.modals.filter((m) => m !== modal) }));
        resolve(id);
      },
    };
    uiStore.setState((s) => ({ modals: [...s.modals, modal] }));
  });
}

export function toast(message: string, kind: Toast['kind'] = 'info', ms = 4500): void {
  const t: Toast = { key: ++key, kind, message };
  uiStore.setState((s) => ({ toasts: [...s.toasts.slice(-3), t] }));
  setTimeout(() => uiStore.setState((s) => ({ toasts: s.toasts.filter((x) => x !== t) })), ms);
}
