/**
 * Transient UI state: modal dialogs (promise-based), the picker (command palette and the
 * keyboard dialogs built on it) and toasts.
 */
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

/** One choice in the picker. A disabled choice says why it cannot be chosen. */
export interface PickerItem {
  key: string;
  label: string;
  /** Shown after the label, dimmed (a category, a port's shape). */
  detail?: string;
  /** A shortcut, shown at the right. */
  shortcut?: string;
  /** Extra words the search matches. */
  keywords?: string;
  disabledReason?: string;
  run(): void;
}

/** A searchable list to choose from with the keyboard: the command palette, Connect, Go to Block. */
export interface PickerRequest {
  title: string;
  placeholder: string;
  items: PickerItem[];
  /** Shown when no item matches the search. */
  empty: string;
  /** Text shown above the list (what the choice does). */
  note?: string;
  query?: string;
  /** Where to show it (window coordinates), as a popup without dimming; centred near the top when absent. */
  at?: { x: number; y: number };
}

interface UiState {
  modals: OpenModal[];
  toasts: Toast[];
  picker: (PickerRequest & { key: number }) | null;
}

export const uiStore = createStore<UiState>(() => ({
  modals: [],
  toasts: [],
  picker: null,
}));
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

/** Where keyboard focus was before the picker opened: it goes back there when the picker closes. */
let focusBeforePicker: Element | null = null;

export function openPicker(request: PickerRequest): void {
  if (!uiStore.getState().picker) focusBeforePicker = document.activeElement;
  uiStore.setState({ picker: { ...request, key: ++key } });
}

export function closePicker(): void {
  if (!uiStore.getState().picker) return;
  uiStore.setState({ picker: null });
  const before = focusBeforePicker;
  focusBeforePicker = null;
  if (before instanceof HTMLElement && before.isConnected) before.focus({ preventScroll: true });
}
